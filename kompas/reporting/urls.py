from django.urls import path

from kompas.reporting import views

app_name = "reporting"

urlpatterns = [
    path("report/", views.report_new, name="new"),
    path("public/<slug:zone_code>/report/", views.public_report, name="public"),
    path("follow-up/", views.follow_up, name="follow_up"),
    path("follow-up/case/", views.follow_up_case, name="follow_up_case"),
    path("follow-up/leave/", views.follow_up_leave, name="follow_up_leave"),
    path("cases/", views.cases, name="cases"),
    path("cases/unlock/", views.unlock, name="unlock"),
    path("cases/<str:number>/", views.case_detail, name="case"),
    path("cases/<str:number>/write/", views.case_write, name="case_write"),
    path("cases/<str:number>/step/", views.case_step, name="case_step"),
]
