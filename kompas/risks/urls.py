from django.urls import path

from kompas.risks import views

app_name = "risks"

urlpatterns = [
    path("", views.analyses, name="analyses"),
    path("new/", views.analysis_new, name="analysis_new"),
    path("<int:pk>/", views.analysis_detail, name="analysis"),
    path("<int:pk>/score/", views.score, name="score"),
    path("scenarios/<int:pk>/", views.scenario_detail, name="scenario"),
    path("heat-map/", views.heat_map, name="heat_map"),
    path("plan/", views.plan, name="plan"),
    path("reviews/", views.reviews, name="reviews"),
    path("measures/<int:pk>/", views.measure_detail, name="measure"),
    path("matrix/", views.matrix_edit, name="matrix"),
]
