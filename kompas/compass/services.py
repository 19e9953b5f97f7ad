"""Workflows of the compass: publishing value texts, proposing and reviewing dilemmas, the private
decision aid, and live trainings with anonymous votes. State changes are audited, votes never."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, JSONField, Max, Q, QuerySet, Sum, When
from django.db.models import Value as SQLValue
from django.utils import timezone
from django.utils.translation import gettext as _

from kompas.accounts.models import Person, Zone
from kompas.audit.services import record
from kompas.compass import texts
from kompas.compass.models import (
    LANGUAGE_CODES,
    Ballot,
    CompassEdition,
    CompassSettings,
    ConversationSheet,
    Dilemma,
    DilemmaOption,
    DilemmaStatus,
    DilemmaWalk,
    Mode,
    SessionItem,
    SessionStatus,
    Tally,
    TrainingSession,
    ValueText,
    WalkShare,
)
from kompas.compass.values import DEFAULT_COLOURS, Value
from kompas.lib import sealed
from kompas.lib.clock import today

# --- Value texts --------------------------------------------------------------------------------


@dataclass
class ValueEntry:
    value: str
    name: str
    summary: str
    behaviours: list[str]

    @property
    def anchor(self) -> str:
        return self.value.replace("_", "-")


def latest_edition(zone_id: int) -> CompassEdition | None:
    return CompassEdition.objects.filter(zone_id=zone_id).order_by("-number").first()


def value_entries(
    zone_id: int, language: str, edition: CompassEdition | bool | None = True
) -> list[ValueEntry]:
    """The eight values in compass order, from an edition (the latest when ``True``) or, without
    one, from the built-in texts."""
    if edition is True:
        edition = latest_edition(zone_id)
    found: dict[str, ValueText] = {}
    if isinstance(edition, CompassEdition):
        for text in edition.texts.filter(language=language):
            found[text.value] = text
    entries = []
    for value in Value.values:
        if value in found:
            t = found[value]
            entries.append(ValueEntry(value, t.name, t.summary, t.behaviours))
        else:
            name, summary, behaviour = texts.BUILT_IN[value][language]
            entries.append(ValueEntry(value, name, summary, behaviour.splitlines()))
    return entries


def all_texts(zone_id: int) -> dict[tuple[str, str], tuple[str, str, str]]:
    """(value, language) -> (name, summary, behaviour) of the current compass, for the edit form."""
    current: dict[tuple[str, str], tuple[str, str, str]] = {}
    for value in Value.values:
        for language in LANGUAGE_CODES:
            current[(value, language)] = texts.BUILT_IN[value][language]
    edition = latest_edition(zone_id)
    if edition:
        for t in edition.texts.all():
            current[(t.value, t.language)] = (t.name, t.summary, t.behaviour)
    return current


@transaction.atomic
def publish_value_texts(
    *, zone: Zone, by: Person, value: str, changes: dict[str, tuple[str, str, str]], note: str
) -> CompassEdition:
    """Publish the next edition: every text of the current compass, with one value's texts
    (per language) replaced. Earlier editions are left as they were."""
    if not by.has_perm("compass.edit_values"):
        raise PermissionDenied
    if value not in Value.values:
        raise ValidationError(_("Unknown value."))
    current = all_texts(zone.pk)
    unchanged = all(current[(value, language)] == new for language, new in changes.items())
    latest = latest_edition(zone.pk)
    if unchanged and latest is not None:
        return latest  # a double submit or a retry publishes nothing new
    for language, new in changes.items():
        current[(value, language)] = new
    last = (
        CompassEdition.objects.select_for_update(no_key=True)
        .filter(zone=zone)
        .aggregate(n=Max("number"))["n"]
        or 0
    )
    edition = CompassEdition.objects.create(
        zone=zone, number=last + 1, published_at=timezone.now(), published_by=by, note=note
    )
    ValueText.objects.bulk_create(
        ValueText(edition=edition, value=v, language=lang, name=n, summary=s, behaviour=b)
        for (v, lang), (n, s, b) in current.items()
    )
    forget_picture(zone.pk)
    record(
        "compass.values_published",
        actor=by,
        obj=edition,
        detail={"number": edition.number, "value": value},
    )
    return edition


@transaction.atomic
def set_min_group(*, zone: Zone, by: Person, min_group: int) -> CompassSettings:
    if not by.has_perm("compass.edit_values"):
        raise PermissionDenied
    if min_group < CompassSettings.MIN_GROUP_FLOOR:
        raise ValidationError(_("The smallest group cannot be below %(n)s.") % {"n": 3})
    rules, _created = CompassSettings.objects.update_or_create(
        zone=zone, defaults={"min_group": min_group}
    )
    record(
        "compass.settings_changed", actor=by, obj=rules, zone_id=zone.pk, detail={"min": min_group}
    )
    return rules


def picture_version_key(zone_id: int) -> str:
    """The cache key whose value names the zone's current compass picture (picture.picture_for)."""
    return f"kompas:compass-picture-version:{zone_id}"


