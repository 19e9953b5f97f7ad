"""Row locks do not stand in the way of PostgreSQL's check of a reference to the locked row.

Django's foreign keys are checked at COMMIT (deferred), with a KEY SHARE lock on the row
referred to. A FOR UPDATE lock blocks that check; a FOR NO KEY UPDATE lock does not. Under load
on PostgreSQL (the load drill), FOR UPDATE on a zone while giving a report its number made a
cycle: a transaction holding the audit chain's lock committed a row of the zone and waited for
the zone, held by a submission that waited for the chain. Every row lock of ours is FOR NO KEY
UPDATE now (we never change a key)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from django.db import connection, transaction

import kompas


def test_every_row_lock_leaves_references_to_the_row_alone() -> None:
    plain = [
        f"{path.relative_to(Path(kompas.__file__).parent)}:{number}"
        for path in Path(kompas.__file__).parent.rglob("*.py")
        if "tests" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "select_for_update(" in line and "no_key=True" not in line
    ]
    assert plain == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks of PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_zone_locked_for_numbering_can_still_be_referred_to() -> None:
    from kompas.reporting.models import ChannelSettings
    from kompas.reporting.services import _lock_numbering
    from kompas.testing import beside, make_zone

    zone = make_zone()
    locked, done = threading.Event(), threading.Event()

    def number_reports() -> None:
        with transaction.atomic():
            _lock_numbering(zone)
            locked.set()
            done.wait(10)  # held while the other transaction commits

    with beside(number_reports, release=done):
        assert locked.wait(10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '3s'")
            ChannelSettings.objects.create(zone=zone)  # its reference is checked at COMMIT
        assert ChannelSettings.objects.filter(zone=zone).exists()
