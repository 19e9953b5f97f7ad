"""The handlers' own filing of cases: tags from the zone's vocabulary, links between related
cases, and the case list's filters (issue 21, point 11).

Tags and links are the handlers' classification, readable like the kind: a tag is a short label
the handlers keep themselves ("ICT-misbruik"), never a name or a fact. Both are seen only by
whoever sees the case, and a link only by whoever sees both of its cases. Both may be changed on
a closed case too: they file the case, they do not take it further. Every change is audited in
its transaction, on the case (on both cases for a link), held until the day is over when a case
is on its first day (`Report.audit_held`): a link timed at 14:05 would otherwise tell that a case
received that day existed by 14:05.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from kompas.accounts.models import Person, Service
from kompas.audit.services import record
from kompas.lib.prepared import Prepared
from kompas.reporting.models import (
    CaseLink,
    CaseTag,
    CaseTagging,
    Grant,
    PersonConcerned,
    Report,
    Status,
)

TAG_MAX = 40
DUE_SOON_DAYS = 7

# The deadline states the case list filters on; each applies to open cases only.
LATE = "late"
ACK_LATE = "ack_late"
FEEDBACK_LATE = "feedback_late"
DUE_SOON = "due_soon"
ON_TIME = "on_time"


def _deadline_state(state: str, day: date) -> Q:
    """A deadline state as a condition on cases: the acknowledgement's and the feedback's, and
    the day a person concerned is to be informed by or their delay reviewed (`PersonConcerned`,
    an EXISTS on its index `concerned_due`), which counts in "late" and "due soon"."""
    ack_late = Q(acknowledged_on__isnull=True, acknowledge_by__lt=day)
    feedback_late = Q(feedback_on__isnull=True, feedback_by__lt=day)
    soon = day + timedelta(days=DUE_SOON_DAYS)
    concerned = PersonConcerned.objects.filter(report=OuterRef("pk"))
    late = ack_late | feedback_late | Q(Exists(concerned.filter(due_on__lt=day)))
    due = (
        Q(acknowledged_on__isnull=True, acknowledge_by__lte=soon)
        | Q(feedback_on__isnull=True, feedback_by__lte=soon)
        | Q(Exists(concerned.filter(due_on__lte=soon)))
    )
    return {
        LATE: late,
        ACK_LATE: ack_late,
        FEEDBACK_LATE: feedback_late,
        DUE_SOON: ~late & due,
        ON_TIME: ~late,
    }[state]


def concerned_due() -> Subquery:
    """The earliest day a case's person concerned is due (to be informed by, or the delay
    reviewed on), as an annotation of the case list's rows (no query more)."""
    due = PersonConcerned.objects.filter(report=OuterRef("pk"), due_on__isnull=False)
    return Subquery(due.order_by("due_on").values("due_on")[:1])


# What the case list shows, without each report's sealed boxes.
LISTED = (
    "number", "kind", "status", "received_on", "acknowledge_by", "acknowledged_on",
    "feedback_by", "feedback_on",
)  # fmt: skip


def case_list(
    person: Person,
    day: date,
    *,
    q: str = "",
    status: str = "",
    kind: str = "",
    service: Service | None = None,
    year: int | None = None,
    deadline: str = "",
    handler: Person | None = None,
    tag: CaseTag | None = None,
) -> QuerySet[Report]:
    """The cases this person sees that a list may show today, filtered, newest first.

    ``status`` "" is the open cases (the handler's work), "all" every case. ``q`` finds a case
    by a part of its number or of one of its tags' labels. ``service`` is a service the reporter
    ticked (stored in the clear for the statistics); ``handler`` someone holding the case's key.
    """
    cases = _by_status(Report.objects.visible_to(person).listed(day), status)
    if kind:
        cases = cases.filter(kind=kind)
    if service is not None:
        ticked = Report.services.through.objects.filter(service=service)
        cases = cases.filter(pk__in=ticked.values("report_id"))
    if year is not None:
        cases = cases.filter(
            received_on__gte=date(year, 1, 1), received_on__lt=date(year + 1, 1, 1)
        )
    if deadline:
        cases = cases.exclude(status=Status.CLOSED).filter(_deadline_state(deadline, day))
    if handler is not None:
        held = Grant.objects.filter(person=handler, active=True)
        cases = cases.filter(pk__in=held.values("report_id"))
    if tag is not None:
        cases = cases.filter(pk__in=CaseTagging.objects.filter(tag=tag).values("report_id"))
    if q:
        tagged = CaseTagging.objects.filter(tag__zone_id=person.zone_id, tag__label__icontains=q)
        cases = cases.filter(Q(number__icontains=q) | Q(pk__in=tagged.values("report_id")))
    return cases.only(*LISTED).order_by("-received_on", "-pk")


