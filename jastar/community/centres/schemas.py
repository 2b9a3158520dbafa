"""Columns of the centres' lists: the import vocabulary and the export headers (kk/ru/en)."""

from __future__ import annotations

from typing import Final

from django.utils.translation import gettext_lazy as _

from jastar.bulk.schema import Column, Schema

CENTRE_VISITS: Final = Schema(
    "centre_visits",
    (
        Column(
            "centre",
            _("Centre"),
            ("Центр", "Орталық", "Молодёжный центр", "Жастар орталығы", "Коворкинг"),
            required=True,
        ),
        Column(
            "date",
            _("Date"),
            ("Дата", "Күні", "Дата посещения", "Келген күні", "Visit date"),
            required=True,
        ),
        Column("iin", _("IIN"), ("ИИН", "ЖСН", "ИИН/ЖСН", "ЖСН/ИИН"), personal=True),
        Column(
            "count",
            _("Visitors not named"),
            (
                "Количество посетителей",
                "Количество",
                "Келушілер саны",
                "Саны",
                "Anonymous count",
                "Number of visitors",
            ),
        ),
        Column(
            "purpose",
            _("Purpose"),
            ("Цель", "Цель посещения", "Мақсаты", "Келу мақсаты"),
            required=True,
        ),
        Column("event", _("Event"), ("Мероприятие", "Іс-шара", "Event title")),
    ),
)

CENTRES: Final = Schema(
    "centres",
    (
        Column("district", _("District"), ("Район", "Аудан")),
        Column("name_kk", _("Name (Kazakh)"), ("Атауы (қазақша)", "Название (каз.)")),
        Column("name_ru", _("Name (Russian)"), ("Атауы (орысша)", "Название (рус.)")),
        Column("name_en", _("Name (English)"), ("Название (англ.)",)),
        Column("kind", _("Kind"), ("Вид", "Түрі")),
        Column("status", _("Status"), ("Статус", "Мәртебесі")),
        Column("address", _("Address"), ("Адрес", "Мекенжайы")),
        Column("capacity", _("Places"), ("Мест", "Орын саны", "Вместимость")),
        Column("planned_on", _("Planned opening"), ("Плановое открытие", "Ашылу жоспары")),
        Column("opened_on", _("Opened on"), ("Дата открытия", "Ашылған күні")),
        Column("closed_on", _("Closed on"), ("Дата закрытия", "Жабылған күні")),
    ),
)
