"""The reporting channel's pages: intake (staff and public), follow-up by receipt, case handling."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST

from kompas.accounts.models import Zone
from kompas.lib.clock import today
from kompas.lib.http import AuthenticatedHttpRequest
from kompas.reporting import followup, keys, services
from kompas.reporting.forms import (
    MessageForm,
    PublicReportForm,
    ReceiptForm,
    StaffReportForm,
    StepForm,
    UnlockForm,
    issue_receipt_token,
)
from kompas.reporting.models import Channel, IdentityMode, Report, Status

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
    )


def _receipt_page(
    request: HttpRequest, report: Report, receipt: str, created: bool
) -> HttpResponse:
    """Shown in answer to the POST itself: the receipt is never stored, so it cannot be shown later."""
    return render(
        request,
        "reporting/receipt.html",
        {"report": report, "receipt": receipt, "again": not created},
    )


@login_required
def report_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A member of staff reports named, confidential or anonymous."""
    person = request.user
    if not person.has_perm("reporting.report"):
        raise PermissionDenied
    if request.method == "POST":
        form = StaffReportForm(request.POST, zone=person.zone, reporter=person)
        if form.is_valid():
            data = form.cleaned_data
            mode = data["identity_mode"]
            new = _new_report(data, Channel.STAFF, mode)
            try:
                report, created = services.submit_report(
                    zone=person.zone, data=new, receipt=data["receipt_token"], signed_in=person
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return _receipt_page(request, report, data["receipt_token"], created)
        _keep_token(form)
    else:
        form = StaffReportForm(
            initial={"receipt_token": issue_receipt_token()}, zone=person.zone, reporter=person
        )
    return render(request, "reporting/report_form.html", {"form": form, "public": False})


def _keep_token(form: StaffReportForm | PublicReportForm) -> None:
    """Re-show the form with its own token when still valid, so a retry keeps one receipt."""
    if "receipt_token" in form.errors:
        data = form.data.copy()  # type: ignore[attr-defined]
        data["receipt_token"] = issue_receipt_token()
        form.data = data


@xframe_options_exempt
def public_report(request: HttpRequest, zone_code: str) -> HttpResponse:
    """The public form for citizens and partners; embeddable in the zone's website."""
    zone = get_object_or_404(Zone, code=zone_code)
    if request.method == "POST":
        form = PublicReportForm(request.POST, zone=zone)
        if form.is_valid():
            data = form.cleaned_data
            has_contact = any(
                data.get(f) for f in ("contact_name", "contact_email", "contact_phone")
            )
            mode = IdentityMode.CONFIDENTIAL if has_contact else IdentityMode.ANONYMOUS
            try:
                report, created = services.submit_report(
                    zone=zone,
                    data=_new_report(data, Channel.PUBLIC, mode),
                    receipt=data["receipt_token"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return _embeddable(_receipt_page(request, report, data["receipt_token"], created))
        _keep_token(form)
    else:
        form = PublicReportForm(initial={"receipt_token": issue_receipt_token()}, zone=zone)
    response = render(
        request, "reporting/report_form.html", {"form": form, "public": True, "zone": zone}
    )
    return _embeddable(response)


def _embeddable(response: HttpResponse) -> HttpResponse:
    """Let the zone's own website frame the public pages, and nobody else."""
    origins = settings.EMBED_ORIGINS
    response._csp_replace = {"frame-ancestors": origins or ["'none'"]}  # type: ignore[attr-defined]
    if not origins:
        response["X-Frame-Options"] = "DENY"
    return response


# --- Follow-up by receipt ---------------------------------------------------------------------


def follow_up(request: HttpRequest) -> HttpResponse:
    form = ReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if followup.too_many_failures():
            form.add_error(
                "receipt", _("Too many wrong receipts were tried. Try again in a minute.")
            )
        else:
            opened = services.open_with_receipt(form.cleaned_data["receipt"])
            if opened is None:
                followup.count_failure()
                form.add_error(
                    "receipt", _("No report goes with this receipt. Check what you typed.")
                )
            else:
                report, case_key = opened
                response = redirect("reporting:follow_up_case")
                followup.start(response, report.pk, case_key)
                return response
    return _embeddable(render(request, "reporting/follow_up.html", {"form": form}))


def follow_up_case(request: HttpRequest) -> HttpResponse:
    current = followup.current(request)
    if current is None:
        return redirect("reporting:follow_up")
    report = get_object_or_404(Report, pk=current[0])
    case = services.OpenCase(report, current[1], {})
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.reporter_writes(
            report=report, case_key=case.case_key, body=form.cleaned_data["body"]
        )
        return redirect("reporting:follow_up_case")
    return _embeddable(
        render(
            request,
            "reporting/follow_up_case.html",
            {
                "report": report,
                "conversation": case.message_bodies(include_internal=False),
                "form": form,
            },
        )
    )


@require_POST
def follow_up_leave(request: HttpRequest) -> HttpResponse:
    response = redirect("reporting:follow_up")
    followup.end(response)
    return response


# --- Case handling ----------------------------------------------------------------------------


def _private_key(request: AuthenticatedHttpRequest) -> bytes | None:
    unlocked = keys.unlocked_private_key(request, request.user)
    return unlocked[1] if unlocked else None


@login_required
def cases(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = request.user
    if not person.has_perm("reporting.handle_cases"):
        raise PermissionDenied
    found = Report.objects.visible_to(person).exclude(status=Status.CLOSED)
    day = today()
    rows = [
        {
            "report": report,
            "ack_late": report.is_acknowledgement_late(day),
            "feedback_late": report.is_feedback_late(day),
        }
        for report in found
    ]
    return render(request, "reporting/cases.html", {"rows": rows, "today": day})


def _get_case(request: AuthenticatedHttpRequest, number: str) -> Report:
    """A case the person handles (else 404: for everyone else it does not exist)."""
    return get_object_or_404(Report.objects.visible_to(request.user), number=number)


@login_required
def case_detail(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    report = _get_case(request, number)
    private_key = _private_key(request)
    if private_key is None:
        return redirect(f"{reverse('reporting:unlock')}?next={request.path}")
    case = services.open_for_handler(report, request.user, private_key)
    identity = None
    if report.identity_mode == IdentityMode.NAMED and report.identity_box:
        from kompas.reporting import crypto

        identity = crypto.decrypt_json(case.case_key, report.identity_box)
    return render(
        request,
        "reporting/case.html",
        {
            "report": report,
            "content": case.content,
            "identity": identity,
            "conversation": case.message_bodies(include_internal=True),
            "message_form": MessageForm(),
            "step_form": StepForm(),
            "today": today(),
        },
    )


@login_required
@require_POST
def case_write(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    report = _get_case(request, number)
    private_key = _private_key(request)
    if private_key is None:
        return redirect("reporting:unlock")
    form = MessageForm(request.POST)
    if form.is_valid():
        case_key = services.case_key_for_handler(report, request.user, private_key)
        services.handler_writes(
            report=report,
            handler=request.user,
            case_key=case_key,
            body=form.cleaned_data["body"],
            internal=request.POST.get("internal") == "1",
        )
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Write a message first."))
    return redirect("reporting:case", number=report.number)


@login_required
@require_POST
def case_step(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    report = _get_case(request, number)
    private_key = _private_key(request)
    if private_key is None:
        return redirect("reporting:unlock")
    form = StepForm(request.POST)
    if form.is_valid():
        step = form.cleaned_data["step"]
        choice = form.cleaned_data.get("assessment") or form.cleaned_data.get("outcome") or ""
        try:
            services.advance(
                report=report,
                handler=request.user,
                case_key=services.case_key_for_handler(report, request.user, private_key),
                step=step,
                choice=choice,
            )
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(request, _("The case is updated."))
    return redirect("reporting:case", number=report.number)


@login_required
def unlock(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Open the handler's key again in this browser (after the key cookie was lost)."""
    person = request.user
    if not person.has_perm("reporting.handle_cases"):
        raise PermissionDenied
    form = UnlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from django.contrib.auth import authenticate

        # Through authenticate(), so that wrong passwords count towards the lockout.
        if authenticate(request, username=person.email, password=form.cleaned_data["password"]):
            target = request.GET.get("next", "")
            from django.utils.http import url_has_allowed_host_and_scheme

            if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
                target = reverse("reporting:cases")
            response = redirect(target)
            keys.unlock_at_sign_in(request, response, person, form.cleaned_data["password"])
            return response
        form.add_error("password", _("That password is not correct."))
    return render(request, "reporting/unlock.html", {"form": form})
