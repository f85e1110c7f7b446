"""Log lines as JSON, one per line, each with the request id: for production without Sentry,
where a log collector reads them. Development keeps Django's readable console lines.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone

from .requestid import current_request_id


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record (empty outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True


class JsonLinesFormatter(logging.Formatter):
    """One JSON object per record: time (UTC), level, logger, message, request id, and the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, tz=timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or current_request_id(),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            line["status"] = status
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)
