"""Signing in through the zone's provider (a real OpenID Connect provider on loopback)."""

from __future__ import annotations

import re
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import NoReverseMatch, reverse

from kompas.accounts.models import RoleAssignment
from kompas.accounts.roles import SENSITIVE_ROLES, Role
from kompas.audit.models import AuditEvent
from kompas.audit.services import verify_chain
from kompas.reporting.keys import HANDLER_ROLES
from kompas.sso import services
from kompas.sso.models import MAPPABLE_ROLES, Identity, ProviderGrant, RoleMapping, ZoneSignIn
from kompas.sso.tests.conftest import sign_in_through_provider
from kompas.testing import PASSWORD

pytestmark = pytest.mark.django_db


def link(person, sso, subject):
    return Identity.objects.create(person=person, issuer=sso.url, subject=subject)


def signed_in_id(client):
    return client.session.get("_auth_user_id")


def test_a_linked_member_signs_in_with_pkce_state_and_nonce_and_it_is_audited(
    client, personas, sso
):
    member = personas.member
    link(member, sso, "mila")

    trip = sign_in_through_provider(client, "mila")

    assert trip.authorize["code_challenge_method"] == ["S256"]
    assert len(trip.authorize["code_challenge"][0]) >= 43
    assert trip.authorize["nonce"][0] and trip.authorize["state"][0]
    assert trip.response.status_code == 302
    assert trip.response["Location"] == reverse("front:home")
    assert signed_in_id(client) == str(member.pk)
    event = AuditEvent.objects.filter(action="accounts.signed_in").latest("seq")
    assert event.actor_id == member.pk
    assert event.detail == {"via": "provider"}
    assert Identity.objects.get(person=member).last_used_at is not None
    assert client.get(reverse("front:home")).status_code == 200


def test_an_unknown_account_gets_a_clear_error_and_no_session(client, personas, sso):
    trip = sign_in_through_provider(client, "nobody")

    assert trip.response.status_code == 403
    assert "Kompas kent geen account" in trip.response.content.decode()
    assert signed_in_id(client) is None
    event = AuditEvent.objects.filter(action="sso.sign_in_failed").latest("seq")
    assert event.detail == {"reason": "unknown"}


def test_the_error_page_speaks_french_and_english_too(client, personas, sso):
    client.cookies["kompas_language"] = "fr"
    trip = sign_in_through_provider(client, "nobody")
    assert "Kompas ne connaît aucun compte" in trip.response.content.decode()


def test_an_e_mail_address_alone_links_nobody_by_default(client, personas, sso):
    member = personas.member
    claims = {"email": member.email, "email_verified": True}

    trip = sign_in_through_provider(client, "mila", claims)

    assert trip.response.status_code == 403
    assert not Identity.objects.exists()


def test_a_first_sign_in_links_by_verified_e_mail_where_the_zone_chose_so(client, personas, sso):
    member = personas.member
    ZoneSignIn.objects.create(zone=personas.zone, link_by_email=True)

    unverified = sign_in_through_provider(
        client, "mila", {"email": member.email, "email_verified": False}
    )
    assert unverified.response.status_code == 403
    assert not Identity.objects.exists()

    trip = sign_in_through_provider(client, "mila", {"email": member.email, "email_verified": True})
    assert trip.response.status_code == 302
    assert signed_in_id(client) == str(member.pk)
    assert Identity.objects.get(person=member).subject == "mila"
    assert AuditEvent.objects.filter(
        action="sso.identity_linked", object_id=str(member.pk)
    ).exists()


def test_an_address_already_linked_to_another_provider_account_is_not_linked_again(
    client, personas, sso
):
    member = personas.member
    ZoneSignIn.objects.create(zone=personas.zone, link_by_email=True)
    link(member, sso, "mila")

    trip = sign_in_through_provider(
        client, "mallory", {"email": member.email, "email_verified": True}
    )

    assert trip.response.status_code == 403
    assert signed_in_id(client) is None


