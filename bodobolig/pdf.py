"""PDF rendering shared by the council report and the hearing appendix.

A template is rendered to HTML and WeasyPrint turns it into a tagged PDF/UA-1
document (document language and title come from `<html lang>` and `<title>`).
Fonts are the Debian packages fonts-dejavu-core / fonts-liberation found
through fontconfig; nothing is fetched at render time: the URL fetcher refuses
every scheme but `data:` and `file:` URLs inside the static directories.
"""

from __future__ import annotations

import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

# PDF/UA-1: tagged structure tree, /Lang, /Title shown in the viewer's title bar.
PDF_VARIANT = "pdf/ua-1"


class RefusedURL(ValueError):
    """A template asked for a resource outside the allowed places."""


class LocalOnlyURLFetcher(URLFetcher):
    """Serves `data:` URLs and files under the static directories; refuses everything else."""

    def __init__(self, **kwargs):
        super().__init__(allowed_protocols={"data", "file"}, **kwargs)

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            path = Path(unquote(urlparse(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in _static_roots()):
                raise RefusedURL(f"Refused to read {path}: not a static file.")
        elif not url.startswith("data:"):
            raise RefusedURL(f"Refused to fetch {url}: PDFs never fetch external resources.")
        return super().fetch(url, headers)


def _static_roots() -> list[Path]:
    roots = [Path(d).resolve() for d in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


@dataclass
class RenderedPdf:
    content: bytes
    page_count: int
    html_seconds: float  # Django template rendering
    layout_seconds: float  # WeasyPrint layout and PDF writing


# Objects allocated between two runs of the cyclic garbage collector's youngest
# generation while a PDF is laid out (Python's default is 700).
RENDER_GC_THRESHOLD = 100_000


@contextmanager
def fewer_collections():
    """Let the cyclic garbage collector run less often for a while.

    WeasyPrint builds millions of small objects (boxes, styles, line layouts) that live
    until the document is written; at the default threshold the collector walked them
    every 700 allocations, which was 30 % of the 400-measure council report (7.4 s with,
    5.2 s without; benchmarks/council_report.py). Reference counting still frees what
    is dropped; only cycles wait. The thresholds are the process's, restored after.
    """
    before = gc.get_threshold()
    gc.set_threshold(max(RENDER_GC_THRESHOLD, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def render_pdf(template_name: str, context: dict) -> RenderedPdf:
    """Render `template_name` with `context` to a PDF/UA-1 document."""
    started = time.perf_counter()
    html = render_to_string(template_name, context)
    html_done = time.perf_counter()
    base_url = Path(settings.STATICFILES_DIRS[0]).resolve().as_uri() + "/"
    with fewer_collections():
        document = HTML(string=html, base_url=base_url, url_fetcher=LocalOnlyURLFetcher()).render(
            pdf_variant=PDF_VARIANT
        )
        content = document.write_pdf(pdf_variant=PDF_VARIANT)
    return RenderedPdf(
        content=content,
        page_count=len(document.pages),
        html_seconds=html_done - started,
        layout_seconds=time.perf_counter() - html_done,
    )
