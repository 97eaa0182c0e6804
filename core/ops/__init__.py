"""Operations: health check, request ids, JSON logs, task-backend probes, backup and restore.

A Django app without models (label ``ops``) so that its management commands
(``ops_ping``, ``backup``, ``restore``) are found by ``manage.py``.
"""
