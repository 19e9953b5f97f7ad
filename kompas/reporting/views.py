"""The reporting channel's pages: intake (staff and public), follow-up by receipt, case handling."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.fields.json import KT
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from kompas.accounts.models import Person, Service, Zone
from kompas.lib.clock import today
from kompas.lib.counted import counted
from kompas.lib.dates import shown_day
from kompas.lib.http import AuthenticatedHttpRequest, safe_next
from kompas.lib.ids import as_id, whole_number
from kompas.lib.paging import page_of, prepared_page
from kompas.lib.prepared import Prepared
from kompas.lib.small_counts import year_up_to
from kompas.lib.throttle import Budget
from kompas.lib.views import attempt, leaves_session_untouched
from kompas.reporting import concerned, embedding, filing, followup, keys, services
from kompas.reporting.forms import (
    RECEIPT_SALT,
    YES_NO,
    CaseFilterForm,
    ConcernedAddForm,
    ConcernedDelayForm,
    ConcernedHeardForm,
    ConcernedInformedForm,
    DisciplineForm,
    ExportForm,
    LinkForm,
    MeetingDeclineForm,
    MeetingMinutesForm,
    MeetingPlanForm,
    MeetingRequestForm,
    MinutesCorrectionForm,
    OralReportForm,
    PublicReportForm,
    ReceiptForm,
    ReporterMessageForm,
    RetaliationForm,
    RevealRequestForm,
    RevealSelfForm,
    StaffReportForm,
    StepForm,
    TagForm,
    TaskForm,
    UnlockForm,
    issue_public_token,
    issue_receipt_token,
)
from kompas.reporting.models import (
    Attachment,
    Channel,
    ConcernedState,
    Grant,
    IdentityMode,
    PersonConcerned,
    Report,
    Task,
)

# --- Intake -----------------------------------------------------------------------------------


def _new_report(form_data: dict, channel: str, identity_mode: str) -> services.NewReport:
    return services.NewReport(
        kind=form_data["kind"],
        channel=channel,
        identity_mode=identity_mode,
        what=form_data["what"],
        when=form_data.get("when", ""),
        where=form_data.get("where", ""),
        involved_text=form_data.get("involved_text", ""),
        involved=list(form_data.get("involved", [])),
        services=list(form_data.get("services", [])),
        values=list(form_data.get("values", [])),
        addressed_colleague=form_data.get("addressed_colleague", ""),
        told_leader=form_data.get("told_leader", ""),
        own_leaders_involved=bool(form_data.get("own_leaders_involved")),
        contact_name=form_data.get("contact_name", ""),
        contact_email=form_data.get("contact_email", ""),
        contact_phone=form_data.get("contact_phone", ""),
        files=list(form_data.get("attachments", [])),
        language=translation.get_language() or "",
    )


def _receipt_page(
    request: HttpRequest, report: Report, receipt: str, created: bool, embeddable: bool = False
) -> HttpResponse:
    """Shown in answer to the POST itself: the receipt is never stored, so it cannot be shown later."""
    return render(
        request,
        "reporting/receipt.html",
        {
            "report": report,
            "receipt": receipt,
            "again": not created,
            "files_failed": getattr(report, "attachments_failed", False),
            "handled_by": getattr(report, "handled_by", ""),
            "receipt_token": signing.dumps(receipt, salt=RECEIPT_SALT),
            "embeddable": embeddable,
        },
    )


@login_required
@leaves_session_untouched
def report_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A member of staff reports named, confidential or anonymous."""
    person = request.user
    if not person.has_perm("reporting.report"):
        raise PermissionDenied
    if request.method == "POST":
        form = StaffReportForm(request.POST, request.FILES, reporter=person)
        if form.is_valid():
            data = form.cleaned_data
            mode = data["identity_mode"]
            new = _new_report(data, Channel.STAFF, mode)
            with attempt(request, form=form) as outcome:
                report, created = services.submit_report(
                    zone=person.zone, data=new, receipt=data["receipt_token"], signed_in=person
                )
            if outcome.succeeded:
                return _receipt_page(request, report, data["receipt_token"], created)
        _keep_token(form)
    else:
        form = StaffReportForm(initial={"receipt_token": issue_receipt_token()}, reporter=person)
    return render(
        request,
        "reporting/report_form.html",
        {
            "form": form,
            "public": False,
            "draft_owner": _draft_owner(person),
            "files_lost": _files_lost(request),
            "external_channel": _external_channel(person.zone_id),
        },
    )


def _new_report_url(report: Report) -> str:
    """Where the reporter of a closed case can file a new report: the staff form for a member
    of staff, the zone's public form for anyone else."""
    if report.channel == Channel.STAFF:
        return reverse("reporting:new")
    return reverse("reporting:public", args=[Zone.objects.get(pk=report.zone_id).code])


def _draft_owner(person: Person) -> str:
    """The report form's draft is kept in the member's browser tab (`kompas/js/draft.js`), with
    this keyed tag of the person signed in: the script puts a draft back for the same person
    only, so that someone who signs in on the same tab after an idle sign-out does not see it.
    It names nobody without the server's secret key."""
    return salted_hmac("kompas.reporting.draft-owner", str(person.pk)).hexdigest()[:24]


def _keep_token(form: Any, fresh: Any = issue_receipt_token) -> None:
    """Re-show the form with its own token when still valid, so a retry keeps one receipt."""
    if "receipt_token" in form.errors:
        data = form.data.copy()  # type: ignore[attr-defined]
        data["receipt_token"] = fresh()
        form.data = data


@csrf_exempt  # no cookie reaches a framed form: `embedding` checks the token and the sender
@leaves_session_untouched
@xframe_options_exempt
def public_report(request: HttpRequest, zone_code: str) -> HttpResponse:
    """The public form for citizens and partners, also framed in the zone's website on another
    domain, where the browser sends it no cookie: a token signed for the zone stands in for the
    CSRF cookie, the page that sends it must be Kompas or a site of `KOMPAS_EMBED_ORIGINS`, and
    the language is in the address (`embedding`). Whatever is refused comes back with what was
    typed and what to do."""
    zone = get_object_or_404(Zone, code=zone_code)
    embedding.use_language_of_address(request)
    status = 200
    if request.method == "POST" and not embedding.sent_from_allowed_page(request):
        # Refused before the files are read: a forged POST costs no cleaning of attachments.
        form = PublicReportForm(request.POST, zone=zone)
        form.is_valid()
        form.add_error(None, embedding.REFUSED)
        status = 403
    elif request.method == "POST":
        form = PublicReportForm(request.POST, request.FILES, zone=zone)
        if form.is_valid() and _busy(form.cleaned_data["receipt_token"]):
            form.add_error(
                None,
                _(
                    "Many reports are coming in right now. Your text is kept: "
                    "send it again in a minute."
                ),
            )
        elif form.is_valid():
            data = form.cleaned_data
            has_contact = any(
                data.get(f) for f in ("contact_name", "contact_email", "contact_phone")
            )
            mode = IdentityMode.CONFIDENTIAL if has_contact else IdentityMode.ANONYMOUS
            with attempt(request, form=form) as outcome:
                report, created = services.submit_report(
                    zone=zone,
                    data=_new_report(data, Channel.PUBLIC, mode),
                    receipt=data["receipt_token"],
                )
            if outcome.succeeded:
                receipt = data["receipt_token"]
                return _embeddable(
                    _receipt_page(request, report, receipt, created, embeddable=True)
                )
    else:
        form = PublicReportForm(initial={"receipt_token": issue_public_token(zone.pk)}, zone=zone)
    if request.method == "POST":
        _keep_token(form, lambda: issue_public_token(zone.pk))
    response = render(
        request,
        "reporting/report_form.html",
        {
            "form": form,
            "public": True,
            "embeddable": True,
            "zone": zone,
            "files_lost": _files_lost(request),
            "external_channel": _external_channel(zone.pk),
        },
        status=status,
    )
    return _embeddable(response)