def forget_picture(zone_id: int) -> None:
    """Once the change is committed, the next page draws the zone's compass picture afresh."""
    transaction.on_commit(lambda: cache.delete(picture_version_key(zone_id)))


COLOUR = re.compile(r"^#[0-9a-f]{6}$")
# White numbers stand on each colour of the compass picture (WCAG AA for text).
MIN_CONTRAST = 4.5


def contrast_with_white(colour: str) -> float:
    """WCAG's contrast ratio of a "#rrggbb" colour with white."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 1.05 / (0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b) + 0.05)


@transaction.atomic
def set_colours(*, zone: Zone, by: Person, colours: dict[str, str]) -> CompassSettings:
    """The values' colours on the compass picture. A colour the same as the built-in one is not
    kept as the zone's own; a colour too light to carry white numbers is refused."""
    if not by.has_perm("compass.edit_values"):
        raise PermissionDenied
    own: dict[str, str] = {}
    for value, colour in colours.items():
        colour = colour.strip().lower()
        if value not in Value.values or not COLOUR.match(colour):
            raise ValidationError(_("Choose a colour as #rrggbb."))
        if contrast_with_white(colour) < MIN_CONTRAST:
            raise ValidationError(_("This colour is too light for white numbers on it."))
        if colour != DEFAULT_COLOURS[value]:
            own[value] = colour
    chosen, _created = CompassSettings.objects.select_for_update(no_key=True).get_or_create(
        zone=zone
    )
    before = {value: chosen.colour_of(value) for value in Value.values}
    chosen.colours = {**(chosen.colours or {}), **own}
    for value in colours:
        if value not in own:
            chosen.colours.pop(value, None)
    changed = [value for value in Value.values if chosen.colour_of(value) != before[value]]
    if changed:
        chosen.save(update_fields=["colours"])
        forget_picture(zone.pk)
        record(
            "compass.colours_changed",
            actor=by,
            obj=chosen,
            zone_id=zone.pk,
            detail={"values": " ".join(changed)},
        )
    return chosen


# --- The dilemma library ------------------------------------------------------------------------


def load_starter(dilemma_model: Any = Dilemma, option_model: Any = DilemmaOption) -> int:
    """Insert or update the starter dilemmas by key (model classes may be a migration's)."""
    from kompas.compass.starter import STARTER

    for entry in STARTER:
        dilemma, _created = dilemma_model.objects.update_or_create(
            zone=None,
            key=entry["key"],
            defaults={
                "status": "published",
                "title": entry["title"],
                "situation": entry["situation"],
                "perspectives": entry["perspectives"],
                "reflection": entry["reflection"],
                "themes": entry["themes"],
                "audiences": entry["audiences"],
            },
        )
        for position, option in enumerate(entry["options"]):
            option_model.objects.update_or_create(
                dilemma=dilemma,
                position=position,
                defaults={
                    "text": option["text"],
                    "serves": option["serves"],
                    "harms": option["harms"],
                },
            )
        option_model.objects.filter(dilemma=dilemma, position__gte=len(entry["options"])).delete()
    return len(STARTER)


