"""Workspace pages of trader formalisation (namespace ``community:traders``)."""

from django.urls import URLPattern, URLResolver, path

from jastar.community.traders import views

app_name = "traders"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.progress, name="progress"),
    path("markets/", views.markets, name="markets"),
    path("markets/new/", views.market_new, name="market-new"),
    path("markets/<int:market_id>/", views.market, name="market"),
    path("markets/<int:market_id>/edit/", views.market_edit, name="market-edit"),
    path("markets/<int:market_id>/traders/new/", views.trader_new, name="trader-new"),
    path("traders/<int:trader_id>/contracts/new/", views.contract_new, name="contract-new"),
    path("traders/<int:trader_id>/leave/", views.trader_leave, name="trader-leave"),
    path("contracts/<int:contract_id>/end/", views.contract_end, name="contract-end"),
    path("targets/", views.targets, name="targets"),
]