def _files_lost(request: HttpRequest) -> bool:
    """A form sent back to its reporter: the files it carried are not kept (a browser cannot be
    given them back), which the page says instead of letting them vanish."""
    return request.method == "POST" and any(request.FILES.getlist("attachments"))


# New public reports per minute and server process; far above a zone's needs, low enough that a
# flood cannot exhaust the server with Argon2id work.
PUBLIC_SUBMISSIONS = Budget("public-submissions", 120)


def _busy(receipt: str) -> bool:
    """Spend one of the minute's public submissions, unless this one was filed already (a retry
    always gets its receipt back)."""
    from kompas.reporting import crypto

    if Report.objects.filter(receipt_lookup=crypto.receipt_lookup(receipt)).exists():
        return False
    if PUBLIC_SUBMISSIONS.exhausted():
        return True
    PUBLIC_SUBMISSIONS.spend()
    return False


def _embeddable(response: HttpResponse) -> HttpResponse:
    """Let the zone's own website frame the public form, and nobody else. The follow-up pages
    are not framed: their cookie is not sent to a frame in another site, so the form's links
    open them in the whole window."""
    origins = settings.EMBED_ORIGINS
    response._csp_replace = {"frame-ancestors": origins or ["'none'"]}  # type: ignore[attr-defined]
    if not origins:
        response["X-Frame-Options"] = "DENY"
    return response


# --- Follow-up by receipt ---------------------------------------------------------------------


_BUSY = gettext_lazy(
    "Many wrong receipts are being tried at the moment, so your browser first does a short "
    "calculation. Press Open again and wait a few seconds. This needs JavaScript; without it, "
    "try again later."
)
_PREFIX_CLOSED = gettext_lazy(
    "Too many wrong receipts starting like this one were tried. Check your receipt and try "
    "again in ten minutes."
)


@leaves_session_untouched
def follow_up(request: HttpRequest) -> HttpResponse:
    """The receipt opens the case (throttled in `followup`); what was typed stays in the form."""
    form = ReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        receipt = form.cleaned_data["receipt"]
        if not followup.proven(request.POST.get("challenge", ""), request.POST.get("proof", "")):
            form.add_error("receipt", _BUSY)
        elif followup.too_many_failures(receipt):
            followup.count_failure(receipt)
            form.add_error("receipt", _PREFIX_CLOSED)
        else:
            opened = services.open_with_receipt(receipt)
            if opened is None:
                followup.count_failure(receipt)
                form.add_error(
                    "receipt", _("No report goes with this receipt. Check what you typed.")
                )
            else:
                report, case_key = opened
                response = redirect("reporting:follow_up_case")
                followup.start(response, report.pk, case_key)
                return response
    context = {"form": form, "proof": followup.challenge()}
    return render(request, "reporting/follow_up.html", context)


@leaves_session_untouched
def follow_up_case(request: HttpRequest) -> HttpResponse:
    """The reporter's page: status, conversation, files; answer, reveal oneself, report retaliation."""
    current = followup.current(request)
    if current is None:
        return redirect("reporting:follow_up")
    report = get_object_or_404(Report, pk=current[0])
    case_key = current[1]
    if report.receipt_must_change:
        return redirect("reporting:new_receipt")
    children = services.protection_cases(report, case_key)
    action = request.POST.get("action", "write") if request.method == "POST" else None
    message_form = ReporterMessageForm(
        request.POST if action == "write" else None, request.FILES if action == "write" else None
    )
    reveal_form = RevealSelfForm(request.POST if action == "reveal" else None)
    retaliation_form = RetaliationForm(request.POST if action == "retaliation" else None)
    meeting_form = MeetingRequestForm(request.POST if action == "meeting" else None)
    correction_form = MinutesCorrectionForm(request.POST if action == "correct_minutes" else None)
    if action == "write" and message_form.is_valid():
        target, target_key = report, case_key
        chosen = request.POST.get("case")
        for child in children:
            if chosen and str(child.report.pk) == chosen:
                target, target_key = child.report, child.case_key
        sent = _("Your message is sent. The handlers read it on your case.")
        with attempt(request, form=message_form, done=sent) as outcome:
            services.reporter_writes(
                report=target,
                case_key=target_key,
                body=message_form.cleaned_data["body"],
                files=message_form.cleaned_data["attachments"],
            )
        if outcome.succeeded:
            return redirect("reporting:follow_up_case")
    elif action == "reveal" and reveal_form.is_valid():
        with attempt(request, form=reveal_form) as outcome:
            services.reporter_reveals(report=report, case_key=case_key, **reveal_form.cleaned_data)
        if outcome.succeeded:
            return redirect("reporting:follow_up_case")
    elif action == "approve_minutes":
        of_meeting = bool(request.POST.get("meeting"))
        with attempt(request, done=_("You approved the minutes.") if of_meeting else ""):
            services.approve_minutes(report=report, of_meeting=of_meeting)
        return redirect(
            reverse("reporting:follow_up_case") + ("#meeting-title" if of_meeting else "")
        )
    elif action == "meeting" and meeting_form.is_valid():
        asked = _("You asked for a meeting. The handlers answer on this page.")
        with attempt(request, form=meeting_form, done=asked) as outcome:
            services.reporter_asks_meeting(
                report=report,
                case_key=case_key,
                preference=meeting_form.cleaned_data["preference"],
            )
        if outcome.succeeded:
            return redirect(reverse("reporting:follow_up_case") + "#meeting-title")
    elif action == "correct_minutes" and correction_form.is_valid():
        sent = _("Your corrections are sent. The handlers write the minutes again.")
        with attempt(request, form=correction_form, done=sent) as outcome:
            services.reporter_corrects_minutes(
                report=report,
                case_key=case_key,
                corrections=correction_form.cleaned_data["corrections"],
            )
        if outcome.succeeded:
            return redirect(reverse("reporting:follow_up_case") + "#meeting-title")
    elif action == "retaliation" and retaliation_form.is_valid():
        with attempt(request, form=retaliation_form) as outcome:
            services.report_retaliation(
                parent=report, parent_key=case_key, what=retaliation_form.cleaned_data["what"]
            )
        if outcome.succeeded:
            return redirect("reporting:follow_up_case")
    case = services.OpenCase(report, case_key, {})
    minutes = None
    if report.channel == Channel.ORAL:
        from kompas.reporting import crypto

        minutes = crypto.decrypt_json(case_key, report.content_box).get("what", "")
    return render(
        request,
        "reporting/follow_up_case.html",
        {
            "report": report,
            "minutes": minutes,
            "new_report_url": _new_report_url(report) if report.is_closed else "",
            "external_channel": _external_channel(report.zone_id),
            "conversation": case.message_bodies(include_internal=False),
            "attachments": _named_files(report, case_key, reporter_view=True),
            "children": [
                {
                    "report": child.report,
                    "conversation": child.message_bodies(include_internal=False),
                }
                for child in children
            ],
            "form": message_form,
            "reveal_form": reveal_form,
            "retaliation_form": retaliation_form,
            "meetings": services.meetings_of(report, case_key, on=today()),
            "meeting_form": meeting_form,
            "correction_form": correction_form,
        },
    )


def _named_files(
    report: Report, case_key: bytes, *, reporter_view: bool, found: list[Attachment] | None = None
) -> list[dict]:
    """The case's files with their names opened (``found``: read already with `_files_of`,
    with the same ``reporter_view``)."""
    from kompas.reporting import crypto

    if found is None:
        found = _files_of(report, reporter_view=reporter_view)
    return [{"attachment": a, "name": crypto.decrypt(case_key, a.name_box).decode()} for a in found]


@leaves_session_untouched
def follow_up_file(request: HttpRequest, pk: int) -> HttpResponse:
    current = followup.current(request)
    if current is None:
        return redirect("reporting:follow_up")
    report = get_object_or_404(Report, pk=current[0])
    attachment = get_object_or_404(
        report.attachments.filter(Q(message__isnull=True) | Q(message__internal=False)), pk=pk
    )
    return _download(*services.read_attachment(attachment, current[1]), attachment.content_type)


