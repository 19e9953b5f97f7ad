"""Privacy pages. The notices and the accessibility statement are public (anyone may read how
their data is handled, a citizen on the public form above all): they read only the zone's texts
and settings, write nothing and take their language from the address (``?lang=fr``) as the
public form does. The records of processing, the DPIA starter and the registers' counts are read
by the data protection officer (and the integrity officer; the records by the functional
administrator too), every look audited after the page's reads and committed before it is
written (`audit.services.record`: a look on its own holds the audit chain for one round trip)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompas.accounts.models import Person, Zone
from kompas.audit.services import record
from kompas.lib.clock import today
from kompas.lib.export import csv_of, xlsx_of
from kompas.lib.http import AuthenticatedHttpRequest
from kompas.lib.views import attempt, leaves_session_untouched
from kompas.privacy import dpia, services
from kompas.privacy.accessibility import checks
from kompas.privacy.forms import AnswerForm, ContactsForm, ExtendForm, RequestForm, TextForm
from kompas.privacy.gathered import gathered, json_of, rows_of
from kompas.privacy.holdings import holdings
from kompas.privacy.models import (
    OPEN_STATES,
    DataSubjectRequest,
    NoticeText,
    PrivacyContacts,
    RequestState,
    RestrictionReason,
)
from kompas.privacy.notices import LANGUAGES, all_languages, built_in, in_force, notice
from kompas.privacy.processings import BY_KEY, PROCESSINGS
from kompas.privacy.records import records, rows
from kompas.privacy.texts import KEYS, PARTS, TITLES


def _language(request: HttpRequest) -> str:
    from kompas.reporting.embedding import use_language_of_address

    use_language_of_address(request)
    return (get_language() or "nl")[:2]


def _lang_query(request: HttpRequest) -> str:
    """``?lang=fr`` when the address chose the language, for the links between public pages."""
    code = request.GET.get("lang", "")
    return f"?lang={code}" if code in LANGUAGES else ""


def _public(request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    """A visitor who is not signed in switches the language in the address (no cookie, no
    session), as on the public form."""
    return {
        **context,
        "embeddable": not request.user.is_authenticated,
        "lang_query": _lang_query(request),
    }


def _zone(zone_code: str) -> Zone:
    return get_object_or_404(Zone.objects.only("pk", "name", "code"), code=zone_code)


def _zones_or_one(request: HttpRequest, name: str) -> HttpResponse:
    """Signed in: the page of one's own zone. Else the zone's page when there is one zone, or
    the zones to choose from."""
    if request.user.is_authenticated:
        code = Zone.objects.values_list("code", flat=True).get(pk=request.user.zone_id)  # type: ignore[union-attr]
        return redirect(reverse(name, args=[code]) + _lang_query(request))
    zones = list(Zone.objects.order_by("name").only("name", "code")[:2000])
    if len(zones) == 1:
        return redirect(reverse(name, args=[zones[0].code]) + _lang_query(request))
    _language(request)
    return render(request, "privacy/zones.html", _public(request, {"zones": zones, "to": name}))


@leaves_session_untouched
def index(request: HttpRequest) -> HttpResponse:
    return _zones_or_one(request, "privacy:zone")


@leaves_session_untouched
def zone_index(request: HttpRequest, zone_code: str) -> HttpResponse:
    zone = _zone(zone_code)
    _language(request)
    user: Any = request.user
    own = user.is_authenticated and user.zone_id == zone.pk
    return render(
        request,
        "privacy/index.html",
        _public(
            request,
            {
                "zone": zone,
                "processings": PROCESSINGS,
                "contacts": PrivacyContacts.current(zone.pk),
                "may_edit": own and user.has_perm("privacy.edit_texts"),
                "may_read_records": own and user.has_perm("privacy.view_records"),
                "may_read_holdings": own and user.has_perm("privacy.view_holdings"),
                "may_handle_requests": own and user.has_perm("privacy.handle_requests"),
            },
        ),
    )


@leaves_session_untouched
def notice_page(request: HttpRequest, zone_code: str, key: str) -> HttpResponse:
    if key not in BY_KEY:
        raise Http404
    zone = _zone(zone_code)
    language = _language(request)
    return render(
        request,
        "privacy/notice.html",
        _public(
            request,
            {
                "zone": zone,
                "notice": notice(zone.pk, key, language),
                "parts": PARTS,
                "titles": TITLES,
            },
        ),
    )


@login_required
def own_notice(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    """A form's link to its notice, without reading the zone on every form: the notice of one's
    own zone."""
    if key not in BY_KEY:
        raise Http404
    code = Zone.objects.values_list("code", flat=True).get(pk=request.user.zone_id)
    return redirect("privacy:notice", code, key)


@leaves_session_untouched
def accessibility(request: HttpRequest) -> HttpResponse:
    return _zones_or_one(request, "privacy:accessibility_zone")


@leaves_session_untouched
def accessibility_zone(request: HttpRequest, zone_code: str) -> HttpResponse:
    zone = _zone(zone_code)
    _language(request)
    return render(
        request,
        "privacy/accessibility.html",
        _public(
            request,
            {"zone": zone, "contacts": PrivacyContacts.current(zone.pk), "checks": checks()},
        ),
    )


# --- The data protection officer's pages -----------------------------------------------------


def _needs(request: AuthenticatedHttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _looked(request: AuthenticatedHttpRequest, action: str, **detail: Any) -> None:
    record(
        action,
        actor=request.user,
        role=services.reader_role(request.user),
        object_type="privacy.records",
        detail=detail or None,
    )


@login_required
def records_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The records of processing, printable; ``?format=csv`` or ``xlsx`` to download them."""
    _needs(request, "privacy.view_records")
    language = (get_language() or "nl")[:2]
    export = request.GET.get("format", "")
    found = records(request.user.zone_id, language)
    if export in ("csv", "xlsx"):
        _looked(request, "privacy.records_exported", format=export)
    else:
        _looked(request, "privacy.records_viewed")
    if export in ("csv", "xlsx"):
        table = rows(found)
        if export == "csv":
            data, content = csv_of(table), "text/csv; charset=utf-8"
        else:
            data = xlsx_of(table, _("Records of processing"))
            content = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(data, content_type=content)
        response["Content-Disposition"] = f'attachment; filename="records-of-processing.{export}"'
        return response
    return render(request, "privacy/records.html", {"found": found, "today": today()})