def _by_status(cases: QuerySet[Report], status: str) -> QuerySet[Report]:
    if status == "":
        return cases.exclude(status=Status.CLOSED)
    if status != "all":
        return cases.filter(status=status)
    return cases


def listed_unfiltered(status: str) -> Prepared[Report]:
    """The case list with no filter but ``status`` ("" open, "all" every case), as `case_list`
    reads it for an active member (`visible_to` is `granted_to` then) with the rows' own
    annotations (`listed_row`): the list as it opens, read through SQL compiled once
    (`kompas.lib.prepared`)."""
    return _UNFILTERED[status]


def listed_row(cases: QuerySet[Report], person_id: int) -> QuerySet[Report]:
    """What each row of the case list shows beside the case: whether it holds a reporter's
    message this handler has not read, and when a person concerned is due."""
    from kompas.reporting.inbox import unread_for

    return cases.annotate(unread=unread_for(person_id), concerned_due=concerned_due())


_UNFILTERED = {
    status: Prepared(
        lambda zone_id, person_id, day, status=status: listed_row(
            _by_status(Report.objects.granted_to(zone_id, person_id).listed(day), status)
            .only(*LISTED)
            .order_by("-received_on", "-pk"),
            person_id,
        )
    )
    for status in ("", "all")
}


def tag_labels(report_ids: list[int]) -> dict[int, list[str]]:
    """The labels of the tags on each of these cases, by label (one query: the case list's
    rows; a prefetch built a queryset per row, an eighth of the list's time)."""
    labels: dict[int, list[str]] = {}
    found = CaseTagging.objects.filter(report_id__in=report_ids).order_by("tag__label")
    for report_id, label in found.values_list("report_id", "tag__label"):
        labels.setdefault(report_id, []).append(label)
    return labels


def vocabulary(zone_id: int) -> QuerySet[CaseTag]:
    """The zone's tags, by label: the labels alone say nothing of any case."""
    return CaseTag.objects.filter(zone_id=zone_id).order_by("label")


def filing_of(report: Report, person: Person) -> dict[str, Any]:
    """What the case page shows of the case's filing (two queries: the zone's tags, each
    marked whether it is on this case, and the linked cases the person sees: those they
    handle, as `visible_to` would give them; a link to any other is not shown)."""
    tags = _TAGS_ON_CASE(zone_id=report.zone_id, report_id=report.pk)
    linked = (
        _LINKED(zone_id=person.zone_id, person_id=person.pk, report_id=report.pk)
        if person.is_authenticated and person.is_active  # as `visible_to`
        else []
    )
    return {
        "tags": [tag for tag in tags if tag.on_case],  # type: ignore[attr-defined]
        "tag_choices": [tag for tag in tags if not tag.on_case],  # type: ignore[attr-defined]
        "linked": linked,
    }


# Read on every look at a case, compiled once (`kompas.lib.prepared`): the zone's tags, each
# marked whether it is on the case, and the linked cases among those an active member handles
# (`visible_to` is `granted_to` for them).
_TAGS_ON_CASE: Prepared[CaseTag] = Prepared(
    lambda zone_id, report_id: vocabulary(zone_id).annotate(
        on_case=Exists(CaseTagging.objects.filter(report_id=report_id, tag=OuterRef("pk")))
    )
)


