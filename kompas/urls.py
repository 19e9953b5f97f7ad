from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path

from kompas.api.urls import api_urls
from kompas.compass.urls import participant_urls

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("kompas.front.urls")),
    path("account/key/", include("kompas.passkeys.urls")),
    path("account/sso/", include("kompas.sso.urls")),
    path("account/", include("kompas.accounts.urls")),
    path("audit/", include("kompas.audit.urls")),
    path("", include("kompas.reporting.urls")),
    path("registers/", include("kompas.registers.urls")),
    path("compass/", include("kompas.compass.urls")),
    path("risks/", include("kompas.risks.urls")),
    path("plans/", include("kompas.plans.urls")),
    path("insights/", include("kompas.insights.urls")),
    path("", include("kompas.privacy.urls")),
    path("retention/", include("kompas.retention.urls")),
    path("api/", include("kompas.api.urls")),
    *api_urls,
    path("scim/v2/", include("kompas.scim.urls")),
    *participant_urls,
]

if settings.BENCH:
    from kompas.front.views import bench_floor

    urlpatterns.append(path("bench/floor/", bench_floor))
