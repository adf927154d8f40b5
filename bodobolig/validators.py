"""Validators shared by the apps, each paired with a database check constraint."""

from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Noark case numbers: saksår + sekvensnummer, short or long year ("14/1234", "2014/1234").
CASE_NUMBER_PATTERN = r"^[0-9]{2}([0-9]{2})?/[0-9]+$"

validate_case_number = RegexValidator(
    CASE_NUMBER_PATTERN,
    message=_("Saksnummer skrives som år/løpenummer, for eksempel 14/1234 eller 2014/1234."),
    code="invalid_case_number",
)


def case_number_is_valid_or_blank(field: str) -> Q:
    """A CHECK expression: the field is empty or a well-formed case number."""
    return Q(**{field: ""}) | Q(**{f"{field}__regex": CASE_NUMBER_PATTERN})