def test_an_inactive_person_is_refused(client, personas, sso):
    member = personas.member
    member.is_active = False
    member.save()
    link(member, sso, "mila")

    trip = sign_in_through_provider(client, "mila")

    assert trip.response.status_code == 403
    assert signed_in_id(client) is None


def test_a_sensitive_role_still_takes_kompas_second_step_unless_the_zone_accepts_the_providers(
    client, personas, sso
):
    officer = personas[Role.HR]
    link(officer, sso, "hanna")

    sign_in_through_provider(client, "hanna", {"amr": ["pwd", "mfa"]})
    page = client.get(reverse("front:home"))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("accounts:second_factor_setup"))

    ZoneSignIn.objects.create(zone=personas.zone, provider_second_step=True)
    sign_in_through_provider(client, "hanna", {"amr": ["pwd"]})
    assert client.get(reverse("front:home")).status_code == 302

    sign_in_through_provider(client, "hanna", {"amr": ["pwd", "mfa"]})
    assert client.get(reverse("front:home")).status_code == 200
    assert AuditEvent.objects.filter(action="sso.provider_step_accepted").count() == 1


def test_a_handler_is_sent_to_open_their_key(client, personas, sso):
    officer = personas[Role.INTEGRITY_OFFICER]
    link(officer, sso, "ivo")

    trip = sign_in_through_provider(client, "ivo", next_url="/registers/")

    assert trip.response["Location"] == reverse("passkeys:unlock") + "?next=%2Fregisters%2F"


def test_a_handler_lands_on_next_where_the_passkeys_page_is_missing(
    client, personas, sso, settings
):
    """Until kompas.passkeys is installed, the reverse fails and the handler goes on unlocked."""
    officer = personas[Role.INTEGRITY_OFFICER]
    link(officer, sso, "ivo")
    settings.ROOT_URLCONF = "kompas.sso.tests.urls_without_passkeys"

    trip = sign_in_through_provider(client, "ivo", next_url="/registers/")

    assert trip.response["Location"] == "/registers/"
    with pytest.raises(NoReverseMatch):
        reverse("passkeys:unlock")


