#!/usr/bin/env bash
# `make soak`: a year in an hour. A synthetic program lives through SOAK_MONTHS months (12; CI runs 3) on a moving
# clock against PostgreSQL, a Redis server of its own, celery beat and three real Celery workers (beat and one
# worker on the moving clock, scripts/soak_clock.py; two sending e-mail on the real one) and a mail server of its own,
# while a worker is killed (SIGKILL) mid-batch, Redis is restarted and the mail server refuses and stalls
# (SOAK_SEED: the seed of those moments, printed; random unless given). Then every e-mail must have arrived
# exactly once, no request answered 5xx, the year's report must equal counts from the tables and other people's
# pages must answer 404. Prints one line of counts; exits 1 on any failure. The Python half is scripts/soak.py.
# Needs PostgreSQL on loopback, redis-server and the virtual environment (`make install`). Database: SOAK_DATABASE
# (default soak), created afresh and dropped when all is well.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=.venv/bin/python
db=${SOAK_DATABASE:-soak}
pg=postgres://postgres@127.0.0.1:5432

database() {  # database fresh NAME | database drop NAME
    "$PYTHON" - "$1" "$2" <<'PY'
import sys

import psycopg

action, name = sys.argv[1:]
with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
    connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if action == "fresh":
        connection.execute(f'CREATE DATABASE "{name}"')
PY
}

# Production settings (DEBUG off), the program in Alberta.
unset DEBUG DJANGO_SETTINGS_MODULE EMAIL_URL REDIS_URL REDIS_CACHE_URL CELERY_TASK_DEFAULT_QUEUE
export SECRET_KEY=$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))')
export ALLOWED_HOSTS=testserver SITE_URL=https://soak.example.org TIME_ZONE=America/Edmonton LOG_LEVEL=ERROR
export DATABASE_URL=$pg/$db

database fresh "$db"
"$PYTHON" manage.py migrate --noinput >/dev/null
# Pages need the static files' manifest: collected again when a static file (or a package) is newer than it.
manifest=var/staticfiles/staticfiles.json
if [ ! -f "$manifest" ] || [ -n "$(find static requirements.txt -newer "$manifest" -print -quit)" ]; then
    "$PYTHON" manage.py collectstatic --noinput >/dev/null
fi
"$PYTHON" scripts/soak.py
database drop "$db"
