#!/usr/bin/env bash
# The README's production path, as an operator runs it: DEBUG unset, a generated SECRET_KEY, PostgreSQL
# and Redis; migrate, collectstatic, `check --deploy` with no warning, then gunicorn serving the login
# page and a static file through the HTTPS proxy's header. Needs PostgreSQL and Redis on loopback and
# the virtual environment (`make install`); uses a fresh database (PRODCHECK_DATABASE, default prodcheck).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=.venv/bin/python
database=${PRODCHECK_DATABASE:-prodcheck}
host=mentoring.example.org

# Only what production sets: nothing from a developer's .env (a SECRET_KEY in the environment keeps it unread).
unset DEBUG DJANGO_SETTINGS_MODULE EMAIL_URL REDIS_CACHE_URL
export SECRET_KEY=$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))')
export ALLOWED_HOSTS=$host SITE_URL=https://$host TIME_ZONE=America/Edmonton ALLAUTH_TRUSTED_PROXY_COUNT=1
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$database
export REDIS_URL=${PRODCHECK_REDIS_URL:-redis://127.0.0.1:6379/3}

echo "== fresh database $database"
"$PYTHON" - "$database" <<'EOF'
import sys

import psycopg

with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
    connection.execute(f'DROP DATABASE IF EXISTS "{sys.argv[1]}" WITH (FORCE)')
    connection.execute(f'CREATE DATABASE "{sys.argv[1]}"')
EOF

echo "== migrate, collectstatic, check --deploy"
"$PYTHON" manage.py migrate --noinput >/dev/null
"$PYTHON" manage.py collectstatic --noinput --clear >/dev/null
"$PYTHON" manage.py check --deploy --fail-level WARNING

port=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo "== gunicorn on 127.0.0.1:$port"
.venv/bin/gunicorn mentoring.wsgi --bind "127.0.0.1:$port" --workers 2 --log-level warning &
gunicorn_pid=$!
trap 'kill "$gunicorn_pid" 2>/dev/null || true' EXIT

"$PYTHON" - "$port" "$host" <<'EOF'
"""The login page answers 200 through the proxy's headers and names a static file that is served."""
import re
import sys
import time
import urllib.error
import urllib.request

port, host = sys.argv[1], sys.argv[2]
headers = {"Host": host, "X-Forwarded-Proto": "https"}


def get(path):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read()


for _ in range(100):  # gunicorn starting
    try:
        status, body = get("/accounts/login/")
        break
    except (urllib.error.URLError, ConnectionError):
        time.sleep(0.2)
else:
    sys.exit("gunicorn did not answer in 20 seconds")
assert status == 200, status
page = body.decode()
assert "Sign In" in page or "Log in" in page, page[:500]
static = re.search(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', page)
assert static, "the login page names no static file"
assert re.search(r"\.[0-9a-f]{12}\.(css|js)$", static.group(1)), f"not a hashed (manifest) name: {static.group(1)}"
status, body = get(static.group(1))
assert status == 200 and body, (static.group(1), status)
print(f"login page 200; {static.group(1)} 200 ({len(body)} bytes)")
EOF

kill -TERM "$gunicorn_pid"
wait "$gunicorn_pid" || true
trap - EXIT
echo "== production path: fine"
