"""Forms of the concept layer (crispy-forms, Bootstrap 5)."""

from datetime import timedelta

import django_filters
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.db.models import Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import roles
from .models import ActionField, Actor, ActorKind, Goal, User

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
        fields = [
            "name",
            "short_name",
            "kind",
            "contact_person",
            "email",
            "phone",
            "reports_by_link",
            "website",
            "directory_group",
        ]
        error_messages = {"name": {"unique": _("Es gibt bereits einen Akteur mit diesem Namen.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .directory import enabled

        if not enabled():  # only where people sign in through the directory
            del self.fields["directory_group"]

    def clean_directory_group(self):
        from ldap3.core.exceptions import LDAPException
        from ldap3.utils.dn import safe_dn

        value = self.cleaned_data["directory_group"].strip()
        if not value:
            return value
        try:
            return safe_dn(value)
        except LDAPException:
            raise forms.ValidationError(
                _("„%s“ ist kein DN einer Gruppe (z. B. cn=caritas,ou=gruppen,dc=stadt,dc=de).")
                % value
            ) from None

    def clean_short_name(self):
        """Short names stand for the actor in the lists and the import: no two alike (also
        not "VHS" and "vhs")."""
        short_name = self.cleaned_data["short_name"].strip()
        others = Actor.objects.exclude(pk=self.instance.pk)
        if short_name and (
            others.filter(short_name__iexact=short_name).exists()
            or others.filter(name__iexact=short_name).exists()
        ):
            raise forms.ValidationError(
                _("Den Kurznamen „%s“ trägt schon ein anderer Akteur.") % short_name
            )
        return short_name


class ActorAliasForm(forms.Form):
    alias = forms.CharField(
        label=_("Anderer Name"),
        max_length=200,
        help_text=_("So heißt der Akteur in Listen anderer, z. B. in einer Importdatei."),
    )


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # a deactivated field takes no new goals; a goal already in one may stay there
        self.fields["action_field"].queryset = ActionField.objects.filter(
            Q(is_active=True) | Q(pk=self.instance.action_field_id)
        )


class _PersonForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == roles.ACTOR and not cleaned.get("actors"):
            # an actor member without an actor could report on nothing
            self.add_error(
                "actors",
                _("Wer die Rolle „Akteur“ hat, braucht mindestens einen Akteur."),
            )
        return cleaned

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
    field_order = ["first_name", "last_name", "email", "current_password", "receives_reminders"]

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

    # The links to set a new password go to the e-mail address: whoever changes it could take
    # the account over for good (an unattended session, a stolen session cookie). So a new
    # address needs the current password, as a new password does.
    current_password = forms.CharField(
        label=_("Aktuelles Passwort"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Nur nötig, wenn Sie die E-Mail-Adresse ändern."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.stored_email = self.instance.email

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Es gibt bereits ein Konto mit dieser E-Mail-Adresse."))
        return email

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        password = cleaned.pop("current_password", "")
        if email is None or email.lower() == (self.stored_email or "").lower():
            return cleaned
        if not password:
            self.add_error(
                "current_password",
                _("Bitte geben Sie Ihr aktuelles Passwort ein, um die E-Mail-Adresse zu ändern."),
            )
        elif not self.instance.check_password(password):
            self.add_error(
                "current_password",
                _("Das Passwort ist nicht richtig. Die E-Mail-Adresse wurde nicht geändert."),
            )
        return cleaned


_NUMBER_WORDS = {
    2: "zwei", 3: "drei", 4: "vier", 5: "fünf", 6: "sechs",
    7: "sieben", 8: "acht", 9: "neun", 10: "zehn", 11: "elf", 12: "zwölf",
}  # fmt: skip


def _count(n: int, one: str, many: str) -> str:
    """``eine Stunde``, ``zwei Stunden``, ``30 Minuten`` (after „für“: accusative)."""
    if n == 1:
        return one
    return f"{_NUMBER_WORDS.get(n, n)} {many}"


def duration_in_words(period: timedelta | None) -> str:
    """How long a lock-out lasts, as the rest of „Die Anmeldung ist … gesperrt“."""
    if not period:
        return gettext("bis die Koordination die Sperre aufhebt")
    minutes = round(period.total_seconds() / 60)
    days, rest = divmod(minutes, 24 * 60)
    if days and not rest:
        return gettext("für %s") % _count(days, gettext("einen Tag"), gettext("Tage"))
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(_count(hours, gettext("eine Stunde"), gettext("Stunden")))
    if minutes:
        parts.append(_count(minutes, gettext("eine Minute"), gettext("Minuten")))
    return gettext("für %s") % gettext(" und ").join(parts)


def lockout_period(request=None) -> str:
    """The lock-out period of django-axes (AXES_COOLOFF_TIME) in German words."""
    from axes.helpers import get_cool_off

    return duration_in_words(get_cool_off(request))


class LoginForm(AuthenticationForm):
    """Django's login form with a plain wrong-password message and a lock-out warning."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Benutzername oder Passwort ist falsch. Bitte achten Sie auf Groß- und Kleinschreibung."
        ),
    }

    def get_invalid_login_error(self):
        error = super().get_invalid_login_error()
        remaining = self._attempts_left()
        if remaining in (1, 2):
            warning = ngettext(
                "Nach einem weiteren Fehlversuch wird die Anmeldung %(period)s gesperrt.",
                "Nach %(count)s weiteren Fehlversuchen wird die Anmeldung %(period)s gesperrt.",
                remaining,
            ) % {
                "count": _NUMBER_WORDS.get(remaining, remaining),
                "period": lockout_period(self.request),
            }
            error = forms.ValidationError(
                [error, forms.ValidationError(warning, code="lockout_soon")]
            )
        return error

    def _attempts_left(self) -> int | None:
        """Failed attempts left before django-axes locks the login (None: not known).

        django-axes records the failure while ``authenticate()`` runs and puts the count of this
        username and address on the request (``axes_failures_since_start``).
        """
        from axes.helpers import get_credentials, get_failure_limit

        failures = getattr(self.request, "axes_failures_since_start", None)
        if failures is None:
            return None
        credentials = get_credentials(self.cleaned_data.get("username"))
        return get_failure_limit(self.request, credentials) - failures


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


class QueuedPasswordResetForm(PasswordResetForm):
    """„Passwort vergessen?“: the page only queues the mail (``tasks.send_password_reset``).

    Only for an address of an active account with a password: for any other address
    nothing is queued or stored, and the page answers alike (one indexed query is the
    only difference, so the answer does not tell whether the address exists).
    """

    def save(self, domain_override=None, use_https=False, request=None, **kwargs):
        from .tasks import send_password_reset

        if next(iter(self.get_users(self.cleaned_data["email"])), None) is None:
            return
        send_password_reset.enqueue(
            email=self.cleaned_data["email"],
            domain=domain_override or request.get_host(),
            use_https=use_https,
        )
