"""Authentication backend for Django's model permissions, limited to staff.

Object-level decisions come from ``rules`` (``<app>/rules.py``). Django's model permissions
matter only for the admin site, which only staff (the coordination) may enter. Asking the
database for the permissions of every other user would cost two queries per page for each
"no" that ``rules`` gives, so non-staff users have no model permissions here.
"""

from django.contrib.auth.backends import ModelBackend


class StaffModelBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_staff and not user_obj.is_superuser:
            return set()
        return super().get_all_permissions(user_obj, obj)

    def get_user_permissions(self, user_obj, obj=None):
        if not user_obj.is_staff and not user_obj.is_superuser:
            return set()
        return super().get_user_permissions(user_obj, obj)

    def get_group_permissions(self, user_obj, obj=None):
        if not user_obj.is_staff and not user_obj.is_superuser:
            return set()
        return super().get_group_permissions(user_obj, obj)
