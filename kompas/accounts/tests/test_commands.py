"""The operator's commands: createadmin, and the kompas wrapper's hyphenated names."""

from __future__ import annotations

import io
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kompas.accounts.models import Person
from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_createadmin_creates_the_zone_and_its_first_administrator(monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("een sterk beheerderswachtwoord\n"))
    call_command(
        "createadmin",
        "--zone-code",
        "pz-heist",
        "--zone-name",
        "PZ Heist",
        "--email",
        "Beheer@PZ.example",
        "--first-name",
        "Bea",
        "--last-name",
        "Beheer",
        "--password-stdin",
    )
    admin = Person.objects.get(email="beheer@pz.example")
    assert admin.zone.name == "PZ Heist"
    assert admin.has_role(Role.ADMIN)
    assert admin.needs_second_factor
    assert admin.check_password("een sterk beheerderswachtwoord")
    assert AuditEvent.objects.filter(action="accounts.administrator_created").exists()


def test_createadmin_refuses_a_weak_password(monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("12345\n"))
    with pytest.raises(CommandError):
        call_command(
            "createadmin",
            "--zone-code",
            "pz-x",
            "--email",
            "a@pz.example",
            "--first-name",
            "A",
            "--last-name",
            "B",
            "--password-stdin",
        )
    assert not Person.objects.exists()


def test_the_kompas_command_accepts_hyphenated_names(capsys) -> None:
    import logging.config

    from django.conf import settings

    from kompas.cli import main

    try:
        main(["kompas", "verify-audit"])
        assert "Audit chain intact" in capsys.readouterr().out
    finally:
        # Setting Django up again configured logging with this test's captured error stream,
        # which closes after it: later tests' log lines would go to a closed file.
        with capsys.disabled():
            logging.config.dictConfig(settings.LOGGING)
