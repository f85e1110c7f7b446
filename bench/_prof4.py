import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")
import django; django.setup()
from django.db import connection
from matches.selectors import waiting_mentees, mentors_with_free_places
for qs in [waiting_mentees(), mentors_with_free_places()]:
    sql, params = qs.order_by().query.sql_with_params()
    with connection.cursor() as c:
        c.execute("EXPLAIN ANALYZE SELECT COUNT(*) FROM (" + sql + ") t", params)
        print("\n".join(r[0] for r in c.fetchall())[:2500]); print("----")
