"""The agreements' part of pages that other apps own: ``{% agreement_statuses match [signatures] %}``."""

from django import template

from agreements.selectors import statuses_for
from agreements.text import to_html

register = template.Library()


@register.inclusion_tag("agreements/_statuses.html", takes_context=True)
def agreement_statuses(context, match, signatures=None):
    """Each of the match's agreements with its status, linked to it (``signatures``: the match's, as
    ``statuses_for`` takes them, when the page has read them already)."""
    return {"match": match, "statuses": statuses_for(match, context.get("user"), signatures)}


@register.filter
def agreement_html(text, top=2):
    """The agreement's plain text as headings, paragraphs and lists (see agreements/text.py)."""
    return to_html(text or "", top=int(top))
