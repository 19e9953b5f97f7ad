"""Workflows of the reporting channel: intake, routing, follow-up by receipt, and case handling.

Every function that changes a report writes its audit event in the same transaction. Audit events
never name a reporter: intake and reporter acts are recorded without actor and with the day only.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from kompas.accounts.models import Person, Service, Zone
from kompas.accounts.roles import Role
from kompas.audit.models import CASE_NUMBER
from kompas.audit.services import record
from kompas.lib.clock import today
from kompas.lib.dates import shown_day
from kompas.lib.prepared import Prepared
from kompas.reporting import crypto
from kompas.reporting.files import CleanFile, read_decrypted, remove, write_encrypted
from kompas.reporting.models import (
    MEETING_OVER,
    Attachment,
    Author,
    Channel,
    ChannelSettings,
    Grant,
    GrantReason,
    HandlerKey,
    IdentityMode,
    Kind,
    Meeting,
    MeetingState,
    Message,
    Report,
    RevealRequest,
    RevealState,
    Substitute,
    Task,
)
from kompas.reporting.notices import notify_new_case
from kompas.reporting.recovery import seal_for_recovery

# Who receives a report of each kind. Congratulations go to the person's leaders (see route()).
ROUTES: dict[str, tuple[str, ...]] = {
    Kind.ADVICE: (Role.OVERSIGHT,),
    Kind.BREACH: (Role.OVERSIGHT,),
    Kind.COMPLAINT: (Role.OVERSIGHT,),
    Kind.WELLBEING: (Role.COUNSELLOR, Role.PAPS),
    Kind.CONGRATULATION: (Role.CHIEF,),
    Kind.RETALIATION: (Role.OVERSIGHT,),
}


@dataclass
class NewReport:
    """What a reporter tells; ``involved`` are people of the zone, ``involved_text`` free text."""

    kind: str
    channel: str
    identity_mode: str
    what: str
    when: str = ""
    where: str = ""
    involved_text: str = ""
    involved: list[Person] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    addressed_colleague: str = ""
    told_leader: str = ""
    own_leaders_involved: bool = False
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    files: list[CleanFile] = field(default_factory=list)
    # The language the reporter used: what Kompas writes to them is in it (sealed with the
    # content: a report in the zone's less common language would otherwise stand out).
    language: str = ""


# When no usual handler of a kind can receive a report (all kept out, or none with a key yet):
# first the zone's substitutes for the kind (`Substitute`), then these roles in turn, the next
# impartial recipients the zone's policy names. A report is never routed to nobody.
FALLBACK: tuple[str, ...] = (Role.INTEGRITY_OFFICER, Role.DISCIPLINARY, Role.CHIEF)

# How the reporter is told, in general terms, who handles the report (``Routing.handled_by``).
USUAL = "usual"
SUBSTITUTE = "substitute"


@dataclass(frozen=True)
class Routing:
    """Who receives a report, who must never see it, and in general terms who handles it: the
    kind's usual handlers (``USUAL``), a substitute the zone named (``SUBSTITUTE``), or the role
    of ``FALLBACK`` that received it."""

    recipients: list[Person]
    excluded: set[int]
    handled_by: str


class NobodyToReceive(ValidationError):
    """Every possible recipient is kept out: the report is not filed (nothing typed is lost)."""


def _receivers(zone_id: int, excluded: set[int], **where: Any) -> list[Person]:
    """Active people of the zone matching ``where`` who can open a case (an active key) and are
    not kept out, in a stable order."""
    people = (
        Person.objects.filter(zone_id=zone_id, is_active=True, handler_keys__active=True, **where)
        .exclude(pk__in=excluded)
        .distinct()
        .order_by("pk")
    )
    return list(people)


def route_kind(zone_id: int, kind: str, excluded: set[int]) -> Routing:
    """The usual handlers of ``kind``, else its substitutes, else the fallback roles in turn;
    never anyone in ``excluded``. Raises NobodyToReceive when all of them are kept out."""
    usual = _receivers(zone_id, excluded, roles_held__role__in=ROUTES[kind])
    if usual:
        return Routing(usual, excluded, USUAL)
    substitutes = _receivers(
        zone_id,
        excluded,
        pk__in=Substitute.objects.filter(zone_id=zone_id, kind=kind).values("person_id"),
    )
    if substitutes:
        return Routing(substitutes, excluded, SUBSTITUTE)
    for role in FALLBACK:
        fallback = _receivers(zone_id, excluded, roles_held__role=role)
        if fallback:
            return Routing(fallback, excluded, role)
    roles = {*ROUTES[kind], *FALLBACK}
    impartial = Person.objects.filter(zone_id=zone_id, is_active=True, roles_held__role__in=roles)
    if impartial.exclude(pk__in=excluded).exists():
        # Impartial handlers exist, but none has signed in yet (a key is made at first sign-in).
        raise NobodyToReceive(
            _(
                "The handlers of this channel cannot receive reports yet, so it was not sent. "
                "Nothing you typed is lost: try again later, or report to the external channel "
                "(Comité P)."
            )
        )
    raise NobodyToReceive(
        _(
            "Every person who could handle this report in Kompas is involved in it, so it was "
            "not sent. Nothing you typed is lost. Report it to the external channel (Comité P) "
            "instead, or talk to a confidential counsellor."
        )
    )


def handled_by_text(kind: str, handled_by: str) -> str:
    """Who handles a report, in the general terms the reporter is told."""
    if handled_by == USUAL:
        roles = ", ".join(str(Role(role).label) for role in ROUTES[kind])
        return _("%(roles)s, as usual for this kind of report.") % {"roles": roles}
    if handled_by == SUBSTITUTE:
        who = _("A substitute the integrity officer named for this kind of report")
    else:
        who = str(Role(handled_by).label)
    return _(
        "%(who)s, because the people who usually handle it are involved or cannot receive it."
    ) % {"who": who}


def route(zone: Zone, data: NewReport, reporter: Person | None) -> Routing:
    """The handlers who receive the report, and the people who must never see it.

    Excluded: everyone named as involved, the reporter of a named report, and when the reporter
    says their own leaders are involved, the reporter's whole chain of command. The reporter of an
    anonymous or confidential report is not kept out: one handler missing from a case's handlers
    (its grants, who opened it) would be the one who reported it.
    """
    excluded = {person.pk for person in data.involved}
    if reporter is not None:
        if data.identity_mode == IdentityMode.NAMED:
            excluded.add(reporter.pk)
        if data.own_leaders_involved:
            excluded.update(leader.pk for leader in reporter.chain_of_command())
    routing = route_kind(zone.pk, data.kind, excluded)
    if data.kind == Kind.CONGRATULATION:
        recipients = list(routing.recipients)
        leaders = _receivers(
            zone.pk, excluded, pk__in=[p.leader_id for p in data.involved if p.leader_id]
        )
        recipients += [leader for leader in leaders if leader not in recipients]
        return Routing(recipients, excluded, routing.handled_by)
    return routing


# Report numbers are drawn at random within the year (2026-48213), never counted up: counted, a
# number would tell the order of filing, and a marker report filed at a known moment (anyone can
# file one on the public form and read its number on the receipt) would place every other report
# before or after it.
NUMBER_DIGITS = 5
_NUMBERING_LOCK = 0x4B6F6D6E  # the first key of the zone's numbering lock (the second: the zone)


def _lock_numbering(zone: Zone) -> None:
    """One new number at a time per zone. A transaction-level advisory lock on PostgreSQL, not a
    row lock: a row lock writes the locking transaction into the zone row (xmax), which would
    place each report among timed events (SQLite writes one transaction at a time anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s::int, %s::int)", [_NUMBERING_LOCK, zone.pk]
            )


