"""Run a management command in a separate process at an agreed moment.

``python -m tests.ops.barrier <unix time> <command> [args…]`` loads Django, opens the
database connection, waits until ``<unix time>`` and only then runs the command: several
such processes start their real work together, as two hosts' timers would. Used through
``Processes.manage_together``.
"""

import sys
import time

import django


def main() -> int:
    start_at = float(sys.argv[1])
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    connection.ensure_connection()
    time.sleep(max(0.0, start_at - time.time()))
    call_command(*sys.argv[2:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
