"""Small readers for environment variables; a malformed value is an error."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, *, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {raw!r}.")


def env_int(name: str, *, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, *, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def password_in_url(url: str) -> str:
    """The password part of a database URL (`scheme://user:password@host/...`), or ""."""
    return urlsplit(url).password or ""


def refuse_example_values(*, examples: frozenset[str], **values: str) -> None:
    """Stop production start-up when a secret still holds an example value or is too short."""
    for name, value in values.items():
        if value and value.strip().lower() in examples:
            raise ImproperlyConfigured(
                f"{name} still holds the example value {value!r}: set a real secret."
            )
    secret_key = values.get("SECRET_KEY", "")
    if secret_key and len(secret_key) < 40:
        raise ImproperlyConfigured("SECRET_KEY is too short: use at least 40 random characters.")
