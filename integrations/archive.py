"""Archive packages: the files of a council report, a plan or a hearing in a zip, with a
metadata file in the spirit of Noark 5 (`arkivmetadata.xml`) so the municipality's
archive (Elements, Public 360 …) can take them in. The app is not the archive: it hands
over the documents with what the archive needs to register them.

Per document (Noark 5 names): tittel, dokumentdato, journalposttype (I inngående,
U utgående, N organinternt), korrespondansepart (avsender/mottaker), skjerming
(tilgangsrestriksjon and skjermingshjemmel for content that is exempt from public
access), and the file with its SHA-256 checksum. The case (saksmappe) carries the
archive case number split into saksår and sekvensnummer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from hearings.models import Hearing, HearingResponse
from measures.models import CouncilReport
from measures.reports.rendering import report_file_name
from plans.models import Plan

INCOMING, OUTGOING, INTERNAL = "I", "U", "N"
# Persons' identities withheld from publication are exempt in the archive too.
RESTRICTED = "UO"  # unntatt offentlighet


@dataclass
class Document:
    title: str
    date: dt.date | None
    kind: str  # INCOMING / OUTGOING / INTERNAL
    file_name: str
    content: bytes
    sender: str = ""
    recipient: str = ""
    screened: bool = False  # exempt content (a private person's identity)


@dataclass
class Package:
    title: str
    case_number: str
    documents: list[Document] = field(default_factory=list)


def _case_parts(case_number: str) -> tuple[str, str]:
    """ "14/1234" → ("2014", "1234"); "2014/1234" → ("2014", "1234"); "" → ("", "")."""
    match = re.fullmatch(r"(\d{2}|\d{4})/(\d+)", case_number or "")
    if not match:
        return "", ""
    year, sequence = match.groups()
    return (f"20{year}" if len(year) == 2 else year), sequence


def _read(file_field) -> bytes | None:
    if not file_field:
        return None
    try:
        with file_field.open("rb") as handle:
            return handle.read()
    except OSError:  # the file is gone from storage: the package says so in its log
        return None


def _sub(parent, tag: str, text) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = "" if text is None else str(text)
    return element


def metadata_xml(package: Package) -> bytes:
    root = ET.Element("arkivuttrekk", {"noark5-inspirert": "true"})
    _sub(root, "avsenderSystem", "Bodø bolig")
    _sub(root, "kommune", settings.MUNICIPALITY_NAME)
    _sub(root, "kommunenummer", settings.MUNICIPALITY_NUMBER)
    _sub(root, "opprettetDato", timezone.now().isoformat(timespec="seconds"))
    folder = ET.SubElement(root, "saksmappe")
    _sub(folder, "tittel", package.title)
    _sub(folder, "saksnummer", package.case_number)
    year, sequence = _case_parts(package.case_number)
    _sub(folder, "saksaar", year)
    _sub(folder, "sakssekvensnummer", sequence)
    for number, document in enumerate(package.documents, start=1):
        record = ET.SubElement(folder, "journalpost")
        _sub(record, "registreringsnummer", number)
        _sub(record, "tittel", document.title)
        _sub(record, "journalposttype", document.kind)
        _sub(record, "dokumentdato", document.date.isoformat() if document.date else "")
        if document.sender:
            party = ET.SubElement(record, "korrespondansepart")
            _sub(party, "korrespondanseparttype", "avsender")
            _sub(party, "korrespondansepartNavn", document.sender)
        if document.recipient:
            party = ET.SubElement(record, "korrespondansepart")
            _sub(party, "korrespondanseparttype", "mottaker")
            _sub(party, "korrespondansepartNavn", document.recipient)
        if document.screened:
            screening = ET.SubElement(record, "skjerming")
            _sub(screening, "tilgangsrestriksjon", RESTRICTED)
            _sub(screening, "skjermingshjemmel", settings.ARCHIVE_SCREENING_BASIS)
            _sub(screening, "skjermingMetadata", "korrespondansepart")
        described = ET.SubElement(record, "dokumentbeskrivelse")
        _sub(described, "tittel", document.title)
        stored = ET.SubElement(described, "dokumentobjekt")
        _sub(stored, "referanseDokumentfil", f"dokumenter/{document.file_name}")
        _sub(stored, "format", document.file_name.rsplit(".", 1)[-1].upper())
        _sub(stored, "sjekksum", hashlib.sha256(document.content).hexdigest())
        _sub(stored, "sjekksumAlgoritme", "SHA-256")
        _sub(stored, "filstoerrelse", len(document.content))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def zip_package(package: Package) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("arkivmetadata.xml", metadata_xml(package))
        for document in package.documents:
            archive.writestr(f"dokumenter/{document.file_name}", document.content)
    return buffer.getvalue()


def file_name(package: Package) -> str:
    return f"arkiv-{slugify(package.title)[:60] or 'pakke'}.zip"


# --- What each kind of package holds -----------------------------------------------------


def _report_document(report: CouncilReport) -> Document | None:
    content = _read(report.file)
    if content is None:
        return None
    return Document(
        title=report.title,
        date=timezone.localdate(report.rendered_at) if report.rendered_at else report.as_of,
        kind=OUTGOING,
        file_name=report_file_name(report),
        content=content,
        sender=settings.MUNICIPALITY_NAME,
        recipient=report.committee or "Bystyret",
    )


def report_package(report: CouncilReport) -> Package:
    """A ready council report: the PDF, sent from the administration to the committee."""
    package = Package(title=report.title, case_number=report.case_number or report.plan.case_number)
    if document := _report_document(report):
        package.documents.append(document)
    return package


def _response_text(response: HearingResponse) -> bytes:
    lines = [
        f"Høringsinnspill til: {response.hearing.title}",
        f"Mottatt: {response.received_on:%d.%m.%Y} ({response.get_channel_display()})",
        f"Avsender: {response.organisation or response.sender_name}",
        "",
        response.text,
    ]
    for point in response.points.all():
        lines += [
            "",
            f"Punkt {point.number}: {point.text}",
            f"Administrasjonens kommentar: {point.administration_comment}",
            f"Utfall: {point.get_outcome_display()}",
        ]
    return "\n".join(lines).encode()


def _hearing_documents(hearing: Hearing, *, with_responses: bool) -> list[Document]:
    documents = []
    for document in hearing.documents.all():
        content = _read(document.file)
        if content is None:
            continue
        documents.append(
            Document(
                title=document.title,
                date=hearing.starts_on,
                kind=OUTGOING,
                file_name=f"hoering-{hearing.pk}-{document.pk}-{document.file.name.rsplit('/', 1)[-1]}",
                content=content,
                sender=settings.MUNICIPALITY_NAME,
                recipient="Høringsinstansene",
            )
        )
    if not with_responses:
        return documents
    for response in hearing.responses.prefetch_related("points", "attachments"):
        person = response.sender_category == "person" and not response.organisation
        screened = person and response.publication != HearingResponse.Publication.PUBLISHED
        sender = response.organisation or response.sender_name
        documents.append(
            Document(
                title=f"Høringsinnspill fra {sender}",
                date=response.received_on,
                kind=INCOMING,
                file_name=f"innspill-{response.pk}.txt",
                content=_response_text(response),
                sender=sender,
                recipient=settings.MUNICIPALITY_NAME,
                screened=screened,
            )
        )
        for attachment in response.attachments.all():
            content = _read(attachment.file)
            if content is None:
                continue
            documents.append(
                Document(
                    title=f"Vedlegg: {attachment.title}",
                    date=response.received_on,
                    kind=INCOMING,
                    file_name=f"innspill-{response.pk}-vedlegg-{attachment.pk}-{attachment.file.name.rsplit('/', 1)[-1]}",
                    content=content,
                    sender=sender,
                    recipient=settings.MUNICIPALITY_NAME,
                    screened=screened,
                )
            )
    return documents


def hearing_package(hearing: Hearing) -> Package:
    """The hearing's documents (its letter and appendices) and every response with its
    attachments; a private person's response not published with the name is screened."""
    return Package(
        title=hearing.title,
        case_number=hearing.case_number or hearing.plan.case_number,
        documents=_hearing_documents(hearing, with_responses=True),
    )


def plan_package(plan: Plan) -> Package:
    """The plan's documents: its analyses, its ready council reports and its hearings'
    documents (the responses go in the hearing's own package)."""
    package = Package(title=str(plan), case_number=plan.case_number)
    for analysis in plan.analyses.all():
        content = _read(analysis.document)
        if content is None:
            continue
        package.documents.append(
            Document(
                title=analysis.title,
                date=None,  # an analysis has a year, not a date
                kind=INTERNAL,
                file_name=f"analyse-{analysis.pk}-{analysis.document.name.rsplit('/', 1)[-1]}",
                content=content,
                sender=analysis.author or settings.MUNICIPALITY_NAME,
            )
        )
    for report in plan.council_reports.filter(status=CouncilReport.Status.READY).order_by("pk"):
        if document := _report_document(report):
            package.documents.append(document)
    for hearing in plan.hearings.order_by("pk"):
        package.documents += _hearing_documents(hearing, with_responses=False)
    return package
