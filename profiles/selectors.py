"""Reading people: who coordinates the program."""

from django.db.models import Q

from .models import COORDINATOR_GROUP, User


def coordinators():
    """Every active coordinator (and operator), each once, oldest account first."""
    return (
        User.objects.filter(Q(is_superuser=True) | Q(groups__name=COORDINATOR_GROUP), is_active=True)
        .distinct()
        .order_by("pk")
    )
