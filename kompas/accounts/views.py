"""Sign-in, second factor, profile, organisation and people management."""

from __future__ import annotations

import base64
import copy
import math
from typing import Any, cast

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from kompas.accounts import importing, search, services
from kompas.accounts.forms import (
    GrantRoleForm,
    ImportForm,
    PersonForm,
    ResetPasswordForm,
    SignInForm,
    TokenForm,
)
from kompas.accounts.models import Person, RoleAssignment, Service
from kompas.accounts.signin import client_ip
from kompas.audit.services import EventArgs, record
from kompas.lib.http import AuthenticatedHttpRequest, safe_next
from kompas.lib.ids import as_id
from kompas.lib.paging import Page, page_of
from kompas.lib.prepared import Prepared
from kompas.lib.throttle import Allowance
from kompas.lib.urls import addresses
from kompas.lib.views import leaves_session_untouched


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    return safe_next(request, target, fallback)


# --- Signing in -----------------------------------------------------------------------------


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from kompas.sso.config import provider

        context = super().get_context_data(**kwargs)
        context["sso"] = provider()
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # Handlers' private keys open with their password, which is only known now.
        from kompas.reporting import keys

        keys.unlock_at_sign_in(
            self.request, response, form.get_user(), form.cleaned_data["password"]
        )
        return response


sign_in = SignInView.as_view()


def locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Shown by django-axes instead of the sign-in page after too many failures."""
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)  # as configured
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth import logout

    from kompas.reporting import keys

    logout(request)
    messages.info(request, _("You are signed out."))
    response = redirect("accounts:login")
    response.delete_cookie(keys.cookie_name(), samesite="Strict")
    return response


def _check_code(device: TOTPDevice, token: str) -> str | None:
    """None when the code is right; else why not. django-otp slows down repeated wrong codes."""
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        return _("Too many wrong codes. Wait a moment and try again.")
    if device.verify_token(token):
        return None
    return _("That code is not correct. Check that the time on your phone is right.")


@login_required
def second_factor_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Enrol an authenticator app: show a fresh key as a QR code, confirm with one code."""
    person = request.user
    if request.user.is_verified():
        return redirect(_safe_next(request, reverse("accounts:profile")))
    if TOTPDevice.objects.filter(user=person, confirmed=True).exists():
        return redirect("accounts:second_factor_verify")
    device = TOTPDevice.objects.filter(user=person, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=person, name="Kompas", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        error = _check_code(device, form.cleaned_data["token"])
        if error is None:
            services.confirm_second_factor(person=person, device=device)
            otp_login(request, device)
            messages.success(request, _("Two-step sign-in is on."))
            return redirect(_safe_next(request, reverse("front:home")))
        form.add_error("token", error)
    uri = device.config_url
    qr_svg = segno.make(uri, error="m").svg_inline(scale=5, dark="#111", light="#fff")
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/second_factor_setup.html",
        {"form": form, "qr_svg": qr_svg, "secret": secret, "next": _safe_next(request, "")},
    )


@login_required
def second_factor_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = request.user
    if request.user.is_verified():
        return redirect(_safe_next(request, reverse("front:home")))
    device = TOTPDevice.objects.filter(user=person, confirmed=True).first()
    if device is None:
        return redirect("accounts:second_factor_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        error = _check_code(device, form.cleaned_data["token"])
        if error is None:
            otp_login(request, device)
            record("accounts.second_factor_verified", actor=person, obj=person)
            return redirect(_safe_next(request, reverse("front:home")))
        record("accounts.second_factor_failed", actor=person, obj=person)
        form.add_error("token", error)
    return render(
        request,
        "accounts/second_factor_verify.html",
        {"form": form, "next": _safe_next(request, "")},
    )


# Password-reset requests one client address may make in any hour.
RESET_REQUESTS = Allowance("password-reset-requests", 20)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    form_class = ResetPasswordForm

    def get_extra_email_context(self) -> dict[str, str]:
        return {"site_url": settings.SITE_URL}

    def form_valid(self, form: Any) -> HttpResponse:
        # Links in mails point at the configured address, never at the Host header of the request.
        self.extra_email_context = self.get_extra_email_context()
        # One client address asks for a few dozen links an hour at most, whichever accounts; and
        # each account gets a few (forms.RESET_MAILS). Past either, nothing is sent and the
        # answer is the same as ever: it tells nobody whether an account exists.
        if not RESET_REQUESTS.take(client_ip(self.request)):
            return redirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        record("accounts.password_reset", actor=None, obj=form.user)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: Any) -> HttpResponse:
        from kompas.reporting import keys

        person = cast(Person, self.request.user)
        with transaction.atomic():
            keys.rewrap(
                person, form.cleaned_data["old_password"], form.cleaned_data["new_password1"]
            )
            response = super().form_valid(form)
            record("accounts.password_changed", actor=person, obj=person)
        messages.success(self.request, _("Your password is changed."))
        return response


