"""bfr-tui in a browser (``bfr-tui serve``): each tab runs its own bfr-tui on one log.

``access`` holds the token rules and is pure Python; ``server`` imports the web server
(aiohttp, textual-serve), so only ``bfr-tui serve`` ever loads it.
"""
