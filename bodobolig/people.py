"""How a person is named on pages, in e-mails, PDFs and the audit trail: one rule."""

from __future__ import annotations


def display_name(user) -> str:
    """Full name, or the username when the name is blank; "" for no user."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
