"""The bell's unread count for every page: read only if the page shows it (one query on a partial index)."""

from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def bell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
