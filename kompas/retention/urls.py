from django.urls import path

from kompas.retention import views

app_name = "retention"

urlpatterns = [
    path("", views.settings_page, name="settings"),
]
