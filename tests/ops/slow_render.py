"""Run a worker whose PDF renders take a while: time to kill it, or for a second worker.

``python -m tests.ops.slow_render <seconds> <command> [args…]`` loads Django, wraps the
council paper renderer so that each render first writes ``slow-render/<paper pk>-<pid>``
to the default storage and sleeps ``<seconds>``, then runs the management command (e.g.
``worker``). RQ's work horses are forked from the worker and keep the wrapper.
"""

import os
import sys
import time

import django


def main() -> int:
    seconds = float(sys.argv[1])
    django.setup()
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    from council.renderers import paper as renderer

    real_render = renderer.render

    def slow_render(paper):
        default_storage.save(f"slow-render/{paper.pk}-{os.getpid()}", ContentFile(b"1"))
        time.sleep(seconds)
        return real_render(paper)

    renderer.render = slow_render
    call_command(*sys.argv[2:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
