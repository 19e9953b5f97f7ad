from django.urls import path

from kompas.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_log, name="log"),
    path("verify/", views.verify, name="verify"),
]
