"""Small real files for upload tests (each starts with its format's signature)."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def pdf(name="innspill.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png(name="bilde.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def docx(name="innspill.docx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def script_named_pdf():
    return SimpleUploadedFile(
        "innspill.pdf", b"#!/bin/sh\nrm -rf /\n<script>alert(1)</script>\n", "application/pdf"
    )