@login_required
def dpia_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The DPIA starter: the risks to people and what Kompas does about them, printable."""
    _needs(request, "privacy.view_records")
    language = (get_language() or "nl")[:2]
    _looked(request, "privacy.dpia_viewed")
    return render(
        request,
        "privacy/dpia.html",
        {"risks": dpia.in_language(language), "steps": dpia.steps(language)},
    )


@login_required
def holdings_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What the registers hold: counts and oldest months beside the retention in force."""
    _needs(request, "privacy.view_holdings")
    found, counted_to, counted_at = holdings(request.user.zone_id)
    _looked(request, "privacy.holdings_viewed")
    return render(
        request,
        "privacy/holdings.html",
        {"holdings": found, "counted_to": counted_to, "counted_at": counted_at},
    )


# --- Editing the zone's texts and contacts ---------------------------------------------------


@login_required
def texts_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The parts of the notices the zone words itself; ``?key=`` edits one, with its history."""
    _needs(request, "privacy.edit_texts")
    zone_id = request.user.zone_id
    key = request.GET.get("key") or request.POST.get("key", "")
    if key and key not in KEYS:
        raise Http404
    form = None
    if key:
        own = all_languages(zone_id).get(key, {})
        initial = {lang: own.get(lang) or built_in(key, lang) for lang in LANGUAGES}
        form = TextForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            done = _("The new text is in force.")
            with attempt(request, form=form, done=done) as outcome:
                services.change_text(by=request.user, key=key, texts=form.cleaned_data)
            if outcome.succeeded:
                return redirect("privacy:texts")
    language = (get_language() or "nl")[:2]
    shown = in_force(zone_id, language).texts
    return render(
        request,
        "privacy/texts.html",
        {
            "items": [(k, _title_of(k), shown[k]) for k in KEYS],
            "key": key,
            "key_title": _title_of(key) if key else "",
            "form": form,
            "history": NoticeText.objects.filter(zone_id=zone_id, key=key).select_related(
                "created_by"
            )[:20]
            if key
            else [],
        },
        status=400 if form is not None and form.is_bound else 200,
    )


def _title_of(key: str) -> str:
    if key in TITLES:
        return str(TITLES[key])
    processing, part = key.split(".", 1)
    return f"{BY_KEY[processing].title}: {TITLES[part]}"


@login_required
def contacts_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    _needs(request, "privacy.edit_texts")
    zone_id = request.user.zone_id
    form = ContactsForm(request.POST or None, instance=PrivacyContacts.current(zone_id))
    if request.method == "POST" and form.is_valid():
        done = _("The new contacts are in force.")
        values = {field: form.cleaned_data[field] for field in PrivacyContacts.FIELDS}
        with attempt(request, form=form, done=done) as outcome:
            services.change_contacts(by=request.user, values=values)
        if outcome.succeeded:
            return redirect("privacy:contacts")
    return render(
        request,
        "privacy/contacts.html",
        {
            "form": form,
            "history": PrivacyContacts.objects.filter(zone_id=zone_id).select_related("created_by")[
                :20
            ],
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Data-subject requests -------------------------------------------------------------------


def _request_for(request: AuthenticatedHttpRequest, pk: int) -> DataSubjectRequest:
    """A request of one's own zone that one may see (another zone's, and for the data
    protection officer one that only the integrity officer handles, is not found), for its
    handlers only."""
    _needs(request, "privacy.handle_requests")
    return get_object_or_404(
        DataSubjectRequest.objects.visible_to(request.user).select_related(
            "person", "registered_by", "answered_by"
        ),
        pk=pk,
    )


def _request_looked(
    request: AuthenticatedHttpRequest, action: str, obj: DataSubjectRequest | None, **detail: Any
) -> None:
    record(
        action,
        actor=request.user,
        role=services.request_role(request.user),
        obj=obj,
        object_type="" if obj is not None else "privacy.datasubjectrequest",
        zone_id=request.user.zone_id,
        detail=detail or None,
    )


@login_required
def requests_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The zone's data-subject requests: the open ones by their deadline, then the newest
    answered. Who asked is read from the sealed box, so the look is audited."""
    _needs(request, "privacy.handle_requests")
    base = DataSubjectRequest.objects.visible_to(request.user).select_related("person")
    listed = list(base.filter(state__in=OPEN_STATES).order_by("due_on", "pk")[:500])
    listed += list(base.exclude(state__in=OPEN_STATES).order_by("-answered_on", "-pk")[:100])
    _request_looked(request, "privacy.requests_listed", None)
    return render(
        request,
        "privacy/requests.html",
        {"listed": [(r, r.contents()) for r in listed], "today": today()},
    )