def _next_number(zone: Zone, year: int) -> str:
    """A number of the year that no report of the zone has, drawn at random."""
    _lock_numbering(zone)
    draw = secrets.SystemRandom().randrange
    while True:
        number = f"{year}-{draw(1, 10**NUMBER_DIGITS):0{NUMBER_DIGITS}d}"
        if not Report.objects.filter(zone=zone, number=number).exists():
            return number


def submit_report(
    *, zone: Zone, data: NewReport, receipt: str, signed_in: Person | None = None
) -> tuple[Report, bool]:
    """File a report once: the same receipt submitted again (a double click, a retry) returns the
    report filed the first time. Returns the report and whether it was created now.

    ``signed_in`` is the member of staff reporting. Their identity is stored (encrypted) only for
    a named or confidential report; for an anonymous one it only keeps them, and on request their
    leaders, out of the case, and is then forgotten.
    """
    lookup = crypto.receipt_lookup(receipt)
    existing = Report.objects.filter(receipt_lookup=lookup).first()
    if existing is not None:
        return existing, False
    _validate(data, signed_in)
    # The slow part (Argon2id on the receipt) happens before the transaction takes its locks.
    keys = _ReceiptKeys.make(receipt)
    try:
        with transaction.atomic():
            return _create(zone, data, keys, lookup, signed_in), True
    except IntegrityError:
        existing = Report.objects.filter(receipt_lookup=lookup).first()
        if existing is None:
            raise
        return existing, False


def _validate(data: NewReport, signed_in: Person | None) -> None:
    if data.kind not in Kind.values or data.identity_mode not in IdentityMode.values:
        raise ValidationError(_("Choose what kind of report this is."))
    named = data.identity_mode != IdentityMode.ANONYMOUS
    if named and data.channel == Channel.STAFF and signed_in is None:
        raise ValidationError(_("A named or confidential report needs a signed-in reporter."))
    if not data.what.strip():
        raise ValidationError(_("Tell what happened."))


def _content(data: NewReport, routing: Routing) -> dict[str, Any]:
    return {
        "what": data.what,
        "when": data.when,
        "where": data.where,
        "involved_text": data.involved_text,
        "involved": [{"id": p.pk, "name": p.full_name} for p in data.involved],
        "addressed_colleague": data.addressed_colleague,
        "told_leader": data.told_leader,
        "own_leaders_involved": data.own_leaders_involved,
        # Kept so that sharing the case later never reaches someone who was kept out.
        "excluded": sorted(routing.excluded),
        # Who handles it in general terms, told to the reporter (never in readable metadata:
        # that the usual handlers were passed over would say they are involved).
        "handled_by": routing.handled_by,
        "language": data.language,
    }


def _identity(data: NewReport, reporter: Person | None) -> dict[str, str] | None:
    if data.identity_mode == IdentityMode.ANONYMOUS:
        return None
    if reporter is not None:
        return {
            "person_id": str(reporter.pk),
            "name": reporter.full_name,
            "email": reporter.email,
            "service": str(reporter.service or ""),
            "phone": data.contact_phone,
        }
    if any((data.contact_name, data.contact_email, data.contact_phone)):
        return {"name": data.contact_name, "email": data.contact_email, "phone": data.contact_phone}
    return None


@dataclass(frozen=True)
class _ReceiptKeys:
    case_key: bytes
    salt: bytes
    opslimit: int
    memlimit: int
    receipt_box: bytes

    @staticmethod
    def make(receipt: str) -> _ReceiptKeys:
        case_key = crypto.new_case_key()
        salt = crypto.new_salt()
        opslimit, memlimit = crypto.kdf_limits("receipt")
        receipt_key = crypto.derive_key(receipt, salt, opslimit, memlimit)
        return _ReceiptKeys(
            case_key, salt, opslimit, memlimit, crypto.encrypt(receipt_key, case_key)
        )


def _create(
    zone: Zone, data: NewReport, keys: _ReceiptKeys, lookup: str, signed_in: Person | None
) -> Report:
    received_on = today()
    acknowledge_by, feedback_by = Report.deadlines(received_on)
    routing = route(zone, data, signed_in)
    recipients = routing.recipients
    reporter = None if data.identity_mode == IdentityMode.ANONYMOUS else signed_in
    case_key = keys.case_key
    identity = _identity(data, reporter)
    report = Report.objects.create(
        zone=zone,
        number=_next_number(zone, received_on.year),
        kind=data.kind,
        channel=data.channel,
        identity_mode=data.identity_mode
        if identity is not None or data.identity_mode == IdentityMode.ANONYMOUS
        else IdentityMode.ANONYMOUS,
        values=sorted(set(data.values)),
        received_on=received_on,
        acknowledge_by=acknowledge_by,
        feedback_by=feedback_by,
        receipt_lookup=lookup,
        receipt_salt=keys.salt,
        receipt_opslimit=keys.opslimit,
        receipt_memlimit=keys.memlimit,
        receipt_box=keys.receipt_box,
        content_box=crypto.encrypt_json(case_key, _content(data, routing)),
        identity_box=crypto.encrypt_json(case_key, identity) if identity else None,
        recovery_box=seal_for_recovery(zone.pk, case_key),
    )
    report.services.set([s for s in data.services if s.zone_id == zone.pk])
    for person in recipients:
        _grant(report, person, case_key, GrantReason.ROUTING)
    report.handled_by = handled_by_text(data.kind, routing.handled_by)  # type: ignore[attr-defined]
    report.attachments_failed = not store_files(  # type: ignore[attr-defined]
        report, case_key, data.files, message=None, from_reporter=True
    )
    if ChannelSettings.of(zone.pk).auto_acknowledge:
        report.acknowledge(on=received_on)
        report.save(update_fields=["status", "acknowledged_on", "feedback_by"])
        _tell_reporter_received(report, case_key, handler=None, on=received_on)
    notify_new_case(report, recipients)
    record(
        "reporting.report_received",
        obj=report,
        zone_id=zone.pk,
        held=True,
        detail={
            "kind": report.kind,
            "channel": report.channel,
            "handlers": len(recipients),
            "files": len(data.files),
        },
    )
    return report


