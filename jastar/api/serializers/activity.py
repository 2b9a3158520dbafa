"""Serializers of what happens to people: placements in work and program participations."""

from __future__ import annotations

from rest_framework import serializers

from jastar.api.serializers.common import (
    PersonRefOutputSerializer,
    ScopedInputSerializer,
    by_code,
    code_of,
    scoped,
)
from jastar.api.serializers.employers import VacancyEmployerOutputSerializer
from jastar.api.serializers.people import MAX_TENGE
from jastar.programs.lifecycle import ParticipationStatus
from jastar.programs.models import Participation, Program
from jastar.registry.models import (
    Employer,
    EmploymentType,
    Person,
    Placement,
    PlacementChannel,
    Vacancy,
)

# --- Placements ---------------------------------------------------------------------------


class PlacementOutputSerializer(serializers.Serializer[Placement]):
    id = serializers.IntegerField()
    person = PersonRefOutputSerializer()
    employer = VacancyEmployerOutputSerializer(allow_null=True)
    vacancy = serializers.IntegerField(source="vacancy_id", allow_null=True)
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    employment_type = serializers.ChoiceField(choices=EmploymentType.choices)
    channel = serializers.ChoiceField(choices=PlacementChannel.choices)
    program = code_of("program")
    # The person's district when placed.
    district = serializers.CharField(source="district.code")
    monthly_wage = serializers.IntegerField(allow_null=True)


class PlacementRecordInputSerializer(ScopedInputSerializer):
    person = scoped(Person.objects.none(), "Id of a person in the caller's scope.")
    start_date = serializers.DateField()
    channel = serializers.ChoiceField(choices=PlacementChannel.choices)
    employment_type = serializers.ChoiceField(choices=EmploymentType.choices)
    employer = scoped(Employer.objects.none(), "Employer id.", required=False, allow_null=True)
    vacancy = scoped(Vacancy.objects.none(), "Vacancy id.", required=False, allow_null=True)
    program = by_code(
        Program.objects.all(),
        "Program code; required for the program and grant channels.",
        required=False,
        allow_null=True,
    )
    end_date = serializers.DateField(required=False, allow_null=True)
    monthly_wage = serializers.IntegerField(
        min_value=0, max_value=MAX_TENGE, required=False, allow_null=True
    )


# --- Participations -----------------------------------------------------------------------


class ParticipationOutputSerializer(serializers.Serializer[Participation]):
    id = serializers.IntegerField()
    person = PersonRefOutputSerializer()
    program = serializers.CharField(source="edition.program.code")
    program_name = serializers.CharField(source="edition.program.name")
    year = serializers.IntegerField(source="edition.year")
    # The person's district when applying: its quota pays.
    district = serializers.CharField(source="district.code")
    status = serializers.ChoiceField(choices=ParticipationStatus.choices)
    applied_on = serializers.DateField()
    decided_on = serializers.DateField(allow_null=True)
    enrolled_on = serializers.DateField(allow_null=True)
    placed_on = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)
    rejection_reason = serializers.CharField()
    drop_reason = serializers.CharField()
    monthly_subsidy_tenge = serializers.IntegerField()
    one_off_tenge = serializers.IntegerField()
    months_planned = serializers.IntegerField(allow_null=True)


class ParticipationApplyInputSerializer(ScopedInputSerializer):
    person = scoped(Person.objects.none(), "Id of a person in the caller's scope.")
    program = by_code(Program.objects.all(), "Program code, e.g. youth_practice.")
    year = serializers.IntegerField(
        min_value=2000,
        max_value=2100,
        required=False,
        help_text="Edition year; this year by default.",
    )
    applied_on = serializers.DateField(required=False, help_text="Today by default.")
