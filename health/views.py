from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .checks import run_checks


@never_cache
def health(request):
    """JSON for monitors: every check, and HTTP 503 when any fails (no secrets, no personal data)."""
    checks = run_checks()
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unhealthy", "checks": checks}, status=200 if healthy else 503)
