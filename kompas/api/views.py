"""The functional administrator's page of API tokens, and the API's documentation page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompas.api import docs as api_docs
from kompas.api import tokens as token_services
from kompas.api.forms import TokenForm
from kompas.api.models import ApiToken
from kompas.lib import clock
from kompas.lib.http import AuthenticatedHttpRequest
from kompas.lib.ids import as_id
from kompas.lib.views import attempt, needs


@needs("api.manage_tokens")
def tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The zone's tokens, and a form for a new one. A new token is shown on the answer to the
    form, once: it is not stored, and a reload does not show it again."""
    form = TokenForm(request.POST or None)
    secret, made = "", None
    if request.method == "POST" and form.is_valid():
        with attempt(request, form=form) as outcome:
            made, secret = token_services.create_token(
                by=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_on=form.cleaned_data["expires_on"],
            )
        if outcome.succeeded:
            form = TokenForm()
    listed = ApiToken.objects.of_zone(request.user.zone_id).select_related(
        "created_by", "revoked_by"
    )
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": listed,
            "secret": secret,
            "made": made,
            "today": clock.today(),
            "scim_url": f"{settings.SITE_URL}/scim/v2",
        },
        status=400 if request.method == "POST" and not made else 200,
    )


@needs("api.manage_tokens")
@require_POST
def revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.of_zone(request.user.zone_id), pk=as_id(pk) or 0)
    with attempt(request, done=_("The token is revoked: it no longer works.")):
        token_services.revoke_token(by=request.user, token=token)
    return redirect("api:tokens")


def docs(request: HttpRequest) -> HttpResponse:
    """The API's documentation, written from its OpenAPI schema: no script, nothing from
    another site."""
    return render(request, "api/docs.html", api_docs.context())


def api_not_found(request: HttpRequest) -> HttpResponse:
    """An address under /api/v1/ that names no endpoint: JSON, as every refusal of the API."""
    return JsonResponse({"detail": _("Not found."), "errors": []}, status=404)
