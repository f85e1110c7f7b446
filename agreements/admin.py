from django.contrib import admin

from core.admin import ReadOnlyInline, RecordAdmin

from .models import Agreement, AgreementText, Signature


@admin.register(AgreementText)
class AgreementTextAdmin(RecordAdmin):
    """Each version is kept as it was; new wording is saved as a new version on the agreements page."""

    list_display = ["kind", "version", "created_at", "created_by"]
    list_filter = ["kind"]


class SignatureInline(ReadOnlyInline):
    model = Signature
    fields = ["signer", "typed_name", "confirmed", "signed_at", "digest"]


@admin.register(Agreement)
class AgreementAdmin(RecordAdmin):
    list_display = ["match", "kind", "text", "digest_short", "pdf_rendered_at", "emailed_at"]
    list_filter = ["kind", ("pdf_rendered_at", admin.EmptyFieldListFilter)]
    search_fields = ["match__mentor__name", "match__mentee__name"]
    list_select_related = ["match__mentor", "match__mentee", "text"]
    inlines = [SignatureInline]
    # Stored documents have no public address (a view checks who may read them): name the file, link nothing.
    exclude = ["pdf"]
    readonly_fields = ["pdf_stored"]

    @admin.display(description="signed PDF")
    def pdf_stored(self, obj):
        return obj.pdf.name if obj.pdf else "—"

    @admin.display(description="digest")
    def digest_short(self, obj):
        return obj.digest[:12] if obj.digest else "—"


@admin.register(Signature)
class SignatureAdmin(RecordAdmin):
    list_display = ["agreement", "signer", "typed_name", "signed_at"]
    list_select_related = ["agreement__match__mentor", "agreement__match__mentee", "signer"]
    search_fields = ["signer__name", "typed_name"]
