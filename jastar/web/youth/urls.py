"""A young person's own pages, under ``me/`` in the ``web`` namespace."""

from django.urls import URLPattern, URLResolver, path

from jastar.web.youth import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.me, name="me"),
    path("register/", views.register, name="me-register"),
    path("edit/", views.edit, name="me-edit"),
    path(
        "vacancies/<int:vacancy_id>/apply/",
        views.apply_vacancy,
        name="me-apply-vacancy",
    ),
    path(
        "programs/<str:program_code>/apply/",
        views.apply_program,
        name="me-apply-program",
    ),
]