def store_files(
    report: Report,
    case_key: bytes,
    files: list[CleanFile],
    *,
    message: Message | None,
    from_reporter: bool,
) -> bool:
    """Encrypt and store the files. When the disk fails, the report is kept without them and the
    caller tells the reporter to add them later; returns whether all were stored."""
    written: list[str] = []
    try:
        for item in files:
            stored_name = write_encrypted(case_key, item.data)
            written.append(stored_name)
            Attachment.objects.create(
                report=report,
                message=message,
                from_reporter=from_reporter,
                stored_name=stored_name,
                content_type=item.content_type,
                size=len(item.data),
                name_box=crypto.encrypt(case_key, item.name.encode()),
                created_on=today(),
            )
    except OSError:
        for stored_name in written:
            remove(stored_name)
        Attachment.objects.filter(stored_name__in=written).delete()
        return False
    return True


def read_attachment(attachment: Attachment, case_key: bytes) -> tuple[str, bytes]:
    name = crypto.decrypt(case_key, attachment.name_box).decode()
    return name, read_decrypted(case_key, attachment.stored_name)


def _grant(report: Report, person: Person, case_key: bytes, reason: str) -> Grant | None:
    key = HandlerKey.objects.filter(person=person, active=True).first()
    if key is None:
        return None  # the handler never signed in; a colleague shares the case later
    return Grant.objects.create(
        report=report,
        person=person,
        key=key,
        sealed_case_key=crypto.seal(key.public_key, case_key),
        reason=reason,
        granted_on=today(),
    )


def _tell_reporter_received(
    report: Report, case_key: bytes, *, handler: Person | None, on: date
) -> None:
    """The acknowledgement, in the language the reporter used, whatever the handler's."""
    with translation.override(reporter_language(report, case_key)):
        text = _(
            "We received your report on %(day)s and will look into it. You get feedback by "
            "%(due)s at the latest. Keep your receipt to follow up."
        ) % {
            "day": shown_day(report.received_on),
            "due": shown_day(report.feedback_by),
        }
    Message.objects.create(
        report=report,
        position=Message.next_position(report.pk),
        author=Author.HANDLER,
        handler=handler,
        created_on=on,
        body_box=crypto.encrypt(case_key, text.encode()),
    )


def reporter_language(report: Report, case_key: bytes) -> str:
    """The language the reporter used (sealed in the content); the zone's default for reports
    from before it was kept, or a language no longer offered."""
    from django.conf import settings

    language = crypto.decrypt_json(case_key, report.content_box).get("language", "")
    offered = {code for code, _name in settings.LANGUAGES}
    return language if language in offered else settings.LANGUAGE_CODE


# --- Reading a case ---------------------------------------------------------------------------


@dataclass
class OpenCase:
    """A report opened with its case key: the decrypted content, for one request only."""

    report: Report
    case_key: bytes
    content: dict[str, Any]

    def message_bodies(
        self, *, include_internal: bool, messages: list[Message] | None = None
    ) -> list[tuple[Message, str]]:
        """The conversation, opened (``messages``: read already with `conversation_of`)."""
        if messages is None:
            messages = conversation_of(self.report, include_internal=include_internal)
        return [
            (message, crypto.decrypt(self.case_key, message.body_box).decode())
            for message in messages
        ]


def with_names(rows: Any, *people: str) -> Any:
    """Rows with the people they name (``people``: the relations) joined with their names only:
    what the case pages show of a handler, without compiling and loading all of a person's
    columns for each row."""
    own = [f.name for f in rows.model._meta.concrete_fields]
    names = [f"{person}__{name}" for person in people for name in ("first_name", "last_name")]
    return rows.select_related(*people).only(*own, *names)


# A case's messages with their handlers' names: read on every look at a case (compiled once,
# `kompas.lib.prepared`; the case page's reads and why: reporting/README.md).
_CONVERSATION: Prepared[Message] = Prepared(
    lambda report_id: with_names(Message.objects.filter(report_id=report_id), "handler")
)


def conversation_of(report: Report, *, include_internal: bool) -> list[Message]:
    """A case's messages, still sealed: all of them with their handlers for the handlers, those
    the reporter sees for the reporter."""
    if include_internal:
        return _CONVERSATION(report_id=report.pk)
    return list(report.messages.filter(internal=False))


def case_key_for_handler(
    report: Report, person: Person, private_key: bytes, grants: list[Grant] | None = None
) -> bytes:
    """The case key unsealed with this handler's active grant (``grants``: the report's active
    grants, if read already)."""
    if grants is None:
        grant = Grant.objects.filter(report=report, person=person, active=True).first()
    else:
        grant = next(
            (
                g
                for g in grants
                if g.report_id == report.pk and g.person_id == person.pk and g.active
            ),
            None,
        )
    if grant is None:
        raise PermissionDenied
    try:
        return crypto.unseal(private_key, grant.sealed_case_key)
    except crypto.DecryptionError as exc:
        # Sealed to a key the handler no longer uses (a new key pair after a lost passkey or a
        # reset password): a colleague or the recovery key gives the case back to the new one.
        raise PermissionDenied from exc


def open_for_handler(
    report: Report, person: Person, private_key: bytes, grants: list[Grant] | None = None
) -> OpenCase:
    """The case opened with the handler's key, the look recorded (in the caller's transaction,
    or in one of its own, committed before this returns: then the case page's, which reads
    what it shows before it opens the case)."""
    case_key = case_key_for_handler(report, person, private_key, grants)
    content = crypto.decrypt_json(case_key, report.content_box)
    record("reporting.case_opened", actor=person, obj=report)
    return OpenCase(report, case_key, content)


