"""Kompas' URLs without kompas.passkeys' (for the test of a handler signing in before it lands)."""

from django.urls import URLPattern, URLResolver

from kompas.urls import urlpatterns as all_patterns

urlpatterns: list[URLPattern | URLResolver] = [
    entry
    for entry in all_patterns
    if not (isinstance(entry, URLResolver) and getattr(entry, "namespace", None) == "passkeys")
]
