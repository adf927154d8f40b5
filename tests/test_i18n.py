"""English is a complete, compiled translation of the Norwegian UI.

locale/en/LC_MESSAGES/django.po is the only source of the English texts; these
tests read it with polib and fail when it lags behind the code (run
`make messages`), has a message without English, or the committed .mo is stale.
"""

import gettext
import shutil
import subprocess
import sys

import polib
import pytest
from django.urls import reverse

from demo import bodo
from plans.models import Plan
from scripts import check_translations
from scripts.check_translations import EN_MO, EN_PO, ROOT
from tests.conftest import require_service

PO_SAMPLE = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: en\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#: templates/a.html
msgid "Tiltak"
msgstr ""

#: templates/a.html
#, python-format
msgid "Målområde %(number)s – %(title)s"
msgstr "Goal area %(number)s – %(title)s"

#: templates/a.html
#, fuzzy
#| msgid "Planer"
msgid "Hovedmål"
msgstr "Plans"

#: templates/a.html
msgid ""
"En helt ny tekst som ingen har oversatt ennå, og som er lang nok til å bli "
"brutt over flere linjer."
msgstr ""

#~ msgid "Lukk"
#~ msgstr ""
"""


def _entry_key(entry: polib.POEntry) -> tuple:
    """What a message is and says, without where it is used."""
    return (
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural,
        entry.msgstr,
        tuple(sorted(entry.msgstr_plural.items())),
        tuple(sorted(entry.flags)),
        entry.obsolete,
    )


# --- the committed catalogue ---------------------------------------------------


def test_english_catalogue_has_no_empty_fuzzy_or_mismatched_messages():
    assert check_translations.problems(polib.pofile(str(EN_PO))) == []
    result = subprocess.run(
        [sys.executable, "scripts/check_translations.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compiled_mo_matches_the_po():
    """The committed .mo says exactly what the .po says (run `make messages`)."""
    po = polib.pofile(str(EN_PO))
    expected = {}
    for entry in po.translated_entries():
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                expected[(key, index)] = text
        else:
            expected[key] = entry.msgstr
    # Read the .mo as Django does, not with the library that wrote the .po.
    with EN_MO.open("rb") as handle:
        catalog = dict(gettext.GNUTranslations(handle)._catalog)
    catalog.pop("")  # the header, compared below
    assert catalog == expected

    # msgfmt leaves POT-Creation-Date out of the .mo (reproducible builds).
    header = {k: v for k, v in po.metadata.items() if k != "POT-Creation-Date"}
    assert polib.mofile(str(EN_MO)).metadata == header


def test_catalogue_is_up_to_date_with_the_code(tmp_path):
    """`make messages` on a copy of the project changes no message in the .po.

    Fails when a translatable text was added, changed or removed in a template
    or in Python without running `make messages` and writing its English.
    """
    for program in ("make", "xgettext", "msgmerge", "msgfmt"):
        if shutil.which(program) is None:
            require_service(program, "make messages needs make and GNU gettext")
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "node_modules", "staticfiles", "media", "var", "test-artifacts",
            "__pycache__", ".pytest_cache", ".ruff_cache", "db.sqlite3",
        ),
    )  # fmt: skip

    result = subprocess.run(
        # -o: the copy has no .venv; run with this interpreter, install nothing.
        ["make", "-o", ".venv/.installed-requirements", "messages", f"PY={sys.executable}"],
        cwd=copy,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, (
        "make messages fails; run it and write the English msgstr it asks for:\n"
        + result.stdout
        + result.stderr
    )
    committed = {_entry_key(e) for e in polib.pofile(str(EN_PO))}
    regenerated = {_entry_key(e) for e in polib.pofile(str(copy / EN_PO.relative_to(ROOT)))}
    assert regenerated == committed, "run `make messages` and commit locale/en/"


# --- the pages -----------------------------------------------------------------


@pytest.mark.django_db
def test_plan_page_is_norwegian_by_default_and_english_after_switching(client):
    bodo.load_demo()
    plan = Plan.objects.get(slug=bodo.CURRENT_SLUG)

    html = client.get(plan.get_absolute_url()).content.decode()
    assert '<html lang="nb"' in html
    assert "Hopp til hovedinnholdet" in html
    assert "Målområde 1" in html
    assert "Skip to main content" not in html

    response = client.post(
        reverse("set_language"), {"language": "en", "next": plan.get_absolute_url()}
    )
    assert response.status_code == 302

    html = client.get(plan.get_absolute_url()).content.decode()
    assert '<html lang="en"' in html
    assert "<dt>Measures</dt>" in html  # the count, by msgctxt; the column says "Measure"
    for english in (
        "Skip to main content",
        "Housing policy action plan",
        "Goal area 1",
        "Main goal 1:",
        '<th scope="col">Responsible</th>',
        "This plan is an illustrative example in the demo data",
        ">Norsk</button>",
    ):
        assert english in html, english
    # The plan's own text (summary, titles) is data and stays Norwegian.
    for norwegian in (
        "Hopp til hovedinnholdet",
        "Målområde 1 –",
        "Hovedmål 1:",
        '<th scope="col">Ansvarlig</th>',
    ):
        assert norwegian not in html, norwegian


@pytest.mark.django_db
def test_plan_page_uses_english_plural_forms(client):
    bodo.load_demo()
    plan = Plan.objects.get(slug=bodo.CURRENT_SLUG)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(plan.get_absolute_url()).content.decode()
    assert " measures, progress " in html or " measure, progress " in html


# --- scripts/check_translations.py -----------------------------------------------


def test_check_translations_lists_empty_and_fuzzy_messages(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(PO_SAMPLE, encoding="utf-8")

    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_translations.py"), str(po)],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "empty        'Tiltak'",
        "fuzzy        'Hovedmål'",
        "empty        'En helt ny tekst som ingen har oversatt ennå, og som er lang nok "
        "til å bli brutt over flere linjer.'",
    ]  # an obsolete (#~) entry is no message
    assert "3 message(s)" in result.stderr


def _python_format(msgid: str, msgstr: str) -> polib.POFile:
    po = polib.POFile()
    po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, flags=["python-format"]))
    return po


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("Målområde %(number)s – %(title)s", "Goal area %(number)s – %(title)s"),
        ("%(planned)s og %(realised)s", "%(realised)s realised of %(planned)s"),
        ("Framdrift %(progress)s %%", "Progress %(progress)s %%"),
        ("%s av %d", "%s of %d"),
    ],
)
def test_check_translations_accepts_the_same_placeholders_in_any_order(msgid, msgstr):
    assert check_translations.problems(_python_format(msgid, msgstr)) == []


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("Målområde %(number)s – %(title)s", "Goal area %(number)s"),
        # {% blocktranslate %}{{ name }}{% endblocktranslate %} becomes %(name)s
        ("Hei, %(name)s", "Hi, %(navn)s"),
        ("Framdrift %(progress)s %%", "Progress %(progress)s %"),
        ("%s av %d", "%s of %s"),
        ("Frist %(date)s", "Due %(date)s, %(date)s"),
    ],
)
def test_check_translations_catches_placeholders_that_differ(msgid, msgstr):
    assert check_translations.problems(_python_format(msgid, msgstr)) == [("placeholders", msgid)]


def test_check_translations_lets_only_the_singular_drop_the_counter():
    def plural(singular: str, plural: str) -> polib.POFile:
        po = polib.POFile()
        po.append(
            polib.POEntry(
                msgid="%(counter)s tiltak",
                msgid_plural="%(counter)s tiltak",
                msgstr_plural={0: singular, 1: plural},
                flags=["python-format"],
            )
        )
        return po

    assert check_translations.problems(plural("one measure", "%(counter)s measures")) == []
    assert check_translations.problems(plural("%(counter)s measure", "measures")) == [
        ("placeholders", "%(counter)s tiltak")
    ]
    assert check_translations.problems(plural("%(count)s measure", "%(counter)s measures")) == [
        ("placeholders", "%(counter)s tiltak")
    ]


def test_check_translations_leaves_a_percent_sign_in_plain_text_alone():
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Andel (%)", msgstr="Share (%)"))
    assert check_translations.problems(po) == []