def open_with_receipt(receipt: str) -> tuple[Report, bytes] | None:
    """The report and its case key for a receipt, or None when the receipt is not right."""
    normalised = crypto.normalise_receipt(receipt)
    if normalised is None:
        return None
    report = Report.objects.filter(receipt_lookup=crypto.receipt_lookup(normalised)).first()
    if report is None or report.receipt_box is None or report.receipt_salt is None:
        return None
    assert report.receipt_opslimit is not None and report.receipt_memlimit is not None
    receipt_key = crypto.derive_key(
        normalised, bytes(report.receipt_salt), report.receipt_opslimit, report.receipt_memlimit
    )
    try:
        return report, crypto.decrypt(receipt_key, report.receipt_box)
    except crypto.DecryptionError:
        return None


# --- Messages ---------------------------------------------------------------------------------


@transaction.atomic
def reporter_writes(
    *, report: Report, case_key: bytes, body: str, files: list[CleanFile] | None = None
) -> Message:
    """The reporter answers or adds information; nothing links the message to a person or a time."""
    message = _write(report, case_key, body, files, author=Author.REPORTER)
    record("reporting.reporter_wrote", obj=report, held=True, detail={"files": len(files or [])})
    return message


@transaction.atomic
def handler_writes(
    *,
    report: Report,
    handler: Person,
    case_key: bytes,
    body: str,
    internal: bool,
    files: list[CleanFile] | None = None,
) -> Message:
    """A question or answer for the reporter, or (``internal``) a note only handlers read."""
    message = _write(
        report, case_key, body, files, author=Author.HANDLER, handler=handler, internal=internal
    )
    record(
        "reporting.note_written" if internal else "reporting.handler_wrote",
        actor=handler,
        obj=report,
    )
    return message


def _write(
    report: Report,
    case_key: bytes,
    body: str,
    files: list[CleanFile] | None,
    *,
    author: str,
    **fields: Any,
) -> Message:
    """A message (its text sealed with the case key) and its files, in the caller's transaction."""
    report.require_open()
    body = body.strip()
    if not body and not files:
        raise ValidationError(_("Write a message first."))
    message = Message.objects.create(
        report=report,
        position=Message.next_position(report.pk),
        author=author,
        created_on=today(),
        body_box=crypto.encrypt(case_key, body.encode()),
        **fields,
    )
    from_reporter = author == Author.REPORTER
    if files and not store_files(
        report, case_key, files, message=message, from_reporter=from_reporter
    ):
        raise ValidationError(_("The files could not be stored. Try again later."))
    return message


# --- Case handling ----------------------------------------------------------------------------

STEPS = ("acknowledge", "assess", "investigate", "outcome", "feedback", "close")


@transaction.atomic
def advance(
    *,
    report: Report,
    handler: Person,
    case_key: bytes,
    step: str,
    choice: str = "",
    on: date | None = None,
) -> None:
    """Move a case one step on its way; an acknowledgement also tells the reporter."""
    report = Report.objects.select_for_update(no_key=True).get(pk=report.pk)
    day = on or today()
    if step == "acknowledge":
        report.acknowledge(on=day)
    elif step == "assess":
        report.assess(on=day, assessment=choice)
    elif step == "investigate":
        report.start_investigation()
    elif step == "outcome":
        report.decide_outcome(on=day, outcome=choice)
    elif step == "feedback":
        report.record_feedback(on=day)
    elif step == "close":
        report.close(on=day)
    else:
        raise ValidationError(_("Unknown step."))
    report.save()
    if step == "acknowledge":
        _tell_reporter_received(report, case_key, handler=handler, on=day)
    record(
        f"reporting.case_{step}",
        actor=handler,
        obj=report,
        detail={"status": report.status, "choice": choice},
    )


# --- Who handles the case ---------------------------------------------------------------------


# Who a case can be shared with, by kind: the impartial services, never the line by default.
SHAREABLE: dict[str, tuple[str, ...]] = {
    Kind.ADVICE: (Role.OVERSIGHT, Role.INTEGRITY_OFFICER),
    Kind.BREACH: (Role.OVERSIGHT, Role.INTEGRITY_OFFICER, Role.DISCIPLINARY),
    Kind.COMPLAINT: (Role.OVERSIGHT, Role.INTEGRITY_OFFICER, Role.DISCIPLINARY),
    Kind.RETALIATION: (Role.OVERSIGHT, Role.INTEGRITY_OFFICER, Role.DISCIPLINARY),
    Kind.WELLBEING: (Role.COUNSELLOR, Role.PAPS),
    Kind.CONGRATULATION: (Role.CHIEF, Role.HEAD_OF_SERVICE, Role.COORDINATOR),
}


def may_receive(
    report: Report,
    person: Person,
    excluded: list[int] | set[int],
    keyed: set[int] | None = None,
) -> bool:
    """A colleague may be given a case if they hold a role that handles this kind of case, have
    a key, and were never kept out of it. ``keyed``: the ids known to have a key, if looked up."""
    has_key = (
        person.pk in keyed
        if keyed is not None
        else HandlerKey.objects.filter(person=person, active=True).exists()
    )
    return (
        person.is_active
        and person.zone_id == report.zone_id
        and person.pk not in set(excluded)
        and person.has_any_role(*SHAREABLE[report.kind])
        and has_key
    )


@transaction.atomic
def share_case(*, case: OpenCase, by: Person, to: Person) -> Grant:
    """Give a colleague the case key (also to re-open it for a colleague whose key was renewed).

    Nobody named as involved, or kept out by the reporter, can ever receive it.
    """
    if not may_receive(case.report, to, case.content.get("excluded", [])):
        raise ValidationError(_("This person cannot receive this case."))
    current = Grant.objects.filter(report=case.report, person=to, active=True).first()
    if current is not None:
        if current.key.active:
            return current
        current.active = False  # sealed to a key that no longer opens: seal again
        current.save(update_fields=["active"])
    grant = _grant(case.report, to, case.case_key, GrantReason.SHARED)
    assert grant is not None
    record("reporting.case_shared", actor=by, obj=case.report, detail={"to": to.pk})
    return grant


@transaction.atomic
def step_off(*, report: Report, person: Person, reason: str) -> None:
    """A handler with a conflict of interest (or handing over) gives up their access to the case.

    The last handler cannot leave: the case would have nobody left to handle it.
    """
    report.require_open()
    grants = Grant.objects.select_for_update(no_key=True).filter(report=report, active=True)
    own = grants.filter(person=person).first()
    if own is None:
        raise PermissionDenied
    if grants.exclude(person=person).count() == 0:
        raise ValidationError(_("Hand the case over to a colleague before you step off."))
    own.active = False
    own.save(update_fields=["active"])
    record(
        "reporting.case_stepped_off",
        actor=person,
        obj=report,
        detail={"reason": "conflict_of_interest" if reason == "conflict" else "handover"},
    )


