"""Checks on files sent to a hearing: by their content, never by their name.

A file is accepted when its first bytes say it is one of the accepted kinds
(PDF, DOCX, ODT, JPEG, PNG): a script renamed to `.pdf` is refused. Sizes and
counts are checked before anything is written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import filetype
from django.utils.translation import gettext as _

from bodobolig.errors import DomainError

MAX_FILES = 5
MAX_FILE_BYTES = 20 * 1024 * 1024
# filetype reads the signature from the first bytes; zipped documents (DOCX, ODT) need a few KB.
SNIFF_BYTES = 8192

# MIME type from the content -> the extension the stored file gets.
ACCEPTED_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.text": "odt",
    "image/jpeg": "jpg",
    "image/png": "png",
}


@dataclass(frozen=True)
class CheckedFile:
    upload: object  # the UploadedFile, rewound
    title: str
    content_type: str
    extension: str
    size: int

    @property
    def storage_name(self) -> str:
        stem = os.path.splitext(os.path.basename(self.title))[0][:80] or "vedlegg"
        return f"{stem}.{self.extension}"


def sniff(upload) -> str | None:
    """The MIME type the file's content declares, or None when unknown."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    kind = filetype.guess(head) if head else None
    return kind.mime if kind else None


def check_files(uploads, *, field: str = "attachments") -> list[CheckedFile]:
    """Check count, size and content type of `uploads`; raise DomainError on the first refusal."""
    uploads = [u for u in uploads if u is not None]
    if len(uploads) > MAX_FILES:
        raise DomainError(
            _("Du kan legge ved høyst %(n)d filer.") % {"n": MAX_FILES}, field=field, code="count"
        )
    checked = []
    for upload in uploads:
        name = os.path.basename(upload.name or "")
        if upload.size == 0:
            raise DomainError(
                _("Filen «%(name)s» er tom.") % {"name": name}, field=field, code="empty"
            )
        if upload.size > MAX_FILE_BYTES:
            raise DomainError(
                _("Filen «%(name)s» er større enn %(mb)d MB.")
                % {"name": name, "mb": MAX_FILE_BYTES // (1024 * 1024)},
                field=field,
                code="size",
            )
        mime = sniff(upload)
        if mime not in ACCEPTED_TYPES:
            raise DomainError(
                _(
                    "Filen «%(name)s» er ikke en PDF, DOCX, ODT, JPEG eller PNG. "
                    "Vi sjekker innholdet i filen, ikke bare navnet."
                )
                % {"name": name},
                field=field,
                code="type",
            )
        checked.append(
            CheckedFile(
                upload=upload,
                title=name[:300] or _("Vedlegg"),
                content_type=mime,
                extension=ACCEPTED_TYPES[mime],
                size=upload.size,
            )
        )
    return checked