@dataclass
class DilemmaDraft:
    """What a member or a reviewer writes: one language at a time."""

    language: str
    title: str
    situation: str
    options: list[tuple[str, list[str], list[str]]]
    reflection: str = ""
    perspectives: list[tuple[str, str]] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)


def _apply_draft(dilemma: Dilemma, draft: DilemmaDraft) -> None:
    lang = draft.language
    dilemma.title = {**dilemma.title, lang: draft.title}
    dilemma.situation = {**dilemma.situation, lang: draft.situation}
    dilemma.reflection = (
        {**dilemma.reflection, lang: draft.reflection} if draft.reflection else dilemma.reflection
    )
    old = dilemma.perspectives or []
    dilemma.perspectives = [
        {
            "who": {**(old[i]["who"] if i < len(old) else {}), lang: who},
            "view": {**(old[i]["view"] if i < len(old) else {}), lang: view},
        }
        for i, (who, view) in enumerate(draft.perspectives)
    ]
    dilemma.themes = draft.themes
    dilemma.audiences = draft.audiences
    dilemma.save()
    existing = {o.position: o for o in dilemma.options.all()}
    for position, (text, serves, harms) in enumerate(draft.options):
        option = existing.get(position) or DilemmaOption(dilemma=dilemma, position=position)
        option.text = {**(option.text or {}), lang: text}
        option.serves, option.harms = serves, harms
        option.save()
    dilemma.options.filter(position__gte=len(draft.options)).delete()


def propose_dilemma(
    *, person: Person, draft: DilemmaDraft, keep_informed: bool, token: str
) -> tuple[Dilemma, bool]:
    """A member proposes a dilemma from practice. Unless they ask to be kept informed, the
    proposal keeps no trace of who wrote it. A double submit returns the first proposal."""
    if not person.has_perm("compass.propose_dilemma"):
        raise PermissionDenied
    existing = Dilemma.objects.filter(submission_token=token, zone_id=person.zone_id).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            dilemma = Dilemma.objects.create(
                zone_id=person.zone_id,
                status=DilemmaStatus.PROPOSED,
                proposed_by=person if keep_informed else None,
                proposed_on=today(),
                submission_token=token,
            )
            _apply_draft(dilemma, draft)
            # Without "keep me informed" the audit names nobody either.
            record(
                "compass.dilemma_proposed",
                actor=person if keep_informed else None,
                obj=dilemma,
                zone_id=person.zone_id,
                held=not keep_informed,  # the day only, chained after the day is over
            )
    except IntegrityError:
        return Dilemma.objects.get(submission_token=token), False
    return dilemma, True


@transaction.atomic
def review_dilemma(
    *,
    dilemma: Dilemma,
    by: Person,
    draft: DilemmaDraft,
    publish: bool,
    note: str,
    services: list[Any] | None = None,
) -> Dilemma:
    """The integrity network reviews a proposal: edits it (anonymises it), then takes it into the
    zone's library or not, with a note the proposer sees if they asked to be kept informed."""
    if not by.has_perm("compass.review_dilemma", dilemma):
        raise PermissionDenied
    dilemma = Dilemma.objects.select_for_update(no_key=True).get(pk=dilemma.pk)
    if dilemma.status != DilemmaStatus.PROPOSED:
        raise ValidationError(_("This proposal was reviewed already."))
    _apply_draft(dilemma, draft)
    dilemma.status = DilemmaStatus.PUBLISHED if publish else DilemmaStatus.REJECTED
    dilemma.reviewed_by, dilemma.reviewed_on, dilemma.review_note = by, today(), note
    dilemma.save()
    dilemma.services.set([s for s in services or [] if s.zone_id == dilemma.zone_id])
    record(
        "compass.dilemma_published" if publish else "compass.dilemma_rejected",
        actor=by,
        obj=dilemma,
    )
    return dilemma


# --- The decision aid and the conversation sheets ------------------------------------------------

WALK_PURPOSE = "dilemma-walk"
SHEET_PURPOSE = "conversation-sheet"


def walk_content(walk: DilemmaWalk) -> dict[str, Any]:
    return dict(sealed.open_json(WALK_PURPOSE, walk.sealed, {}))


