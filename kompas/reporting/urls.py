from django.urls import path

from kompas.reporting import views

app_name = "reporting"

urlpatterns = [
    path("report/", views.report_new, name="new"),
    path("public/<slug:zone_code>/report/", views.public_report, name="public"),
    path("report/proof/", views.proof, name="proof"),
    path("follow-up/", views.follow_up, name="follow_up"),
    path("follow-up/case/", views.follow_up_case, name="follow_up_case"),
    path("follow-up/leave/", views.follow_up_leave, name="follow_up_leave"),
    path("follow-up/files/<int:pk>/", views.follow_up_file, name="follow_up_file"),
    path("follow-up/new-receipt/", views.new_receipt, name="new_receipt"),
    path("cases/reveals/", views.reveal_requests, name="reveal_requests"),
    path("cases/record/", views.record_oral, name="record_oral"),
    path("cases/routing/", views.routing, name="routing"),
    path("register/", views.register, name="register"),
    path("register/statistics/", views.statistics, name="statistics"),
    path("register/settings/", views.channel_settings, name="channel_settings"),
    path("register/public-services/", views.public_services, name="public_services"),
    path("register/external-channel/", views.external_channel, name="external_channel"),
    path("cases/", views.cases, name="cases"),
    path("cases/unlock/", views.unlock, name="unlock"),
    path("cases/<str:number>/", views.case_detail, name="case"),
    path("cases/<str:number>/write/", views.case_write, name="case_write"),
    path("cases/<str:number>/step/", views.case_step, name="case_step"),
    path("cases/<str:number>/share/", views.case_share, name="case_share"),
    path("cases/<str:number>/step-off/", views.case_step_off, name="case_step_off"),
    path("cases/<str:number>/files/<int:pk>/", views.case_file, name="case_file"),
    path("cases/<str:number>/reveal/", views.case_reveal_request, name="case_reveal"),
    path("cases/<str:number>/hold/", views.case_hold, name="case_hold"),
    path("cases/<str:number>/reopen/", views.case_reopen, name="case_reopen"),
    path("cases/<str:number>/meeting/", views.case_meeting, name="case_meeting"),
    path("cases/<str:number>/tasks/", views.case_task, name="case_task"),
    path("cases/<str:number>/concerned/", views.case_concerned, name="case_concerned"),
    path("cases/<str:number>/discipline/", views.case_discipline, name="case_discipline"),
    path("cases/<str:number>/export/", views.case_export, name="case_export"),
    path("cases/<str:number>/tags/", views.case_tags, name="case_tags"),
    path("cases/<str:number>/links/", views.case_links, name="case_links"),
]
