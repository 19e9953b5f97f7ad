"""The compass pages: the values, the dilemma library, the decision aid, the conversation guides."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompas.accounts.models import Person, Role
from kompas.audit.services import record
from kompas.compass import guides, picture, services
from kompas.compass.forms import (
    WALK_STEPS,
    LibraryFilter,
    ProposalForm,
    ReviewForm,
    SettingsForm,
    ShareForm,
    SheetForm,
    ValueTextsForm,
)
from kompas.compass.models import (
    LANGUAGE_CODES,
    CompassEdition,
    CompassSettings,
    ConversationSheet,
    Dilemma,
    DilemmaWalk,
    Guide,
)
from kompas.compass.values import Value
from kompas.lib.http import AuthenticatedHttpRequest
from kompas.lib.views import attempt, leaves_session_untouched, needs


def _language() -> str:
    language = (get_language() or "nl")[:2]
    return language if language in LANGUAGE_CODES else "nl"


def _value_from_slug(slug: str) -> str:
    value = slug.replace("-", "_")
    if value not in Value.values:
        raise Http404
    return value


# Where each value shows up elsewhere in Kompas (url name, label).
VALUE_LINKS: dict[str, list[tuple[str, str]]] = {
    Value.OBJECTIVITY: [("registers:mine", "gifts"), ("registers:conflict_new", "conflict")],
    Value.LOYALTY: [("compass:guides", "guides")],
    Value.NETWORKING: [("reporting:new", "report")],
    Value.ETHICAL_LEADERSHIP: [("compass:trainings", "trainings")],
    Value.TRANSPARENCY: [("reporting:new", "report")],
}


def _link_label(kind: str) -> str:
    return {
        "gifts": _("Declare a gift, an invitation or a side activity"),
        "conflict": _("Signal a possible conflict of interest"),
        "guides": _("Prepare a conversation with a colleague"),
        "report": _("Report an irregularity or ask for advice"),
        "trainings": _("Dilemma trainings"),
    }[kind]


# --- The compass ----------------------------------------------------------------------------------


@needs("compass.view")
def compass(request: AuthenticatedHttpRequest) -> HttpResponse:
    edition = services.latest_edition(request.user.zone_id)
    entries = services.value_entries(request.user.zone_id, _language(), edition or False)
    return render(
        request,
        "compass/compass.html",
        {
            "entries": entries,
            "picture": picture.draw(entries, CompassSettings.for_zone(request.user.zone_id)),
            "edition": edition,
            "zone": request.user.zone,
            "poster": request.GET.get("size") in {"a4", "a3"} and request.GET["size"],
        },
    )


@needs("compass.view")
def value_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    value = _value_from_slug(slug)
    entries = services.value_entries(request.user.zone_id, _language())
    entry = next(e for e in entries if e.value == value)
    dilemmas = [
        d
        for d in Dilemma.objects.library_for(request.user).prefetch_related("options")
        if value in d.values_touched
    ]
    from kompas.registers.models import GiftRules, SideActivityRules

    rules = [
        (label, reverse_name)
        for label, reverse_name, current in (
            (
                _("The rules for gifts and invitations"),
                "registers:gift_new",
                GiftRules.current(request.user.zone_id),
            ),
            (
                _("The rules for side activities"),
                "registers:side_new",
                SideActivityRules.current(request.user.zone_id),
            ),
        )
        if value in (current.values or [])
    ]
    return render(
        request,
        "compass/value.html",
        {
            "rules": rules,
            "entry": entry,
            "dilemmas": dilemmas,
            "links": [(name, _link_label(kind)) for name, kind in VALUE_LINKS.get(value, [])],
            "can_edit": request.user.has_perm("compass.edit_values"),
        },
    )


@needs("compass.edit_values")
def value_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    value = _value_from_slug(slug)
    current = services.all_texts(request.user.zone_id)
    form = ValueTextsForm(
        request.POST or None, current={lang: current[(value, lang)] for lang in LANGUAGE_CODES}
    )
    if request.method == "POST" and form.is_valid():
        edition = services.publish_value_texts(
            zone=request.user.zone,
            by=request.user,
            value=value,
            changes=form.changes(),
            note=form.cleaned_data["note"],
        )
        messages.success(
            request, _("Edition %(n)s of the compass is published.") % {"n": edition.number}
        )
        return redirect("compass:value", slug=slug)
    return render(
        request,
        "compass/value_edit.html",
        {"form": form, "label": Value(value).label, "slug": slug},
    )


@needs("compass.view")
def editions(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "compass/editions.html",
        {
            "editions": CompassEdition.objects.filter(zone_id=request.user.zone_id)
            .select_related("published_by")
            .order_by("-number")[:200]
        },
    )


@needs("compass.view")
def edition_detail(request: AuthenticatedHttpRequest, number: int) -> HttpResponse:
    edition: CompassEdition | bool = False
    if number:
        edition = get_object_or_404(
            CompassEdition.objects.select_related("published_by"),
            zone_id=request.user.zone_id,
            number=number,
        )
    return render(
        request,
        "compass/edition.html",
        {
            "edition": edition,
            "entries": services.value_entries(request.user.zone_id, _language(), edition),
        },
    )


@needs("compass.edit_values")
def compass_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    current = CompassSettings.for_zone(request.user.zone_id)
    initial: dict[str, Any] = {"min_group": current.min_group}
    initial.update({f"colour_{value}": current.colour_of(value) for value in Value.values})
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_min_group(
            zone=request.user.zone, by=request.user, min_group=form.cleaned_data["min_group"]
        )
        services.set_colours(zone=request.user.zone, by=request.user, colours=form.colours())
        messages.success(request, _("The settings are saved."))
        return redirect("compass:settings")
    return render(request, "compass/settings.html", {"form": form})


# --- The dilemma library --------------------------------------------------------------------------


@needs("compass.view")
def library(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = LibraryFilter(request.GET or None)
    # Only what the list shows and filters on (not the situation, perspectives and reflection).
    found = Dilemma.objects.library_for(request.user).only("pk", "title", "themes", "audiences")
    if form.is_valid() and form.cleaned_data["value"]:
        found = found.prefetch_related("options")  # the values a dilemma touches are its options'
    dilemmas = list(found)
    # The services a dilemma is for, as (id, name) pairs in one plain query (a prefetch built a
    # service object and a queryset per dilemma).
    links = (
        Dilemma.services.through.objects.filter(dilemma__in=[d.pk for d in dilemmas])
        .order_by("service__name", "service_id")
        .values_list("dilemma_id", "service_id", "service__name")
    )
    by_dilemma: dict[int, list[tuple[int, str]]] = {}
    for dilemma_id, linked_id, name in links:
        by_dilemma.setdefault(dilemma_id, []).append((linked_id, name))
    for d in dilemmas:
        d.services_named = by_dilemma.get(d.pk, [])  # type: ignore[attr-defined]
    if form.is_valid():
        theme, audience, value = (form.cleaned_data[k] for k in ("theme", "audience", "value"))
        service_id = request.user.service_id if form.cleaned_data["mine"] else None
        dilemmas = [
            d
            for d in dilemmas
            if (not theme or theme in d.themes)
            and (not audience or audience in d.audiences)
            and (not value or value in d.values_touched)
            and (
                not service_id or any(pk == service_id for pk, _n in d.services_named)  # type: ignore[attr-defined]
            )
        ]
    return render(
        request,
        "compass/library.html",
        {
            "form": form,
            "dilemmas": dilemmas,
            "can_review": request.user.has_perm("compass.review_dilemmas"),
            "proposals": Dilemma.objects.proposals_for(request.user).count()
            if request.user.has_perm("compass.review_dilemmas")
            else 0,
        },
    )


def _get_dilemma(request: AuthenticatedHttpRequest, pk: int) -> Dilemma:
    return get_object_or_404(
        Dilemma.objects.library_for(request.user).prefetch_related("options"), pk=pk
    )


@needs("compass.view")
def dilemma_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Individual mode: read the dilemma, choose, then see the reflection and how the zone chose."""
    dilemma = _get_dilemma(request, pk)
    options = list(dilemma.options.all())
    chosen = None
    error = ""
    if request.method == "POST":
        chosen = next((o for o in options if str(o.pk) == request.POST.get("option")), None)
        if chosen is None:
            error = _("Choose one of the options.")
        else:
            services.play_alone(person=request.user, dilemma=dilemma, option=chosen)
    return render(
        request,
        "compass/dilemma.html",
        {
            "dilemma": dilemma,
            "options": options,
            "chosen": chosen,
            "error": error,
            "result": services.zone_distribution(dilemma, request.user.zone_id) if chosen else None,
        },
        status=400 if error else 200,
    )


