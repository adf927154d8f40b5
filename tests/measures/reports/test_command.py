"""`manage.py council_report`: the same report, rendered synchronously to a file."""

import io

import pypdf
import pytest
from django.core.management import CommandError, call_command

from measures.models import CouncilReport
from tests.factories import MeasureFactory, ReportingRoundFactory

pytestmark = pytest.mark.django_db


def test_command_writes_the_pdf_and_archives_the_report(tmp_path):
    measure = MeasureFactory(strategy__goal__plan__slug="boligplan")
    output = tmp_path / "rapport.pdf"
    out = io.StringIO()

    call_command(
        "council_report",
        "boligplan",
        "-o",
        str(output),
        "--as-of",
        "2024-06-30",
        "--case-number",
        "24/77",
        stdout=out,
    )

    report = CouncilReport.objects.get()
    assert report.status == CouncilReport.Status.READY
    assert report.case_number == "24/77"
    assert str(report.as_of) == "2024-06-30"
    assert output.read_bytes() == report.file.open("rb").read()
    assert len(pypdf.PdfReader(output).pages) == report.page_count
    assert f"Arkivert som rapport {report.pk}" in out.getvalue()
    # The plan may also be named by id.
    call_command("council_report", str(measure.plan_id), "-o", str(output), stdout=out)
    assert CouncilReport.objects.count() == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["finnes-ikke"], "Fant ingen plan 'finnes-ikke'"),
        (["boligplan", "--as-of", "31.12.2017"], "Ugyldig dato '31.12.2017'"),
        (["boligplan", "--as-of", "2999-01-01"], "fram i tid"),
        (["boligplan", "--round", "999"], "Fant ingen rapporteringsrunde med id 999"),
        (["boligplan", "--case-number", "abc"], "Saksnummer skrives som år/løpenummer"),
    ],
)
def test_command_explains_bad_arguments(tmp_path, args, message):
    MeasureFactory(strategy__goal__plan__slug="boligplan")
    with pytest.raises(CommandError, match=message):
        call_command("council_report", *args, "-o", str(tmp_path / "r.pdf"))
    assert not CouncilReport.objects.exists()


def test_command_refuses_a_round_of_another_plan(tmp_path):
    MeasureFactory(strategy__goal__plan__slug="boligplan")
    other = ReportingRoundFactory()
    with pytest.raises(CommandError, match="annen plan"):
        call_command(
            "council_report", "boligplan", "--round", str(other.pk), "-o", str(tmp_path / "r.pdf")
        )


def test_command_refuses_a_missing_output_folder(tmp_path):
    MeasureFactory(strategy__goal__plan__slug="boligplan")
    with pytest.raises(CommandError, match="finnes ikke"):
        call_command("council_report", "boligplan", "-o", str(tmp_path / "nei" / "r.pdf"))
