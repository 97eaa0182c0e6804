"""Forms of the concept layer (crispy-forms, Bootstrap 5)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from . import roles
from .models import Actor, ActorKind, Goal, User

ROLE_CHOICES = [("", _("keine Rolle"))] + [(r, r) for r in roles.ALL_ROLES]


class ActorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Suche"), method="filter_q")
    kind = django_filters.ChoiceFilter(
        label=_("Art"), choices=ActorKind.choices, empty_label=_("alle Arten")
    )

    class Meta:
        model = Actor
        fields = ["q", "kind"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)


class ActorForm(forms.ModelForm):
    class Meta:
        model = Actor
        fields = ["name", "short_name", "kind", "contact_person", "email", "phone", "website"]
        error_messages = {"name": {"unique": _("Es gibt bereits einen Akteur mit diesem Namen.")}}


class MemberAddForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("Person"), queryset=User.objects.none(), empty_label=_("– bitte wählen –")
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = User.objects.filter(is_active=True).exclude(
            memberships__actor=actor
        )
        self.fields["member"].label_from_instance = lambda u: f"{u} ({u.username})"


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["action_field", "title", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class _PersonForm(forms.Form):
    first_name = forms.CharField(label=_("Vorname"), max_length=150)
    last_name = forms.CharField(label=_("Nachname"), max_length=150)
    email = forms.EmailField(label=_("E-Mail-Adresse"))
    role = forms.ChoiceField(label=_("Rolle"), choices=ROLE_CHOICES, required=False)
    actors = forms.ModelMultipleChoiceField(
        label=_("Akteure"),
        queryset=Actor.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Mitglieder eines Akteurs melden den Sachstand seiner Maßnahmen."),
    )


class InviteForm(_PersonForm):
    field_order = ["first_name", "last_name", "email", "role", "actors"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].initial = roles.ACTOR
        self.fields["email"].help_text = _(
            "Die E-Mail-Adresse ist zugleich der Benutzername. An sie geht die Einladung."
        )

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if (
            User.objects.filter(email__iexact=email).exists()
            or User.objects.filter(username__iexact=email).exists()
        ):
            raise forms.ValidationError(_("Es gibt bereits ein Konto mit dieser E-Mail-Adresse."))
        return email


class UserEditForm(_PersonForm):
    def __init__(self, *args, account, **kwargs):
        self.account = account
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exclude(pk=self.account.pk).exists():
            raise forms.ValidationError(_("Es gibt bereits ein Konto mit dieser E-Mail-Adresse."))
        return email


class AccountForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "receives_reminders"]
        labels = {"receives_reminders": _("Erinnerungen per E-Mail erhalten")}
        help_texts = {
            "receives_reminders": _(
                "Erinnerungen an Fristen und fällige Sachstände. Wichtige E-Mails wie "
                "Einladungen oder Passwort-Links kommen immer."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Es gibt bereits ein Konto mit dieser E-Mail-Adresse."))
        return email


# Bootstrap's class per kind of widget (subclasses such as FastSelect included).
WIDGET_CLASSES = [(forms.Select, "form-select"), (forms.CheckboxInput, "form-check-input")]


class StackedForm(forms.Form):
    """A form rendered by ``{{ form }}`` as stacked Bootstrap 5 fields, without crispy.

    For forms on pages read far more often than submitted (the filters of a list): the form
    renderer draws it with one Jinja2 template instead of one template per field.
    """

    template_name = "forms/stacked.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = next(
                (css for kind, css in WIDGET_CLASSES if isinstance(field.widget, kind)),
                "form-control",
            )
            field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} {css}".strip()
