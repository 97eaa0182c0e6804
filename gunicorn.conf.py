"""gunicorn configuration for production: `gunicorn -c gunicorn.conf.py`.

Every value can be changed from the environment (the systemd unit reads /etc/laatzen/env).
Logs: access and error lines as JSON on stdout (the journal collects them).
"""

import multiprocessing
import os

wsgi_app = "laatzen_integration.wsgi:application"

# Behind the reverse proxy on the same host; several hosts: bind to the private address.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request that takes longer than this is killed (PDFs are rendered by the task worker).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then: bounded memory growth, jitter so they don't restart together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))

# Trust X-Forwarded-For/-Proto only from the proxy (comma-separated addresses).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logger_class = "core.ops.gunicorn_logging.JsonLogger"
capture_output = False

# Heartbeat files in memory (gunicorn's advice), not on a possibly slow disk.
_shm = "/dev/shm"  # noqa: S108 (gunicorn's own recommendation, not a temp file of ours)
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR", _shm if os.path.isdir(_shm) else None)
proc_name = "laatzen-integration"

# gunicornc control socket only where asked for (e.g. /run/laatzen/gunicorn.ctl): two
# instances on one machine must not share the default $HOME/.gunicorn/gunicorn.ctl.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
