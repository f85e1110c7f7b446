import os, time, statistics
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")
import django; django.setup()
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from profiles.services import coordinator_create
c, _ = coordinator_create(email="bench-coordinator@synthetic.example", name="Bench Coordinator")
client = Client(HTTP_HOST="127.0.0.1"); client.force_login(c)
for _ in range(3): client.get("/coordinator/dashboard/")
ts=[]
for _ in range(15):
    t=time.perf_counter(); r=client.get("/coordinator/dashboard/"); ts.append(time.perf_counter()-t)
print("median ms", statistics.median(ts)*1000, r.status_code)
tr=[]
for _ in range(30):
    t=time.perf_counter(); client.get("/healthz"); tr.append(time.perf_counter()-t)
print("trivial ms", statistics.median(tr)*1000)
settings.DEBUG=True
with CaptureQueriesContext(connection) as q:
    client.get("/coordinator/dashboard/")
print(len(q.captured_queries), sum(float(x["time"]) for x in q.captured_queries))
for x in sorted(q.captured_queries, key=lambda x: -float(x["time"]))[:12]:
    print(x["time"], x["sql"][:300].replace("\n"," "))