def key_holders(report: Report, person: Person) -> list[Person]:
    """The zone's active people other than ``person`` who hold a key and a role that could
    receive this case or approve a reveal, with their roles: the one query behind both lists
    (`colleagues_for`, `approvers_for`)."""
    from kompas.accounts.backends import settle_roles

    holders = _KEY_HOLDERS[report.kind](zone_id=report.zone_id, person_id=person.pk)
    return [settle_roles(h) for h in holders]


def _key_holders_of(kind: str) -> Any:
    from kompas.accounts.backends import with_roles

    roles = sorted({*SHAREABLE[kind], Role.INTEGRITY_OFFICER})

    def build(zone_id: int, person_id: int) -> Any:
        # Only those with a key are asked for: a kind that leaders handle (congratulations)
        # would otherwise load every coordinator of a large zone. Their roles come along in
        # the same query, as for the person signed in.
        found = with_roles(
            Person.objects.filter(
                zone_id=zone_id,
                is_active=True,
                roles_held__role__in=roles,
                handler_keys__active=True,
            ).exclude(pk=person_id)
        )
        # What the lists and `may_receive` read of them: their names, zone and whether active.
        found = found.only("first_name", "last_name", "zone_id", "is_active")
        return found.distinct().order_by("last_name", "first_name")

    return build


# Per kind of report, compiled once (`kompas.lib.prepared`): read on every look at a case.
_KEY_HOLDERS: dict[str, Prepared[Person]] = {
    kind: Prepared(_key_holders_of(kind)) for kind in SHAREABLE
}


def colleagues_for(
    case: OpenCase, person: Person, holders: list[Person] | None = None
) -> list[Person]:
    """Who this handler could share the case with (``holders``: key_holders, if read already)."""
    found = key_holders(case.report, person) if holders is None else holders
    keyed = {c.pk for c in found}
    excluded = case.content.get("excluded", [])
    return [c for c in found if may_receive(case.report, c, excluded, keyed)]


# --- The reporter's identity ------------------------------------------------------------------


def identity_known(report: Report, reveals: list[RevealRequest] | None = None) -> bool:
    """Whether the handlers may see who reported: a named report, or a confidential one whose
    reveal a second person approved (asked without opening or recording anything)."""
    if report.identity_box is None:
        return False
    if report.identity_mode == IdentityMode.NAMED:
        return True
    return report.identity_mode == IdentityMode.CONFIDENTIAL and (
        report.reveal_requests.filter(state=RevealState.APPROVED).exists()
        if reveals is None
        else any(r.state == RevealState.APPROVED for r in reveals)
    )


def visible_identity(
    case: OpenCase, person: Person, reveals: list[RevealRequest] | None = None
) -> dict[str, str] | None:
    """The reporter's identity as this handler may see it: named reports, and confidential ones
    whose reveal a second person approved. Every look at a confidential identity is audited.
    (``reveals``: the report's reveal requests, if read already.)"""
    report = case.report
    if report.identity_box is None or not identity_known(report, reveals):
        return None
    if report.identity_mode != IdentityMode.NAMED:
        record("reporting.identity_viewed", actor=person, obj=report)
    return dict(crypto.decrypt_json(case.case_key, report.identity_box))


def approvers_for(
    case: OpenCase, person: Person, holders: list[Person] | None = None
) -> list[Person]:
    """Who may approve revealing a confidential identity: integrity officers other than the
    handler asking, never kept out of the case, with a key to read the reason."""
    excluded = set(case.content.get("excluded", []))
    found = key_holders(case.report, person) if holders is None else holders
    return [c for c in found if c.has_role(Role.INTEGRITY_OFFICER) and c.pk not in excluded]


@transaction.atomic
def request_reveal(
    *,
    case: OpenCase,
    by: Person,
    approver: Person,
    reason: str,
    for_reporter: str = "",
    withheld_because: str = "",
) -> RevealRequest:
    """A handler asks a second person to reveal a confidential reporter. The reporter is told,
    with the reason, before it happens (``for_reporter``, posted when approved), unless the
    handler records why that would jeopardise the investigation (``withheld_because``);
    directive art. 16(3)."""
    report = case.report
    for_reporter, withheld_because = for_reporter.strip(), withheld_because.strip()
    if bool(for_reporter) == bool(withheld_because):
        raise ValidationError(
            _(
                "Write what the reporter is told, or why telling them would jeopardise the "
                "investigation (one of the two)."
            )
        )
    notice_box = withheld_box = None
    if for_reporter:
        with translation.override(reporter_language(report, case.case_key)):
            told = _(
                "Before your identity is shown to the handlers of your report, we tell you "
                "why: %(reason)s"
            ) % {"reason": for_reporter}
        notice_box = crypto.encrypt(case.case_key, told.encode())
    else:
        withheld_box = crypto.encrypt(case.case_key, withheld_because.encode())
    if report.identity_mode != IdentityMode.CONFIDENTIAL or report.identity_box is None:
        raise ValidationError(_("Only a confidential reporter's identity can be revealed."))
    if approver not in approvers_for(case, by):
        raise ValidationError(_("This person cannot approve the request."))
    reason = reason.strip()
    if len(reason) < 20:
        raise ValidationError(_("Give the reason in a sentence or more."))
    if report.reveal_requests.filter(state=RevealState.PENDING).exists():
        raise ValidationError(_("A request is already waiting for a decision."))
    key = HandlerKey.objects.get(person=approver, active=True)
    request = RevealRequest.objects.create(
        report=report,
        requested_by=by,
        approver=approver,
        reason_box=crypto.encrypt(case.case_key, reason.encode()),
        reason_for_approver=crypto.seal(key.public_key, reason.encode()),
        requested_on=today(),
        notice_box=notice_box,
        notice_withheld_box=withheld_box,
    )
    record(
        "reporting.reveal_requested",
        actor=by,
        obj=report,
        detail={"approver": approver.pk, "reporter_told": notice_box is not None},
    )
    return request


