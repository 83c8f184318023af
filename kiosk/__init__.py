"""Waiting Room Kiosk: plain-language procedure information on a clinic touchscreen."""

__version__ = "0.1.0"
