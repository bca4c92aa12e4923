"""Who may open the served app: the holder of the token printed at start.

Pure Python, no web server: the command line checks an address and makes the token
before anything heavy is imported. The command line reads this module's names on every
start, so the modules its functions need are imported when they are called.
"""

from __future__ import annotations

TOKEN_ENV_VAR = "BFR_TUI_SERVE_TOKEN"
TOKEN_QUERY = "token"
# 32 random bytes: as many as a session key; unguessable over any number of tries.
TOKEN_BYTES = 32
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def new_token() -> str:
    """A fresh random token, safe in a URL."""
    import secrets

    return secrets.token_urlsafe(TOKEN_BYTES)


def token_matches(given: str | None, expected: str) -> bool:
    """``given`` is the token; in constant time, so timing gives no hint of how close."""
    if not given:
        return False
    import hmac

    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def is_loopback(host: str) -> bool:
    """``host`` is reachable from this machine only (127.0.0.1, ::1, localhost)."""
    if host.strip("[]").casefold() == "localhost":
        return True
    import ipaddress

    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        # A name other than localhost may resolve to any address: assume the network.
        return False


def token_problem(token: str) -> str:
    """Why ``token`` is too weak to guard a training log, or an empty string."""
    if len(token) < 16:
        return "a token needs at least 16 characters (leave it out to get a random one)"
    if any(c.isspace() for c in token):
        return "a token cannot hold spaces"
    return ""
