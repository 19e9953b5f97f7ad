from django.urls import path

from kompas.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("report/<int:year>/", views.report, name="report"),
]
