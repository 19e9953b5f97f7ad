from django.urls import include, path

from kompas.sso.tests.provider import views

urlpatterns = [
    path("login/", views.login),
    path("", include("oidc_provider.urls", namespace="oidc_provider")),
]
