"""The times of a stored file do not tell when an anonymous report was filed: a file is written
with the midnight of its day as its times, reading it leaves them alone, and a daily batch can
restamp it onto a new inode so that its change time is the batch's too."""

from __future__ import annotations

import os
from datetime import datetime, time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompas.reporting import crypto
from kompas.reporting.files import media_dir, read_decrypted, restamp, write_encrypted
from kompas.reporting.models import Attachment
from kompas.reporting.tests.conftest import public_report_form


def midnight_of(moment: datetime) -> float:
    return datetime.combine(moment.date(), time.min, tzinfo=moment.tzinfo).timestamp()


def today_at_midnight() -> float:
    return midnight_of(timezone.localtime())


def stored(stored_name: str) -> Path:
    return media_dir() / stored_name


@pytest.mark.django_db
def test_a_file_sent_with_an_anonymous_report_carries_the_midnight_of_its_day(
    client: Client, personas, handlers
) -> None:
    data = public_report_form(personas.zone, kind="complaint", identity_mode="anonymous")
    data["attachments"] = [SimpleUploadedFile("bewijs.txt", b"bewijs")]
    client.post(reverse("reporting:public", args=[personas.zone.code]), data)
    facts = stored(Attachment.objects.get().stored_name).stat()
    assert facts.st_mtime == facts.st_atime == today_at_midnight()
    folder = media_dir().stat()
    assert folder.st_mtime == folder.st_atime == today_at_midnight()


def test_reading_a_file_leaves_its_access_time_at_midnight() -> None:
    key = crypto.new_case_key()
    stored_name = write_encrypted(key, b"bewijs")
    assert read_decrypted(key, stored_name) == b"bewijs"
    assert stored(stored_name).stat().st_atime == today_at_midnight()


def test_restamp_moves_the_file_to_a_new_inode_with_the_same_bytes_and_its_midnight() -> None:
    key = crypto.new_case_key()
    stored_name = write_encrypted(key, b"bewijs")
    path = stored(stored_name)
    # Written on an afternoon some days ago (as by an older version that kept the minute).
    afternoon = datetime(2024, 3, 10, 15, 42, tzinfo=timezone.get_default_timezone())
    os.utime(path, (afternoon.timestamp(), afternoon.timestamp()))
    before = path.stat()
    content = path.read_bytes()

    restamp(stored_name)

    after = path.stat()
    assert path.read_bytes() == content
    assert read_decrypted(key, stored_name) == b"bewijs"
    assert after.st_ino != before.st_ino
    assert after.st_mtime == after.st_atime == midnight_of(afternoon)
    assert after.st_ctime >= before.st_ctime
    assert after.st_mode & 0o777 == 0o600
    assert sorted(p.name for p in media_dir().iterdir()) == [stored_name]  # no copy left over


def test_restamping_a_file_of_today_keeps_today_at_midnight() -> None:
    stored_name = write_encrypted(crypto.new_case_key(), b"bewijs")
    restamp(stored_name)
    assert stored(stored_name).stat().st_mtime == today_at_midnight()
