"""bfr-tui: a terminal tracker for blood flow restriction (BFR) accessory work."""

__version__ = "0.1.0"