def start_walk(*, person: Person, data: dict[str, Any], token: str) -> tuple[DilemmaWalk, bool]:
    """Start a walk with its first step; the step form's token makes a double submit harmless."""
    content = {**data, "token": token}
    for walk in DilemmaWalk.objects.filter(person=person, created_on=today()):
        if walk_content(walk).get("token") == token:
            return walk, False
    with transaction.atomic():
        walk = DilemmaWalk.objects.create(
            person=person,
            zone_id=person.zone_id,
            created_on=today(),
            updated_on=today(),
            step=1,
            sealed=sealed.seal_json(WALK_PURPOSE, content),
        )
        record("compass.walk_started", actor=person, obj=walk, zone_id=person.zone_id)
    return walk, True


@transaction.atomic
def save_walk_step(*, walk: DilemmaWalk, person: Person, step: int, data: dict[str, Any]) -> None:
    if walk.person_id != person.pk:
        raise PermissionDenied
    walk = DilemmaWalk.objects.select_for_update(no_key=True).get(pk=walk.pk)
    content = walk_content(walk)
    content.update(data)
    walk.sealed = sealed.seal_json(WALK_PURPOSE, content)
    walk.step = max(walk.step, step + 1)
    walk.updated_on = today()
    walk.save(update_fields=["sealed", "step", "updated_on"])
    record("compass.walk_changed", actor=person, obj=walk, detail={"step": step})


@transaction.atomic
def share_walk(*, walk: DilemmaWalk, owner: Person, with_person: Person) -> WalkShare:
    """Only the owner shares, only by this explicit act, only with a member of the same zone."""
    if walk.person_id != owner.pk:
        raise PermissionDenied
    if with_person.zone_id != owner.zone_id or not with_person.is_active or with_person == owner:
        raise ValidationError(_("Choose an active colleague of your zone."))
    share, _created = WalkShare.objects.get_or_create(
        walk=walk, person=with_person, defaults={"shared_on": today()}
    )
    record("compass.walk_shared", actor=owner, obj=walk, detail={"with": with_person.pk})
    return share


@transaction.atomic
def unshare_walk(*, walk: DilemmaWalk, owner: Person, share_id: int) -> None:
    if walk.person_id != owner.pk:
        raise PermissionDenied
    deleted, _n = WalkShare.objects.filter(walk=walk, pk=share_id).delete()
    if deleted:
        record("compass.walk_unshared", actor=owner, obj=walk)


@transaction.atomic
def delete_walk(*, walk: DilemmaWalk, owner: Person) -> None:
    if walk.person_id != owner.pk:
        raise PermissionDenied
    record(
        "compass.walk_deleted", actor=owner, object_type="compass.dilemmawalk", object_id=walk.pk
    )
    walk.delete()


def sheet_content(sheet: ConversationSheet) -> dict[str, Any]:
    return dict(sealed.open_json(SHEET_PURPOSE, sheet.sealed, {}))


@transaction.atomic
def save_sheet(
    *, person: Person, guide: str, data: dict[str, Any], sheet: ConversationSheet | None = None
) -> ConversationSheet:
    if sheet is None:
        token = data.get("token", "")
        for existing in ConversationSheet.objects.filter(person=person, guide=guide):
            if token and sheet_content(existing).get("token") == token:
                sheet = existing
                break
    if sheet is None:
        sheet = ConversationSheet(person=person, guide=guide, created_on=today())
    elif sheet.person_id != person.pk:
        raise PermissionDenied
    created = sheet.pk is None
    sheet.updated_on = today()
    sheet.sealed = sealed.seal_json(SHEET_PURPOSE, data)
    sheet.save()
    record(
        "compass.sheet_created" if created else "compass.sheet_changed",
        actor=person,
        obj=sheet,
        zone_id=person.zone_id,
    )
    return sheet


@transaction.atomic
def delete_sheet(*, sheet: ConversationSheet, owner: Person) -> None:
    if sheet.person_id != owner.pk:
        raise PermissionDenied
    record(
        "compass.sheet_deleted",
        actor=owner,
        object_type="compass.conversationsheet",
        object_id=sheet.pk,
        zone_id=owner.zone_id,
    )
    sheet.delete()


