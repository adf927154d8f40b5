"""A password validator for the passwords Norwegians pick first.

Django's CommonPasswordValidator knows English lists ("password1"); this one adds a
small curated list of Norwegian words seen in breach lists and password-spraying
campaigns against municipalities, with the usual decoration: a capital letter,
digits or a year, a "!" ("Passord1", "sommer2024", "Bodø1234!").
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Lower case, æøå folded (see _fold); a password is refused when, stripped of digits and
# punctuation at either end, it is one of these words.
COMMON_NORWEGIAN_WORDS = frozenset(
    {
        "passord", "hemmelig", "velkommen", "sommer", "vinter", "host", "var",
        "januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
        "september", "oktober", "november", "desember", "mandag", "fredag",
        "bodo", "bodokommune", "kommune", "norge", "noreg", "oslo", "bergen", "tromso",
        "trondheim", "nordland", "glimt", "bodoglimt", "qwerty", "qwertyuiop", "asdf",
        "bolig", "boligplan", "heisann", "hallo", "elsker", "kjaereste", "fotball",
        "sjokolade", "solskinn", "ferie", "jul", "juletre", "godjul", "nordlys",
        "midnattsol", "passord123", "admin", "administrator", "brukernavn",
    }
)  # fmt: skip

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e"})
_DECORATION = re.compile(r"^[\W\d_]*(?P<word>.*?)[\W\d_]*$")


def _fold(password: str) -> str:
    return password.lower().translate(_FOLD)


class CommonNorwegianPasswordValidator:
    """Refuse a common Norwegian word, optionally capitalised and padded with digits/signs."""

    def validate(self, password: str, user=None) -> None:
        word = _DECORATION.match(_fold(password)).group("word")
        if word in COMMON_NORWEGIAN_WORDS:
            raise ValidationError(
                _("Passordet er for vanlig (et kjent ord med tall eller tegn). Velg et annet."),
                code="password_too_common_norwegian",
            )

    def get_help_text(self) -> str:
        return _("Passordet kan ikke være et vanlig norsk ord som «Passord1» eller «sommer2024».")
