"""Program editions (a program's parameters for a year) and district quotas."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from jastar.core.audit import Actor, audit_record, diff_fields
from jastar.core.models import AuditAction
from jastar.programs.eligibility import DEFAULT_RULES, validate_rule_data
from jastar.programs.models import Program, ProgramEdition, ProgramQuota
from jastar.programs.selectors import quota_usage
from jastar.programs.services.common import tenge
from jastar.registry.models import District
from jastar.registry.rules import Errors, add_error, raise_errors

# Everything but the program and the year, which identify the edition.
EDITION_EDITABLE: Final = frozenset(
    {
        "rules",
        "max_duration_months",
        "subsidy_mrp",
        "subsidy_wage_share",
        "subsidy_cap_mrp",
        "one_off_mrp",
        "payer",
        "notes",
        "source",
        "is_verified",
    }
)


def _check_rules(rules: object) -> None:
    errors = validate_rule_data(rules)
    if errors:
        raise ValidationError({"rules": list(errors)})


@transaction.atomic
def edition_create(
    *,
    actor: Actor,
    program: Program,
    year: int,
    payer: str,
    rules: list[dict[str, Any]] | None = None,
    max_duration_months: int | None = None,
    subsidy_mrp: Decimal | None = None,
    subsidy_wage_share: Decimal | None = None,
    subsidy_cap_mrp: Decimal | None = None,
    one_off_mrp: Decimal | None = None,
    notes: str = "",
    source: str = "",
    is_verified: bool = False,
) -> ProgramEdition:
    """Create a program's edition for ``year``.

    Without ``rules`` the program's shipped default rules are copied in. The rules are
    validated (each a registered type with the right parameters) before anything is
    saved. ``is_verified`` stays off until a primary source confirms the parameters.
    """
    if rules is None:
        rules = copy.deepcopy(DEFAULT_RULES.get(program.code, []))
    _check_rules(rules)
    edition = ProgramEdition(
        program=program,
        year=year,
        payer=payer,
        rules=rules,
        max_duration_months=max_duration_months,
        subsidy_mrp=subsidy_mrp,
        subsidy_wage_share=subsidy_wage_share,
        subsidy_cap_mrp=subsidy_cap_mrp,
        one_off_mrp=one_off_mrp,
        notes=notes,
        source=source,
        is_verified=is_verified,
    )
    edition.full_clean()
    edition.save()
    audit_record(actor=actor, action=AuditAction.CREATE, target=edition, summary=str(edition))
    return edition


@transaction.atomic
def edition_update(
    *, actor: Actor, edition: ProgramEdition, data: dict[str, Any]
) -> ProgramEdition:
    """Change an edition's parameters; its program and year cannot change.

    Changed rules are validated first. Enrolments keep the subsidy fixed when they were
    made. Only changed fields are saved; the audit event lists old and new values.
    """
    unknown = set(data) - EDITION_EDITABLE
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    if "rules" in data:
        _check_rules(data["rules"])
    changes = diff_fields(edition, data)
    for field_name in changes:
        setattr(edition, field_name, data[field_name])
    edition.full_clean()
    edition.save(update_fields=[*changes, "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=edition,
        summary=str(edition),
        changes=changes,
    )
    return edition


@transaction.atomic
def quota_set(
    *,
    actor: Actor,
    edition: ProgramEdition,
    district: District,
    places: int,
    budget_tenge: int,
) -> ProgramQuota:
    """Set how many people ``district`` may enrol in ``edition`` and the money for them.

    Creates the quota or changes it. It cannot drop below what enrolments already hold
    (places taken, money committed).
    """
    quota = (
        ProgramQuota.objects.select_for_update().filter(edition=edition, district=district).first()
    )
    usage = quota_usage(edition, district)
    errors: Errors = {}
    if places < usage.places_used:
        add_error(
            errors,
            "places",
            _("Places already taken: %(used)d; the quota cannot be lower.")
            % {"used": usage.places_used},
        )
    if budget_tenge < usage.committed_tenge:
        add_error(
            errors,
            "budget_tenge",
            _("%(committed)s ₸ is already committed; the budget cannot be lower.")
            % {"committed": tenge(usage.committed_tenge)},
        )
    raise_errors(errors)
    if quota is None:
        quota = ProgramQuota(edition=edition, district=district, places=0, budget_tenge=0)
    changes = diff_fields(quota, {"places": places, "budget_tenge": budget_tenge})
    quota.places, quota.budget_tenge = places, budget_tenge
    quota.full_clean()
    if quota.pk is None:
        quota.save()
        action = AuditAction.CREATE
    else:
        quota.save(update_fields=["places", "budget_tenge", "updated_at"])
        action = AuditAction.UPDATE
    audit_record(actor=actor, action=action, target=quota, summary=str(quota), changes=changes)
    return quota
