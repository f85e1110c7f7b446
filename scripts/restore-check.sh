#!/usr/bin/env bash
# The README's backup, restored: a program with signed agreements, plans, open check-ins and e-mails in
# every state of the outbox is dumped with `pg_dump -Fc`, restored with `pg_restore` into a fresh database
# and served from there. Then: every signed PDF has the same SHA-256; the check-in links e-mailed before
# the dump open their check-in (from gunicorn); a real Celery worker sends the e-mails pending at the dump
# exactly once and none of those sent before it (counted at a mail server of the script's own).
# Needs PostgreSQL (and its pg_dump/pg_restore) and Redis on loopback and the virtual environment
# (`make install`). Databases: RESTORECHECK_SOURCE and RESTORECHECK_RESTORED (default restorecheck_src and
# restorecheck_dst), created afresh and dropped when all is well; Redis: RESTORECHECK_REDIS_URL (default
# database 4). The Python half is scripts/restorecheck.py.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=.venv/bin/python
source_db=${RESTORECHECK_SOURCE:-restorecheck_src}
restored_db=${RESTORECHECK_RESTORED:-restorecheck_dst}
host=mentoring.example.org
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# Production settings, the same before and after the restore (the same SECRET_KEY: links are signed with it).
unset DEBUG DJANGO_SETTINGS_MODULE EMAIL_URL REDIS_CACHE_URL CELERY_TASK_DEFAULT_QUEUE
export SECRET_KEY=$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))')
export ALLOWED_HOSTS=$host SITE_URL=https://$host TIME_ZONE=America/Edmonton ALLAUTH_TRUSTED_PROXY_COUNT=1 LOG_LEVEL=WARNING
redis_url=${RESTORECHECK_REDIS_URL:-redis://127.0.0.1:6379/4}
pg=postgres://postgres@127.0.0.1:5432

database() {  # database fresh NAME | database drop NAME
    "$PYTHON" - "$1" "$2" <<'EOF'
import sys

import psycopg

action, name = sys.argv[1:]
with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
    connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if action == "fresh":
        connection.execute(f'CREATE DATABASE "{name}"')
EOF
}

free_port() {
    "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

echo "== the program, in $source_db"
database fresh "$source_db"
DATABASE_URL=$pg/$source_db "$PYTHON" manage.py migrate --noinput >/dev/null
# The demo is loaded as `make run` loads it (DEBUG on, tasks in-process, e-mails written to files).
DATABASE_URL=$pg/$source_db DEBUG=true EMAIL_FILE_PATH=$work/mail \
    "$PYTHON" scripts/restorecheck.py build "$work/state.json" "$work/mail"

echo "== pg_dump -Fc, pg_restore into $restored_db"
pg_dump --format=custom --dbname="$pg/$source_db" --file="$work/backup.dump"
database fresh "$restored_db"
pg_restore --no-owner --exit-on-error --dbname="$pg/$restored_db" "$work/backup.dump"
echo "backup: $(du -h "$work/backup.dump" | cut -f1)"
export DATABASE_URL=$pg/$restored_db REDIS_URL=$redis_url
# The README's restore steps (a release's own steps: nothing to apply here), then start.
"$PYTHON" manage.py migrate --noinput >/dev/null
"$PYTHON" manage.py collectstatic --noinput >/dev/null

"$PYTHON" scripts/restorecheck.py documents "$work/state.json"

port=$(free_port)
.venv/bin/gunicorn mentoring.wsgi --bind "127.0.0.1:$port" --workers 2 --log-level warning &
pids+=($!)
for _ in $(seq 100); do
    "$PYTHON" -c "import socket; socket.create_connection(('127.0.0.1', $port), timeout=0.2)" 2>/dev/null && break
    sleep 0.2
done
"$PYTHON" scripts/restorecheck.py links "$work/state.json" "http://127.0.0.1:$port" "$host"

smtp_port=$(free_port)
"$PYTHON" scripts/restorecheck.py sink "$smtp_port" "$work/received.jsonl" &
pids+=($!)
queue="restorecheck-$$"
export CELERY_TASK_DEFAULT_QUEUE=$queue
EMAIL_URL=smtp://127.0.0.1:$smtp_port .venv/bin/celery -A mentoring worker -Q "$queue" --concurrency=2 \
    --without-gossip --without-mingle --without-heartbeat --loglevel=WARNING >"$work/worker.log" 2>&1 &
pids+=($!)
if ! "$PYTHON" scripts/restorecheck.py emails "$work/state.json" "$work/received.jsonl" 90; then
    echo "-- the worker said:"
    tail -40 "$work/worker.log"
    exit 1
fi
for pid in "${pids[@]}"; do kill "$pid"; done
wait 2>/dev/null || true
pids=()
database drop "$source_db"
database drop "$restored_db"
echo "== restored and served: fine"