@needs("compass.propose_dilemma")
@leaves_session_untouched
def propose(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A member proposes a dilemma, without their name unless they ask to be kept informed:
    the session row is left as it is, so that no idle timeout slides as they send it. They come
    back to this page, not to one that would slide it at once."""
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.propose_dilemma(
            person=request.user,
            draft=form.draft(),
            keep_informed=form.cleaned_data["keep_informed"],
            token=form.cleaned_data["token"],
        )
        messages.success(
            request,
            _(
                "Thank you. The integrity network will review your dilemma before it enters the library."
            ),
        )
        return redirect("compass:propose")
    mine = Dilemma.objects.filter(zone_id=request.user.zone_id, proposed_by=request.user).order_by(
        "-pk"
    )[:50]
    return render(request, "compass/propose.html", {"form": form, "mine": mine})


@needs("compass.review_dilemmas")
def proposals(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "compass/proposals.html",
        {"proposals": Dilemma.objects.proposals_for(request.user).order_by("pk")[:200]},
    )


@needs("compass.review_dilemmas")
def proposal_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    dilemma = get_object_or_404(
        Dilemma.objects.proposals_for(request.user).prefetch_related("options"), pk=pk
    )
    form = ReviewForm(request.POST or None, dilemma=dilemma)
    if request.method == "POST" and form.is_valid():
        with attempt(request, form=form, done=_("The review is recorded.")) as outcome:
            services.review_dilemma(
                dilemma=dilemma,
                by=request.user,
                draft=form.draft(),
                publish=form.cleaned_data["decision"] == "publish",
                note=form.cleaned_data["note"],
                services=list(form.cleaned_data["services"]),
            )
        if outcome.succeeded:
            return redirect("compass:proposals")
    return render(request, "compass/review.html", {"form": form, "dilemma": dilemma})


# --- The decision aid -----------------------------------------------------------------------------


@needs("compass.view")
def aid_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    walks = [
        (w, services.walk_content(w)) for w in DilemmaWalk.objects.filter(person=request.user)[:50]
    ]
    shared = DilemmaWalk.objects.filter(shares__person=request.user).select_related("person")[:50]
    return render(
        request,
        "compass/aid_list.html",
        {"walks": walks, "shared": shared, "steps": len(WALK_STEPS)},
    )


def _contacts(person: Person) -> dict[str, Any]:
    """Who to talk to: the direct leader, the integrity network, internal oversight, counsellors."""
    zone_people = Person.objects.filter(zone_id=person.zone_id, is_active=True)

    def holders(role: str) -> list[Person]:
        return list(
            zone_people.filter(roles_held__role=role)
            .exclude(pk=person.pk)
            .distinct()
            .order_by("last_name")[:20]
        )

    return {
        "leader": person.leader,
        "network": holders(Role.NETWORK),
        "oversight": holders(Role.OVERSIGHT),
        "counsellors": holders(Role.COUNSELLOR),
    }


def _step_context(step: int) -> dict[str, Any]:
    return {
        "step": step,
        "step_name": WALK_STEPS[step][0],
        "step_title": WALK_STEPS[step][1],
        "steps": [(i, title) for i, (_n, title, _f) in enumerate(WALK_STEPS)],
        "last": len(WALK_STEPS) - 1,
    }


@needs("compass.view")
def aid_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form_class = WALK_STEPS[0][2]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        token = data.pop("token") or ""
        walk, _created = services.start_walk(person=request.user, data=data, token=token)
        return redirect("compass:aid_step", pk=walk.pk, step=1)
    return render(request, "compass/aid_step.html", {"form": form, **_step_context(0)})


def _own_walk(request: AuthenticatedHttpRequest, pk: int) -> DilemmaWalk:
    return get_object_or_404(DilemmaWalk, pk=pk, person=request.user)


@needs("compass.view")
def aid_step(request: AuthenticatedHttpRequest, pk: int, step: int) -> HttpResponse:
    walk = _own_walk(request, pk)
    if not 0 <= step < len(WALK_STEPS):
        raise Http404
    content = services.walk_content(walk)
    form_class = WALK_STEPS[step][2]
    form = form_class(request.POST or None, initial=content)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "token"}
        services.save_walk_step(walk=walk, person=request.user, step=step, data=data)
        if "back" in request.POST and step > 0:
            return redirect("compass:aid_step", pk=walk.pk, step=step - 1)
        if step + 1 < len(WALK_STEPS) and "done" not in request.POST:
            return redirect("compass:aid_step", pk=walk.pk, step=step + 1)
        return redirect("compass:aid", pk=walk.pk)
    context = {"form": form, "walk": walk, "content": content, **_step_context(step)}
    if WALK_STEPS[step][0] == "talk":
        context["contacts"] = _contacts(request.user)
    if WALK_STEPS[step][0] == "values":
        context["value_fields"] = [form[f"pull_{v}"] for v in Value.values]
    return render(request, "compass/aid_step.html", context)


def _summary(content: dict[str, Any]) -> dict[str, Any]:
    from kompas.compass.forms import LEGAL_CHOICES, PULL_CHOICES

    pulls = dict(PULL_CHOICES)
    legal = dict(LEGAL_CHOICES)
    values = [
        (label, pulls.get(content.get(f"pull_{v}", ""), ""))
        for v, label in Value.choices
        if content.get(f"pull_{v}")
    ]
    options = [
        (
            content.get(f"opt_{i}"),
            content.get(f"consequences_{i}"),
            legal.get(content.get(f"legal_{i}", ""), ""),
        )
        for i in range(3)
        if content.get(f"opt_{i}")
    ]
    return {"values": values, "options": options}


@login_required
def aid_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The walk as one printable page: for the owner, or for whom the owner shared it with."""
    walk = get_object_or_404(
        DilemmaWalk.objects.filter(Q(person=request.user) | Q(shares__person=request.user))
        .select_related("person")
        .distinct(),
        pk=pk,
    )
    owner = walk.person_id == request.user.pk
    if not owner:
        record("compass.walk_viewed", actor=request.user, obj=walk)
    content = services.walk_content(walk)
    return render(
        request,
        "compass/aid.html",
        {
            "walk": walk,
            "content": content,
            "owner": owner,
            "shares": walk.shares.select_related("person") if owner else [],
            "share_form": ShareForm(owner=request.user) if owner else None,
            "steps": [(i, title) for i, (_n, title, _f) in enumerate(WALK_STEPS)],
            **_summary(content),
        },
    )


@require_POST
@needs("compass.view")
def aid_share(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    walk = _own_walk(request, pk)
    form = ShareForm(request.POST, owner=request.user)
    if form.is_valid():
        services.share_walk(walk=walk, owner=request.user, with_person=form.cleaned_data["person"])
        messages.success(
            request,
            _("Shared with %(name)s.") % {"name": form.cleaned_data["person"].full_name},
        )
    else:
        messages.error(request, _("Choose an active colleague of your zone."))
    return redirect("compass:aid", pk=walk.pk)


@require_POST
@needs("compass.view")
def aid_unshare(request: AuthenticatedHttpRequest, pk: int, share: int) -> HttpResponse:
    walk = _own_walk(request, pk)
    services.unshare_walk(walk=walk, owner=request.user, share_id=share)
    messages.success(request, _("No longer shared."))
    return redirect("compass:aid", pk=walk.pk)


@require_POST
@needs("compass.view")
def aid_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    walk = _own_walk(request, pk)
    services.delete_walk(walk=walk, owner=request.user)
    messages.success(request, _("The record is deleted."))
    return redirect("compass:aid_list")


# --- Conversation guides --------------------------------------------------------------------------


def _guide(slug: str) -> str:
    if slug not in Guide.values:
        raise Http404
    return slug


@needs("compass.view")
def guide_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    sheets = [
        (s, services.sheet_content(s).get("about", ""))
        for s in ConversationSheet.objects.filter(person=request.user)[:50]
    ]
    return render(
        request,
        "compass/guides.html",
        {"guides": [(g, guides.STEPS[g]) for g in Guide], "sheets": sheets},
    )


@needs("compass.view")
def sheet_new(request: AuthenticatedHttpRequest, guide: str) -> HttpResponse:
    guide = _guide(guide)
    steps = guides.STEPS[guide]
    form = SheetForm(request.POST or None, steps=steps)
    if request.method == "POST" and form.is_valid():
        sheet = services.save_sheet(person=request.user, guide=guide, data=form.cleaned_data)
        messages.success(request, _("Your preparation is saved. Only you can read it."))
        return redirect("compass:sheet", pk=sheet.pk)
    return render(
        request,
        "compass/sheet.html",
        {"form": form, "guide": Guide(guide), "steps": form.step_fields(steps)},
    )


@needs("compass.view")
def sheet_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    sheet = get_object_or_404(ConversationSheet, pk=pk, person=request.user)
    steps = guides.STEPS[sheet.guide]
    content = services.sheet_content(sheet)
    form = SheetForm(request.POST or None, steps=steps, initial=content)
    if request.method == "POST" and form.is_valid():
        services.save_sheet(
            person=request.user, guide=sheet.guide, data=form.cleaned_data, sheet=sheet
        )
        messages.success(request, _("Your preparation is saved. Only you can read it."))
        return redirect("compass:sheet", pk=sheet.pk)
    return render(
        request,
        "compass/sheet.html",
        {
            "form": form,
            "sheet": sheet,
            "guide": Guide(sheet.guide),
            "steps": form.step_fields(steps),
            "printed": [
                (title, content.get(f"step_{i}", "")) for i, (title, _h) in enumerate(steps)
            ],
            "about": content.get("about", ""),
        },
    )


@require_POST
@needs("compass.view")
def sheet_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    sheet = get_object_or_404(ConversationSheet, pk=pk, person=request.user)
    services.delete_sheet(sheet=sheet, owner=request.user)
    messages.success(request, _("The preparation sheet is deleted."))
    return redirect("compass:guides")