# --- Live trainings --------------------------------------------------------------------------------


def min_group_for(zone_id: int) -> int:
    return max(CompassSettings.for_zone(zone_id).min_group, CompassSettings.MIN_GROUP_FLOOR)


def create_session(
    *,
    facilitator: Person,
    title: str,
    mode: str,
    dilemmas: list[Dilemma],
    service_id: int | None,
    min_group: int,
    token: str,
    revote_of: TrainingSession | None = None,
    planned_for: Any = None,
) -> tuple[TrainingSession, bool]:
    if not facilitator.has_perm("compass.facilitate"):
        raise PermissionDenied
    if not dilemmas:
        raise ValidationError(_("Pick at least one dilemma."))
    existing = TrainingSession.objects.filter(submission_token=token).first()
    if existing:
        if existing.facilitator_id != facilitator.pk:
            raise PermissionDenied
        return existing, False
    with transaction.atomic():
        session = TrainingSession.objects.create(
            zone_id=facilitator.zone_id,
            service_id=service_id,
            facilitator=facilitator,
            title=title,
            mode=mode,
            status=SessionStatus.PLANNED,
            created_on=today(),
            planned_for=planned_for,
            min_group=max(min_group, min_group_for(facilitator.zone_id)),
            revote_of=revote_of,
            submission_token=token,
        )
        SessionItem.objects.bulk_create(
            SessionItem(session=session, dilemma=d, position=i) for i, d in enumerate(dilemmas)
        )
        record(
            "compass.session_created",
            actor=facilitator,
            obj=session,
            detail={"dilemmas": len(dilemmas), "revote": bool(revote_of)},
        )
    return session, True


def _locked(session: TrainingSession, by: Person) -> TrainingSession:
    if not by.has_perm("compass.run_session", session):
        raise PermissionDenied
    return TrainingSession.objects.select_for_update(no_key=True).get(pk=session.pk)


def _new_code() -> str:
    return f"{secrets.randbelow(900000) + 100000}"


@transaction.atomic
def open_session(*, session: TrainingSession, by: Person) -> TrainingSession:
    """Start the session: participants can now join with its six-digit code. Every tally of
    every dilemma is made now, before anyone votes."""
    session = _locked(session, by)
    if session.status == SessionStatus.OPEN:
        return session
    if session.status == SessionStatus.CLOSED:
        raise ValidationError(_("This session was held already."))
    for _attempt in range(20):
        code = _new_code()
        if not TrainingSession.objects.filter(status=SessionStatus.OPEN, code=code).exists():
            break
    session.code, session.status, session.held_on = code, SessionStatus.OPEN, today()
    session.position, session.revealed, session.show_own = 0, False, False
    session.version += 1
    session.save()
    make_tallies(session, list(session.items.all()))
    record("compass.session_opened", actor=by, obj=session)
    return session


@transaction.atomic
def steer_session(*, session: TrainingSession, by: Person, action: str) -> TrainingSession:
    """The facilitator moves the room along: next or previous dilemma, reveal the reflection,
    show the own options, switch the big screen between the dilemma and the statistics only
    (lecture mode), or close the session."""
    session = _locked(session, by)
    if session.status != SessionStatus.OPEN:
        raise ValidationError(_("This session is not running."))
    count = session.items.count()
    if action == "next" and session.position + 1 < count:
        session.position, session.revealed, session.show_own = session.position + 1, False, False
    elif action == "previous" and session.position > 0:
        session.position, session.revealed, session.show_own = session.position - 1, False, False
    elif action == "reveal":
        session.revealed = True
    elif action == "own":
        session.show_own = not session.show_own
    elif action == "lecture":
        session.mode = Mode.LIVE if session.mode == Mode.LECTURE else Mode.LECTURE
    elif action == "close":
        session.status = SessionStatus.CLOSED
        record("compass.session_closed", actor=by, obj=session)
    else:
        return session
    session.version += 1
    session.save()
    return session