def test_groups_give_and_take_back_mapped_roles_and_leave_hand_granted_roles(client, personas, sso):
    member = personas.member
    link(member, sso, "mila")
    RoleMapping.objects.create(zone=personas.zone, group="g-net", role=Role.NETWORK)
    RoleMapping.objects.create(zone=personas.zone, group="g-comm", role=Role.COMMUNICATION)
    RoleAssignment.objects.create(person=member, role=Role.COMMUNICATION)

    sign_in_through_provider(client, "mila", {"groups": ["g-net", "g-comm", "other"]})
    held = set(RoleAssignment.objects.filter(person=member).values_list("role", "service_id"))
    assert held == {(Role.NETWORK, None), (Role.COMMUNICATION, None)}
    assert ProviderGrant.objects.count() == 1

    sign_in_through_provider(client, "mila", {"groups": []})
    held = set(RoleAssignment.objects.filter(person=member).values_list("role", "service_id"))
    assert held == {(Role.COMMUNICATION, None)}
    actions = list(
        AuditEvent.objects.filter(action__startswith="sso.role_")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["sso.role_granted", "sso.role_revoked"]


def test_no_handler_role_and_no_sensitive_role_can_be_mapped():
    mappable = {value for value, _label in MAPPABLE_ROLES}
    assert not (mappable & set(HANDLER_ROLES))
    assert not (mappable & set(SENSITIVE_ROLES))
    assert mappable == {Role.MTEAM, Role.NETWORK, Role.COMMUNICATION}


@pytest.mark.parametrize(
    "role", [Role.INTEGRITY_OFFICER, Role.CHIEF, Role.HEAD_OF_SERVICE, Role.COORDINATOR]
)
def test_a_group_never_gives_a_sensitive_or_handler_role(personas, role):
    admin = personas[Role.ADMIN]
    with pytest.raises(ValidationError):
        services.add_mapping(by=admin, group="g-x", role=role, service=personas.team)
    assert not RoleMapping.objects.exists()


@pytest.mark.parametrize("role", [Role.CHIEF, Role.COORDINATOR, Role.OVERSIGHT])
def test_a_handler_role_mapped_before_gives_nothing_at_sign_in(client, personas, sso, role):
    """The attacker manages a group at the provider that an old mapping (made before handler
    roles were refused, or written straight into the database) ties to a handler role: signing
    in with that group gives no role, and a grant it made earlier is taken back."""
    member = personas.member
    link(member, sso, "mila")
    service = personas.team if role == Role.COORDINATOR else None
    RoleMapping.objects.create(zone=personas.zone, group="g-boss", role=role, service=service)

    sign_in_through_provider(client, "mila", {"groups": ["g-boss"]})
    assert not RoleAssignment.objects.filter(person=member, role=role).exists()

    earlier = RoleAssignment.objects.create(person=member, role=role, service=service)
    ProviderGrant.objects.create(assignment=earlier)
    sign_in_through_provider(client, "mila", {"groups": ["g-boss"]})
    assert not RoleAssignment.objects.filter(person=member, role=role).exists()
    assert AuditEvent.objects.filter(action="sso.role_revoked", object_id=str(member.pk)).exists()


def test_the_migration_removes_handler_mappings_and_takes_back_their_roles(personas):
    member, chief = personas.member, personas[Role.CHIEF]
    boss = RoleMapping.objects.create(zone=personas.zone, group="g-boss", role=Role.CHIEF)
    coord = RoleMapping.objects.create(
        zone=personas.zone, group="g-c", role=Role.COORDINATOR, service=personas.team
    )
    kept = RoleMapping.objects.create(zone=personas.zone, group="g-comm", role=Role.COMMUNICATION)
    granted = RoleAssignment.objects.create(person=member, role=Role.CHIEF)
    ProviderGrant.objects.create(assignment=granted)
    comm = RoleAssignment.objects.create(person=member, role=Role.COMMUNICATION)
    ProviderGrant.objects.create(assignment=comm)

    migration = import_module("kompas.sso.migrations.0002_handler_roles_not_mappable")
    migration.remove_unmappable(django_apps, None)

    assert list(RoleMapping.objects.all()) == [kept]
    held = set(RoleAssignment.objects.filter(person=member).values_list("role", flat=True))
    assert held == {Role.COMMUNICATION}
    # The chief's own role, granted by hand, stays.
    assert RoleAssignment.objects.filter(person=chief, role=Role.CHIEF).exists()
    removed = AuditEvent.objects.filter(action="sso.mapping_removed")
    assert {e.object_id for e in removed} == {str(boss.pk), str(coord.pk)}
    assert {e.zone_id for e in removed} == {personas.zone.pk}
    revoked = AuditEvent.objects.get(action="sso.role_revoked")
    assert (revoked.object_id, revoked.detail["role"]) == (str(member.pk), Role.CHIEF)
    assert verify_chain().intact


def test_password_sign_in_is_refused_where_the_zone_switched_it_off(client, personas, sso):
    member = personas.member
    ZoneSignIn.objects.create(zone=personas.zone, password_allowed=False)

    response = client.post(
        reverse("accounts:login"), {"username": member.email, "password": PASSWORD}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Het e-mailadres of het wachtwoord is niet juist" in page
    assert "Aanmelden met Test provider" in page
    assert signed_in_id(client) is None
    assert AuditEvent.objects.filter(
        action="accounts.sign_in_failed", object_id=str(member.pk)
    ).exists()
    # Another zone still signs in with its password.
    other = client.post(
        reverse("accounts:login"), {"username": personas.outsider.email, "password": PASSWORD}
    )
    assert other.status_code == 302


def _answer(client, email, password):
    response = Client().post(reverse("accounts:login"), {"username": email, "password": password})
    page = response.content.decode()
    said = "Het e-mailadres of het wachtwoord is niet juist." in page
    return response.status_code, said, response.get("Location"), len(page.split())


def test_where_passwords_are_off_nobody_learns_whether_a_password_is_right(client, personas, sso):
    """The attacker tries a stolen password on a zone that signs in through its provider: the
    right one, a wrong one and an unknown address get the same answer, and the right one is
    counted towards the lockout like any wrong one."""
    member = personas.member
    ZoneSignIn.objects.create(zone=personas.zone, password_allowed=False)

    right = _answer(client, member.email, PASSWORD)
    wrong = _answer(client, member.email, "not-the-password-1")
    unknown = _answer(client, "nobody-here@example.test", PASSWORD)

    assert right == wrong == unknown
    assert right[:3] == (200, True, None)
    failed = AuditEvent.objects.filter(action="accounts.sign_in_failed", object_id=str(member.pk))
    assert failed.count() == 2  # the right password counted as a failure too

    # Right passwords alone lock the address out, as wrong ones do.
    for _attempt in range(5):
        locked = Client().post(
            reverse("accounts:login"), {"username": member.email, "password": PASSWORD}
        )
    assert locked.status_code == 429


def test_the_password_off_check_costs_one_query_known_or_unknown(personas, sso, rf):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ZoneSignIn.objects.create(zone=personas.zone, password_allowed=False)
    counts = []
    for email in (personas.member.email, personas.outsider.email, "nobody@example.test"):
        with CaptureQueriesContext(connection) as queries:
            services.password_off_for_address(email)
        counts.append(len(queries))
    assert counts == [1, 1, 1]
    assert services.password_off_for_address(personas.member.email.upper())
    assert not services.password_off_for_address(personas.outsider.email)


def test_the_password_works_again_when_the_provider_is_unconfigured(client, personas, settings):
    ZoneSignIn.objects.create(zone=personas.zone, password_allowed=False)
    settings.OIDC_ISSUER = ""
    response = client.post(
        reverse("accounts:login"), {"username": personas.member.email, "password": PASSWORD}
    )
    assert response.status_code == 302


def test_the_sign_in_page_offers_the_provider_only_when_configured(client, db, settings, sso):
    page = client.get(reverse("accounts:login") + "?next=/registers/").content.decode()
    assert "Aanmelden met Test provider" in page
    assert reverse("sso:start") + "?next=%2Fregisters%2F" in page
    settings.OIDC_ISSUER = ""
    assert "Test provider" not in client.get(reverse("accounts:login")).content.decode()
    assert client.get(reverse("sso:start")).status_code == 404
    assert client.get(reverse("sso:callback")).status_code == 404


def test_a_session_through_the_provider_ends_when_the_person_is_made_inactive(
    client, personas, sso
):
    member = personas.member
    link(member, sso, "mila")
    sign_in_through_provider(client, "mila")
    assert client.get(reverse("front:home")).status_code == 200

    type(member).objects.filter(pk=member.pk).update(is_active=False)

    assert client.get(reverse("front:home")).status_code == 302


def test_a_reset_where_passwords_are_off_mails_no_link_but_says_the_same(
    client, personas, sso, mailbox, django_capture_on_commit_callbacks
):
    """Somebody asks for a password link for an account of a zone that signs in through its
    provider: the page is the one everybody gets, and the mail holds no link to choose a
    password (it could not be used), only how to sign in."""
    member = personas.member
    ZoneSignIn.objects.create(zone=personas.zone, password_allowed=False)

    answers = []
    for email in (member.email, personas.outsider.email, "nobody@example.test"):
        with django_capture_on_commit_callbacks(execute=True):
            answer = client.post(reverse("accounts:password_reset"), {"email": email})
        answers.append((answer.status_code, answer["Location"]))
    assert answers[0] == answers[1] == answers[2] == (302, reverse("accounts:password_reset_done"))

    mails = {m["To"]: m for m in mailbox.wait_for(2)}
    assert set(mails) == {member.email, personas.outsider.email}
    body = mails[member.email].get_payload(decode=True).decode()
    assert "/account/password/reset/" not in body and "token" not in body
    assert "Aanmelden met Test provider" in body
    assert reverse("accounts:login") in body
    outsider_body = mails[personas.outsider.email].get_payload(decode=True).decode()
    assert re.search(r"/account/\S*reset\S*/", outsider_body)  # the other zone gets its link
