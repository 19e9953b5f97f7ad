from django.urls import URLPattern, URLResolver, path, re_path

from kompas.api import views
from kompas.api.api import api

app_name = "api"

urlpatterns: list[URLPattern | URLResolver] = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("v1/docs/", views.docs, name="docs"),
]

# The API itself, in its own namespace ("api-v1"), beside these pages; an address under it that
# names no endpoint is refused in the API's own words (JSON), not with the site's page.
api_urls: list[URLPattern | URLResolver] = [
    path("api/v1/", api.urls),
    # (but for "docs" without its slash, which CommonMiddleware sends on to the page)
    re_path(r"^api/v1/(?!docs$)", views.api_not_found, name="api_not_found"),
]
