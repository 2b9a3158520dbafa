from django.urls import URLPattern, URLResolver, path

from jastar.web.audit import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.audit_log, name="audit"),
    path("export.csv", views.audit_export, name="audit-export"),
]
