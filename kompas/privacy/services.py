"""Changes to the zone's privacy texts and contacts: each adds a row (history) and is audited in
the same transaction; nothing is edited in place. Only the integrity officer and the functional
administrator may (`privacy.edit_texts`); the data protection officer reads them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kompas.accounts.models import Person
from kompas.audit.services import record
from kompas.lib import sealed
from kompas.lib.clock import add_months, today
from kompas.privacy.models import (
    SEALED_REQUEST,
    DataSubjectRequest,
    NoticeText,
    PrivacyContacts,
    Requester,
    RequestKind,
    RequestState,
)
from kompas.privacy.texts import KEYS


def _require(by: Person) -> str:
    """The role under which ``by`` changes the texts, or a refusal."""
    if not by.has_perm("privacy.edit_texts"):
        raise PermissionDenied
    return "integrity_officer" if by.has_role("integrity_officer") else "admin"


def change_contacts(*, by: Person, values: dict[str, Any]) -> PrivacyContacts:
    """Put new contacts in force (`VersionedRules.new_version`); the same contacts add nothing."""
    role = _require(by)
    with transaction.atomic():
        contacts, added = PrivacyContacts.new_version(zone_id=by.zone_id, by=by, values=values)
        if added:
            record(
                "privacy.contacts_changed",
                actor=by,
                role=role,
                obj=contacts,
                zone_id=by.zone_id,
                detail={"missing": ",".join(contacts.missing())},
            )
    return contacts


@transaction.atomic
def change_text(*, by: Person, key: str, texts: dict[str, str]) -> NoticeText:
    """Put the zone's own wording of one part of its notices in force (Dutch required, French
    and English optional: a language left empty reads the Dutch text). The same texts as those
    in force add nothing (a double submit or a retry)."""
    role = _require(by)
    if key not in KEYS:
        raise ValidationError(_("Unknown part of the notices."))
    cleaned = {lang: text.strip() for lang, text in texts.items() if text and text.strip()}
    if "nl" not in cleaned:
        raise ValidationError(_("The Dutch text is required."))
    newest = (
        NoticeText.objects.select_for_update(no_key=True)
        .filter(zone_id=by.zone_id, key=key)
        .order_by("-pk")
        .first()
    )
    if newest is not None and newest.texts == cleaned:
        return newest
    text = NoticeText.objects.create(
        zone_id=by.zone_id, key=key, texts=cleaned, created_on=today(), created_by=by
    )
    record("privacy.text_changed", actor=by, role=role, obj=text, detail={"key": key})
    return text


def reader_role(person: Person) -> str:
    """The role under which a look at the records or the registers' counts is audited."""
    for role in ("dpo", "integrity_officer", "admin"):
        if person.has_role(role):
            return role
    return ""


# --- Data-subject requests -------------------------------------------------------------------


def request_role(person: Person) -> str:
    """The role under which ``person`` handles data-subject requests, or a refusal."""
    if not person.has_perm("privacy.handle_requests"):
        raise PermissionDenied
    return "dpo" if person.has_role("dpo") else "integrity_officer"


def _audit_request(action: str, *, by: Person, role: str, request: DataSubjectRequest) -> None:
    record(
        action,
        actor=by,
        role=role,
        obj=request,
        zone_id=request.zone_id,
        # The kind and state only: the reason of a restriction stays on the request's page.
        detail={"kind": request.kind, "state": request.state},
    )


@transaction.atomic
def register_request(
    *,
    by: Person,
    kind: str,
    requester: str,
    person: Person | None,
    name: str,
    contact: str,
    details: str,
    received_on: date,
    token: str,
) -> tuple[DataSubjectRequest, bool]:
    """Register a request received on ``received_on``, to answer within a month. A member is
    one of the zone's people; a citizen or a person concerned is who the request says (name and
    contact sealed). The form's token makes a double submit register it once."""
    role = request_role(by)
    existing = DataSubjectRequest.objects.filter(zone_id=by.zone_id, submission_token=token).first()
    if existing is not None:
        return existing, False
    errors: dict[str, str] = {}
    if kind not in RequestKind.values:
        errors["kind"] = _("Choose the right asked for.")
    if requester not in Requester.values:
        errors["requester"] = _("Choose who asks.")
    if requester == Requester.MEMBER:
        if person is None or person.zone_id != by.zone_id:
            errors["person"] = _("Choose the member of staff who asks.")
    elif not name.strip():
        errors["name"] = _("Give the name the request gives.")
    if received_on > today():
        errors["received_on"] = _("The date cannot lie in the future.")
    if errors:
        raise ValidationError(errors)
    request = DataSubjectRequest(
        zone_id=by.zone_id,
        kind=kind,
        requester=requester,
        person=person if requester == Requester.MEMBER else None,
        integrity_only=requester == Requester.CONCERNED,
        received_on=received_on,
        due_on=add_months(received_on, DataSubjectRequest.MONTHS),
        registered_by=by,
        submission_token=token,
        sealed=sealed.seal_json(
            SEALED_REQUEST,
            {
                "name": "" if requester == Requester.MEMBER else name.strip(),
                "contact": contact.strip(),
                "details": details.strip(),
            },
        ),
    )
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:  # a double submit racing this one registered it first
        return DataSubjectRequest.objects.get(submission_token=token, zone_id=by.zone_id), False
    _audit_request("privacy.request_registered", by=by, role=role, request=request)
    if request.person is not None:
        _tell_member(request, request.person)
    return request, True


