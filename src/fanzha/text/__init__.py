"""Scam text analyzer: messages, chats and links, in Chinese and English."""
