"""Caller-ID authentication: STIR/SHAKEN (``fanzha.callerid.shaken``).

The CLI group lives in ``fanzha.callerid.cli`` and the HTTP routes in
``fanzha.service.routes.shaken``; both are thin doors onto ``fanzha.callerid.shaken``.
"""
