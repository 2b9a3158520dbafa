from django.contrib import admin

from jastar.programs.models import Program


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin[Program]):
    list_display = ["code", "name_kk", "name_ru", "name_en", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]
