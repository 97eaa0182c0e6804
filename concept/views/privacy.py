"""Data protection pages of the coordination: export (Art. 15) and erasure (Art. 17)."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View

from core import privacy as core_privacy

from .. import privacy
from ..models import User
from .base import PermissionMixin, apply_errors


def json_download(data: dict, name: str, *, as_zip: bool = False) -> HttpResponse:
    """The export as an attachment: JSON, or a ZIP with the JSON and a German README."""
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    if as_zip:
        response = HttpResponse(
            core_privacy.person_export_zip(data), content_type="application/zip"
        )
        extension = "zip"
    else:
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
        )
        extension = "json"
    response["Content-Disposition"] = f'attachment; filename="auskunft-{name}-{stamp}.{extension}"'
    return response


class UserExportView(PermissionMixin, View):
    """Download everything held about one account (JSON)."""

    permission_required = "concept.manage_users"

    def get_object(self):
        return get_object_or_404(User, pk=self.kwargs["pk"])

    def get(self, request, pk):
        account = self.get_object()
        data = privacy.person_export_data(privacy.person_lookup(username=account.username))
        return json_download(data, f"konto-{account.pk}", as_zip=request.GET.get("zip") == "1")


class ConfirmForm(forms.Form):
    confirm = forms.CharField(label=gettext_lazy("Zur Bestätigung eintippen"), max_length=254)

    def __init__(self, *args, expected: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected = expected

    def clean_confirm(self):
        value = self.cleaned_data["confirm"].strip()
        if value != self.expected:
            raise ValidationError(_("Die Eingabe stimmt nicht überein; nichts wurde gelöscht."))
        return value


class UserEraseView(PermissionMixin, FormView):
    """Erase a person (Art. 17) after typing the username; the records stay."""

    permission_required = "concept.erase_user"
    template_name = "concept/user_erase.html"
    form_class = ConfirmForm

    def get_object(self):
        if not hasattr(self, "object"):
            self.object = get_object_or_404(User, pk=self.kwargs["pk"])
        return self.object

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "expected": self.object.username}

    def get_context_data(self, **kwargs):
        return super().get_context_data(account=self.object, **kwargs)

    def form_valid(self, form):
        try:
            privacy.person_erase(user=self.object, by=self.request.user)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Die Person ist gelöscht. Ihre Einträge bleiben als „gelöschte Person“ erhalten."),
        )
        return redirect("concept:user_detail", pk=self.object.pk)


class AddressForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-Mail-Adresse"))


class AddressView(PermissionMixin, FormView):
    """A person without an account (contact person of an actor, addressee of mails): look up
    by e-mail address, download the export, erase what is held about the address."""

    permission_required = "concept.manage_users"
    template_name = "concept/privacy_address.html"
    form_class = AddressForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "email" in self.request.GET:
            kwargs["data"] = self.request.GET
        return kwargs

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        if "email" in request.GET and form.is_valid():
            email = form.cleaned_data["email"]
            person = privacy.person_lookup(email=email)
            if request.GET.get("download"):
                return json_download(privacy.person_export_data(person), "adresse")
            return self.render_to_response(
                self.get_context_data(
                    form=form, email=email, account=person.user, confirm_form=None
                )
            )
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        email = request.POST.get("email", "").strip()
        confirm = ConfirmForm(request.POST, expected=email)
        if email and confirm.is_valid():
            try:
                counts = privacy.address_erase(email=email, by=request.user)
            except ValidationError as error:
                confirm.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Zur Adresse %(email)s wurden %(count)d Einträge gelöscht.")
                    % {"email": email, "count": sum(counts.values())},
                )
                return redirect("concept:privacy_address")
        form = AddressForm({"email": email})
        form.is_valid()
        return self.render_to_response(
            self.get_context_data(form=form, email=email, confirm_form=confirm)
        )
