"""The DPIA starter: printable, in nl/fr/en, and answering every row of the threat model."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from markupsafe import escape

from kompas.accounts.models import Person
from kompas.accounts.roles import Role
from kompas.privacy.dpia import RISKS, STEPS
from kompas.testing import assert_written, sign_in

pytestmark = pytest.mark.django_db

THREAT_MODEL = Path(__file__).resolve().parents[2] / "reporting" / "README.md"


def threat_model_rows() -> list[str]:
    """The first cell of every row of the threat model's side-channel table."""
    text = THREAT_MODEL.read_text()
    table = text.split("| side channel |", 1)[1].split("\n\n", 1)[0]
    return [line.split("|")[1].strip() for line in table.splitlines()[2:] if line.startswith("|")]


def test_every_row_of_the_threat_model_is_answered_by_a_risk() -> None:
    rows = threat_model_rows()
    assert len(rows) > 25
    named = [prefix for risk in RISKS for prefix in risk.rows]
    unanswered = [row for row in rows if not any(row.startswith(p) for p in named)]
    assert unanswered == [], "name these rows in a risk of kompas/privacy/dpia.py"
    stale = [p for p in named if not any(row.startswith(p) for row in rows)]
    assert stale == [], "these rows are no longer in the threat model"


def test_every_risk_is_written_in_every_language() -> None:
    for risk in RISKS:
        assert set(risk.texts) == {"nl", "fr", "en"}, risk.key
        for language, texts in risk.texts.items():
            assert all(part.strip() for part in texts), (risk.key, language)
            assert not re.search(r"\s{2,}", " ".join(texts).replace("\n", " ")), (
                risk.key,
                language,
            )
    assert {len(steps) for steps in STEPS.values()} == {len(STEPS["nl"])}


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_starter_renders_in_every_language(client: Client, personas, language) -> None:
    dpo = personas[Role.DPO]
    Person.objects.filter(pk=dpo.pk).update(language=language)
    sign_in(client, Person.objects.get(pk=dpo.pk))
    html = assert_written(client.get(reverse("privacy:dpia")).content.decode(), language)
    for risk in RISKS:
        assert str(escape(risk.texts[language][0])) in html


def test_the_member_and_the_anonymous_visitor_do_not_read_it(client: Client, personas) -> None:
    assert "/account/sign-in/" in client.get(reverse("privacy:dpia"))["Location"]
    sign_in(client, personas.member)
    assert client.get(reverse("privacy:dpia")).status_code == 403