@transaction.atomic
def decide_reveal(*, request: RevealRequest, by: Person, approve: bool) -> None:
    """The second person approves or refuses; only the named approver can."""
    request = RevealRequest.objects.select_for_update(no_key=True).get(pk=request.pk)
    if request.approver_id != by.pk:
        raise PermissionDenied
    request.decide(approve=approve, on=today())
    if approve and request.notice_box is not None:
        # The reporter's message is posted with the approval, before anyone can see who they
        # are (the identity shows from the next page read, after this commits).
        Message.objects.create(
            report=request.report,
            position=Message.next_position(request.report_id),
            author=Author.HANDLER,
            handler_id=request.requested_by_id,
            created_on=today(),
            body_box=bytes(request.notice_box),
        )
        request.reporter_told_on = today()
    request.save(update_fields=["state", "decided_on", "reporter_told_on"])
    record(
        "reporting.reveal_approved" if approve else "reporting.reveal_refused",
        actor=by,
        role=Role.INTEGRITY_OFFICER,
        obj=request.report,
        detail={"reporter_told": request.reporter_told_on is not None},
    )


@transaction.atomic
def reporter_reveals(
    *, report: Report, case_key: bytes, name: str = "", email: str = "", phone: str = ""
) -> None:
    """The reporter chooses to let the handlers know who they are."""
    report = Report.objects.select_for_update(no_key=True).get(pk=report.pk)
    if report.identity_mode == IdentityMode.NAMED:
        return
    if report.identity_box is None:
        if not (name.strip() or email.strip()):
            raise ValidationError(_("Give at least your name or your e-mail address."))
        identity = {"name": name.strip(), "email": email.strip(), "phone": phone.strip()}
        report.identity_box = crypto.encrypt_json(case_key, identity)
    report.identity_mode = IdentityMode.NAMED
    report.save(update_fields=["identity_box", "identity_mode"])
    record("reporting.reporter_revealed", obj=report, held=True)


# --- Retaliation ------------------------------------------------------------------------------


@transaction.atomic
def report_retaliation(*, parent: Report, parent_key: bytes, what: str) -> Report:
    """A reporter says they suffer for their report: a linked protection case opens at once.

    It goes to internal oversight, keeps out everyone the original report kept out, and is read
    by the reporter with the same receipt (its key is wrapped with the original case key).
    """
    what = what.strip()
    if not what:
        raise ValidationError(_("Tell what happened."))
    parent_content = crypto.decrypt_json(parent_key, parent.content_box)
    excluded = set(parent_content.get("excluded", []))
    routing = route_kind(parent.zone_id, Kind.RETALIATION, excluded)
    received_on = today()
    acknowledge_by, feedback_by = Report.deadlines(received_on)
    case_key = crypto.new_case_key()
    identity_box = None
    if parent.identity_box is not None:
        identity = crypto.decrypt_json(parent_key, parent.identity_box)
        identity_box = crypto.encrypt_json(case_key, identity)
    content = {
        "what": what,
        "involved": [],
        "involved_text": "",
        "protects": parent.number,
        "excluded": sorted(excluded),
        "handled_by": routing.handled_by,
        "language": parent_content.get("language", ""),
    }
    child = Report.objects.create(
        zone_id=parent.zone_id,
        number=_next_number(parent.zone, received_on.year),
        kind=Kind.RETALIATION,
        channel=parent.channel,
        identity_mode=parent.identity_mode,
        received_on=received_on,
        acknowledge_by=acknowledge_by,
        feedback_by=feedback_by,
        parent=parent,
        parent_box=crypto.encrypt(parent_key, case_key),
        content_box=crypto.encrypt_json(case_key, content),
        identity_box=identity_box,
        recovery_box=seal_for_recovery(parent.zone_id, case_key),
    )
    granted = [p for p in routing.recipients if _grant(child, p, case_key, GrantReason.ROUTING)]
    notify_new_case(child, granted)
    record(
        "reporting.retaliation_reported",
        obj=child,
        zone_id=parent.zone_id,
        held=True,
        detail={"protects": parent.pk, "handlers": len(granted)},
    )
    return child


def protection_cases(report: Report, case_key: bytes) -> list[OpenCase]:
    """The protection cases a reporter opened from this report, opened with its case key."""
    opened = []
    for child in report.protection_cases.all():
        assert child.parent_box is not None
        child_key = crypto.decrypt(case_key, child.parent_box)
        opened.append(OpenCase(child, child_key, {}))
    return opened


# --- Oral reports and reports received in person by a leader ---------------------------------

LEADER_ROLES = (Role.CHIEF, Role.HEAD_OF_SERVICE, Role.COORDINATOR)


@transaction.atomic
def record_oral_report(
    *, zone: Zone, data: NewReport, receipt: str, recorder: Person
) -> tuple[Report, bool]:
    """A handler, or a leader who was told in person, records a report on the reporter's behalf.

    The reporter gets a paper receipt to change at first use, and checks and approves the minutes
    online. A possible breach recorded by a leader also goes to the disciplinary authority, as the
    zone's policy asks; the recorder keeps access unless kept out.
    """
    data.channel = Channel.ORAL
    report, created = submit_report(zone=zone, data=data, receipt=receipt, signed_in=None)
    if not created:
        return report, False
    report.receipt_must_change = True
    report.save(update_fields=["receipt_must_change"])
    case_key = _case_key_via_receipt(report, receipt)
    excluded = {p.pk for p in data.involved}
    extra = [recorder]
    if data.kind == Kind.BREACH and recorder.has_any_role(*LEADER_ROLES):
        extra += list(
            Person.objects.filter(zone=zone, is_active=True, roles_held__role=Role.DISCIPLINARY)
        )
    for person in extra:
        if person.pk in excluded:
            continue
        if not Grant.objects.filter(report=report, person=person, active=True).exists():
            _grant(report, person, case_key, GrantReason.ROUTING)
    record("reporting.oral_report_recorded", actor=recorder, obj=report)
    return report, True


def _case_key_via_receipt(report: Report, receipt: str) -> bytes:
    opened = open_with_receipt(receipt)
    assert opened is not None and opened[0].pk == report.pk
    return opened[1]


@transaction.atomic
def approve_minutes(*, report: Report, of_meeting: bool = False) -> None:
    """The reporter approves minutes they read on the follow-up page, and the day is kept: those
    of their oral report, or (``of_meeting``) those of the meeting they asked for."""
    if of_meeting:
        report.require_open()
        meeting = _open_meeting(report)
        meeting.approve_minutes(on=today())
        meeting.save(update_fields=["state", "minutes_approved_on"])
        record("reporting.minutes_approved", obj=report, held=True, detail={"meeting": True})
        return
    report = Report.objects.select_for_update(no_key=True).get(pk=report.pk)
    if report.channel != Channel.ORAL or report.minutes_approved_on is not None:
        return
    report.minutes_approved_on = today()
    report.save(update_fields=["minutes_approved_on"])
    record("reporting.minutes_approved", obj=report, held=True)


