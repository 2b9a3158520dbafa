"""REST API v1 routes of trader formalisation, under ``/api/v1/community/traders/``
(namespace ``api``)."""

from django.urls import URLPattern, URLResolver, path

from jastar.community.traders import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("markets/", api.MarketListApi.as_view(), name="traders-market-list"),
    path("markets/<int:market_id>/", api.MarketDetailApi.as_view(), name="traders-market-detail"),
    path("traders/", api.TraderListApi.as_view(), name="traders-trader-list"),
    path("contracts/", api.ContractListApi.as_view(), name="traders-contract-list"),
    path("progress/", api.ProgressApi.as_view(), name="traders-progress"),
]