def _download(name: str, data: bytes, content_type: str) -> HttpResponse:
    """Always a download, never rendered in a page of ours, and sandboxed if opened anyway."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_ascii(name)}"'
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


def _ascii(name: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain if ch.isalnum() or ch in "._- ")[:100] or "file"


@leaves_session_untouched
@require_POST
def follow_up_leave(request: HttpRequest) -> HttpResponse:
    response = redirect("reporting:follow_up")
    followup.end(response)
    return response


# --- Case handling ----------------------------------------------------------------------------


class _KeyLocked(Exception):
    """The handler's key is not open in this browser (see ``unlocks_key``)."""


def _private_key(request: AuthenticatedHttpRequest) -> bytes:
    """This handler's private key (see ``unlocks_key``)."""
    unlocked = keys.unlocked_private_key(request, request.user)
    if unlocked is None:
        raise _KeyLocked
    return unlocked[1]


def unlocks_key(view: Any) -> Any:
    """Views that decrypt send a handler whose key is not open to the unlock page (back here
    afterwards for a GET). The case is looked up first, so nothing tells whether it exists."""
    from functools import wraps
    from urllib.parse import urlencode

    @wraps(view)
    def wrapped(request: AuthenticatedHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except _KeyLocked:
            url = reverse("reporting:unlock")
            if request.method == "GET":
                url += "?" + urlencode({"next": request.get_full_path()})
            return redirect(url)

    return wrapped


@login_required
def cases(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every case the handler sees, open ones by default, filtered and searched (a GET form)."""
    person = request.user
    if not person.has_perm("reporting.handle_cases"):
        raise PermissionDenied
    day = today()
    query = request.GET.copy()
    if query.get("late") and not query.get("deadline"):  # the list's older link, kept working
        query["deadline"] = filing.LATE
    more = CaseFilterForm.asks_for_more(query)
    years = _case_years(person, day) if more else []
    form = CaseFilterForm(query, zone_id=person.zone_id, years=years, more=more)
    form.is_valid()  # a field sent wrong is said at the field; the others still filter
    filters = form.cleaned_data
    number = request.GET.get("page")
    status = filters.get("status") or ""
    if status in ("", "all") and not any(filters.get(name) for name in filters if name != "status"):
        # The list as it opens (or with every status): its SQL compiled once.
        unfiltered = filing.listed_unfiltered(status)
        values = {"zone_id": person.zone_id, "person_id": person.pk, "day": day}
        page = prepared_page(unfiltered, number, 50, **values)
    else:
        listed = filing.listed_row(filing.case_list(person, day, **filters), person.pk)
        page = page_of(listed, number, 50)
    labels = filing.tag_labels([report.pk for report in page])
    for report in page:  # what the rows show, worked out here once
        report.ack_late = report.is_acknowledgement_late(day)  # type: ignore[attr-defined]
        report.feedback_late = report.is_feedback_late(day)  # type: ignore[attr-defined]
        due = report.concerned_due  # type: ignore[attr-defined]
        report.concerned_late = due is not None and due < day  # type: ignore[attr-defined]
        report.tag_labels = labels.get(report.pk, [])  # type: ignore[attr-defined]
    return render(
        request,
        "reporting/cases.html",
        {
            "today": day,
            "page": page,
            "form": form,
            "more": more,
            "open_only": not form.cleaned_data.get("status"),
            "filtered": any(form.cleaned_data.get(name) for name in form.fields),
        },
    )


def _case_years(person: Person, day: Any) -> list[int]:
    """The years a case list can be filtered on, newest first: this year back to the zone's
    first report (one index lookup; the person's own cases would cost a scan of every key they
    hold). This year is always offered, so a report filed today changes nothing here."""
    from django.db.models import Min

    first = Report.objects.filter(zone_id=person.zone_id).aggregate(first=Min("received_on"))
    since = min(first["first"].year, day.year) if first["first"] else day.year
    return list(range(day.year, since - 1, -1))


@login_required
@require_POST
@unlocks_key
def case_tags(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    """Put a tag on the case (one of the zone's or a new one) or take one off; a closed case
    too (the handlers' filing, not the case's course). A tag refused comes back on the case
    page with its form open, what was typed and the reason at the field."""
    report = _get_case(request, number)
    back = redirect(reverse("reporting:case", args=[report.number]) + "#filing-title")
    removed = request.POST.get("remove")
    if removed is not None:
        tag = report.tags.filter(pk=as_id(removed) or 0).first()
        if tag is not None:
            filing.remove_tag(report=report, tag=tag, by=request.user)
            messages.success(request, _("The tag is taken off the case."))
        return back
    choices = filing.filing_of(report, request.user)["tag_choices"]
    form = TagForm(request.POST, tags=choices, zone_id=report.zone_id)
    if form.is_valid():
        with attempt(request, form=form, done=_("The tag is on the case.")) as outcome:
            filing.add_tag(
                report=report,
                by=request.user,
                tag=form.cleaned_data["tag"],
                label=form.cleaned_data["label"],
            )
        if outcome.succeeded:
            return back
    return _case_page(request, report, _private_key(request), ("tag_form", form))


@login_required
@require_POST
@unlocks_key
def case_links(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    """Link the case to a related one the handler also sees, or undo a link. A link refused
    comes back on the case page with its form open, the number typed and the reason."""
    report = _get_case(request, number)
    back = redirect(reverse("reporting:case", args=[report.number]) + "#filing-title")
    form = LinkForm(request.POST)
    other = None
    if form.is_valid():
        typed = form.cleaned_data["number"].strip()
        other = Report.objects.visible_to(request.user).filter(number=typed).first()
        if other is None:
            # Said as for a case page of a number one may not see, and recorded the same way.
            services.record_refused_case(person=request.user, number=typed)
            form.add_error("number", _("You have no case with this number."))
    if other is not None and request.POST.get("unlink"):
        filing.unlink_cases(report=report, other=other, by=request.user)
        messages.success(request, _("The cases are no longer linked."))
        return back
    if other is not None:
        with attempt(request, form=form, done=_("The cases are linked.")) as outcome:
            filing.link_cases(report=report, other=other, by=request.user)
        if outcome.succeeded:
            return back
    return _case_page(request, report, _private_key(request), ("link_form", form))


def _get_case(request: AuthenticatedHttpRequest, number: str) -> Report:
    """A case the person handles (else 404: for everyone else it does not exist)."""
    person = request.user
    if not person.is_authenticated or not person.is_active:  # as Report.objects.visible_to
        raise Http404
    # One at most: a number is unique in its zone.
    found = _CASE_BY_NUMBER(zone_id=person.zone_id, person_id=person.pk, number=str(number))
    if not found:
        # The case does not exist for this person (kept out, not a handler, or no such number):
        # the same 404 for all, and the attempt recorded for the integrity officer.
        services.record_refused_case(person=person, number=number)
        raise Http404
    return found[0]


# What every look at a case reads, compiled by Django once (`kompas.lib.prepared`; which reads
# and why: reporting/README.md): the case by its number among those the person handles
# (`Report.objects.visible_to` of an active member), its files, tasks and persons concerned.
_CASE_BY_NUMBER: Prepared[Report] = Prepared(
    lambda zone_id, person_id, number: (
        Report.objects.granted_to(zone_id, person_id).filter(number=number).order_by()
    )  # one at most: nothing to sort (as `QuerySet.get`)
)
_FILES: Prepared[Attachment] = Prepared(
    lambda report_id: Attachment.objects.filter(report_id=report_id)
)
_TASKS: Prepared[Task] = Prepared(
    lambda report_id: services.with_names(Task.objects.filter(report_id=report_id), "assigned_to")
)
_PERSONS_CONCERNED: Prepared[PersonConcerned] = Prepared(
    lambda report_id: PersonConcerned.objects.filter(report_id=report_id)
)
_SERVICE_NAMES: Prepared[str] = Prepared(
    lambda report_id: Service.objects.filter(reports=report_id).values_list("name", flat=True)
)
_ACTIVE_GRANTS: Prepared[Grant] = Prepared(
    lambda report_id: services.with_names(
        Grant.objects.filter(report_id=report_id, active=True), "person"
    )
)


def _files_of(report: Report, *, reporter_view: bool = False) -> list[Attachment]:
    """The case's files; for the reporter not those of internal notes."""
    if not reporter_view:
        return _FILES(report_id=report.pk)
    found = report.attachments.filter(Q(message__isnull=True) | Q(message__internal=False))
    return list(found)


@login_required
@unlocks_key
def case_detail(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    report = _get_case(request, number)
    return _case_page(request, report, _private_key(request))


def _case_page(
    request: AuthenticatedHttpRequest,
    report: Report,
    private_key: Any,
    refused: tuple[str, Any] | None = None,
) -> HttpResponse:
    """The case page; with ``refused`` (the context name of a handler's form and the form as
    sent back with its errors) the page is written again with what the handler typed and the
    errors at the top and at the fields, instead of losing the text behind a redirect."""
    person = request.user
    confidential = report.identity_mode == IdentityMode.CONFIDENTIAL
    opened = _opened_form(request, refused)
    # What the page shows of the case is read first; then the case is opened and the look
    # recorded in a transaction of its own, committed before the page is written: a read that
    # fails records nothing, and no page is shown without its look. (Not one transaction with
    # the reads: the chain's lock, which every audited page waits for, would then be held
    # through the rest of it and its COMMIT; on its own the look holds it for one round trip,
    # `audit.services.record`.)
    # The active grants: this handler's unseals the case key, all of them name the handlers.
    grants = _active_grants(report)
    conversation = services.conversation_of(report, include_internal=True)
    files = _files_of(report)
    tasks = _TASKS(report_id=report.pk)
    events = _timeline_seen_by(report.pk, person)
    # Who else holds the case's key: read for the two forms that name them (ask to reveal a
    # confidential identity; share, when asked for).
    holders = services.key_holders(report, person) if confidential or opened == "share" else []
    reveals = list(_reveals_of(report)) if confidential else []
    persons_concerned = _PERSONS_CONCERNED(report_id=report.pk)
    case = services.open_for_handler(report, person, private_key, grants)
    identity = services.visible_identity(case, person, reveals)
    seen_before = _mark_read(grants, person, conversation)
    approvers = services.approvers_for(case, person, holders) if confidential else []
    handlers = [g.person for g in grants]
    can_request_reveal = confidential and report.identity_box is not None and bool(approvers)
    # The forms that write to the case are built only when the page shows them: not on a
    # closed case, which is read-only until it is reopened; and the ones used now and then
    # (`ASKED_FORMS`) only when the handler asks for one, or when it comes back refused.
    writable = not report.is_closed
    return render(
        request,
        "reporting/case.html",
        {
            "report": report,
            "content": case.content,
            "identity": identity,
            "conversation": case.message_bodies(include_internal=True, messages=conversation),
            "message_form": ReporterMessageForm() if writable else None,
            "attachments": _named_files(report, case.case_key, reporter_view=False, found=files),
            "reveal_form": RevealRequestForm(approvers=approvers) if can_request_reveal else None,
            "can_request_reveal": can_request_reveal,
            "reveal_requests": reveals,
            "protects": report.parent,
            "tasks": _tasks(case.case_key, tasks),
            "task_form": TaskForm(handlers=handlers) if writable and opened == "task" else None,
            "timeline": _timeline(events),
            "concerned": _concerned(report),
            "seen_before": seen_before,
            "answers": dict(YES_NO),
            "step_form": StepForm() if writable else None,
            "today": today(),
            "colleagues": (
                services.colleagues_for(case, person, holders) if opened == "share" else None
            ),
            "handlers": handlers,
            "opened": opened,
            **_meetings_on_case(report, case.case_key, writable=writable),
            **_concerned_on_case(
                report, case.case_key, persons_concerned, writable=writable, opened=opened
            ),
            **_filing_of(report, person, opened),
            **({refused[0]: refused[1], "refused_form": refused[1]} if refused else {}),
            "files_lost": bool(refused and request.FILES),
        },
        status=400 if refused else 200,
    )


# The case page's forms that a handler uses now and then, written when asked for
# (``?form=task``, the link in their section): each costs about as much to write as the rest
# of the page's text, and a case is read far more often than it is filed, shared or given a
# task (the case page missed its throughput in `make bench` with all of them written).
ASKED_FORMS = ("share", "tag", "link", "task", "concerned")
# The form each refused form belongs to (written again with its errors).
_ASKED_BY_REFUSED = {
    "tag_form": "tag",
    "link_form": "link",
    "task_form": "task",
    "concerned_add_form": "concerned",
    "concerned_informed_form": "concerned",
    "concerned_delay_form": "concerned",
    "concerned_heard_form": "concerned",
}


def _opened_form(request: HttpRequest, refused: tuple[str, Any] | None) -> str | None:
    """Which of `ASKED_FORMS` the case page writes: the one refused, or the one asked for."""
    if refused:
        return _ASKED_BY_REFUSED.get(refused[0])
    asked = request.GET.get("form")
    return asked if asked in ASKED_FORMS else None


def _filing_of(report: Report, person: Person, opened: str | None) -> dict[str, Any]:
    """The case's tags and the linked cases the person sees (the case page's filing), and the
    form asked for."""
    shown = filing.filing_of(report, person)
    shown["tag_form"] = (
        TagForm(tags=shown["tag_choices"], zone_id=report.zone_id) if opened == "tag" else None
    )
    shown["link_form"] = LinkForm() if opened == "link" else None
    return shown


def _mark_read(grants: list, person: Person, conversation: list) -> int:
    """The reporter's messages are read by this handler now; returns the position they had
    read up to before (the page marks what came after as new)."""
    from kompas.reporting.models import Author

    own = next((g for g in grants if g.person_id == person.pk), None)
    if own is None:
        return 0
    last = max((m.position for m in conversation if m.author == Author.REPORTER), default=0)
    if last > own.seen_position:
        Grant.objects.filter(pk=own.pk).update(seen_position=last)
    return int(own.seen_position)


def _reveals_of(report: Report) -> Any:
    """A case's requests to reveal a confidential identity, with who asked and who approves."""
    return services.with_names(report.reveal_requests.all(), "approver", "requested_by")


def _tasks(case_key: bytes, tasks: list[Task]) -> list[dict]:
    from kompas.reporting import crypto

    return [{"task": t, "title": crypto.decrypt(case_key, t.title_box).decode()} for t in tasks]


def _timeline(events: list) -> list:
    """The case's history from the audit log (who did what when; reporters stay unnamed), as
    read by `_timeline_events`. A handler's act shows its time; what was held back from the
    chain until its day was over (the reporter's acts, everything on the day of receipt) was
    dated by the day's start and shows the day only."""
    for event in events:
        event.actor_name = event.actor_first_name or ""  # type: ignore[attr-defined]
        event.label = TIMELINE_LABELS.get(event.action, event.action)  # type: ignore[attr-defined]
        local = timezone.localtime(event.at)
        event.timed = (local.hour, local.minute, local.second, local.microsecond) != (0, 0, 0, 0)  # type: ignore[attr-defined]
    return events


def _concerned(report: Report) -> dict[str, list[str]]:
    """The services and the compass values the reporter ticked, by name."""
    from kompas.compass.values import Value

    return {
        "services": _SERVICE_NAMES(report_id=report.pk),
        "values": [str(Value(v).label) for v in report.values if v in Value.values],
    }


def _timeline_events(object_id: str) -> Any:
    from kompas.audit.models import AuditEvent

    # Each actor named by first name in the same query (the audit log has no foreign key).
    first_name = Person.objects.filter(pk=OuterRef("actor_id")).order_by().values("first_name")[:1]
    # The looks are left out in the SQL itself, not as a value sent with it: only then may a
    # plan that PostgreSQL keeps for a statement it prepared (psycopg prepares those a
    # connection runs often) read the index that leaves them out (audit_object_history),
    # whatever the case's number of looks.
    table = AuditEvent._meta.db_table
    # (Names and constants only.)
    without_looks = RawSQL(  # noqa: S611  # nosec B611
        f"{table}.action <> 'reporting.case_opened'",
        [],
        output_field=BooleanField(),
    )
    return (
        AuditEvent.objects.filter(object_type="reporting.report", object_id=object_id)
        .filter(without_looks)
        .only("seq", "at", "actor_id", "action")  # what the timeline shows
        .annotate(actor_first_name=Subquery(first_name), linked_case=KT("detail__case"))
        .order_by("seq")
    )


# The case's history, read on every look at it (compiled once, `kompas.lib.prepared`).
_TIMELINE: Prepared[Any] = Prepared(_timeline_events)


LINK_EVENTS = ("reporting.cases_linked", "reporting.cases_unlinked")


def _timeline_seen_by(report_id: int, person: Person) -> list:
    """The case's timeline as this person may read it: a link's event only when they see
    the other case too. A handler kept out of the other case (one about them) would otherwise
    learn that a related case exists without them, as the link itself is not shown to them."""
    events = _TIMELINE(object_id=str(report_id))
    others = {str(e.linked_case) for e in events if e.action in LINK_EVENTS}
    if not others:
        return events
    ids = [int(other) for other in others if other.isdigit()]
    seen = {
        str(pk)
        for pk in Report.objects.visible_to(person).filter(pk__in=ids).values_list("pk", flat=True)
    }
    return [e for e in events if e.action not in LINK_EVENTS or str(e.linked_case) in seen]


TIMELINE_LABELS = {
    "reporting.report_received": gettext_lazy("Report received"),
    "reporting.oral_report_recorded": gettext_lazy("Oral report recorded"),
    "reporting.case_acknowledge": gettext_lazy("Receipt acknowledged"),
    "reporting.case_assess": gettext_lazy("Assessed"),
    "reporting.case_investigate": gettext_lazy("Investigation started"),
    "reporting.case_outcome": gettext_lazy("Outcome decided"),
    "reporting.case_feedback": gettext_lazy("Feedback given"),
    "reporting.case_close": gettext_lazy("Closed"),
    "reporting.case_reopened": gettext_lazy("Reopened"),
    "reporting.handler_wrote": gettext_lazy("Message to the reporter"),
    "reporting.note_written": gettext_lazy("Internal note"),
    "reporting.reporter_wrote": gettext_lazy("Message from the reporter"),
    "reporting.case_shared": gettext_lazy("Case shared"),
    "reporting.case_stepped_off": gettext_lazy("Handler stepped off"),
    "reporting.reveal_requested": gettext_lazy("Reveal of identity requested"),
    "reporting.reveal_approved": gettext_lazy("Reveal of identity approved"),
    "reporting.reveal_refused": gettext_lazy("Reveal of identity refused"),
    "reporting.identity_viewed": gettext_lazy("Identity viewed"),
    "reporting.reporter_revealed": gettext_lazy("Reporter revealed their identity"),
    "reporting.meeting_requested": gettext_lazy("Meeting asked for by the reporter"),
    "reporting.meeting_planned": gettext_lazy("Meeting planned"),
    "reporting.meeting_declined": gettext_lazy("Meeting declined"),
    "reporting.meeting_minutes_recorded": gettext_lazy("Minutes of the meeting recorded"),
    "reporting.meeting_minutes_corrected": gettext_lazy("Corrections to the minutes sent"),
    "reporting.concerned_added": gettext_lazy("Person concerned recorded"),
    "reporting.concerned_informed": gettext_lazy("Person concerned informed"),
    "reporting.concerned_heard": gettext_lazy("Person concerned heard"),
    "reporting.concerned_delayed": gettext_lazy("Informing a person concerned delayed"),
    "reporting.discipline_recorded": gettext_lazy("Outcome of the disciplinary procedure recorded"),
    "reporting.file_opened": gettext_lazy("File opened"),
    "reporting.task_added": gettext_lazy("Task added"),
    "reporting.task_done": gettext_lazy("Task done"),
    "reporting.case_exported": gettext_lazy("Case file exported"),
    "reporting.legal_hold_set": gettext_lazy("Legal hold set"),
    "reporting.legal_hold_lifted": gettext_lazy("Legal hold lifted"),
    "reporting.minutes_approved": gettext_lazy("Minutes approved by the reporter"),
    "reporting.receipt_changed": gettext_lazy("Receipt changed by the reporter"),
    "reporting.recovery_used": gettext_lazy("Access restored with the recovery key"),
    "reporting.reminder_sent": gettext_lazy("Deadline reminder sent"),
    "reporting.tag_created": gettext_lazy("New tag added to the zone's tags"),
    "reporting.case_tagged": gettext_lazy("Tag added"),
    "reporting.case_untagged": gettext_lazy("Tag taken off"),
    "reporting.cases_linked": gettext_lazy("Linked to a related case"),
    "reporting.cases_unlinked": gettext_lazy("Link to a related case undone"),
}


@login_required
@require_POST
@unlocks_key
def case_write(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    report = _get_case(request, number)
    private_key = _private_key(request)
    form = ReporterMessageForm(request.POST, request.FILES)
    if form.is_valid():
        case_key = services.case_key_for_handler(report, request.user, private_key)
        internal = request.POST.get("internal") == "1"
        done = _("The note is saved.") if internal else _("The message is sent to the reporter.")
        with attempt(request, done=done):
            services.handler_writes(
                report=report,
                handler=request.user,
                case_key=case_key,
                body=form.cleaned_data["body"],
                internal=internal,
                files=form.cleaned_data["attachments"],
            )
        return redirect("reporting:case", number=report.number)
    return _case_page(request, report, private_key, ("message_form", form))


@login_required
@require_POST
@unlocks_key
def case_reopen(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    """A closed case opens again, with a recorded reason."""
    report = _get_case(request, number)
    private_key = _private_key(request)
    with attempt(request, done=_("The case is open again.")):
        services.reopen(
            report=report,
            handler=request.user,
            case_key=services.case_key_for_handler(report, request.user, private_key),
            reason=request.POST.get("reason", ""),
        )
    return redirect("reporting:case", number=report.number)


_MEETING_FORMS: dict[str, Any] = {
    "plan": MeetingPlanForm,
    "decline": MeetingDeclineForm,
    "minutes": MeetingMinutesForm,
}


@login_required
@require_POST
@unlocks_key
def case_meeting(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    """The meeting the reporter asked for: the handler plans it, declines it with a reason, or
    records its minutes once it was held."""
    report = _get_case(request, number)
    private_key = _private_key(request)
    back = redirect(reverse("reporting:case", args=[report.number]) + "#meeting-title")
    action = request.POST.get("action", "")
    form_class = _MEETING_FORMS.get(action)
    if form_class is None:
        return back
    form = form_class(request.POST)
    if not form.is_valid():
        return _case_page(request, report, private_key, (f"meeting_{action}_form", form))
    data = form.cleaned_data
    case_key = services.case_key_for_handler(report, request.user, private_key)
    handler = request.user
    if action == "plan":
        with attempt(request, done=_("The meeting is planned; the reporter reads the plan.")):
            services.plan_meeting(
                report=report,
                handler=handler,
                case_key=case_key,
                day=data["day"],
                at=data["time"],
                place=data["place"],
            )
    elif action == "decline":
        with attempt(request, done=_("The meeting is declined; the reporter reads why.")):
            services.decline_meeting(
                report=report, handler=handler, case_key=case_key, reason=data["decline_reason"]
            )
    else:
        with attempt(request, done=_("The minutes are recorded; the reporter checks them.")):
            services.record_meeting_minutes(
                report=report, handler=handler, case_key=case_key, minutes=data["minutes"]
            )
    return back


_CONCERNED_DONE = {
    "add": gettext_lazy("The person concerned is recorded: inform them within a month."),
    "informed": gettext_lazy("Recorded when and how the person concerned was informed."),
    "heard": gettext_lazy("Recorded when and how the person concerned was heard."),
    "delay": gettext_lazy("The delay is recorded, with the day to review it."),
}


@login_required
@require_POST
@unlocks_key
def case_concerned(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    """A person concerned (directive art. 22): recorded by a label, then when and how they were
    informed and heard, or why informing them is delayed and until when."""
    report = _get_case(request, number)
    private_key = _private_key(request)
    # Back with the section's forms open: the next step for the person often follows.
    back = redirect(
        reverse("reporting:case", args=[report.number]) + "?form=concerned#concerned-title"
    )
    action = request.POST.get("action", "")
    if action not in _CONCERNED_DONE:
        return back
    case_key = services.case_key_for_handler(report, request.user, private_key)
    form: Any
    if action == "add":
        form = ConcernedAddForm(request.POST)
    else:
        persons = concerned.concerned_of(report, case_key, on=today())
        form = _CONCERNED_STEP_FORMS[action](request.POST, persons=persons)
    refused = (f"concerned_{action}_form", form)
    if not form.is_valid():
        return _case_page(request, report, private_key, refused)
    data = form.cleaned_data
    by = request.user
    with attempt(request, form=form, done=str(_CONCERNED_DONE[action])) as outcome:
        if action == "add":
            concerned.add_concerned(report=report, by=by, case_key=case_key, label=data["label"])
        elif action == "delay":
            concerned.delay_informing(
                report=report,
                by=by,
                case_key=case_key,
                pk=data["person"],
                reason=data["reason"],
                review_on=data["review_on"],
            )
        else:
            step = concerned.record_informed if action == "informed" else concerned.record_heard
            step(
                report=report,
                by=by,
                case_key=case_key,
                pk=data["person"],
                day=data["day"],
                how=data["how"],
            )
    if not outcome.succeeded:
        return _case_page(request, report, private_key, refused)
    return back


_CONCERNED_STEP_FORMS: dict[str, Any] = {
    "informed": ConcernedInformedForm,
    "heard": ConcernedHeardForm,
    "delay": ConcernedDelayForm,
}


@login_required
@require_POST
@unlocks_key
def case_discipline(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    """The outcome of the disciplinary procedure: the sanction, the days of hearing and
    decision, a note; sealed."""
    report = _get_case(request, number)
    private_key = _private_key(request)
    form = DisciplineForm(request.POST)
    refused = ("discipline_form", form)
    if not form.is_valid():
        return _case_page(request, report, private_key, refused)
    case_key = services.case_key_for_handler(report, request.user, private_key)
    done = _("The outcome of the disciplinary procedure is recorded.")
    with attempt(request, form=form, done=done) as outcome:
        concerned.record_discipline(
            report=report, by=request.user, case_key=case_key, **form.cleaned_data
        )
    if not outcome.succeeded:
        return _case_page(request, report, private_key, refused)
    return redirect(reverse("reporting:case", args=[report.number]) + "#discipline-title")


def _concerned_on_case(
    report: Report, case_key: bytes, rows: list, *, writable: bool, opened: str | None
) -> dict[str, Any]:
    """The case page's persons concerned and disciplinary outcome, opened, and their forms
    (``writable``: the case is open, the page shows the forms; those of the persons concerned
    when asked for, ``opened``)."""
    persons = concerned.concerned_of(report, case_key, on=today(), rows=rows)
    waiting = [item for item in persons if item.person.state != ConcernedState.INFORMED]
    discipline = concerned.discipline_of(report, case_key)
    shown: dict[str, Any] = {
        "persons_concerned": persons,
        "concerned_waiting": waiting,
        "discipline": discipline,
    }
    if not writable:
        return shown
    shown["discipline_form"] = DisciplineForm(initial=discipline)
    if opened != "concerned":
        return shown
    return {
        **shown,
        "concerned_add_form": ConcernedAddForm(),
        "concerned_informed_form": ConcernedInformedForm(persons=waiting),
        "concerned_heard_form": ConcernedHeardForm(persons=persons),
        "concerned_delay_form": ConcernedDelayForm(persons=waiting),
    }


def _meetings_on_case(report: Report, case_key: bytes, *, writable: bool) -> dict[str, Any]:
    """The case page's meetings, opened, and the forms for the one not over (filled in with
    the plan and the minutes already written, to change them; none on a closed case)."""
    meetings = services.meetings_of(report, case_key, on=today())
    waiting = next((m for m in meetings if not m.meeting.is_over), None)
    if not writable or waiting is None:  # the forms are for the meeting not over
        return {"meetings": meetings}
    return {
        "meetings": meetings,
        "meeting_plan_form": MeetingPlanForm(initial=waiting.plan),
        "meeting_decline_form": MeetingDeclineForm(),
        "meeting_minutes_form": MeetingMinutesForm(initial={"minutes": waiting.minutes}),
    }


@login_required
@require_POST
@unlocks_key
def case_step(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    report = _get_case(request, number)
    private_key = _private_key(request)
    form = StepForm(request.POST)
    if form.is_valid():
        step = form.cleaned_data["step"]
        choice = form.cleaned_data.get("assessment") or form.cleaned_data.get("outcome") or ""
        with attempt(request, done=_("The case is updated.")):
            services.advance(
                report=report,
                handler=request.user,
                case_key=services.case_key_for_handler(report, request.user, private_key),
                step=step,
                choice=choice,
            )
    return redirect("reporting:case", number=report.number)


@login_required
def unlock(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Open the handler's key again in this browser (after the key cookie was lost)."""
    person = request.user
    if not person.has_perm("reporting.handle_cases"):
        raise PermissionDenied
    key = keys.active_key(person)
    without_password = (
        not person.has_usable_password() if key is None else not keys.has_password_wrap(key)
    )
    if without_password:
        # Signed in without a password, or a key that opens with passkeys or a key passphrase
        # only: kompas/passkeys makes or opens it.
        from urllib.parse import urlencode

        query = urlencode({"next": request.GET.get("next", "")})
        return redirect(f"{reverse('passkeys:unlock')}?{query}")
    form = UnlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from django.contrib.auth import authenticate

        # Through authenticate(), so that wrong passwords count towards the lockout.
        if authenticate(request, username=person.email, password=form.cleaned_data["password"]):
            target = safe_next(request, request.GET.get("next", ""), reverse("reporting:cases"))
            response = redirect(target)
            keys.unlock_at_sign_in(request, response, person, form.cleaned_data["password"])
            return response
        form.add_error("password", _("That password is not correct."))
    return render(request, "reporting/unlock.html", {"form": form})


@login_required
@require_POST
@unlocks_key
def case_share(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    report = _get_case(request, number)
    private_key = _private_key(request)
    case = services.open_for_handler(report, request.user, private_key)
    colleague = next(
        (
            c
            for c in services.colleagues_for(case, request.user)
            if str(c.pk) == request.POST.get("person")
        ),
        None,
    )
    if colleague is None:
        messages.error(request, _("This person cannot receive this case."))
        # Back with the form open, to choose again.
        return redirect(
            reverse("reporting:case", args=[report.number]) + "?form=share#handlers-title"
        )
    services.share_case(case=case, by=request.user, to=colleague)
    messages.success(request, _("The case is shared."))
    return redirect("reporting:case", number=report.number)


@login_required
@require_POST
def case_step_off(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    report = _get_case(request, number)
    with attempt(request, done=_("You no longer handle this case.")) as outcome:
        services.step_off(
            report=report, person=request.user, reason=request.POST.get("reason", "handover")
        )
    if outcome.succeeded:
        return redirect("reporting:cases")
    return redirect("reporting:case", number=report.number)


@login_required
@unlocks_key
def case_file(request: AuthenticatedHttpRequest, number: str, pk: int) -> HttpResponse:
    report = _get_case(request, number)
    attachment = get_object_or_404(report.attachments, pk=pk)
    private_key = _private_key(request)
    case_key = services.case_key_for_handler(report, request.user, private_key)
    from kompas.audit.services import record

    record("reporting.file_opened", actor=request.user, obj=report, detail={"file": attachment.pk})
    return _download(*services.read_attachment(attachment, case_key), attachment.content_type)


@login_required
@require_POST
@unlocks_key
def case_reveal_request(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    report = _get_case(request, number)
    private_key = _private_key(request)
    case = services.open_for_handler(report, request.user, private_key)
    form = RevealRequestForm(request.POST, approvers=services.approvers_for(case, request.user))
    if form.is_valid():
        with attempt(request, done=_("The request is sent for approval.")):
            services.request_reveal(
                case=case,
                by=request.user,
                approver=form.cleaned_data["approver"],
                reason=form.cleaned_data["reason"],
                for_reporter=form.cleaned_data["for_reporter"],
                withheld_because=form.cleaned_data["withheld_because"],
            )
        return redirect("reporting:case", number=report.number)
    return _case_page(request, report, private_key, ("reveal_form", form))


@login_required
def reveal_requests(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The integrity officer decides on requests to reveal a confidential reporter."""
    from kompas.reporting import crypto
    from kompas.reporting.models import RevealRequest, RevealState

    person = request.user
    if not person.has_perm("reporting.approve_reveals"):
        raise PermissionDenied
    pending = RevealRequest.objects.filter(
        approver=person, state=RevealState.PENDING, report__zone_id=person.zone_id
    ).select_related("report", "requested_by")
    if request.method == "POST":
        chosen = get_object_or_404(pending, pk=request.POST.get("request"))
        services.decide_reveal(
            request=chosen, by=person, approve=request.POST.get("decision") == "approve"
        )
        messages.success(request, _("Your decision is recorded."))
        return redirect("reporting:reveal_requests")
    unlocked = keys.unlocked_private_key(request, person)
    if unlocked is None:
        return redirect(f"{reverse('reporting:unlock')}?next={request.path}")
    rows = [
        {"request": item, "reason": crypto.unseal(unlocked[1], item.reason_for_approver).decode()}
        for item in pending
    ]
    return render(request, "reporting/reveal_requests.html", {"rows": rows})


# --- Register, statistics, retention ------------------------------------------------------------


@login_required
def register(request: AuthenticatedHttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The legal register of reports: metadata only, for the integrity officer and oversight,
    and its well-being lines for the well-being route alone (register.register_kinds)."""
    from kompas.audit.services import record
    from kompas.reporting import register as reg
    from kompas.reporting.retention import purge_dates

    person = request.user
    if not person.has_perm("reporting.view_register"):
        raise PermissionDenied
    year = _year(request)
    record(
        "reporting.register_viewed",
        actor=person,
        object_type="reporting.report",
        detail={"year": year or 0},
    )
    if request.GET.get("format") == "csv":
        return _register_csv(reg.register_of(person, year), year)
    # The page shows the register's columns (no services: the CSV has them; no sealed boxes),
    # read as plain rows, their labels looked up once for the page (`reg.labels`).
    page = reg.page_of_register(person, year, request.GET.get("page"), 50)
    purge_on = purge_dates(list(page), person.zone_id)
    from_day = _("from %(day)s")  # when a closed case's content goes; translated once
    rows = [
        {"report": r, "purge_from": from_day % {"day": shown_day(purge_on[r.pk])}}
        if purge_on[r.pk]
        else {"report": r}
        for r in page
    ]
    can_configure = person.has_perm("reporting.configure_channel")
    if can_configure:
        from kompas.reporting.models import ChannelSettings

        channel = ChannelSettings.of(person.zone_id)
    return render(
        request,
        "reporting/register.html",
        {
            "rows": rows,
            "page": page,
            "overdue": reg.overdue_of(person, today()),
            "kinds": reg.register_kinds(person),
            "labels": reg.labels(),
            "year": year,
            "years": reg.years_of(person),
            # The channel's settings are read only for who may change them (the form).
            "channel": channel if can_configure else None,
            "can_configure": can_configure,
        },
    )


def _year(request: HttpRequest) -> int | None:
    value = request.GET.get("year", "")
    year = whole_number(value)
    return year if year is not None and 2000 <= year <= 2100 else None


class _Echo:
    def write(self, value: str) -> str:
        return value


def _register_csv(reports: Any, year: int | None) -> StreamingHttpResponse:
    """The whole register as CSV, streamed: a zone's years of reports never sit in memory."""
    import csv

    writer = csv.writer(_Echo(), delimiter=";")

    def lines() -> Any:
        yield "\ufeff"  # Excel reads UTF-8 with a byte order mark
        yield writer.writerow(_register_header())
        for r in reports.iterator(chunk_size=2000):
            yield writer.writerow(_register_line(r))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="register-{year or "all"}.csv"'
    return response


def _register_header() -> list[str]:
    return [
        _("Number"),
        _("Kind"),
        _("Channel"),
        _("Received on"),
        _("Acknowledge by"),
        _("Acknowledged on"),
        _("Feedback by"),
        _("Feedback on"),
        _("Status"),
        _("Outcome"),
        _("Closed on"),
    ]


def _register_line(r: Report) -> list[Any]:
    return [
        r.number,
        r.get_kind_display(),
        r.get_channel_display(),
        r.received_on,
        r.acknowledge_by,
        r.acknowledged_on or "",
        r.feedback_by,
        r.feedback_on or "",
        r.get_status_display(),
        r.get_outcome_display(),
        r.closed_on or "",
    ]


@login_required
def statistics(request: AuthenticatedHttpRequest) -> HttpResponse:
    from kompas.reporting import register as reg

    person = request.user
    if not person.has_perm("reporting.view_register"):
        raise PermissionDenied
    year = _year(request) or today().year
    up_to = year_up_to(year, today())  # reports are counted by complete months only
    stats, counted_at = counted(
        "report-statistics",
        person.zone_id,
        f"{year}:{up_to}",
        lambda: reg.statistics(person.zone_id, year, up_to),
    )
    return render(
        request,
        "reporting/statistics.html",
        {
            "stats": stats,
            "counted_at": counted_at,
            "year": year,
            "years": reg.years_of(person),
            "minimum": reg.MINIMUM_COUNT,
        },
    )


@login_required
@require_POST
def case_hold(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    from kompas.reporting.retention import set_legal_hold

    report = _get_case(request, number)
    set_legal_hold(report=report, by=request.user, hold=request.POST.get("hold") == "1")
    return redirect("reporting:case", number=report.number)


# --- Tasks and export -----------------------------------------------------------------------------


@login_required
@require_POST
@unlocks_key
def case_task(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    report = _get_case(request, number)
    private_key = _private_key(request)
    if request.POST.get("done"):
        # A task of this case, by its id (anything else, "x" or a number too long, is no task).
        task = get_object_or_404(report.tasks, pk=as_id(request.POST["done"]))
        with attempt(request):
            services.finish_task(task=task, by=request.user)
        return redirect("reporting:case", number=report.number)
    case = services.open_for_handler(report, request.user, private_key)
    form = TaskForm(request.POST, handlers=_handlers(report))
    if form.is_valid():
        with attempt(request, form=form) as outcome:
            services.add_task(
                case=case,
                by=request.user,
                title=form.cleaned_data["title"],
                due_on=form.cleaned_data["due_on"],
                assignee=form.cleaned_data["assignee"],
            )
        if outcome.succeeded:
            return redirect("reporting:case", number=report.number)
    return _case_page(request, report, private_key, ("task_form", form))


def _active_grants(report: Report) -> list[Grant]:
    return _ACTIVE_GRANTS(report_id=report.pk)


def _handlers(report: Report) -> list:
    return [g.person for g in _active_grants(report)]


@login_required
@unlocks_key
def case_export(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    """The case file as PDF, with the messages and notes the handler chooses."""
    from kompas.reporting.export import case_pdf

    person = request.user
    report = _get_case(request, number)
    private_key = _private_key(request)
    # The form lists the messages opened: the look is recorded after the reads, committed on
    # its own before the file is made.
    conversation = services.conversation_of(report, include_internal=True)
    case = services.open_for_handler(report, person, private_key)
    bodies = case.message_bodies(include_internal=True, messages=conversation)
    # A form with nothing ticked and nothing typed sends nothing, and is still a choice.
    form = ExportForm(
        request.POST if request.method == "POST" else None,
        conversation=bodies,
        identity_known=services.identity_known(report),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = {*data.get("messages", []), *data.get("notes", [])}
        kept = [(message, body) for message, body in bodies if str(message.pk) in chosen]
        kept_ids = {message.pk for message, _body in kept}
        export = case_pdf(
            case=case,
            by=person,
            # The reporter is named only when the handler chose to (and may see who it is).
            identity=services.visible_identity(case, person) if data.get("name_reporter") else None,
            timeline=_timeline(_timeline_seen_by(report.pk, person)),
            concerned=_concerned(report),
            conversation=kept,
            # The report's own files, and those of the messages and notes chosen.
            attachments=[
                a for a in _files_of(report) if a.message_id is None or a.message_id in kept_ids
            ],
            redactions=data["redactions"].splitlines(),
            persons_concerned=concerned.concerned_of(report, case.case_key, on=today()),
            discipline=concerned.discipline_of(report, case.case_key),
        )
        response = _download(f"case-{report.number}.pdf", export.data, "application/pdf")
        response["X-Kompas-SHA256"] = export.sha256
        response["X-Kompas-Export-Number"] = export.number
        return response
    return render(request, "reporting/export.html", {"report": report, "form": form})


# --- Oral reports ---------------------------------------------------------------------------------


@login_required
def record_oral(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = request.user
    if not person.has_perm("reporting.record_oral"):
        raise PermissionDenied
    if request.method == "POST":
        form = OralReportForm(request.POST, request.FILES, zone=person.zone)
        if form.is_valid():
            data = form.cleaned_data
            with attempt(request, form=form) as outcome:
                report, created = services.record_oral_report(
                    zone=person.zone,
                    data=_new_report(data, Channel.ORAL, data["identity_mode"]),
                    receipt=data["receipt_token"],
                    recorder=person,
                )
            if outcome.succeeded:
                return render(
                    request,
                    "reporting/oral_receipt.html",
                    {"report": report, "receipt": data["receipt_token"], "again": not created},
                )
        _keep_token(form)
    else:
        form = OralReportForm(initial={"receipt_token": issue_receipt_token()}, zone=person.zone)
    return render(request, "reporting/oral_form.html", {"form": form})


RECEIPT_CHANGE_SALT = "kompas.reporting.receipt-change"


@leaves_session_untouched
def new_receipt(request: HttpRequest) -> HttpResponse:
    """A receipt handed over on paper is replaced at first use: shown here, kept on confirmation."""
    from django.core import signing

    from kompas.reporting import crypto

    current = followup.current(request)
    if current is None:
        return redirect("reporting:follow_up")
    report = get_object_or_404(Report, pk=current[0])
    if not report.receipt_must_change:
        return redirect("reporting:follow_up_case")
    if request.method == "POST":
        try:
            data = signing.loads(
                request.POST.get("token", ""), salt=RECEIPT_CHANGE_SALT, max_age=3600
            )
        except signing.BadSignature:
            return redirect("reporting:new_receipt")
        if data.get("r") == report.pk and crypto.normalise_receipt(data.get("n", "")):
            services.change_receipt(report=report, case_key=current[1], new_receipt=data["n"])
            return redirect("reporting:follow_up_case")
        return redirect("reporting:new_receipt")
    receipt = crypto.new_receipt()
    token = signing.dumps({"r": report.pk, "n": receipt}, salt=RECEIPT_CHANGE_SALT)
    return render(request, "reporting/new_receipt.html", {"receipt": receipt, "token": token})


@login_required
@require_POST
def channel_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The integrity officer chooses whether new reports are acknowledged automatically."""
    person = request.user
    if not person.has_perm("reporting.configure_channel"):
        raise PermissionDenied
    services.set_auto_acknowledge(by=person, on=request.POST.get("auto_acknowledge") == "1")
    messages.success(request, _("The settings are saved."))
    return redirect("reporting:register")


@login_required
def external_channel(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The integrity officer writes the zone's own words about Comité P (or keeps ours)."""
    from kompas.reporting.forms import ExternalChannelForm
    from kompas.reporting.models import EXTERNAL_CHANNEL, ChannelSettings

    person = request.user
    if not person.has_perm("reporting.configure_channel"):
        raise PermissionDenied
    current = ChannelSettings.of(person.zone_id).external_channel or {}
    form = ExternalChannelForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        with attempt(request, form=form, done=_("The settings are saved.")) as outcome:
            services.set_external_channel(by=person, texts=form.cleaned_data)
        if outcome.succeeded:
            return redirect("reporting:external_channel")
    return render(
        request, "reporting/external_channel.html", {"form": form, "ours": EXTERNAL_CHANNEL}
    )


def _external_channel(zone_id: int) -> str:
    """What reporters read about the external channel, in the reader's language."""
    from kompas.reporting.models import ChannelSettings

    return ChannelSettings.of(zone_id).external_channel_text(translation.get_language() or "nl")


@login_required
def public_services(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The integrity officer marks the services a citizen can name on the public form."""
    from kompas.reporting.forms import PublicServicesForm
    from kompas.reporting.models import ChannelSettings

    person = request.user
    if not person.has_perm("reporting.configure_channel"):
        raise PermissionDenied
    channel = ChannelSettings.of(person.zone_id)
    current = list(channel.public_services.all()) if channel.pk else []
    form = PublicServicesForm(
        request.POST or None, zone=person.zone_id, initial={"services": current}
    )
    if request.method == "POST" and form.is_valid():
        with attempt(request, form=form, done=_("The settings are saved.")) as outcome:
            services.set_public_services(by=person, services=list(form.cleaned_data["services"]))
        if outcome.succeeded:
            return redirect("reporting:public_services")
    return render(request, "reporting/public_services.html", {"form": form})


# Asked for from the receipt page, also in a frame where no CSRF cookie is sent; it changes
# nothing and tells only what the signed receipt sent with it already tells its holder.
@csrf_exempt
@leaves_session_untouched
@require_POST
def proof(request: HttpRequest) -> HttpResponse:
    """The proof of filing as a PDF, asked for from the receipt page with the signed receipt."""
    from kompas.reporting import crypto
    from kompas.reporting.export import proof_pdf
    from kompas.reporting.forms import receipt_from_token

    receipt = receipt_from_token(request.POST.get("receipt_token", ""))
    if receipt is None:
        return redirect("reporting:follow_up")
    report = Report.objects.filter(receipt_lookup=crypto.receipt_lookup(receipt)).first()
    if report is None:
        return redirect("reporting:follow_up")
    return _download(
        f"proof-{report.number}.pdf", proof_pdf(report=report, receipt=receipt), "application/pdf"
    )


@login_required
def routing(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Who receives each kind of report, and the substitutes the integrity officer names for when
    every usual handler of a kind is kept out of a report."""
    from kompas.accounts.roles import Role
    from kompas.lib.ids import as_id
    from kompas.reporting.forms import SubstituteForm
    from kompas.reporting.models import Kind, Substitute

    person = request.user
    if not person.has_perm("reporting.configure_channel"):
        raise PermissionDenied
    form = SubstituteForm(request.POST if "person" in request.POST else None, zone=person.zone)
    if request.method == "POST":
        remove = as_id(request.POST.get("remove", ""))
        if remove is not None:
            substitute = get_object_or_404(Substitute, pk=remove, zone_id=person.zone_id)
            services.remove_substitute(substitute=substitute, by=person)
            messages.success(request, _("The substitute is removed."))
            return redirect("reporting:routing")
        if form.is_valid():
            services.name_substitute(
                zone_id=person.zone_id,
                kind=form.cleaned_data["kind"],
                person=form.cleaned_data["person"],
                by=person,
            )
            messages.success(request, _("The substitute is named."))
            return redirect("reporting:routing")
    substitutes = Substitute.objects.filter(zone_id=person.zone_id).select_related("person")
    rows = [
        {
            "kind": label,
            "usual": [Role(role).label for role in services.ROUTES[kind]],
            "substitutes": [s for s in substitutes if s.kind == kind],
        }
        for kind, label in Kind.choices
    ]
    fallback = [Role(role).label for role in services.FALLBACK]
    return render(
        request, "reporting/routing.html", {"rows": rows, "form": form, "fallback": fallback}
    )