@transaction.atomic
def change_receipt(*, report: Report, case_key: bytes, new_receipt: str) -> None:
    """Wrap the case key for a new receipt; the paper one stops working."""
    report = Report.objects.select_for_update(no_key=True).get(pk=report.pk)
    salt = crypto.new_salt()
    opslimit, memlimit = crypto.kdf_limits("receipt")
    report.receipt_lookup = crypto.receipt_lookup(new_receipt)
    report.receipt_salt = salt
    report.receipt_opslimit, report.receipt_memlimit = opslimit, memlimit
    report.receipt_box = crypto.encrypt(
        crypto.derive_key(new_receipt, salt, opslimit, memlimit), case_key
    )
    report.receipt_must_change = False
    report.save()
    record("reporting.receipt_changed", obj=report, held=True)


# --- Meetings on request (directive art. 9(2)) -----------------------------------------------


def meeting_waiting(report: Report) -> Meeting | None:
    """The case's meeting that is not over yet (there is at most one)."""
    return report.meetings.exclude(state__in=MEETING_OVER).first()


def _open_meeting(report: Report) -> Meeting:
    """The case's meeting not over yet, locked for the change (else the act is refused)."""
    found = (
        Meeting.objects.select_for_update(no_key=True)
        .filter(report=report)
        .exclude(state__in=MEETING_OVER)
        .first()
    )
    if found is None:
        raise ValidationError(_("No meeting waits on this case."))
    return found


@dataclass
class OpenMeeting:
    """A meeting with what the handlers wrote about it opened with the case key."""

    meeting: Meeting
    plan: dict[str, Any] = field(default_factory=dict)  # day, time (readable again), place
    declined: str = ""
    minutes: str = ""
    waiting_days: int = 0


# Read on every look at a case (compiled once, `kompas.lib.prepared`).
_MEETINGS: Prepared[Meeting] = Prepared(
    lambda report_id: Meeting.objects.filter(report_id=report_id)
)


def meetings_of(report: Report, case_key: bytes, *, on: date) -> list[OpenMeeting]:
    """The case's meetings, opened: the one not over first, then the others, latest first."""
    opened = []
    for meeting in _MEETINGS(report_id=report.pk):
        shown = OpenMeeting(meeting)
        if meeting.plan_box is not None:
            plan = crypto.decrypt_json(case_key, bytes(meeting.plan_box))
            shown.plan = {
                "day": date.fromisoformat(plan["day"]),
                "time": time.fromisoformat(plan["time"]),
                "place": plan["place"],
            }
        if meeting.declined_box is not None:
            shown.declined = crypto.decrypt(case_key, bytes(meeting.declined_box)).decode()
        if meeting.minutes_box is not None:
            shown.minutes = crypto.decrypt(case_key, bytes(meeting.minutes_box)).decode()
        if meeting.state == MeetingState.REQUESTED:
            shown.waiting_days = (on - meeting.requested_on).days
        opened.append(shown)
    opened.sort(key=lambda m: m.meeting.requested_on, reverse=True)
    opened.sort(key=lambda m: m.meeting.is_over)
    return opened


@transaction.atomic
def reporter_asks_meeting(*, report: Report, case_key: bytes, preference: str = "") -> Meeting:
    """The reporter asks to meet a handler. What suits them (when, where) is a message of theirs
    in the conversation, sealed as every message; the request itself says only that they asked."""
    report.require_open()
    if meeting_waiting(report) is not None:
        raise ValidationError(_("You asked for a meeting already: the handlers answer here."))
    body = _("I ask for a meeting.")
    if preference.strip():
        body += "\n" + _("What suits me (when, where): %(preference)s") % {
            "preference": preference.strip()
        }
    _write(report, case_key, body, None, author=Author.REPORTER)
    try:
        with transaction.atomic():
            meeting = Meeting.objects.create(report=report, requested_on=today())
    except IntegrityError:  # asked twice at once: the first one counts
        raise ValidationError(
            _("You asked for a meeting already: the handlers answer here.")
        ) from None
    record("reporting.meeting_requested", obj=report, held=True)
    return meeting


@transaction.atomic
def plan_meeting(
    *, report: Report, handler: Person, case_key: bytes, day: date, at: time, place: str
) -> Meeting:
    """The day, hour and place of the meeting, sealed for the reporter to read; planned again,
    they replace the earlier plan."""
    report.require_open()
    if not place.strip():
        raise ValidationError(_("Say where you meet."))
    meeting = _open_meeting(report)
    meeting.plan()
    plan = {"day": day.isoformat(), "time": at.strftime("%H:%M"), "place": place.strip()}
    meeting.plan_box = crypto.encrypt_json(case_key, plan)
    meeting.save(update_fields=["state", "plan_box"])
    record("reporting.meeting_planned", actor=handler, obj=report)
    return meeting


@transaction.atomic
def decline_meeting(*, report: Report, handler: Person, case_key: bytes, reason: str) -> Meeting:
    """A meeting is not held, for a reason the reporter reads (sealed)."""
    report.require_open()
    if not reason.strip():
        raise ValidationError(_("Tell the reporter why."))
    meeting = _open_meeting(report)
    meeting.decline()
    meeting.declined_box = crypto.encrypt(case_key, reason.strip().encode())
    meeting.save(update_fields=["state", "declined_box"])
    record("reporting.meeting_declined", actor=handler, obj=report)
    return meeting


@transaction.atomic
def record_meeting_minutes(
    *, report: Report, handler: Person, case_key: bytes, minutes: str
) -> Meeting:
    """The minutes of a meeting held, sealed; the reporter reads them and approves or corrects
    them (written again after corrections, they wait for the reporter's approval anew)."""
    report.require_open()
    if not minutes.strip():
        raise ValidationError(_("Write the minutes first."))
    meeting = _open_meeting(report)
    meeting.record_minutes()
    meeting.minutes_box = crypto.encrypt(case_key, minutes.strip().encode())
    meeting.save(update_fields=["state", "minutes_box"])
    record("reporting.meeting_minutes_recorded", actor=handler, obj=report)
    return meeting