def current_item(session: TrainingSession) -> SessionItem | None:
    return (
        SessionItem.objects.filter(session=session, position=session.position)
        .select_related("dilemma")
        .first()
    )


def ballot_key(item: SessionItem, device: str) -> str:
    return hmac.new(
        f"kompas-ballot:{settings.SECRET_KEY}".encode(),
        f"{item.pk}:{device}".encode(),
        hashlib.sha256,
    ).hexdigest()


def has_voted(item: SessionItem, device: str) -> bool:
    return bool(device) and Ballot.objects.filter(item=item, key=ballot_key(item, device)).exists()


class VoteRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def cast_vote(
    *, session: TrainingSession, device: str, option_id: int | None, own_text: str = ""
) -> bool:
    """One anonymous vote on the session's current dilemma. Returns False when this device voted
    already (a double tap or a retry). The ballot says only that the device voted; the choice
    goes into the item's tallies in the same transaction, so both count or neither does."""
    item = current_item(session)
    if session.status != SessionStatus.OPEN or item is None:
        raise VoteRefused(_("This session is not running."))
    if session.revealed:
        raise VoteRefused(_("Voting on this dilemma has closed."))
    options = set(
        DilemmaOption.objects.filter(dilemma_id=item.dilemma_id).values_list("pk", flat=True)
    )
    own_text = own_text.strip()
    if own_text:
        if len(own_text) > 300:
            raise VoteRefused(_("Keep your own option under 300 characters."))
        option_id = None
    elif option_id is None or option_id not in options:
        raise VoteRefused(_("Choose one of the options."))
    tallies = Tally.objects.filter(item=item)
    try:
        with transaction.atomic():
            Ballot.objects.create(item=item, key=ballot_key(item, device))
            if not add_vote(tallies, option_id, own_text, expected={*options, None}):
                make_tallies(session, [item])  # an option added since the session opened
                if not add_vote(tallies, option_id, own_text, expected={*options, None}):
                    raise VoteRefused(_("Choose one of the options."))
    except IntegrityError:
        return False
    return True


def make_tallies(session: TrainingSession, items: list[SessionItem]) -> None:
    """Every tally of these items at zero, item by item in option order, the own options last:
    made before anyone votes (or all missing ones at once), so that when and in which order a
    tally was made says nothing about a vote."""
    options: dict[int, list[int | None]] = {item.dilemma_id: [] for item in items}
    for dilemma_id, pk in (
        DilemmaOption.objects.filter(dilemma_id__in=list(options))
        .order_by("dilemma_id", "position")
        .values_list("dilemma_id", "pk")
    ):
        options[dilemma_id].append(pk)
    Tally.objects.bulk_create(
        (
            Tally(zone_id=session.zone_id, dilemma_id=item.dilemma_id, item=item, option_id=pk)
            for item in items
            for pk in [*options[item.dilemma_id], None]
        ),
        ignore_conflicts=True,
    )


def add_vote(
    tallies: QuerySet[Tally],
    option_id: int | None,
    own_text: str = "",
    *,
    expected: set[int | None],
) -> bool:
    """Add one vote to its tally (``None``: the own options) and nothing to the others, in one
    statement that rewrites them all alike: no row's version or transaction tells which one
    moved. An own option's text goes in its place in alphabetical order. The tallies are locked
    first, always in the same order, so that votes at the same moment wait instead of
    deadlocking. Returns False, counting nothing, when one of the ``expected`` tallies (by
    option) is missing."""
    held: dict[int | None, list[str]] = dict(
        tallies.select_for_update(no_key=True).order_by("pk").values_list("option", "texts")
    )
    if not expected <= held.keys():
        return False
    chosen = Q(option__isnull=True) if option_id is None else Q(option_id=option_id)
    changes: dict[str, Any] = {"count": F("count") + Case(When(chosen, then=1), default=0)}
    if own_text:
        texts = sorted([*held[None], own_text])
        changes["texts"] = Case(
            When(option__isnull=True, then=SQLValue(texts, JSONField())), default=F("texts")
        )
    tallies.update(**changes)
    return True


