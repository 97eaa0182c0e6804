"""Middleware for operations: the health endpoint and request ids."""

import re
import uuid

from .health import HEALTH_PATH, healthz
from .logs import request_id_var

# A request id from the proxy (nginx: proxy_set_header X-Request-ID $request_id) is kept
# when it looks like one; anything else is replaced, so logs never carry client junk.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class HealthCheckMiddleware:
    """Answer ``/healthz`` before host validation, HTTPS redirect, sessions and login.

    Load balancers probe each backend by address and over plain HTTP; neither may turn
    the probe into a 400 or a redirect.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_PATH:
            return healthz(request)
        return self.get_response(request)


class RequestIdMiddleware:
    """Give every request an id: in the log records it causes and as ``X-Request-ID``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response
