from django.urls import URLPattern, URLResolver, path

from kompas.api import views
from kompas.api.api import api

app_name = "api"

urlpatterns: list[URLPattern | URLResolver] = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("v1/docs/", views.docs, name="docs"),
]

# The API itself, in its own namespace ("api-v1"), beside these pages.
api_urls = [path("api/v1/", api.urls)]
