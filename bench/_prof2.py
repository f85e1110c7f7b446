import os, cProfile, pstats
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")
import django; django.setup()
from django.test import Client
from profiles.services import coordinator_create
c, _ = coordinator_create(email="bench-coordinator@synthetic.example", name="Bench Coordinator")
client = Client(HTTP_HOST="127.0.0.1"); client.force_login(c)
for _ in range(3): client.get("/coordinator/dashboard/")
pr = cProfile.Profile(); pr.enable()
for _ in range(10): client.get("/coordinator/dashboard/")
pr.disable()
st = pstats.Stats(pr); st.sort_stats("tottime").print_stats(25)