@transaction.atomic
def reporter_corrects_minutes(*, report: Report, case_key: bytes, corrections: str) -> Meeting:
    """The reporter's corrections to the minutes: a message of theirs in the conversation (so
    it is new for the handlers as any answer), and the minutes wait to be written again."""
    report.require_open()
    if not corrections.strip():
        raise ValidationError(_("Write what is wrong or missing."))
    meeting = _open_meeting(report)
    meeting.correct_minutes()
    meeting.save(update_fields=["state"])
    body = _("Corrections to the minutes of the meeting:") + "\n" + corrections.strip()
    _write(report, case_key, body, None, author=Author.REPORTER)
    record("reporting.meeting_minutes_corrected", obj=report, held=True)
    return meeting


# --- Channel settings -------------------------------------------------------------------------


@transaction.atomic
def set_auto_acknowledge(*, by: Person, on: bool) -> None:
    """Whether new reports of the zone are acknowledged automatically."""
    channel, _created = ChannelSettings.objects.get_or_create(zone_id=by.zone_id)
    channel.auto_acknowledge = on
    channel.save(update_fields=["auto_acknowledge"])
    record("reporting.channel_configured", actor=by, obj=channel, detail={"auto_acknowledge": on})


@transaction.atomic
def set_external_channel(*, by: Person, texts: dict[str, str]) -> None:
    """The zone's own words about the external channel (Comité P), per language."""
    kept = {language: text.strip() for language, text in texts.items() if text.strip()}
    channel, _created = ChannelSettings.objects.get_or_create(zone_id=by.zone_id)
    channel.external_channel = kept
    channel.save(update_fields=["external_channel"])
    record(
        "reporting.external_channel_set",
        actor=by,
        obj=channel,
        detail={"languages": ",".join(sorted(kept))},
    )


@transaction.atomic
def set_public_services(*, by: Person, services: list[Service]) -> None:
    """The services a citizen can name on the zone's public form (main services of the zone)."""
    from kompas.reporting.forms import main_services

    allowed = set(main_services(by.zone_id).values_list("pk", flat=True))
    if any(service.pk not in allowed for service in services):
        raise ValidationError(_("Only the zone's main services can be offered."))
    channel, _created = ChannelSettings.objects.get_or_create(zone_id=by.zone_id)
    channel.public_services.set(services)
    record(
        "reporting.public_services_set",
        actor=by,
        obj=channel,
        detail={"services": len(services)},
    )


# --- A closed case opened again --------------------------------------------------------------


@transaction.atomic
def reopen(*, report: Report, handler: Person, case_key: bytes, reason: str) -> None:
    """A closed case opens again, with the reason as an internal note (sealed like every note:
    it may name people) and the reopening in the audit log."""
    reason = reason.strip()
    if len(reason) < 10:
        raise ValidationError(_("Say in a sentence why the case opens again."))
    report = Report.objects.select_for_update(no_key=True).get(pk=report.pk)
    report.reopen()
    report.save(update_fields=["status", "closed_on"])
    _write(
        report,
        case_key,
        _("Reopened: %(reason)s") % {"reason": reason},
        None,
        author=Author.HANDLER,
        handler=handler,
        internal=True,
    )
    record("reporting.case_reopened", actor=handler, obj=report)


# --- Tasks ------------------------------------------------------------------------------------


@transaction.atomic
def add_task(*, case: OpenCase, by: Person, title: str, due_on: date, assignee: Person) -> Task:
    case.report.require_open()
    if not Grant.objects.filter(report=case.report, person=assignee, active=True).exists():
        raise ValidationError(_("Only a handler of this case can take a task on it."))
    task = Task.objects.create(
        report=case.report,
        title_box=crypto.encrypt(case.case_key, title.strip().encode()),
        due_on=due_on,
        assigned_to=assignee,
    )
    record("reporting.task_added", actor=by, obj=case.report, detail={"task": task.pk})
    return task


@transaction.atomic
def finish_task(*, task: Task, by: Person) -> None:
    task.report.require_open()  # a closed case is read-only until it is reopened
    # Marked once: of two "done" sent together (a double click) only the one that changes the
    # row records the event.
    marked = Task.objects.filter(pk=task.pk, done_on__isnull=True).update(done_on=today())
    if marked:
        task.done_on = today()
        record("reporting.task_done", actor=by, obj=task.report, detail={"task": task.pk})


# --- Substitute handlers ----------------------------------------------------------------------


@transaction.atomic
def name_substitute(*, zone_id: int, kind: str, person: Person, by: Person) -> Substitute:
    """Name ``person`` to receive reports of ``kind`` when no usual handler can."""
    if person.zone_id != zone_id or kind not in Kind.values:
        raise ValidationError(_("Choose a person of your zone and a kind of report."))
    if person.roles_held.filter(role=Role.DPO).exists():
        raise ValidationError(_("The data protection officer opens no case."))
    substitute, _created = Substitute.objects.get_or_create(
        zone_id=zone_id, kind=kind, person=person
    )
    record(
        "reporting.substitute_named",
        actor=by,
        obj=substitute,
        zone_id=zone_id,
        detail={"kind": kind, "person": person.pk},
    )
    return substitute


@transaction.atomic
def remove_substitute(*, substitute: Substitute, by: Person) -> None:
    record(
        "reporting.substitute_removed",
        actor=by,
        obj=substitute,
        zone_id=substitute.zone_id,
        detail={"kind": substitute.kind, "person": substitute.person_id},
    )
    substitute.delete()


# --- Refused cases ----------------------------------------------------------------------------

# What the audit keeps of a number typed into a case's address.
_NUMBER_KEPT = 20
REFUSED_CASE = "reporting.case_refused"
REFUSALS_KEPT = 50


def record_refused_case(*, person: Person, number: str) -> None:
    """Someone asked for a case that does not exist for them (kept out of it, no grant, or no
    such number): recorded with who and which number, for the integrity officer only (the audit
    page shows these to nobody else: to others, who tried which case would say who is kept out
    of which). A number that is not one is kept as typed, cut short. Held with the day only,
    like reporters' acts: a refusal at 14:05 would tell that a case of that number existed (or
    did not yet) at 14:05."""
    from kompas.audit.models import HeldEvent
    from kompas.lib import clock

    kept = "".join(ch for ch in number if ch.isprintable())[:_NUMBER_KEPT]
    # Once per person, number and day, and at most REFUSALS_KEPT a day: recorded to be seen, not
    # to let anyone fill the log.
    refused_today = HeldEvent.objects.filter(
        action=REFUSED_CASE, actor_id=person.pk, day=clock.today()
    )
    if refused_today.filter(object_id=kept).exists() or refused_today.count() >= REFUSALS_KEPT:
        return
    record(
        REFUSED_CASE,
        actor=person,
        object_type=CASE_NUMBER,
        object_id=kept,
        zone_id=person.zone_id,
        held=True,
    )
