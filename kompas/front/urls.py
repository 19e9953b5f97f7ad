from django.urls import path

from kompas.front import views

app_name = "front"

urlpatterns = [
    path("", views.home, name="home"),
    path("language/", views.set_language, name="set_language"),
    path("health/", views.health, name="health"),
]
