"""Log filters: request ids (set per request by RequestIdMiddleware) on every line, and no
traceback on the line of a refused request (4xx).

Kept free of model imports: logging is configured before the apps are loaded.
"""

import contextvars
import logging

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    """Put the current request id (or ``-`` outside requests) on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class ClientErrorFilter(logging.Filter):
    """Drop the traceback from a log record about a 4xx answer.

    Django logs a refused request (``PermissionDenied`` → 403, ``BadRequest`` → 400) with the
    exception attached; that is the client's mistake, not a fault to debug, so one line says it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