def _tell_member(request: DataSubjectRequest, member: Person) -> None:
    """The member is told that a request in their name was registered (the day received and
    the right, nothing else), enqueued with the registration: nobody can look a colleague up
    through a request without the colleague knowing."""
    from django.utils import translation

    from kompas.lib import mail
    from kompas.lib.dates import shown_day

    if not member.email:
        return
    with translation.override(member.language):
        subject = _("Kompas: your data-subject request is registered")
        body = _(
            "Your request to exercise a right over your data (%(right)s), received on %(day)s, "
            "has been registered."
        ) % {"right": request.get_kind_display(), "day": shown_day(request.received_on)}
    mail.send(subject, body, member.email)


def _locked(request: DataSubjectRequest, by: Person) -> DataSubjectRequest:
    """The request locked, if ``by`` may see it (`DataSubjectRequest.visible_to`)."""
    found = (
        DataSubjectRequest.objects.visible_to(by)
        .select_for_update(no_key=True)
        .filter(pk=request.pk)
        .first()
    )
    if found is None:
        raise PermissionDenied
    return found


@transaction.atomic
def extend_request(*, by: Person, request: DataSubjectRequest, reason: str) -> DataSubjectRequest:
    """Two further months (GDPR art. 12(3)), with the reason the person is told (sealed)."""
    role = request_role(by)
    if request.zone_id != by.zone_id:
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the answer needs more time.")})
    request = _locked(request, by)
    contents = request.contents()
    if (
        request.state == RequestState.EXTENDED
        and contents.get("extension_reason") == reason.strip()
    ):
        return request  # a double submit or a retry: extended already, with this reason
    request.extend(on=today())
    contents["extension_reason"] = reason.strip()
    request.sealed = sealed.seal_json(SEALED_REQUEST, contents)
    request.save(update_fields=["state", "extended_on", "due_on", "sealed"])
    _audit_request("privacy.request_extended", by=by, role=role, request=request)
    return request


# What was done must be said for these rights: Kompas changes nothing by itself, and a
# declaration someone must keep by law is kept (the answer says what, and why).
SAYS_WHAT_WAS_DONE = (
    RequestKind.RECTIFICATION,
    RequestKind.ERASURE,
    RequestKind.RESTRICTION,
    RequestKind.OBJECTION,
)


@transaction.atomic
def answer_request(
    *,
    by: Person,
    request: DataSubjectRequest,
    state: str,
    restriction: str,
    answer: str,
    changed: str,
    kept: str,
) -> DataSubjectRequest:
    """Record the answer: answered, refused, or restricted by the whistleblowing law (with the
    reason from the list: the person is told no more than the restriction). For rectification,
    erasure, restriction and objection an answer says what was changed and what was kept and
    why. Everything written is sealed, and so are a restriction's reason and the member's row
    (the readable state says "answered"); the day is readable."""
    role = request_role(by)
    if request.zone_id != by.zone_id:
        raise PermissionDenied
    errors: dict[str, str] = {}
    if not answer.strip():
        errors["answer"] = _("Write what the person was answered.")
    if (
        state == RequestState.ANSWERED
        and request.kind in SAYS_WHAT_WAS_DONE
        and not (changed.strip() or kept.strip())
    ):
        errors["changed"] = _("Say what was changed, or what was kept and why.")
    if errors:
        raise ValidationError(errors)
    request = _locked(request, by)
    contents = request.contents()
    restricted = state == RequestState.RESTRICTED
    if (
        not request.is_open
        and request.state == (RequestState.ANSWERED if restricted else state)
        and request.restriction(contents) == (restriction if restricted else "")
        and (contents.get("answer"), contents.get("changed"), contents.get("kept"))
        == (answer.strip(), changed.strip(), kept.strip())
    ):
        return request  # a double submit or a retry: answered already, as now
    contents.update(request.close(state=state, restriction=restriction, on=today(), by=by))
    contents.update(answer=answer.strip(), changed=changed.strip(), kept=kept.strip())
    request.sealed = sealed.seal_json(SEALED_REQUEST, contents)
    request.save(
        update_fields=[
            "state",
            "person",
            "integrity_only",
            "answered_on",
            "answered_by",
            "sealed",
        ]
    )
    _audit_request("privacy.request_answered", by=by, role=role, request=request)
    return request
