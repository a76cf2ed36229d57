"""Revisions, one file each, named ``vNNNN_<slug>.py`` (valid module names)."""
