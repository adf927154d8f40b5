"""English is a complete, compiled translation of the Norwegian UI."""

import gettext
import subprocess
import sys

import pytest
from django.urls import reverse

from demo import bodo
from plans.models import Plan
from scripts import check_translations, pofile, translate_en

PO_SAMPLE = """\
#, fuzzy
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: \\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#: templates/a.html:1
msgid "Tiltak"
msgstr ""

#: templates/a.html:2
#, python-format
msgid "Målområde %(number)s – %(title)s"
msgstr ""

#: templates/a.html:3
#, python-format
msgid "%(counter)s tiltak, framdrift %(progress)s %%"
msgid_plural "%(counter)s tiltak, framdrift %(progress)s %%"
msgstr[0] ""
msgstr[1] ""

#: templates/a.html:4
#, fuzzy
#| msgid "Planer"
msgid "Hovedmål"
msgstr "Plans"

#: templates/a.html:5
msgid ""
"En helt ny tekst som ingen har oversatt ennå, og som er lang nok til å bli "
"brutt over flere linjer."
msgstr ""
"""


# --- the committed catalogue ---------------------------------------------------


def test_english_catalogue_has_no_empty_or_fuzzy_messages():
    assert check_translations.problems(pofile.read()) == []
    result = subprocess.run(
        [sys.executable, "scripts/check_translations.py"],
        cwd=pofile.ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout


def test_compiled_mo_matches_the_po():
    """The committed .mo holds exactly the .po's translations (rerun compilemessages)."""
    expected = {}
    for entry in pofile.messages(pofile.read()):
        if entry.fuzzy or not entry.translated:
            continue
        if entry.msgid_plural is None:
            expected[entry.key] = entry.msgstr
        else:
            for index, text in entry.msgstr_plural.items():
                expected[(entry.key, index)] = text
    with pofile.EN_MO.open("rb") as handle:
        catalog = dict(gettext.GNUTranslations(handle)._catalog)
    catalog.pop("", None)  # the header
    assert catalog == expected


def test_every_domain_glossary_entry_keeps_the_msgid_placeholders():
    for msgid, text in translate_en.load_glossary().items():
        texts = text if isinstance(text, list) else [text]
        assert all(t.strip() for t in texts), msgid
        for translated in texts[-1:]:
            assert pofile.placeholders(translated) == pofile.placeholders(msgid), msgid


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


# --- the scripts -----------------------------------------------------------------


def test_po_files_round_trip_unchanged():
    text = pofile.EN_PO.read_text(encoding="utf-8")
    assert pofile.serialize(pofile.parse(text)) == text
    assert pofile.serialize(pofile.parse(PO_SAMPLE)) == PO_SAMPLE


def test_check_translations_lists_empty_and_fuzzy_messages(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(PO_SAMPLE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(pofile.ROOT / "scripts" / "check_translations.py"), str(po)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "empty        'Tiltak'" in result.stdout
    assert "fuzzy        'Hovedmål'" in result.stdout
    assert "5 message(s)" in result.stderr


def test_check_translations_catches_a_lost_placeholder():
    entries = pofile.parse(PO_SAMPLE)
    entries[2].msgstr = "Goal area %(number)s"
    assert ("placeholders", "Målområde %(number)s – %(title)s") in (
        check_translations.problems(entries)
    )


def test_translate_en_fills_from_the_glossary_and_reports_the_rest(tmp_path, capsys):
    po = tmp_path / "django.po"
    po.write_text(PO_SAMPLE, encoding="utf-8")
    glossary = tmp_path / "glossary.json"
    glossary.write_text(
        '{"Tiltak": "Measure", "Hovedmål": "Main goal",'
        ' "Målområde %(number)s – %(title)s": "Goal area %(number)s – %(title)s",'
        ' "%(counter)s tiltak, framdrift %(progress)s %%":'
        ' ["%(counter)s measure, progress %(progress)s %%",'
        ' "%(counter)s measures, progress %(progress)s %%"]}',
        encoding="utf-8",
    )

    code = translate_en.main(["--po", str(po), "--glossary", str(glossary)])

    assert code == 1
    err = capsys.readouterr().err
    assert "1 message(s) not in the glossary" in err
    assert "En helt ny tekst" in err
    entries = {e.msgid: e for e in pofile.read(po)}
    assert entries["Tiltak"].msgstr == "Measure"
    assert entries["Hovedmål"].msgstr == "Main goal"
    assert not entries["Hovedmål"].fuzzy
    assert "#| msgid" not in po.read_text(encoding="utf-8")
    assert entries["Målområde %(number)s – %(title)s"].msgstr == "Goal area %(number)s – %(title)s"
    plural = entries["%(counter)s tiltak, framdrift %(progress)s %%"]
    assert plural.msgstr_plural == {
        0: "%(counter)s measure, progress %(progress)s %%",
        1: "%(counter)s measures, progress %(progress)s %%",
    }
    header = entries[""]
    assert not header.fuzzy and "Language: en\n" in header.msgstr
    assert check_translations.problems(pofile.read(po)) == [
        (
            "empty",
            "En helt ny tekst som ingen har oversatt ennå, og som er lang nok til å "
            "bli brutt over flere linjer.",
        )
    ]


def test_translate_en_refuses_a_translation_that_drops_a_placeholder(tmp_path, capsys):
    po = tmp_path / "django.po"
    po.write_text(PO_SAMPLE, encoding="utf-8")
    glossary = tmp_path / "glossary.json"
    glossary.write_text('{"Målområde %(number)s – %(title)s": "Goal area"}', encoding="utf-8")

    assert translate_en.main(["--po", str(po), "--glossary", str(glossary)]) == 1

    assert "placeholders differ" in capsys.readouterr().err
    entries = {e.msgid: e for e in pofile.read(po)}
    assert entries["Målområde %(number)s – %(title)s"].msgstr == ""


def test_translate_en_keeps_hand_edits_unless_told_to_overwrite(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(PO_SAMPLE.replace('msgid "Tiltak"\nmsgstr ""', 'msgid "Tiltak"\nmsgstr "Action"'))
    glossary = tmp_path / "glossary.json"
    glossary.write_text('{"Tiltak": "Measure"}', encoding="utf-8")

    translate_en.main(["--po", str(po), "--glossary", str(glossary)])
    assert {e.msgid: e.msgstr for e in pofile.read(po)}["Tiltak"] == "Action"

    translate_en.main(["--po", str(po), "--glossary", str(glossary), "--overwrite"])
    assert {e.msgid: e.msgstr for e in pofile.read(po)}["Tiltak"] == "Measure"
