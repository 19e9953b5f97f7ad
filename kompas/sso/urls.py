from django.urls import path

from kompas.sso import views

app_name = "sso"

urlpatterns = [
    path("start/", views.start, name="start"),
    path("callback/", views.callback, name="callback"),
    path("choices/", views.choices, name="choices"),
    path("mappings/<int:pk>/remove/", views.remove_mapping, name="remove_mapping"),
]
