"""Admin base classes for models with django-simple-history: history never bypasses the rules.

simple-history saves a posted "revert" form whenever the user may *view* the history: it asks
neither for the change permission nor for ``SIMPLE_HISTORY_REVERT_DISABLED``. A revert saves
the past row as it was, and judges read-only fields by that past row. Every admin of a model
with history uses one of these (``tests/test_admin_history.py`` checks it).
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class GuardedHistoryAdmin(SimpleHistoryAdmin):
    """Reverting to a past version is a change of the object as it is *now*."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            current = self.get_object(request, unquote(object_id))
            if current is None or not self.has_change_permission(request, current):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyHistoryAdmin(GuardedHistoryAdmin):
    """History to read, never to revert: for objects whose state a revert would undo (an
    adopted revision reverted to its draft, a decided paper to an open one). Every change goes
    through the services (or the change form) instead."""

    def revert_disabled(self, request, obj=None):
        return True

    def has_change_history_permission(self, request, obj=None):
        return False

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class RecordsAdminMixin:
    """For rows that record something that happened (a report made, a mail sent) and that a
    service writes together with other rows: the admin shows them, but neither adds nor
    changes them (nor deletes them, with ``records_deletable = False``)."""

    records_deletable = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.records_deletable and super().has_delete_permission(request, obj)