# --- Profile and organisation -----------------------------------------------------------------


def _roles_of(person: Person) -> list[RoleAssignment]:
    return _ROLES_WITH_SERVICES(person_id=person.pk)


# Read on every person page and profile, through SQL compiled once (`kompas.lib.prepared`): a
# person's roles with their services, and a person of the zone (with whether they use two-step
# sign-in, which their page says).
_ROLES_WITH_SERVICES: Prepared[RoleAssignment] = Prepared(
    lambda person_id: RoleAssignment.objects.filter(person_id=person_id).select_related("service")
)
_OF_ZONE: Prepared[Person] = Prepared(
    lambda zone_id, pk: (
        Person.objects.filter(zone_id=zone_id, pk=pk)
        .select_related("service", "leader")  # named on the person's page
        .annotate(
            has_device=Exists(TOTPDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True))
        )
        .order_by()
    )
)


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = request.user
    return render(
        request,
        "accounts/profile.html",
        {
            "person": person,
            "has_device": TOTPDevice.objects.filter(user=person, confirmed=True).exists(),
            "chain": person.chain_of_command(),
            "assignments": _roles_of(person),
        },
    )


@login_required
def organisation(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The service tree of one's own zone, with each service's heads and head count."""
    if not request.user.has_perm("accounts.view_organisation"):
        raise PermissionDenied
    from django.db.models import Count

    from kompas.accounts.roles import Role
    from kompas.lib.counted import counted

    zone_id = request.user.zone_id
    # Head counts are figures like the dashboard's: a national zone's 50,000 members take
    # 12 ms to count, so they are counted at most once every five minutes (and say when).
    sizes, counted_at = counted(
        "service-sizes",
        zone_id,
        "all",
        lambda: dict(
            Person.objects.filter(zone_id=zone_id, is_active=True, service__isnull=False)
            .order_by()
            .values_list("service")
            .annotate(n=Count("*"))
        ),
    )

    def rows() -> list[dict[str, Any]]:
        """The tree's rows in order, each service under its parent: read only when the page's
        cached rows (organisation.html) are missing for this stamp, count and language."""
        labels = {role: str(label) for role, label in Role.choices}
        heads: dict[int, list[str]] = {}
        for service_id, role, first, last in RoleAssignment.objects.filter(
            service__zone_id=zone_id, role__in=[Role.HEAD_OF_SERVICE, Role.COORDINATOR]
        ).values_list("service_id", "role", "person__first_name", "person__last_name"):
            heads.setdefault(service_id, []).append(
                f"{first} {last}".strip() + f" ({labels[role]})"
            )
        children: dict[int | None, list[tuple[int, str]]] = {}
        for pk, parent_id, name in (
            Service.objects.visible_to(request.user)
            .order_by("name")
            .values_list("pk", "parent_id", "name")
        ):
            children.setdefault(parent_id, []).append((pk, name))
        ordered: list[dict[str, Any]] = []

        def add(parent: int | None, depth: int) -> None:
            for pk, name in children.get(parent, []):
                names = ", ".join(heads.get(pk, []))
                ordered.append(
                    {"depth": depth, "name": name, "heads": names, "size": sizes.get(pk, 0)}
                )
                add(pk, depth + 1)

        add(None, 0)
        return ordered

    return render(
        request,
        "accounts/organisation.html",
        {
            "rows": rows,
            "zone_id": zone_id,
            "stamp": request.user.organisation_stamp,
            "counted_at": counted_at,
        },
    )


# --- People management (HR, functional administrator) -----------------------------------------


def get_person_for(request: AuthenticatedHttpRequest, pk: int, perm: str) -> Person:
    """A person one may see (else 404) and act on with ``perm`` (else 403).

    Whoever may not see the person (another zone, or nobody to manage) is answered as if the
    number were nobody's: a 403 would tell them that somebody holds it."""
    asking = request.user
    if not asking.is_active:  # as Person.objects.visible_to
        raise Http404
    found = _OF_ZONE(zone_id=asking.zone_id, pk=int(pk))
    person = found[0] if found else None
    if person is None or not asking.has_perm("accounts.manage_people", person):
        raise Http404
    if not asking.has_perm(perm, person):
        raise PermissionDenied
    # A pseudonymised person (`kompas.accounts.retention`) is shown as such, never changed.
    if person.is_pseudonymised and (perm != "accounts.manage_people" or request.method != "GET"):
        raise PermissionDenied
    return person


def _listed(people: Any) -> Any:
    # Only the columns the list shows (not the password hash and the dates of every person),
    # the service by its name alone, as plain rows (no person or service object per row). The
    # name is a subquery rather than a join: PostgreSQL then reads it for the page's 50 rows
    # only, after sorting, not for every person a search found (docs/performance.md).
    service_name = Service.objects.filter(pk=OuterRef("service_id")).order_by().values("name")
    return people.values(
        "pk",
        "first_name",
        "last_name",
        "staff_number",
        "is_active",
        service_name=Subquery(service_name),
    )


def _named(rows: Page[dict[str, Any]]) -> Page[dict[str, Any]]:
    # Each row's page from the URL reversed once (kompas.lib.urls), not once per row.
    address = addresses("accounts:person")
    for row in rows:  # as Person.full_name writes it
        row["full_name"] = f"{row['first_name']} {row['last_name']}".strip()
        row["url"] = address(row["pk"])
    return rows


@login_required
def people(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("accounts.manage_people"):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()[:100]
    listed: EventArgs = {
        "actor": request.user,
        "object_type": "accounts.person",
        "detail": {"searched": bool(query)},
    }
    if query:
        page = _named(
            page_of(_listed(search.found(request.user, query)), request.GET.get("page"), 50)
        )
    elif request.user.manages_people():  # the whole zone: what managed_by gives
        everyone = Person.objects.filter(zone_id=request.user.zone_id)
        page = _named(page_of(_listed(everyone), request.GET.get("page"), 50))
    else:
        page = page_of(Person.objects.none(), 1, 50)
    record("accounts.people_listed", **listed)
    # htmx asks for the results alone (the table and its pages), which the page includes.
    template = "accounts/_people_results.html" if request.htmx else "accounts/people.html"
    return render(request, template, {"page": page, "query": query})


class _FieldLabels:
    """The person form's labels (each field's verbose name, as Django's form labels it), in the
    active language when read."""

    def __getattr__(self, name: str) -> str:
        field: Any = Person._meta.get_field(name)  # a concrete field of the form
        return capfirst(field.verbose_name)  # type: ignore[return-value]


_PERSON_LABELS = _FieldLabels()


@login_required
def person_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_person_for(request, pk, "accounts.manage_people")
    # The page shows the person's details; the form to change them is written when asked for
    # ("?edit=1", the page's Change link) or sent: HR reads this page far more often than it
    # changes someone, and the form (a thousand services, the leader picker) costs more to
    # write than the rest of the page (docs/performance.md, session 20).
    editing = request.method == "POST" or request.GET.get("edit") == "1"
    form: PersonForm | None = None
    if editing and not person.is_pseudonymised:  # never changed (get_person_for refuses a POST)
        # The form edits a copy, so that the service sees which fields really change.
        form = PersonForm(request.POST or None, instance=copy.copy(person))
    if request.method == "POST" and form is not None and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        services.update_person(by=request.user, person=person, changes=changes)
        messages.success(request, _("The changes are saved."))
        return redirect("accounts:person", pk=person.pk)
    # The form to grant a role only for those who may (HR reads this page more than anyone).
    can_manage_roles = not person.is_pseudonymised and request.user.has_perm(
        "accounts.manage_roles", person
    )
    role_form = GrantRoleForm(zone_id=person.zone_id) if can_manage_roles else None
    if request.method == "GET":
        record("accounts.person_viewed", actor=request.user, obj=person)
    return render(
        request,
        "accounts/person.html",
        {
            "person": person,
            "form": form,
            "labels": _PERSON_LABELS,
            "role_form": role_form,
            "assignments": _roles_of(person),
            "has_device": person.has_device,  # type: ignore[attr-defined]
            "can_manage_roles": can_manage_roles,
            "can_reset_2fa": not person.is_pseudonymised
            and request.user.has_perm("accounts.reset_second_factor", person),
        },
    )


@login_required
@require_POST
def grant_role(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_person_for(request, pk, "accounts.manage_roles")
    form = GrantRoleForm(request.POST, zone_id=person.zone_id)
    if form.is_valid():
        services.grant_role(
            by=request.user,
            person=person,
            role=form.cleaned_data["role"],
            service=form.cleaned_data["service"],
        )
        messages.success(request, _("The role is granted."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("accounts:person", pk=person.pk)


@login_required
@require_POST
def revoke_role(request: AuthenticatedHttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    person = get_person_for(request, pk, "accounts.manage_roles")
    assignment = get_object_or_404(RoleAssignment, pk=assignment_pk, person=person)
    services.revoke_role(by=request.user, assignment=assignment)
    messages.success(request, _("The role is withdrawn."))
    return redirect("accounts:person", pk=person.pk)


@login_required
@require_POST
def reset_second_factor(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_person_for(request, pk, "accounts.reset_second_factor")
    services.reset_second_factor(by=request.user, person=person)
    messages.success(request, _("Two-step sign-in is reset; the person enrols again at sign-in."))
    return redirect("accounts:person", pk=person.pk)


@login_required
def import_people(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("accounts.import_people"):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > importing.MAX_BYTES:
            form.add_error("file", _("The file is larger than 5 MB."))
        else:
            result = importing.import_people(by=request.user, data=upload.read())
            if result.ok:
                messages.success(
                    request,
                    _("Imported: %(created)s new, %(updated)s updated, %(services)s new services.")
                    % {
                        "created": result.created,
                        "updated": result.updated,
                        "services": result.services_created,
                    },
                )
                return redirect("accounts:people")
    return render(
        request,
        "accounts/import.html",
        {"form": form, "result": result, "columns": importing.COLUMNS},
    )


@login_required
@leaves_session_untouched
def people_pick(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Search results for the colleague picker: names and services of one's own zone only.
    Fetched while a member writes a report, so it leaves the session row as it is."""
    import re

    field = request.GET.get("field", "")
    if not re.fullmatch(r"[a-z_]{1,40}", field):
        return HttpResponse(status=400)
    query = request.GET.get("picker_q", "").strip()[:100]
    # Ids only (a longer number or another kind of digit is nobody, not an error).
    chosen_ids = [i for i in map(as_id, request.GET.getlist(field)) if i is not None][:50]
    visible = Person.objects.visible_to(request.user).filter(is_active=True)
    chosen = list(visible.filter(pk__in=chosen_ids).select_related("service"))
    matches: list[Person] = []
    if len(query) >= 2:
        terms = Q()
        for word in query.split()[:3]:
            terms &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
        matches = list(
            visible.filter(terms).exclude(pk__in=chosen_ids).select_related("service")[:15]
        )
    return render(
        request,
        "accounts/widgets/person_choices.html",
        {
            "people": chosen + matches,
            "chosen_ids": chosen_ids,
            "field": field,
            "multiple": request.GET.get("multiple") == "1",
            "query": query,
        },
    )
