"""Decompression bombs: a few kilobytes that unpack to gigabytes are refused from their headers,
before anything is decoded, and the reporter sees why on the form with all they typed kept."""

from __future__ import annotations

import io
import resource
import struct
import time
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kompas.reporting.files import MAX_PDF_OBJECTS, MAX_PDF_PAGES, clean
from kompas.reporting.models import Report
from kompas.reporting.tests import pdfs
from kompas.reporting.tests.conftest import public_report_form

TOO_LARGE = r"too large to check|te groot om te controleren"


def png(width: int, height: int, idat: bytes, *, depth: int = 1) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, depth, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def png_bomb() -> bytes:
    """12 KB on disk, 10000 x 10000 black pixels: 1.3 GB in a worker before the fix."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + 10_000 // 8)
    idat = b"".join(compressor.compress(row) for _ in range(10_000)) + compressor.flush()
    return png(10_000, 10_000, idat)


def test_a_png_header_claiming_ten_thousand_pixels_square_is_refused_before_decoding() -> None:
    # The pixel data is no valid zlib stream: decoding it would end in "damaged", so the
    # refusal for its size shows that nothing was decoded.
    header_only = png(10_000, 10_000, b"not compressed pixels")
    with pytest.raises(ValidationError, match=r"10000 \w+ 10000") as refused:
        clean("bom.png", header_only)
    assert "bom.png" in str(refused.value)


def test_a_phone_photo_of_fifty_megapixels_passes_the_size_check() -> None:
    # 8192 x 6144, a 50 MP phone's full resolution: the header passes, and only the
    # (deliberately broken) pixel data makes this file fail.
    with pytest.raises(ValidationError, match=r"damaged|beschadigd"):
        clean("foto.png", png(8192, 6144, b"not compressed pixels", depth=8))


def test_the_real_bomb_is_refused_in_a_moment_without_taking_memory() -> None:
    bomb = png_bomb()
    assert len(bomb) < 16_000
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    started = time.monotonic()
    with pytest.raises(ValidationError, match=r"10000 \w+ 10000"):
        clean("bom.png", bomb)
    assert time.monotonic() - started < 2
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before
    assert grown < 50 * 1024, f"the peak memory grew by {grown // 1024} MB"


def test_a_pdf_with_a_page_larger_than_any_paper_is_refused() -> None:
    with pytest.raises(ValidationError, match=TOO_LARGE):
        clean("plan.pdf", pdfs.with_pages(1, media_box=b"[0 0 10000000 10000000]"))
    assert clean("a0.pdf", pdfs.with_pages(1, media_box=b"[0 0 2384 3370]")).data


def test_a_pdf_with_too_many_objects_is_refused() -> None:
    with pytest.raises(ValidationError, match=TOO_LARGE):
        clean("veel.pdf", pdfs.with_objects(MAX_PDF_OBJECTS + 1))
    assert clean("genoeg.pdf", pdfs.with_objects(1_000)).data


def test_a_pdf_with_too_many_pages_is_refused() -> None:
    with pytest.raises(ValidationError, match=TOO_LARGE):
        clean("dik.pdf", pdfs.with_pages(MAX_PDF_PAGES + 1))


def test_a_pdf_with_a_huge_image_inside_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"100000 \w+ 100000"):
        clean("kaart.pdf", pdfs.with_image(100_000, 100_000))
    assert clean("klein.pdf", pdfs.with_image(100, 100)).data


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("bom.png", png_bomb(), r"10000 \w+ 10000"),
        ("plan.pdf", pdfs.with_pages(1, media_box=b"[0 0 10000000 10000000]"), TOO_LARGE),
        ("veel.pdf", pdfs.with_objects(MAX_PDF_OBJECTS + 1), TOO_LARGE),
    ],
)
def test_the_public_form_refuses_the_bomb_and_keeps_what_the_reporter_typed(
    client: Client, personas, handlers, name: str, content: bytes, error: str
) -> None:
    import re

    data = public_report_form(personas.zone, kind="complaint")
    data["attachments"] = [SimpleUploadedFile(name, content)]
    response = client.post(reverse("reporting:public", args=[personas.zone.code]), data)
    assert response.status_code == 200
    assert not Report.objects.exists()
    page = response.content.decode()
    assert re.search(error, page), page
    assert name in page
    for typed in (data["what"], data["when"], data["where"]):
        assert typed in page
    assert data["receipt_token"] in page


def test_a_small_photo_still_goes_through() -> None:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (640, 480), (10, 120, 40)).save(out, format="PNG")
    assert clean("foto.png", out.getvalue()).content_type == "image/png"
