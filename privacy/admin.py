from django.contrib import admin

from core.admin import RecordAdmin

from .models import Consent, DataExport, Erasure, PrivacySettings, RetentionRun


@admin.register(PrivacySettings)
class PrivacySettingsAdmin(RecordAdmin):
    list_display = ["__str__", "partnership_texts_months", "concerns_months", "declined_months", "agreements_years"]


@admin.register(Consent)
class ConsentAdmin(RecordAdmin):
    list_display = ["user", "version", "at"]
    list_filter = ["version"]


@admin.register(DataExport)
class DataExportAdmin(RecordAdmin):
    list_display = ["user", "status", "created_at", "ready_at"]
    exclude = ["archive"]


@admin.register(Erasure)
class ErasureAdmin(RecordAdmin):
    list_display = ["user_id", "by_self", "by", "reason", "at"]


@admin.register(RetentionRun)
class RetentionRunAdmin(RecordAdmin):
    list_display = ["at", "counts"]
