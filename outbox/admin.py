from django.contrib import admin, messages

from core.admin import RecordAdmin

from . import services
from .models import Attachment, Message, MessageStatus


@admin.register(Message)
class MessageAdmin(RecordAdmin):
    """The outbox: e-mails are written by the program and sent by workers. Bodies are not shown:
    they hold personal links."""

    list_display = ["subject", "recipients", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject", "key"]
    date_hierarchy = "created_at"
    fields = [
        "key",
        "to",
        "reply_to",
        "subject",
        "status",
        "attempts",
        "due_at",
        "claimed_at",
        "sent_at",
        "error",
        "created_at",
        "uid",
    ]
    actions = ["send_again"]

    @admin.action(description="Send the selected failed e-mails again", permissions=["view"])
    def send_again(self, request, queryset):
        count = services.messages_retry(
            ids=list(queryset.filter(status=MessageStatus.FAILED).values_list("pk", flat=True))
        )
        self.message_user(request, f"{count} e-mail{'s' if count != 1 else ''} queued again.", messages.SUCCESS)


@admin.register(Attachment)
class AttachmentAdmin(RecordAdmin):
    list_display = ["filename", "mimetype", "message"]
    fields = ["message", "filename", "mimetype"]
    list_select_related = ["message"]
