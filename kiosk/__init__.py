"""Pintu: the server-room door kiosk."""

__version__ = "0.1.0"
