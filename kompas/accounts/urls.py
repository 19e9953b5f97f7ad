from django.contrib.auth import views as auth_views
from django.urls import path

from kompas.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="login"),
    path("sign-out/", views.sign_out, name="logout"),
    path("two-step/setup/", views.second_factor_setup, name="second_factor_setup"),
    path("two-step/verify/", views.second_factor_verify, name="second_factor_verify"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("profile/", views.profile, name="profile"),
    path("organisation/", views.organisation, name="organisation"),
    path("people/", views.people, name="people"),
    path("people/import/", views.import_people, name="import"),
    path("people/pick/", views.people_pick, name="people_pick"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/roles/", views.grant_role, name="grant_role"),
    path(
        "people/<int:pk>/roles/<int:assignment_pk>/revoke/", views.revoke_role, name="revoke_role"
    ),
    path("people/<int:pk>/two-step/reset/", views.reset_second_factor, name="reset_second_factor"),
]
