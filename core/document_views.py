"""Views every owning app's documents share: upload, download, delete, release.

An app subclasses each with its owner model, its document model and its permission names,
and hands in its services (``add``, ``remove``, ``set_public``). Seeing a document follows
seeing its owner (``perm_view``, 404 otherwise); upload, delete and release need their own
permission on the owner (403 otherwise); anonymous users are sent to the login page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from .documents import DocumentUploadForm, document_response
from .lookup import get_for_user


class DocumentViewMixin(LoginRequiredMixin, View):
    owner_model: type[models.Model]
    document_model: type[models.Model]
    owner_field: str
    perm_view: str
    # the permission of this view's action (None: seeing is enough)
    perm_action: str | None = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.owner = get_for_user(
            self.owner_model,
            request.user,
            pk=kwargs["pk"],
            perm_view=self.perm_view,
            perm_change=self.perm_action,
        )
        return super().dispatch(request, *args, **kwargs)

    def get_document(self):
        return get_object_or_404(
            self.document_model, pk=self.kwargs["document_pk"], **{self.owner_field: self.owner}
        )

    def owner_url(self) -> str:
        return self.owner.get_absolute_url() + "#dokumente"


class DocumentAddView(DocumentViewMixin):
    """The upload form on the owner's page posts here; this page shows it again with what
    went wrong (the description kept)."""

    template_name = "core/document_form.html"
    add: Callable  # the app's service: (*, owner, user, upload, description) -> document

    def get(self, request, **kwargs):
        return self.render(DocumentUploadForm())

    def post(self, request, **kwargs):
        form = DocumentUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                document = type(self).add(
                    owner=self.owner,
                    user=request.user,
                    upload=form.cleaned_data["file"],
                    description=form.cleaned_data["description"],
                )
            except ValidationError as refused:
                form.add_error("file", refused)
            else:
                messages.success(request, _("Dokument „%s“ hochgeladen.") % document.filename)
                return redirect(self.owner_url())
        return self.render(form, status=400)

    def render(self, form, status=200):
        context = {"owner": self.owner, "form": form, "back": self.owner_url()}
        return render(self.request, self.template_name, context, status=status)


class DocumentDownloadView(DocumentViewMixin):
    def get(self, request, **kwargs):
        return document_response(self.get_document())


class DocumentDeleteView(DocumentViewMixin):
    template_name = "core/document_delete.html"
    remove: Callable  # (*, document, user) -> None

    def get(self, request, **kwargs):
        context = {"owner": self.owner, "document": self.get_document(), "back": self.owner_url()}
        return render(request, self.template_name, context)

    def post(self, request, **kwargs):
        document = self.get_document()
        type(self).remove(document=document, user=request.user)
        messages.success(request, _("Dokument „%s“ gelöscht.") % document.filename)
        return redirect(self.owner_url())


class DocumentPublicView(DocumentViewMixin):
    """POST ``public=1`` releases the document for the public page, ``public=0`` takes it back."""

    http_method_names = ["post"]
    set_public: Callable  # (*, document, user, public) -> None

    def post(self, request, **kwargs):
        document = self.get_document()
        public = request.POST.get("public") == "1"
        type(self).set_public(document=document, user=request.user, public=public)
        if public:
            text = _("Dokument „%s“ ist freigegeben (öffentlich, wenn die Seite es zeigt).")
        else:
            text = _("Dokument „%s“ ist nicht mehr öffentlich.")
        messages.success(request, text % document.filename)
        return redirect(self.owner_url())
