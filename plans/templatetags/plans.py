"""The plan's part of pages that other apps own: ``{% plan_progress match %}`` for the coordinator's
match page (figures, never text) and ``{% plan_link match %}`` for the partners' pages."""

from django import template
from django.utils import timezone

from plans.selectors import current_version_of, plan_for_match, progress_of

register = template.Library()


@register.inclusion_tag("plans/_match_progress.html")
def plan_progress(match):
    """The mentee's plan in figures: goals, actions done and overdue, checkpoints upcoming and overdue."""
    plan = plan_for_match(match)
    # The version read with the plan: the box shows its number and date, not who saved it (a second query).
    version = current_version_of(plan) if plan and plan.version else None
    today = timezone.localdate()
    return {
        "match": match,
        "plan": plan,
        "version": version,
        "today": today,
        "progress": version.parsed.progress(today) if version else None,
    }


@register.inclusion_tag("plans/_plan_link.html", takes_context=True)
def plan_link(context, match, style="link"):
    """A link to the mentee's plan for either partner, with how far along it is; "not started" otherwise."""
    plan = plan_for_match(match)
    user = context.get("user")
    return {
        "match": match,
        "plan": plan if plan and plan.version else None,
        "progress": progress_of(plan),
        "is_mentee": bool(user and user.pk == match.mentee_id),
        "style": style,
    }


@register.filter
def for_key(mapping, key):
    """``mapping[key]``, or an empty list."""
    return (mapping or {}).get(key, [])


@register.filter
def overdue(item, today):
    """Whether an action or checkpoint is overdue on ``today``."""
    return item.is_overdue(today)


@register.filter
def upcoming(item, today):
    return item.is_upcoming(today)
