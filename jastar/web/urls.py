"""The web workspace. Each part (people, employer, youth, audit, account) keeps its own
routes in ``jastar/web/<part>/urls.py``; all share the ``web`` namespace."""

from django.urls import URLPattern, URLResolver, include, path

from jastar.web import home

app_name = "web"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", home.home, name="home"),
    path("", include("jastar.web.account.urls")),
    path("people/", include("jastar.web.people.urls")),
    path("employer/", include("jastar.web.employer.urls")),
    path("me/", include("jastar.web.youth.urls")),
    path("audit/", include("jastar.web.audit.urls")),
]
