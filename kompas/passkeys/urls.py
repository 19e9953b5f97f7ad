from django.urls import path

from kompas.passkeys import views

app_name = "passkeys"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("unlock/", views.unlock, name="unlock"),
    path("start-over/", views.start_over, name="start_over"),
    path("passkeys/add/", views.add, name="add"),
    path("passkeys/<int:pk>/rename/", views.rename, name="rename"),
    path("passkeys/<int:pk>/remove/", views.remove, name="remove"),
    path("passphrase/", views.passphrase, name="passphrase"),
    path("passphrase/remove/", views.remove_passphrase, name="remove_passphrase"),
]
