"""Files with a report: checked on content, stripped of metadata, encrypted on disk."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from kompas.accounts.roles import Role
from kompas.reporting.files import clean
from kompas.reporting.models import Attachment, Report
from kompas.reporting.tests.conftest import (
    public_report_form,
    receipt_of,
    signed_in_handler,
)

pytestmark = pytest.mark.django_db

SECRET_IN_FILE = b"Kasboek met de namen van de betrokken agenten"


def photo_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "ReporterPhoneMaker"  # Make
    exif[0x013B] = "Jan Melder"  # Artist
    gps = exif.get_ifd(0x8825)  # GPS block
    gps[1], gps[2] = "N", (51.0, 3.0, 0.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), comment=b"taken by Jan Melder")
    return out.getvalue()


def pdf_with_author() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": "Jan Melder", "/Producer": "MelderOffice"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_photo_loses_its_exif_block_and_comment() -> None:
    original = photo_with_gps()
    assert b"Jan Melder" in original
    cleaned = clean("IMG_0001.JPG", original)
    assert cleaned.content_type == "image/jpeg"
    assert b"Jan Melder" not in cleaned.data
    assert b"ReporterPhoneMaker" not in cleaned.data
    with Image.open(io.BytesIO(cleaned.data)) as image:
        assert not image.getexif()
        assert image.size == (40, 30)


def test_a_pdf_loses_its_author_and_producer() -> None:
    original = pdf_with_author()
    assert b"Jan Melder" in original
    cleaned = clean("verslag.pdf", original)
    assert b"Jan Melder" not in cleaned.data
    assert b"MelderOffice" not in cleaned.data


def test_the_type_is_read_from_the_content_not_the_name() -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=r"geen foto|not a photo"):
        clean("vakantie.jpg", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00")  # a Windows program
    renamed = clean("notes.exe", b"gewone tekst")
    assert (renamed.content_type, renamed.name) == ("text/plain", "notes.txt")


def test_a_damaged_photo_is_refused_with_a_clear_error() -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        clean("kapot.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 50)


def test_a_report_with_files_stores_them_encrypted_and_the_handler_opens_them(
    personas, handlers, settings
) -> None:
    citizen = Client()
    data = public_report_form(personas.zone, kind="complaint")
    data["attachments"] = [
        SimpleUploadedFile("kasboek.txt", SECRET_IN_FILE, content_type="text/plain"),
        SimpleUploadedFile("foto.jpg", photo_with_gps(), content_type="image/jpeg"),
    ]
    response = citizen.post(reverse("reporting:public", args=[personas.zone.code]), data)
    assert response.status_code == 200
    report = Report.objects.get()
    assert report.attachments.count() == 2

    stored = b"".join(p.read_bytes() for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())
    assert SECRET_IN_FILE not in stored
    assert b"kasboek" not in stored

    handler = signed_in_handler(personas[Role.OVERSIGHT])
    text = Attachment.objects.get(content_type="text/plain")
    download = handler.get(reverse("reporting:case_file", args=[report.number, text.pk]))
    assert download.content == SECRET_IN_FILE
    assert download["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in download["Content-Security-Policy"]


def test_a_refused_file_files_nothing_and_keeps_the_text(
    client: Client, personas, handlers
) -> None:
    data = public_report_form(personas.zone, kind="complaint")
    data["attachments"] = [
        SimpleUploadedFile("virus.pdf", b"MZ\x90\x00binary\x00", content_type="application/pdf")
    ]
    response = client.post(reverse("reporting:public", args=[personas.zone.code]), data)
    assert response.status_code == 200
    assert not Report.objects.exists()
    page = response.content.decode()
    assert "virus.pdf" in page and "sigaretten" in page


def test_the_reporter_adds_a_file_later_and_sees_only_non_internal_files(
    personas, handlers
) -> None:
    citizen = Client()
    data = public_report_form(personas.zone, kind="complaint")
    citizen.post(reverse("reporting:public", args=[personas.zone.code]), data)
    report = Report.objects.get()
    citizen.post(reverse("reporting:follow_up"), {"receipt": receipt_of(data)})
    citizen.post(
        reverse("reporting:follow_up_case"),
        {
            "action": "write",
            "body": "",
            "attachments": [SimpleUploadedFile("extra.txt", b"nog een bewijs")],
        },
    )
    handler = signed_in_handler(personas[Role.OVERSIGHT])
    handler.post(
        reverse("reporting:case_write", args=[report.number]),
        {
            "body": "intern stuk",
            "internal": "1",
            "attachments": [SimpleUploadedFile("intern.txt", b"alleen voor behandelaars")],
        },
    )
    assert report.attachments.count() == 2
    internal = Attachment.objects.get(message__internal=True)
    page = citizen.get(reverse("reporting:follow_up_case")).content.decode()
    assert "extra.txt" in page
    assert "intern.txt" not in page
    assert citizen.get(reverse("reporting:follow_up_file", args=[internal.pk])).status_code == 404


def test_when_the_disk_fails_the_report_is_kept_and_the_reporter_is_told(
    client: Client, personas, handlers, monkeypatch
) -> None:
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("kompas.reporting.services.write_encrypted", broken)
    data = public_report_form(personas.zone, kind="complaint")
    data["attachments"] = [SimpleUploadedFile("a.txt", b"bewijs")]
    response = client.post(reverse("reporting:public", args=[personas.zone.code]), data)
    assert Report.objects.count() == 1
    assert Attachment.objects.count() == 0
    assert receipt_of(data) in response.content.decode()
    assert "opvolgingspagina" in response.content.decode()
