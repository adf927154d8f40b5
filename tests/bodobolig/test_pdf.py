"""The shared PDF renderer: never fetches anything from outside, and collects garbage less often."""

import gc

import pytest
from django.conf import settings

from bodobolig.pdf import RENDER_GC_THRESHOLD, LocalOnlyURLFetcher, RefusedURL, fewer_collections


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/logo.png",
        "http://127.0.0.1:8000/static/x.css",
        "ftp://x/y",
        "file:///etc/passwd",
    ],
)
def test_fetcher_refuses_everything_but_data_and_static_files(url):
    with pytest.raises(RefusedURL):
        LocalOnlyURLFetcher().fetch(url)


def test_fetcher_serves_data_urls_and_static_files():
    fetcher = LocalOnlyURLFetcher()
    assert fetcher.fetch("data:text/plain,hei").read() == b"hei"
    static_file = settings.BASE_DIR / "static" / "css" / "app.css"
    assert fetcher.fetch(static_file.as_uri()).read().startswith(b"/*")


def test_rendering_collects_less_often_and_restores_the_thresholds_after():
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold() == (RENDER_GC_THRESHOLD, *before[1:])
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("a failed render")
    assert gc.get_threshold() == before
