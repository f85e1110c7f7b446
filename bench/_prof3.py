import os, time, statistics
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")
import django; django.setup()
from django.conf import settings
settings.DEBUG=False
from django.test import Client
from django.utils import timezone
from datetime import timedelta
from checkins import links
from checkins.models import CheckIn
from matches.models import Match
m = Match.objects.active().first()
c = CheckIn.objects.filter(match=m, role="mentor").order_by("-month").first()
CheckIn.objects.filter(pk=c.pk).update(status="open", due_at=timezone.now()+timedelta(days=3))
client = Client(HTTP_HOST="127.0.0.1"); client.force_login(m.mentee)
for url in [links.answer_url(c), f"/matches/{m.pk}/notebook/", "/coordinator/participants/?page=3", "/healthz"]:
    ts=[]
    for _ in range(10):
        t=time.perf_counter(); r=client.get(url); ts.append(time.perf_counter()-t)
    print(url[:40], r.status_code, round(statistics.median(ts)*1000,1))
