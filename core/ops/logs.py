"""Request ids for log lines: set per request by RequestIdMiddleware, added by a filter.

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
