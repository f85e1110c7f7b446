from django.contrib import admin, messages

from core.admin import RecordAdmin

from . import services
from .models import Attachment, Message, MessageStatus


class StateFilter(admin.SimpleListFilter):
    """Delayed (refused for now, retried by itself) apart from failed, as the coordinator sees them."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("delayed", "Delayed: refused for now, retried by itself"),
            ("failed", "Failed: will not be tried again by itself"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "delayed":
            return queryset.delayed()
        if self.value() == "failed":
            return queryset.failed()
        return queryset


@admin.register(Message)
class MessageAdmin(RecordAdmin):
    """The outbox: e-mails are written by the program and sent by workers. Bodies are not shown:
    they hold personal links."""

    list_display = ["subject", "recipients", "state", "attempts", "created_at", "next_try", "sent_at"]
    list_filter = [StateFilter, "status"]
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

    @admin.display(description="state", ordering="status")
    def state(self, message):
        if message.status == MessageStatus.QUEUED and message.attempts:
            return "Delayed"
        return message.get_status_display()

    @admin.display(description="next try", ordering="due_at")
    def next_try(self, message):
        return message.due_at if message.status == MessageStatus.QUEUED else None

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
