"""User authentication for the dashboard API.

Passwords are stored as salted PBKDF2 hashes; a successful login creates a
session token that the server checks on every protected route.
"""
import hashlib
import hmac
import os
import secrets
import time

SESSION_TTL_SECONDS = 8 * 3600
_sessions = {}


def hash_password(password, salt=None):
    """Return (salt, hash) for a password using PBKDF2-HMAC-SHA256."""
    salt = salt or os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, 200_000)
    return salt, digest


def verify_password(password, salt, expected):
    """Constant-time comparison of a password against its stored hash."""
    _, digest = hash_password(password, salt)
    return hmac.compare_digest(digest, expected)


def authenticate_user(users, username, password):
    """Check a username and password against the user store; return the user or None."""
    user = users.get(username)
    if user is None:
        return None
    if not verify_password(password, user["salt"], user["password_hash"]):
        return None
    return user


def create_session(user):
    """Create a session token for an authenticated user."""
    token = secrets.token_urlsafe(32)
    _sessions[token] = {"user": user["username"], "expires": time.time() + SESSION_TTL_SECONDS}
    return token


def verify_session(token):
    """Return the username of a valid session token, or None when it is unknown or expired."""
    session = _sessions.get(token)
    if session is None or session["expires"] < time.time():
        _sessions.pop(token, None)
        return None
    return session["user"]