def _linked_to(zone_id: int, person_id: int, report_id: int) -> QuerySet[Report]:
    """The cases linked to this one among those the person handles (`Report.granted_to`)."""
    as_first = CaseLink.objects.filter(first_id=report_id).values("second_id")
    as_second = CaseLink.objects.filter(second_id=report_id).values("first_id")
    # One IN over both sides (a UNION): an OR of two INs made PostgreSQL scan every report.
    linked = Report.objects.granted_to(zone_id, person_id).filter(pk__in=as_first.union(as_second))
    return linked.only("number", "kind", "status").order_by("number")


_LINKED: Prepared[Report] = Prepared(_linked_to)


def clean_label(label: str) -> str:
    """A label as kept: spaces collapsed, at most `TAG_MAX` characters."""
    label = " ".join(label.split())
    if not label:
        raise ValidationError(_("Type the tag."))
    if len(label) > TAG_MAX:
        raise ValidationError(_("A tag has at most %(max)d characters.") % {"max": TAG_MAX})
    return label


@transaction.atomic
def add_tag(*, report: Report, by: Person, tag: CaseTag | None = None, label: str = "") -> CaseTag:
    """Put a tag on the case: one of the zone's, or a new label added to the vocabulary (the
    zone's tag of that label, whatever its case, when there is one already)."""
    if tag is None:
        tag = _tag_labelled(report=report, by=by, label=clean_label(label))
    if tag.zone_id != report.zone_id:
        raise PermissionDenied
    _tagging, made = CaseTagging.objects.get_or_create(report=report, tag=tag)
    if made:
        record("reporting.case_tagged", actor=by, obj=report, detail={"tag": tag.pk})
    return tag


def _tag_labelled(*, report: Report, by: Person, label: str) -> CaseTag:
    found = CaseTag.objects.filter(zone_id=report.zone_id, label__iexact=label).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            tag = CaseTag.objects.create(zone_id=report.zone_id, label=label)
    except IntegrityError:  # a colleague added the same label a moment ago
        return CaseTag.objects.get(zone_id=report.zone_id, label__iexact=label)
    # An event of the case it was made on: held with the case's events (a new tag timed at
    # 14:05, first seen on a case received that day, would tell that the case existed by 14:05),
    # and, as every case event, not shown to the functional administrator (who it was and when
    # would tell that a report reached that handler's route that day).
    record("reporting.tag_created", actor=by, obj=report, detail={"tag": tag.pk})
    return tag


@transaction.atomic
def remove_tag(*, report: Report, tag: CaseTag, by: Person) -> None:
    """Take a tag off the case; the tag stays in the zone's vocabulary."""
    removed, _detail = CaseTagging.objects.filter(report=report, tag=tag).delete()
    if removed:
        record("reporting.case_untagged", actor=by, obj=report, detail={"tag": tag.pk})


def _both_seen(by: Person, report: Report, other: Report) -> None:
    """A link joins two cases the person sees, of one zone, and not a case to itself."""
    if other.pk == report.pk:
        raise ValidationError(_("A case cannot be linked to itself."))
    if Report.objects.visible_to(by).filter(pk__in=[report.pk, other.pk]).count() != 2:
        raise PermissionDenied


def _record_on_both(action: str, *, by: Person, report: Report, other: Report) -> None:
    held = report.audit_held() or other.audit_held()
    for one, two in ((report, other), (other, report)):
        record(action, actor=by, obj=one, detail={"case": two.pk}, held=held)


@transaction.atomic
def link_cases(*, report: Report, other: Report, by: Person) -> bool:
    """File two cases the person sees as related; shown on both. False when they were already."""
    _both_seen(by, report, other)
    first, second = sorted((report, other), key=lambda r: r.pk)
    _link, made = CaseLink.objects.get_or_create(first=first, second=second)
    if made:
        _record_on_both("reporting.cases_linked", by=by, report=report, other=other)
    return made


@transaction.atomic
def unlink_cases(*, report: Report, other: Report, by: Person) -> None:
    """Undo a link between two cases the person sees."""
    _both_seen(by, report, other)
    first, second = sorted((report, other), key=lambda r: r.pk)
    removed, _detail = CaseLink.objects.filter(first=first, second=second).delete()
    if removed:
        _record_on_both("reporting.cases_unlinked", by=by, report=report, other=other)
