from django.urls import path

from kompas.compass import training_views as trainings
from kompas.compass import views

app_name = "compass"

urlpatterns = [
    path("", views.compass, name="compass"),
    path("values/<slug:slug>/", views.value_detail, name="value"),
    path("values/<slug:slug>/edit/", views.value_edit, name="value_edit"),
    path("editions/", views.editions, name="editions"),
    path("editions/<int:number>/", views.edition_detail, name="edition"),
    path("settings/", views.compass_settings, name="settings"),
    path("dilemmas/", views.library, name="library"),
    path("dilemmas/<int:pk>/", views.dilemma_detail, name="dilemma"),
    path("dilemmas/propose/", views.propose, name="propose"),
    path("dilemmas/proposals/", views.proposals, name="proposals"),
    path("dilemmas/proposals/<int:pk>/", views.proposal_review, name="proposal"),
    path("aid/", views.aid_list, name="aid_list"),
    path("aid/new/", views.aid_new, name="aid_new"),
    path("aid/<int:pk>/", views.aid_detail, name="aid"),
    path("aid/<int:pk>/step/<int:step>/", views.aid_step, name="aid_step"),
    path("aid/<int:pk>/share/", views.aid_share, name="aid_share"),
    path("aid/<int:pk>/unshare/<int:share>/", views.aid_unshare, name="aid_unshare"),
    path("aid/<int:pk>/delete/", views.aid_delete, name="aid_delete"),
    path("guides/", views.guide_list, name="guides"),
    path("guides/<slug:guide>/new/", views.sheet_new, name="sheet_new"),
    path("guides/sheets/<int:pk>/", views.sheet_detail, name="sheet"),
    path("guides/sheets/<int:pk>/delete/", views.sheet_delete, name="sheet_delete"),
    path("trainings/", trainings.trainings, name="trainings"),
    path("trainings/new/", trainings.training_new, name="training_new"),
    path("trainings/per-service/", trainings.training_stats, name="training_stats"),
    path("trainings/<int:pk>/", trainings.training_detail, name="training"),
    path("trainings/<int:pk>/steer/", trainings.training_steer, name="training_steer"),
    path("trainings/<int:pk>/screen/", trainings.training_screen, name="training_screen"),
    path("trainings/<int:pk>/screen/live/", trainings.training_live, name="training_live"),
    path("trainings/<int:pk>/present/", trainings.training_present, name="training_present"),
    path(
        "trainings/<int:pk>/present/live/",
        trainings.training_present_live,
        name="training_present_live",
    ),
]

# The participants' pages: short, public addresses typed on a phone or read from a QR code.
participant_urls = [
    path("t/", trainings.join, name="join"),
    path("t/<str:code>/", trainings.participate, name="participate"),
    path("t/<str:code>/state/", trainings.participate_state, name="participate_state"),
    path("t/<str:code>/vote/", trainings.participate_vote, name="participate_vote"),
]
