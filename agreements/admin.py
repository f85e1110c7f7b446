from django.contrib import admin

from .models import Agreement, AgreementText, Signature


@admin.register(AgreementText)
class AgreementTextAdmin(admin.ModelAdmin):
    list_display = ["kind", "version", "created_at", "created_by"]
    list_filter = ["kind"]
    readonly_fields = ["created_at"]


class SignatureInline(admin.TabularInline):
    model = Signature
    extra = 0
    readonly_fields = ["signer", "typed_name", "confirmed", "signed_at", "digest"]
    can_delete = False


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["match", "kind", "text", "digest_short", "pdf_rendered_at", "emailed_at"]
    list_filter = ["kind", ("pdf_rendered_at", admin.EmptyFieldListFilter)]
    search_fields = ["match__mentor__name", "match__mentee__name"]
    list_select_related = ["match__mentor", "match__mentee", "text"]
    raw_id_fields = ["match"]
    readonly_fields = ["content", "digest", "pdf", "pdf_rendered_at", "emailed_at", "created_at", "updated_at"]
    inlines = [SignatureInline]

    @admin.display(description="digest")
    def digest_short(self, obj):
        return obj.digest[:12] if obj.digest else "—"


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["agreement", "signer", "typed_name", "signed_at"]
    list_select_related = ["agreement__match__mentor", "agreement__match__mentee", "signer"]
    search_fields = ["signer__name", "typed_name"]
    readonly_fields = ["agreement", "signer", "typed_name", "confirmed", "signed_at", "digest"]
