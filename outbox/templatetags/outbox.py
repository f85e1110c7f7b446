"""The outbox's figures on other apps' pages, as variables for their own markup (the dashboard's):
``{% delayed_emails as delayed %}`` and ``{% delayed_email_list as rows %}``."""

from django import template

from outbox.selectors import DelayedSummary, delayed_messages, delayed_summary

register = template.Library()


@register.simple_tag
def delayed_emails() -> DelayedSummary:
    """How many e-mails wait for a retry after a temporary refusal, since when, the last answer, the next try."""
    return delayed_summary()


@register.simple_tag
def delayed_email_list(limit: int = 100) -> list:
    """The delayed e-mails themselves, oldest first (the first to fail if the server goes on refusing)."""
    return list(delayed_messages()[:limit])
