"""Expected refusals of the domain, mapped once to page messages and API answers."""

from __future__ import annotations


class DomainError(Exception):
    """A request the rules refuse; `message` is shown to the user (Norwegian, translatable).

    `field` names the form field the message belongs to, when there is one.
    """

    status_code = 400

    def __init__(self, message, *, field: str | None = None, code: str = "invalid"):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code


class ConflictError(DomainError):
    """Someone else changed the object since the user loaded it (a lost update refused)."""

    status_code = 409

    def __init__(self, message, *, current=None, field: str | None = None):
        super().__init__(message, field=field, code="conflict")
        self.current = current


class StateError(DomainError):
    """The object is not in a state that allows the step (approving a plan that is not
    submitted): a conflict with the object's state, 409 in the API."""

    status_code = 409

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message, field=field, code="state")


def add_to_form(form, error: DomainError) -> None:
    """Show a domain error on a Django form: next to its field, or at the top."""
    field = error.field if error.field in getattr(form, "fields", {}) else None
    form.add_error(field, error.message)
