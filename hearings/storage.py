"""Where hearing responses' attachments live: outside the public media directory.

Files submitted by the public are never served by the web server or WhiteNoise;
`hearings.views.attachment_download` gives them to staff after a permission check.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="hearings.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """FileSystemStorage under PRIVATE_MEDIA_ROOT (read on each use, so tests can move it)."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL.")
