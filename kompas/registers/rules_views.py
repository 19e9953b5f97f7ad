"""The integrity officer's pages for the registers' rules: each change adds a row (history)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompas.accounts.models import Service
from kompas.lib.http import AuthenticatedHttpRequest
from kompas.lib.views import attempt
from kompas.registers import configuration
from kompas.registers.forms import (
    GiftRulesForm,
    RetentionForm,
    SensitivePostForm,
    SideRulesForm,
    SuppliersForm,
    WordingForm,
)
from kompas.registers.models import (
    GiftRules,
    RetentionRules,
    SideActivityRules,
    Supplier,
    Weight,
    Wording,
    authority_label,
    wordings,
)
from kompas.registers.services import reasons_shown


def _officer(request: AuthenticatedHttpRequest) -> None:
    if not request.user.has_perm("registers.configure"):
        raise PermissionDenied


@login_required
def rules(request: AuthenticatedHttpRequest) -> HttpResponse:
    _officer(request)
    zone_id = request.user.zone_id
    which = request.POST.get("which", "")
    wording = wordings(zone_id, (get_language() or "nl")[:2])
    # Three forms on one page, each with its own prefix: their fields (the values each rule
    # protects) would otherwise share ids, and a label would name another form's field.
    forms: dict[str, Any] = {
        "gifts": GiftRulesForm(
            request.POST if which == "gifts" else None,
            instance=GiftRules.current(zone_id),
            prefix="gifts",
            wording=wording,
        ),
        "side": SideRulesForm(
            request.POST if which == "side" else None,
            instance=SideActivityRules.current(zone_id),
            prefix="side",
            zone_id=zone_id,
            wording=wording,
        ),
        "retention": RetentionForm(
            request.POST if which == "retention" else None,
            instance=RetentionRules.current(zone_id),
            prefix="retention",
        ),
    }
    if request.method == "POST" and which in forms and forms[which].is_valid():
        change = {
            "gifts": configuration.change_gift_rules,
            "side": configuration.change_side_rules,
            "retention": configuration.change_retention,
        }[which]
        change(by=request.user, values=forms[which].rule_values())
        messages.success(request, _("The new rules are in force."))
        return redirect("registers:rules")
    history = {
        "gifts": GiftRules.objects.filter(zone_id=zone_id).select_related("created_by")[:20],
        "side": SideActivityRules.objects.filter(zone_id=zone_id).select_related(
            "created_by", "external_recorder"
        )[:20],
        "retention": RetentionRules.objects.filter(zone_id=zone_id).select_related("created_by")[
            :20
        ],
    }
    return render(
        request,
        "registers/rules.html",
        {
            "forms": forms,
            "history": history,
            "gift_weighing": lambda r: _weighing(r.weights(), wording, side=False),
            "side_weighing": lambda r: _weighing(r.weights_in_force(), wording, side=True),
            "authority": authority_label,
        },
        status=400 if request.method == "POST" else 200,
    )


def _weighing(weights: dict[str, str], wording: dict[str, str], *, side: bool) -> list[Any]:
    """What weighs under a version of the rules, as an advice names it (`reasons_shown`)."""
    prefix = "" if side else "answer:"
    return reasons_shown(
        [f"{prefix}{key}={weight}" for key, weight in weights.items() if weight != Weight.NONE],
        wording,
        side=side,
    )


@login_required
def wording(request: AuthenticatedHttpRequest) -> HttpResponse:
    _officer(request)
    zone_id = request.user.zone_id
    key = request.GET.get("key") or request.POST.get("key", "")
    if key and key not in configuration.WORDING_KEYS:
        raise Http404
    current = {lang: wordings(zone_id, lang) for lang in ("nl", "fr", "en")}
    form = None
    if key:
        form = WordingForm(
            request.POST or None, initial={lang: current[lang][key] for lang in current}
        )
        if request.method == "POST" and form.is_valid():
            done = _("The new wording is in force.")
            with attempt(request, form=form, done=done) as outcome:
                configuration.change_wording(by=request.user, key=key, texts=form.cleaned_data)
            if outcome.succeeded:
                return redirect("registers:wording")
    language = (get_language() or "nl")[:2]
    shown = current.get(language, current["nl"])
    return render(
        request,
        "registers/wording.html",
        {
            "items": [(k, shown[k]) for k in configuration.WORDING_KEYS],
            "key": key,
            "form": form,
            "history": Wording.objects.filter(zone_id=zone_id, key=key).select_related(
                "created_by"
            )[:20]
            if key
            else [],
        },
    )


@login_required
def sensitive_posts(request: AuthenticatedHttpRequest) -> HttpResponse:
    _officer(request)
    zone_id = request.user.zone_id
    form = SensitivePostForm(request.POST or None, zone_id=zone_id)
    if request.method == "POST" and form.is_valid():
        configuration.set_sensitive_functions(
            by=request.user,
            service=form.cleaned_data["service"],
            functions=form.cleaned_data["functions"],
        )
        messages.success(request, _("Saved."))
        return redirect("registers:sensitive_posts")
    return render(
        request,
        "registers/sensitive_posts.html",
        {
            "form": form,
            "services": Service.objects.filter(zone_id=zone_id).exclude(sensitive_functions="")[
                :500
            ],
        },
    )


@login_required
def suppliers(request: AuthenticatedHttpRequest) -> HttpResponse:
    _officer(request)
    form = SuppliersForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        added = configuration.add_suppliers(by=request.user, names=form.cleaned_data["names"])
        messages.success(request, _("%(n)s supplier(s) added.") % {"n": added})
        return redirect("registers:suppliers")
    return render(
        request,
        "registers/suppliers.html",
        {"form": form, "suppliers": Supplier.objects.filter(zone_id=request.user.zone_id)[:2000]},
    )


@require_POST
@login_required
def supplier_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _officer(request)
    supplier = get_object_or_404(Supplier, pk=pk, zone_id=request.user.zone_id)
    configuration.remove_supplier(by=request.user, supplier=supplier)
    return redirect("registers:suppliers")
