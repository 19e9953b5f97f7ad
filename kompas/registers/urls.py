from django.urls import path

from kompas.registers import overview_views, rules_views, views

app_name = "registers"

urlpatterns = [
    path("", views.my_registers, name="mine"),
    path("gifts/new/", views.gift_new, name="gift_new"),
    path("gifts/advice/", views.gift_advice, name="gift_advice"),
    path("gifts/pending/", views.gift_pending, name="gift_pending"),
    path("gifts/<int:pk>/", views.gift_detail, name="gift"),
    path("gifts/<int:pk>/decide/", views.gift_decide, name="gift_decide"),
    path("gifts/<int:pk>/confirm/", views.gift_confirm, name="gift_confirm"),
    path("overview/", overview_views.overview, name="overview"),
    # The former pages of two of the overview's tabs, kept as addresses that send there.
    path("overview/patterns/", overview_views.cross_checks, name="cross_checks"),
    path("yearly/", overview_views.yearly_overview, name="yearly"),
    path("conflicts/new/", views.conflict_new, name="conflict_new"),
    path("side-activities/new/", views.side_new, name="side_new"),
    path("side-activities/<int:pk>/", views.side_detail, name="side_activity"),
    path("conflicts/<int:pk>/", views.conflict_detail, name="conflict"),
    path("rules/", rules_views.rules, name="rules"),
    path("rules/wording/", rules_views.wording, name="wording"),
    path("rules/sensitive-posts/", rules_views.sensitive_posts, name="sensitive_posts"),
    path("suppliers/", rules_views.suppliers, name="suppliers"),
    path("suppliers/<int:pk>/remove/", rules_views.supplier_remove, name="supplier_remove"),
]