def play_alone(*, person: Person, dilemma: Dilemma, option: DilemmaOption) -> None:
    """Individual mode: the member's choice counts in the zone's picture, without their name."""
    options = list(dilemma.options.all())
    if option not in options:
        raise ValidationError(_("Choose one of the options."))
    expected: set[int | None] = {o.pk for o in options}
    tallies = Tally.objects.filter(zone_id=person.zone_id, dilemma=dilemma, item__isnull=True)
    with transaction.atomic():
        if not add_vote(tallies, option.pk, expected=expected):
            # The zone's first play of this dilemma (or an option added since): all its tallies
            # at once, in option order.
            Tally.objects.bulk_create(
                (Tally(zone_id=person.zone_id, dilemma=dilemma, option=o) for o in options),
                ignore_conflicts=True,
            )
            if not add_vote(tallies, option.pk, expected=expected):
                raise ValidationError(_("Choose one of the options."))


@dataclass
class Distribution:
    total: int
    shown: bool
    rows: list[tuple[DilemmaOption | None, int, int]]  # option (None: own), count, percent
    min_group: int


def _tallies_of_session(session_id: int) -> Any:
    """(item, option, count) of every tally of a session's dilemmas."""
    return (
        Tally.objects.filter(item__session_id=session_id)
        .values_list("item", "option", "count")
        .order_by()
    )


def session_distributions(items: list[SessionItem], min_group: int) -> list[Distribution]:
    """The distribution of every dilemma of a session, from one query."""
    per_item: dict[int, Counter[int | None]] = {item.pk: Counter() for item in items}
    for session_id in {item.session_id for item in items}:  # one session's items, as a rule
        for item_id, option_id, n in _tallies_of_session(session_id):
            if item_id in per_item:
                per_item[item_id][option_id] += n
    return [
        _distribution(per_item[item.pk], list(item.dilemma.options.all()), min_group)
        for item in items
    ]


def _distribution(
    counts: Counter[int | None], options: list[DilemmaOption], min_group: int
) -> Distribution:
    """Counts per option (``None``: own options); hidden altogether while fewer than
    ``min_group`` people voted."""
    total = sum(counts.values())
    shown = total >= min_group
    rows: list[tuple[DilemmaOption | None, int, int]] = []
    if shown:
        for option in options:
            n = counts.get(option.pk, 0)
            rows.append((option, n, round(100 * n / total)))
        own = counts.get(None, 0)
        if own:
            rows.append((None, own, round(100 * own / total)))
    return Distribution(total=total, shown=shown, rows=rows, min_group=min_group)


def item_distribution(item: SessionItem, min_group: int) -> Distribution:
    counts: Counter[int | None] = Counter(
        dict(Tally.objects.filter(item=item).values_list("option", "count"))
    )
    return _distribution(counts, list(item.dilemma.options.all()), min_group)


def votes_on(item: SessionItem) -> int:
    """How many voted on an item (the screens redraw when it changes)."""
    return Tally.objects.filter(item=item).aggregate(n=Sum("count"))["n"] or 0


def own_options(item: SessionItem) -> list[str]:
    """The texts of the own options proposed on an item, in alphabetical order."""
    texts = (
        Tally.objects.filter(item=item, option__isnull=True).values_list("texts", flat=True).first()
    )
    return list(texts or [])


def zone_distribution(dilemma: Dilemma, zone_id: int) -> Distribution:
    """How the zone chose: its sessions and its members' own play together."""
    counts: Counter[int | None] = Counter(
        {
            row["option"]: row["n"]
            for row in Tally.objects.filter(dilemma=dilemma, zone_id=zone_id)
            .values("option")
            .annotate(n=Sum("count"))
            .order_by()
        }
    )
    return _distribution(counts, list(dilemma.options.all()), min_group_for(zone_id))


@dataclass
class ProfileRow:
    value: str
    label: str
    served: int
    harmed: int


