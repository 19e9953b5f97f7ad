from django.urls import path

from kompas.privacy import views

app_name = "privacy"

# The fixed pages come before a zone's code (a zone coded "records" would lose its index page).
urlpatterns = [
    path("privacy/", views.index, name="index"),
    path("privacy/records/", views.records_page, name="records"),
    path("privacy/dpia/", views.dpia_page, name="dpia"),
    path("privacy/holdings/", views.holdings_page, name="holdings"),
    path("privacy/texts/", views.texts_page, name="texts"),
    path("privacy/contacts/", views.contacts_page, name="contacts"),
    path("privacy/requests/", views.requests_page, name="requests"),
    path("privacy/requests/new/", views.request_new, name="request_new"),
    path("privacy/requests/<int:pk>/", views.request_page, name="request"),
    path("privacy/requests/<int:pk>/extend/", views.request_extend, name="request_extend"),
    path("privacy/requests/<int:pk>/answer/", views.request_answer, name="request_answer"),
    path("privacy/notice/<slug:key>/", views.own_notice, name="own_notice"),
    path("privacy/<slug:zone_code>/", views.zone_index, name="zone"),
    path("privacy/<slug:zone_code>/<slug:key>/", views.notice_page, name="notice"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("accessibility/<slug:zone_code>/", views.accessibility_zone, name="accessibility_zone"),
]
