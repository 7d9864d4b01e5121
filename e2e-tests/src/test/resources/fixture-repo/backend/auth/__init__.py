"""Authentication: password hashing, login and session tokens."""
from .authentication import authenticate_user, create_session, verify_session

__all__ = ["authenticate_user", "create_session", "verify_session"]