def value_profile(session: TrainingSession) -> tuple[bool, list[ProfileRow]]:
    """Which values the group leaned on: for every vote, the values its option serves and the
    values it puts under pressure. Only dilemmas with at least the minimum of voters count; with
    none, nothing is shown."""
    rows = {v: ProfileRow(v, str(Value(v).label), 0, 0) for v in Value.values}
    counted = [
        row["item"]
        for row in Tally.objects.filter(item__session_id=session.pk)
        .values("item")
        .annotate(n=Sum("count"))
        .order_by()
        if row["n"] >= session.min_group
    ]
    if not counted:
        return False, list(rows.values())
    tallies = Tally.objects.filter(item__in=counted, option__isnull=False, count__gt=0).values_list(
        "option__serves", "option__harms", "count"
    )
    for serves, harms, n in tallies:
        for v in serves or []:
            if v in rows:
                rows[v].served += n
        for v in harms or []:
            if v in rows:
                rows[v].harmed += n
    return True, sorted(rows.values(), key=lambda r: (-(r.served - r.harmed), r.label))


REVOTE_AFTER = timedelta(days=30)


def plan_revote(*, session: TrainingSession, by: Person) -> tuple[TrainingSession, bool]:
    """The same dilemmas again, 30 days after the session, to see whether answers shifted."""
    if not by.has_perm("compass.run_session", session):
        raise PermissionDenied
    if session.status != SessionStatus.CLOSED:
        raise ValidationError(_("A re-vote can be planned once the session is held."))
    return create_session(
        facilitator=by,
        title=_("%(title)s (re-vote)") % {"title": session.title},
        mode=session.mode,
        dilemmas=[i.dilemma for i in session.items.select_related("dilemma")],
        service_id=session.service_id,
        min_group=session.min_group,
        token=f"revote-{session.pk}",
        revote_of=session,
        planned_for=(session.held_on or today()) + REVOTE_AFTER,
    )


def compare_revote(
    revote: TrainingSession,
    items: list[SessionItem] | None = None,
    now: list[Distribution] | None = None,
) -> list[tuple[SessionItem, Distribution, Distribution]]:
    """Each dilemma of a re-vote beside the same dilemma of the first session. The page may
    hand in the re-vote's items (with their dilemmas and options) and distributions it already
    read; the first session's items then share those dilemmas (two queries in all)."""
    original = revote.revote_of
    if original is None:
        return []
    if items is None:
        items = list(revote.items.select_related("dilemma").prefetch_related("dilemma__options"))
    dilemmas = {item.dilemma_id: item.dilemma for item in items}
    earlier_items = list(original.items.all())
    missing = {i.dilemma_id for i in earlier_items} - set(dilemmas)
    if missing:
        dilemmas.update(Dilemma.objects.prefetch_related("options").in_bulk(missing))
    for item in earlier_items:
        item.dilemma = dilemmas[item.dilemma_id]
    before = dict(
        zip(
            (i.position for i in earlier_items),
            session_distributions(earlier_items, original.min_group),
            strict=True,
        )
    )
    if now is None:
        now = session_distributions(items, revote.min_group)
    return [
        (item, before[item.position], distribution)
        for item, distribution in zip(items, now, strict=True)
        if item.position in before
    ]


@dataclass
class ServiceSessions:
    name: str
    count: int
    last: Any


def sessions_per_service(zone_id: int, year: int) -> list[ServiceSessions]:
    """How many trainings each service held in a year, and the last one (the action plan wants
    integrity on every team's agenda). Services without any are listed too."""
    from kompas.accounts.models import Service

    held = {
        row["service"]: row
        for row in TrainingSession.objects.filter(
            zone_id=zone_id, status=SessionStatus.CLOSED, held_on__year=year
        )
        .values("service")
        .annotate(n=Count("id"), last=Max("held_on"))
    }
    rows = [
        ServiceSessions(name, held.get(pk, {}).get("n", 0), held.get(pk, {}).get("last"))
        for pk, name in Service.objects.filter(zone_id=zone_id)
        .order_by("name")
        .values_list("pk", "name")
    ]
    if None in held:
        rows.append(
            ServiceSessions(_("Zone-wide or no service"), held[None]["n"], held[None]["last"])
        )
    return rows
