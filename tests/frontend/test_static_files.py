"""The stylesheet ships with a content-hashed name and pre-compressed copies (whitenoise)."""

import re
import subprocess
import sys

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


def test_every_environment_but_tests_stores_static_files_hashed_and_compressed():
    code = "import portal.settings.base as s; print(s.STORAGES['staticfiles']['BACKEND'])"
    backend = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert backend == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_stylesheet_is_collected_with_a_hashed_name_and_a_gzipped_copy(tmp_path):
    source = FileSystemStorage(location=settings.STATICFILES_DIRS[0])
    storage = CompressedManifestStaticFilesStorage(location=tmp_path, base_url="/static/")
    with source.open("css/portal.css") as stylesheet:
        storage.save("css/portal.css", stylesheet)
    processed = list(
        storage.post_process({"css/portal.css": (source, "css/portal.css")}, dry_run=False)
    )
    assert not [error for *_, error in processed if isinstance(error, Exception)]
    hashed = storage.stored_name("css/portal.css")
    assert re.fullmatch(r"css/portal\.[0-9a-f]{12}\.css", hashed)
    original = (tmp_path / hashed).stat().st_size
    gzipped = (tmp_path / f"{hashed}.gz").stat().st_size
    assert gzipped < original / 2
