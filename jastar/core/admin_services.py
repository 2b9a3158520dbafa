"""Admin pages that save through services.

The admin validates a form before ``save_model`` and cannot show errors raised there. So
the form's ``clean`` runs the same service call inside a savepoint that is always rolled
back: whatever the service would refuse shows on the form, with the service's message,
and nothing is written until ``save_model`` runs it for real.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest

M = TypeVar("M", bound=models.Model)


class _RollBack(Exception):
    """Raised to undo a dry run."""


def dry_run_errors(call: Any) -> ValidationError | None:
    """Run ``call()`` and roll it back; return the ValidationError it raised, if any."""
    try:
        with transaction.atomic():
            call()
            raise _RollBack
    except _RollBack:
        return None
    except ValidationError as err:
        return err


def attach_errors(form: forms.BaseForm, err: ValidationError) -> None:
    """Put a service's errors on the form fields they name, the rest on the form."""
    if not hasattr(err, "error_dict"):
        form.add_error(None, err)
        return
    for field, errors in err.error_dict.items():
        target = field if field in form.fields else None
        form.add_error(target, errors)


class ServiceAdmin(admin.ModelAdmin[M], Generic[M]):
    """A ModelAdmin whose saves call ``call_service`` (a registry or program service)."""

    def call_service(
        self, request: HttpRequest, obj: M, form: forms.ModelForm[M], change: bool
    ) -> M:
        raise NotImplementedError

    def get_form(
        self, request: HttpRequest, obj: M | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[M]]:
        base = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class ServiceForm(base):  # type: ignore[valid-type,misc]
            def clean(self) -> dict[str, Any]:
                cleaned: dict[str, Any] = super().clean()
                if not self.errors:
                    # A fresh copy: the dry run may change the object it is given.
                    instance = self.instance
                    if instance.pk is not None:
                        instance = type(instance)._default_manager.get(pk=instance.pk)
                    err = dry_run_errors(
                        lambda: model_admin.call_service(request, instance, self, change)
                    )
                    if err is not None:
                        attach_errors(self, err)
                return cleaned

            def _post_clean(self) -> None:
                # Model validation runs inside the service; running it here too would
                # apply it to a half-built instance (generated and derived fields).
                pass

        return ServiceForm

    def save_model(
        self, request: HttpRequest, obj: M, form: forms.ModelForm[M], change: bool
    ) -> None:
        saved = self.call_service(request, obj, form, change)
        obj.pk = saved.pk
        form.instance = saved

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm[M], formsets: Any, change: bool
    ) -> None:
        # Services set many-to-many fields themselves; inlines still save normally.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
