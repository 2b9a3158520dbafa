"""A risk score for display: its band and its reasons as sentences in the reader's language.

The model names its reasons by feature (``status=unemployed``, ``age``, see
``jastar.insight.risk.FEATURES``); a page shows one sentence per feature group. A number
(age, months, programs) pushes the risk up when it is far from the average in either
direction, so those sentences name the variable rather than claim a direction, except where
the direction is plain (a long time in the same status, few programs completed).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jastar.insight.selectors import BAND
from jastar.registry.models import District, PersonStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TOP_BAND: Final = 10

# Whole feature names with a sentence of their own, looked up before their group.
_FEATURES: Final[dict[str, StrOrPromise]] = {
    "never_worked_or_studied": gettext_lazy("Never worked or studied"),
    "area=rural": gettext_lazy("Lives in a rural area"),
    "area=urban": gettext_lazy("Lives in a town"),
    "education=unknown": gettext_lazy("No education level recorded"),
    "education=basic_or_lower": gettext_lazy("Education: basic or lower"),
    "education=general_secondary": gettext_lazy("Education: general secondary"),
    "education=vocational": gettext_lazy("Education: technical and vocational"),
    "education=higher": gettext_lazy("Education: higher"),
    "field=known": gettext_lazy("A field of study is recorded"),
    "field=unknown": gettext_lazy("No field of study recorded"),
    "district=other": gettext_lazy("District the model has no history for"),
}

# One sentence per group (the part of the name before "="); ``%(status)s`` and
# ``%(district)s`` take the value's display name.
_GROUPS: Final[dict[str, StrOrPromise]] = {
    "status": gettext_lazy("Current status: %(status)s"),
    "district": gettext_lazy("District: %(district)s"),
    "age": gettext_lazy("Age"),
    "months_in_status": gettext_lazy("Long time in the same status"),
    "months_since_work_or_study": gettext_lazy("Long time since the last work or study"),
    "programs_completed": gettext_lazy("Few programs completed"),
    "programs_active": gettext_lazy("Current participation in programs"),
    "contacts_last_year": gettext_lazy("Contacts with the office in the past year"),
}


def risk_band(percentile: int) -> int:
    """The outreach priority band: 10 for the highest tenth of risk, down to 1."""
    return min(percentile // BAND + 1, TOP_BAND)


def reason_sentence(feature: str, *, districts: Mapping[str, str] | None = None) -> str:
    """One reason as a sentence; ``districts`` maps district codes to display names."""
    if feature in _FEATURES:
        return str(_FEATURES[feature])
    group, _sep, value = feature.partition("=")
    sentence = _GROUPS.get(group)
    if sentence is None:
        return _("Another characteristic (%(feature)s)") % {"feature": feature}
    if group == "status":
        label = PersonStatus(value).label if value in PersonStatus.values else value
        return str(sentence) % {"status": label}
    if group == "district":
        return str(sentence) % {"district": (districts or {}).get(value, value)}
    return str(sentence)


def reason_sentences(reasons: Iterable[Sequence[Any]]) -> list[str]:
    """Sentences for a score's stored reasons, ``[[feature, push], ...]``, in their order."""
    features = [str(reason[0]) for reason in reasons]
    codes = [f.partition("=")[2] for f in features if f.startswith("district=")]
    names = {d.code: d.name for d in District.objects.filter(code__in=codes)} if codes else {}
    return [reason_sentence(feature, districts=names) for feature in features]
