"""gunicorn logger that writes access and error lines as one JSON object per line.

Used by ``gunicorn.conf.py`` (``logger_class``); the Django application's own records go
through ``settings.LOGGING`` to the same stdout in the same shape.
"""

import json
import logging
from datetime import UTC, datetime

from gunicorn.glogging import Logger


class _JsonErrorFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class JsonLogger(Logger):
    """Access log: method, path, status, duration, request id, client, user agent."""

    def setup(self, cfg):
        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.setFormatter(_JsonErrorFormatter())

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        try:
            status = resp.status
            if isinstance(status, str):
                status = status.split(None, 1)[0]
            headers = {k.lower(): v for k, v in resp.headers}
            entry = {
                "time": datetime.now(UTC).isoformat(),
                "level": "INFO",
                "logger": "gunicorn.access",
                "method": environ.get("REQUEST_METHOD"),
                "path": environ.get("PATH_INFO"),
                "query": environ.get("QUERY_STRING") or None,
                "status": int(status),
                "bytes": getattr(resp, "sent", None),
                "duration_ms": round(
                    request_time.seconds * 1000 + request_time.microseconds / 1000, 1
                ),
                "client": environ.get("REMOTE_ADDR"),
                "user_agent": environ.get("HTTP_USER_AGENT"),
                "request_id": headers.get("x-request-id"),
            }
            self.access_log.info(json.dumps(entry, ensure_ascii=False))
        except Exception:
            self.exception("Access log entry failed")
