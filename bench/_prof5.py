import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")
import django; django.setup()
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.conf import settings
settings.DEBUG=True
from checkins.selectors import at_risk_found
with CaptureQueriesContext(connection) as q:
    at_risk_found()
for x in q.captured_queries:
    print(x["time"])
sql = max(q.captured_queries, key=lambda x: float(x["time"]))["sql"]
with connection.cursor() as c:
    c.execute("EXPLAIN ANALYZE " + sql)
    print("\n".join(r[0] for r in c.fetchall())[:4000])
