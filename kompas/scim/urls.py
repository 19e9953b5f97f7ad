from django.urls import URLPattern, URLResolver, path, re_path

from kompas.scim import views

app_name = "scim"

urlpatterns: list[URLPattern | URLResolver] = [
    path("ServiceProviderConfig", views.service_provider_config, name="config"),
    path("ResourceTypes", views.resource_types, name="resource_types"),
    path("ResourceTypes/<str:name>", views.resource_type, name="resource_type"),
    path("Schemas", views.schemas, name="schemas"),
    path("Schemas/<str:urn>", views.schema_view, name="schema"),
    path("Users", views.users, name="users"),
    path("Users/<str:resource_id>", views.user, name="user"),
    path("Groups", views.groups, name="groups"),
    path("Groups/<str:resource_id>", views.group, name="group"),
    # Any other address under /scim/v2/ is refused in SCIM's own words (JSON).
    re_path(r"^.*$", views.not_found, name="not_found"),
]
