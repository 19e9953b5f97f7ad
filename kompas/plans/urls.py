from django.urls import path

from kompas.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan, name="plan"),
    path("edit/", views.plan_edit, name="plan_edit"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("indicators/<int:pk>/value/", views.indicator_value, name="indicator_value"),
    path("evaluation/", views.evaluation, name="evaluation"),
    path("questions/", views.questions, name="questions"),
    path("questions/<int:pk>/retire/", views.question_retire, name="question_retire"),
]
