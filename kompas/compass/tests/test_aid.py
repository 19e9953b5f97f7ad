"""The private decision aid and the conversation sheets: sealed at rest, read by the owner only,
shared only by an explicit act, printable."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.compass.models import ConversationSheet, DilemmaWalk, WalkShare
from kompas.compass.tests.reading import errors
from kompas.testing import sign_in

pytestmark = pytest.mark.django_db

SECRET_FACT = "Mijn ploegpartner rook vanochtend naar drank"


def walk_through(client: Client) -> DilemmaWalk:
    answer = client.post(
        reverse("compass:aid_new"), {"token": "walk-token-0000000001", "facts": SECRET_FACT}
    )
    walk = DilemmaWalk.objects.get()
    assert answer["Location"] == reverse("compass:aid_step", args=[walk.pk, 1])
    steps = [
        {
            "option_a": "Zelf rijden en zwijgen",
            "cost_a": "Risico op de baan",
            "option_b": "De teamleider bellen",
            "cost_b": "Mijn collega is boos",
        },
        {"affected": "Burgers op de baan, mijn collega, ikzelf"},
        {"pull_loyalty": "a", "pull_quality": "b", "pull_reliability": "b"},
        {
            "opt_0": "Zelf rijden",
            "consequences_0": "Probleem blijft",
            "legal_0": "unsure",
            "opt_1": "Teamleider",
            "legal_1": "yes",
        },
        {
            "choice": "bel de teamleider",
            "because": "veiligheid voorgaat",
            "despite": "de boosheid van mijn collega",
        },
        {"damage": "Ik praat nadien met hem en bied steun aan."},
        {"talk_to": "Morgen met de vertrouwenspersoon"},
    ]
    for number, data in enumerate(steps, start=1):
        answer = client.post(reverse("compass:aid_step", args=[walk.pk, number]), data)
        assert answer.status_code == 302, errors(answer)
    return walk


def test_a_member_walks_through_a_dilemma_and_gets_one_printable_page(personas) -> None:
    client = sign_in(Client(), personas.member)
    walk = walk_through(client)
    page = client.get(reverse("compass:aid", args=[walk.pk]))
    text = page.content.decode()
    assert SECRET_FACT in text and "bel de teamleider" in text and "veiligheid voorgaat" in text
    assert "<li>Loyaliteit en samenwerken: Wijst naar A</li>" in text
    walk.refresh_from_db()
    assert walk.step == 8


def test_the_walk_is_sealed_at_rest(personas) -> None:
    walk_through(sign_in(Client(), personas.member))
    with connection.cursor() as cursor:
        cursor.execute("SELECT sealed FROM compass_dilemmawalk")
        [(sealed,)] = cursor.fetchall()
    raw = bytes(sealed)
    assert b"drank" not in raw and "drank".encode("utf-16-le") not in raw


def test_a_double_submit_of_the_first_step_makes_one_walk(personas) -> None:
    client = sign_in(Client(), personas.member)
    data = {"token": "walk-token-0000000002", "facts": "Iets"}
    client.post(reverse("compass:aid_new"), data)
    client.post(reverse("compass:aid_new"), data)
    assert DilemmaWalk.objects.count() == 1


def test_the_walk_stays_private_until_shared_and_sharing_can_be_undone(personas) -> None:
    owner = sign_in(Client(), personas.member)
    walk = walk_through(owner)
    url = reverse("compass:aid", args=[walk.pk])
    network = personas[Role.NETWORK]
    colleague = sign_in(Client(), network)
    for person in (
        network,
        personas[Role.ADMIN],
        personas[Role.INTEGRITY_OFFICER],
        personas.outsider,
    ):
        assert sign_in(Client(), person).get(url).status_code == 404
        assert (
            sign_in(Client(), person)
            .get(reverse("compass:aid_step", args=[walk.pk, 1]))
            .status_code
            == 404
        )
    assert Client().get(url).status_code == 302

    owner.post(reverse("compass:aid_share", args=[walk.pk]), {"person": network.pk})
    page = colleague.get(url)
    assert page.status_code == 200 and SECRET_FACT in page.content.decode()
    shown = page.content.decode()  # read, not changed: no share or delete form, no private note
    assert reverse("compass:aid_share", args=[walk.pk]) not in shown
    assert reverse("compass:aid_delete", args=[walk.pk]) not in shown
    assert reverse("compass:aid_step", args=[walk.pk, 0]) not in shown
    assert colleague.get(reverse("compass:aid_step", args=[walk.pk, 1])).status_code == 404
    assert colleague.post(reverse("compass:aid_delete", args=[walk.pk])).status_code == 404
    assert AuditEvent.objects.filter(action="compass.walk_viewed", actor_id=network.pk).exists()
    assert AuditEvent.objects.filter(
        action="compass.walk_shared", actor_id=personas.member.pk
    ).exists()

    share = WalkShare.objects.get()
    owner.post(reverse("compass:aid_unshare", args=[walk.pk, share.pk]))
    assert colleague.get(url).status_code == 404


def test_sharing_with_someone_of_another_zone_is_refused(personas) -> None:
    owner = sign_in(Client(), personas.member)
    walk = walk_through(owner)
    owner.post(reverse("compass:aid_share", args=[walk.pk]), {"person": personas.outsider.pk})
    assert not WalkShare.objects.exists()


def test_the_owner_deletes_the_walk(personas) -> None:
    owner = sign_in(Client(), personas.member)
    walk = walk_through(owner)
    owner.post(reverse("compass:aid_delete", args=[walk.pk]))
    assert not DilemmaWalk.objects.exists()
    assert AuditEvent.objects.filter(action="compass.walk_deleted").exists()


def test_the_last_step_shows_the_zone_s_contacts(personas) -> None:
    client = sign_in(Client(), personas.member)
    walk = walk_through(client)
    page = client.get(reverse("compass:aid_step", args=[walk.pk, 7]))
    listed = re.findall(r"<li>([^<:]+): ([^<]+?)(?: · |</li>)", page.content.decode())
    leader, network, oversight = (
        personas[Role.COORDINATOR],
        personas[Role.NETWORK],
        personas[Role.OVERSIGHT],
    )
    assert ("Uw directe leidinggevende", leader.full_name) in listed
    assert [name for label, name in listed if label == "Netwerk integriteit"] == [network.full_name]
    assert [name for label, name in listed if label == "Dienst intern toezicht en integriteit"] == [
        oversight.full_name
    ]
    assert f'href="mailto:{network.email}"' in page.content.decode()


def test_a_conversation_sheet_is_private_sealed_and_printable(personas) -> None:
    client = sign_in(Client(), personas.member)
    data = {"token": "sheet-token-000000001", "about": "Gesprek met Jan over de tankkaart"}
    data.update({f"step_{i}": f"Stap {i} voorbereid" for i in range(7)})
    answer = client.post(reverse("compass:sheet_new", args=["addressing"]), data)
    client.post(reverse("compass:sheet_new", args=["addressing"]), data)  # a retry
    sheet = ConversationSheet.objects.get()
    assert answer["Location"] == reverse("compass:sheet", args=[sheet.pk])
    assert b"tankkaart" not in bytes(sheet.sealed)
    page = client.get(answer["Location"]).content.decode()
    assert "Stap 6 voorbereid" in page and 'class="print-only"' in page
    for person in (personas[Role.INTEGRITY_OFFICER], personas[Role.ADMIN], personas.outsider):
        assert sign_in(Client(), person).get(answer["Location"]).status_code == 404
    assert client.get(reverse("compass:sheet_new", args=["nonsense"])).status_code == 404
    client.post(reverse("compass:sheet_delete", args=[sheet.pk]))
    assert not ConversationSheet.objects.exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"compass.sheet_created", "compass.sheet_deleted"} <= actions
