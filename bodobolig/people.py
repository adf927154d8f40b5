"""How a person is named on pages, in e-mails, PDFs and the audit trail: one rule."""

from __future__ import annotations


def display_name(user) -> str:
    """Full name, or the username when the name is blank; "" for no user."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def display_name_of(first_name: str, last_name: str, username: str | None) -> str:
    """`display_name` from the columns alone (for rows read without a user instance): the
    same rule as Django's `get_full_name()`, then the username; "" for no person."""
    if username is None:
        return ""
    return f"{first_name} {last_name}".strip() or username
