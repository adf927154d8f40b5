"""How a person is named on pages, in e-mails, PDFs and the audit trail: one rule."""

from __future__ import annotations


def display_name(user) -> str:
    """Full name, or the username when the name is blank; "" for no user."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def display_name_from_values(username: str | None, first_name: str, last_name: str) -> str:
    """`display_name` for a person read as plain values (a list of thousands of rows);
    Django's User.get_full_name is "first last", stripped."""
    if username is None:
        return ""
    return f"{first_name} {last_name}".strip() or username
