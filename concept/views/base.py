from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from rules.contrib.views import PermissionRequiredMixin


class PermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Anonymous → login page, logged in without the permission → 403.

    Views without an object check the permission globally (``get_permission_object`` → None);
    views with ``get_object`` check it on their object.
    """

    def get_permission_object(self):
        if hasattr(self, "get_object"):
            return self.get_object()
        return None


def message_errors(request, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError onto the form, keeping the user's input."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
