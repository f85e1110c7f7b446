"""Reading people: who coordinates the program; the program's settings as every page shows them."""

from django.db.models import Q

from core.cache import cache_call

from .models import COORDINATOR_GROUP, ProgramSettings, User

PROGRAM_SHOWN_SECONDS = 600  # a change saved through the model is seen at once; this bounds any other


def program_shown() -> ProgramSettings:
    """The program's settings for display (name, contact in every page's header and footer), from the
    cache: every page needs them and they seldom change. ``ProgramSettings.save`` drops the copy.
    Rules that act on the settings (check-in days, matching) read ``ProgramSettings.load()``."""
    kept = cache_call("get", ProgramSettings.CACHE_KEY)
    if isinstance(kept, ProgramSettings):
        return kept
    program = ProgramSettings.load()
    cache_call("set", ProgramSettings.CACHE_KEY, program, timeout=PROGRAM_SHOWN_SECONDS)
    return program


def coordinators():
    """Every active coordinator (and operator), each once, oldest account first."""
    return (
        User.objects.filter(Q(is_superuser=True) | Q(groups__name=COORDINATOR_GROUP), is_active=True)
        .distinct()
        .order_by("pk")
    )
