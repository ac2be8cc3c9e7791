"""An image over the pixel limit gets a form error, not a 500."""

import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model

from tests.staff import sign_in_verified

pytestmark = pytest.mark.django_db

SIDE = 30_000


def huge_png(side=SIDE):
    """A real side×side black-and-white PNG, a few hundred kilobytes on disk."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (side + 7) // 8)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_30000_by_30000_png_gets_a_form_error(client, django_user_model):
    png = huge_png()
    assert len(png) < 2 * 1024 * 1024
    boss = django_user_model.objects.create_superuser("boss", "boss@example.gov.au", "x" * 20)
    sign_in_verified(client, boss)
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Huge",
            "file": SimpleUploadedFile("huge.png", png, "image/png"),
            "collection": 1,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "file" in errors
    assert "pixels" in " ".join(errors["file"]) or "too large" in " ".join(errors["file"]).lower()
    assert not get_image_model().objects.filter(title="Huge").exists()
