"""The public form framed in the zone's own website on another domain (issue 21, point 4).

A browser sends no cookie of ours to a page framed in another site (SameSite), and keeps none it
sets there, so the public form works without any:

- Django's CSRF cookie is replaced by the form's own token, signed for its zone and good for a
  day (`forms.issue_public_token`); its receipt makes it single-use.
- The page that sends the form must be Kompas itself or a site of ``KOMPAS_EMBED_ORIGINS``
  (`sent_from_allowed_page`): the browser says where a POST comes from (``Origin``), and a page
  cannot change that, so a form forged on another site is refused, with its text shown again.
- The language is chosen in the address (``?lang=fr``), not in a cookie; the zone's French pages
  frame ``/public/<zone>/report/?lang=fr``.
- Links to pages that need a cookie (the follow-up) open in the whole window.

Nothing here logs or stores where a request came from.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy


def use_language_of_address(request: HttpRequest) -> None:
    """The page in the language the address asks for (``?lang=fr``), if it is one of ours."""
    code = request.GET.get("lang", "")
    if code in {code for code, _name in settings.LANGUAGES}:
        translation.activate(code)
        request.LANGUAGE_CODE = code


def sent_from_allowed_page(request: HttpRequest) -> bool:
    """Whether the page that sent this POST may send the public form: Kompas itself (as the
    browser reached it, or at ``KOMPAS_SITE_URL``), a site of ``KOMPAS_EMBED_ORIGINS`` or of
    ``KOMPAS_CSRF_TRUSTED_ORIGINS``. A framed form is a page of Kompas, so it sends Kompas'
    own origin. The browser's ``Origin`` is read, else the ``Referer``'s. A request with
    neither comes from no browser (every browser sends ``Origin`` with a POST) but from a
    script, which could write either header anyway: the signed token alone answers for it,
    as Django's CSRF check does over HTTP."""
    sender = request.headers.get("Origin")
    if sender is None:
        referer = request.headers.get("Referer")
        if referer is None:
            return True
        parts = urlsplit(referer)
        sender = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else "null"
    allowed = {
        f"{request.scheme}://{request.get_host()}",
        settings.SITE_URL,
        *settings.EMBED_ORIGINS,
        *settings.CSRF_TRUSTED_ORIGINS,
    }
    return _origin(sender) in {_origin(entry) for entry in allowed}


def _origin(url: str) -> str:
    return url.strip().rstrip("/").lower()


# Said on the form sent back, in the reporter's language.
REFUSED = gettext_lazy(
    "Your report was not filed: it was sent from another web site than ours or the zone's. "
    "Your text is kept below: check it, then send it from this page."
)