@login_required
def request_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    _needs(request, "privacy.handle_requests")
    form = RequestForm(request.POST or None, zone_id=request.user.zone_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _("The request is registered. The answer is due in one month.")
        with attempt(request, form=form, done=done) as outcome:
            registered, _new = services.register_request(
                by=request.user,
                kind=data["kind"],
                requester=data["requester"],
                person=data["person"],
                name=data["name"],
                contact=data["contact"],
                details=data["details"],
                received_on=data["received_on"],
                token=data["token"],
            )
        if outcome.succeeded:
            if (
                not DataSubjectRequest.objects.visible_to(request.user)
                .filter(pk=registered.pk)
                .exists()
            ):
                # A person concerned's request: the integrity officer's only from now on.
                return redirect("privacy:requests")
            return redirect("privacy:request", registered.pk)
    return render(
        request,
        "privacy/request_new.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


EXPORTS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


@login_required
def request_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One request: who asked and what, its deadline, and for a member what Kompas holds about
    them (``?format=csv``, ``xlsx`` or ``json`` to export it); every look and export audited
    after the reads, before anything is shown."""
    subject = _request_for(request, pk)
    member = subject.member()
    export = request.GET.get("format", "")
    if export and (export not in EXPORTS or member is None):
        raise Http404
    sections = gathered(member) if member is not None else []
    if export:
        _request_looked(request, "privacy.request_exported", subject, format=export)
    else:
        _request_looked(request, "privacy.request_viewed", subject)
    if export:
        assert member is not None
        return _exported(subject, member, sections, export)
    return _request_shown(request, subject, sections)


def _request_shown(
    request: AuthenticatedHttpRequest,
    subject: DataSubjectRequest,
    sections: list[Any],
    *,
    extend_form: ExtendForm | None = None,
    answer_form: AnswerForm | None = None,
    status: int = 200,
) -> HttpResponse:
    contents = subject.contents()
    restriction = subject.restriction(contents)
    return render(
        request,
        "privacy/request.html",
        {
            "subject": subject,
            "member": subject.member(contents),
            "restriction": RestrictionReason(restriction).label if restriction else "",
            "contents": contents,
            "sections": sections,
            "today": today(),
            "extend_form": extend_form or ExtendForm(),
            "answer_form": answer_form or AnswerForm(),
            "exports": EXPORTS,
        },
        status=status,
    )


def _exported(
    subject: DataSubjectRequest, member: Person, sections: list[Any], export: str
) -> HttpResponse:
    heading = [
        _("What Kompas holds about %(name)s") % {"name": member.full_name},
        _("Gathered on %(day)s") % {"day": today().isoformat()},
    ]
    if export == "json":
        data = json_of(
            sections,
            {"person": member.full_name, "gathered_on": today().isoformat()},
        )
    elif export == "csv":
        data = csv_of(rows_of(sections, heading))
    else:
        data = xlsx_of(rows_of(sections, heading), _("Data held"))
    response = HttpResponse(data, content_type=EXPORTS[export])
    response["Content-Disposition"] = f'attachment; filename="data-request-{subject.pk}.{export}"'
    return response


@login_required
@require_POST
def request_extend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    subject = _request_for(request, pk)
    form = ExtendForm(request.POST)
    if form.is_valid():
        done = _("The deadline is extended by two months.")
        # Once extended or answered the page shows no form: a refusal is said on the page.
        shown = subject.state == RequestState.RECEIVED
        with attempt(request, form=form if shown else None, done=done) as outcome:
            services.extend_request(
                by=request.user, request=subject, reason=form.cleaned_data["reason"]
            )
        if outcome.succeeded or not shown:
            return redirect("privacy:request", subject.pk)
    return _shown_again(request, subject, extend_form=form)


@login_required
@require_POST
def request_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    subject = _request_for(request, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        shown = subject.is_open  # an answered request's page shows no form
        done = _("The answer is recorded.")
        with attempt(request, form=form if shown else None, done=done) as outcome:
            services.answer_request(
                by=request.user,
                request=subject,
                state=data["state"],
                restriction=data["restriction"],
                answer=data["answer"],
                changed=data["changed"],
                kept=data["kept"],
            )
        if outcome.succeeded or not shown:
            return redirect("privacy:request", subject.pk)
    return _shown_again(request, subject, answer_form=form)


def _shown_again(
    request: AuthenticatedHttpRequest,
    subject: DataSubjectRequest,
    *,
    extend_form: ExtendForm | None = None,
    answer_form: AnswerForm | None = None,
) -> HttpResponse:
    """The request's page again with the form's errors (what is gathered is shown again, and
    the look audited, as on every view of the page)."""
    member = subject.member()
    sections = gathered(member) if member is not None else []
    _request_looked(request, "privacy.request_viewed", subject)
    return _request_shown(
        request,
        subject,
        sections,
        extend_form=extend_form,
        answer_form=answer_form,
        status=400,
    )
