"""The test provider's sign-in page and its id-token hook (see __init__)."""

import html
import json
import os
import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth import login as django_login
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.views.decorators.csrf import csrf_exempt


def _claims_file(username):
    return Path(os.environ["PROVIDER_DATA"]) / f"claims-{username}.json"


@csrf_exempt
def login(request):
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if request.method == "POST":
        username = request.POST.get("username", "")
        if not re.fullmatch(r"[a-z0-9_.-]{1,40}", username):
            return HttpResponseBadRequest("bad user name")
        claims = json.loads(request.POST.get("claims") or "{}")
        user, _created = get_user_model().objects.get_or_create(username=username)
        _claims_file(username).write_text(json.dumps(claims), encoding="utf-8")
        django_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if not next_url.startswith("/"):
            return HttpResponseBadRequest("bad next")
        return HttpResponseRedirect(next_url)
    page = f"""<!doctype html><html><head><title>Test provider</title></head><body>
<h1>Test provider: sign in</h1>
<form method="post"><input type="hidden" name="next" value="{html.escape(next_url)}">
<label>User name <input name="username" id="username"></label>
<label>Claims <textarea name="claims" id="claims">{{}}</textarea></label>
<button type="submit">Sign in at the provider</button></form></body></html>"""
    return HttpResponse(page)


def subject(user):
    return user.username


def id_token_hook(id_token, user, token, request):
    path = _claims_file(user.username)
    if path.exists():
        id_token.update(json.loads(path.read_text(encoding="utf-8")))
    return id_token
