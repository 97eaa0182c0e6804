"""The frame of the concept: action fields, goals, actors, their members, users."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from . import roles

# An erased person's account keeps its row (status reports and history point at it) under
# this username plus its id; see concept/privacy.py.
ERASED_PREFIX = "geloescht-"


class User(AbstractUser):
    """A person who logs in: coordinator, actor member or council reader."""

    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    receives_reminders = models.BooleanField(
        _("Erinnerungen per E-Mail"),
        default=True,
        help_text=_("Nicht zwingend nötige E-Mails (Erinnerungen) erhalten."),
    )
    calendar_token = models.CharField(
        _("Kalender-Schlüssel"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    # „Passwort vergessen?“ sends at most one link per PASSWORD_RESET_INTERVAL (no flooding)
    password_reset_sent_at = models.DateTimeField(
        _("Link zum Zurücksetzen gesendet"), null=True, blank=True, editable=False
    )
    # Set for accounts that sign in through the directory (concept/directory.py): their roles
    # and actor memberships follow the directory's groups at every sign-in.
    directory_dn = models.CharField(
        _("Verzeichniseintrag"), max_length=500, blank=True, editable=False
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("Benutzer*in")
        verbose_name_plural = _("Benutzer*innen")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        if self.is_erased:
            return str(_("gelöschte Person"))
        return self.get_full_name() or self.username

    @property
    def is_erased(self) -> bool:
        """Erased (DSGVO Art. 17): the row stays so that the history stays readable."""
        return (
            self.username == f"{ERASED_PREFIX}{self.pk}"
            and not self.is_active
            and not self.email
            and not self.get_full_name()
        )

    @property
    def is_coordinator(self) -> bool:
        return roles.is_coordinator(self)

    @property
    def is_council_reader(self) -> bool:
        return roles.has_role(self, roles.COUNCIL)

    @property
    def is_actor_member(self) -> bool:
        """Has the actor role or belongs to an actor; the database is asked at most once."""
        if roles.has_role(self, roles.ACTOR):
            return True
        if not hasattr(self, "_has_memberships"):
            self._has_memberships = self.memberships.exists()
        return self._has_memberships


class ActionField(models.Model):
    """One of the seven fixed Handlungsfelder, created by a data migration."""

    number = models.PositiveSmallIntegerField(_("Nummer"), unique=True)
    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(_("Kurzname"), unique=True)
    short_description = models.TextField(_("Kurzbeschreibung"), blank=True)
    guiding_goal = models.TextField(_("Leitziel"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")

    def __str__(self):
        return f"{self.number}. {self.name}"

    def get_absolute_url(self):
        return reverse("measures:list") + f"?action_field={self.pk}"


class Goal(models.Model):
    """A goal inside an action field; measures serve goals."""

    action_field = models.ForeignKey(
        ActionField, on_delete=models.PROTECT, related_name="goals", verbose_name=_("Handlungsfeld")
    )
    title = models.CharField(_("Titel"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["action_field__number", "order", "pk"]
        verbose_name = _("Ziel")
        verbose_name_plural = _("Ziele")
        constraints = [
            models.UniqueConstraint(
                fields=["action_field", "title"],
                name="goal_unique_title_per_field",
                violation_error_message=_("Dieses Ziel gibt es in diesem Handlungsfeld schon."),
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        """A goal that measures serve stays in its action field: moving it would leave those
        measures with a goal of another field, which every later save of them refuses."""
        if self.pk is None or self.action_field_id is None:
            return
        stored = Goal.objects.filter(pk=self.pk).values_list("action_field_id", flat=True).first()
        if stored in (None, self.action_field_id):
            return
        count = self.measures.count()
        if count:
            raise ValidationError(
                {
                    "action_field": ngettext(
                        "Diesem Ziel dient %(count)d Maßnahme; es bleibt in seinem "
                        "Handlungsfeld. Bitte die Maßnahme zuerst einem anderen Ziel zuordnen "
                        "oder ein neues Ziel im anderen Handlungsfeld anlegen.",
                        "Diesem Ziel dienen %(count)d Maßnahmen; es bleibt in seinem "
                        "Handlungsfeld. Bitte die Maßnahmen zuerst einem anderen Ziel zuordnen "
                        "oder ein neues Ziel im anderen Handlungsfeld anlegen.",
                        count,
                    )
                    % {"count": count}
                }
            )


class ActorKind(models.TextChoices):
    ASSOCIATION = "association", _("Verein / Initiative")
    MIGRANT_ORGANISATION = "migrant_org", _("Migrant*innenorganisation")
    SCHOOL = "school", _("Schule / Kita")
    WELFARE = "welfare", _("Wohlfahrtsverband")
    EMPLOYMENT_AGENCY = "employment", _("Jobcenter / Agentur für Arbeit")
    CITY_TEAM = "city_team", _("Team der Stadtverwaltung")
    OTHER = "other", _("Sonstige")


class ActorQuerySet(models.QuerySet):
    def with_counts(self):
        """Number of measures led and partnered and of members, in the same query.

        ``led_measures`` / ``partner_measures`` are the reverse relations of the measures app;
        counting them here needs no import of that higher layer.
        """
        return self.annotate(
            led_count=models.Count("led_measures", distinct=True),
            partner_count=models.Count("partner_measures", distinct=True),
            member_count=models.Count("memberships", distinct=True),
        )

    def search(self, text: str):
        text = text.strip()
        if not text:
            return self
        return self.filter(
            models.Q(name__icontains=text)
            | models.Q(short_name__icontains=text)
            | models.Q(contact_person__icontains=text)
        )


class Actor(models.Model):
    """An organisation or a city team that leads or supports measures."""

    name = models.CharField(_("Name"), max_length=200, unique=True)
    short_name = models.CharField(_("Kurzname"), max_length=50, blank=True)
    kind = models.CharField(_("Art"), max_length=20, choices=ActorKind, default=ActorKind.OTHER)
    contact_person = models.CharField(_("Ansprechperson"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    website = models.URLField(_("Website"), blank=True)
    directory_group = models.CharField(
        _("Verzeichnisgruppe"),
        max_length=500,
        blank=True,
        help_text=_(
            "Nur bei Anmeldung über das Verzeichnis (LDAP/Active Directory): der DN der Gruppe, "
            "deren Mitglieder Mitglieder dieses Akteurs sind, z. B. "
            "„cn=caritas,ou=gruppen,dc=stadt,dc=de“. Leer: Mitglieder werden hier gepflegt."
        ),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="actors",
        verbose_name=_("Mitglieder"),
        blank=True,
    )

    history = HistoricalRecords()
    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Akteur")
        verbose_name_plural = _("Akteure")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("concept:actor_detail", args=[self.pk])

    @property
    def display_name(self):
        return self.short_name or self.name


class Membership(models.Model):
    """A user works for an actor and may report on the measures it leads."""

    actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("Akteur")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("Benutzer*in"),
    )
    since = models.DateField(_("seit"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["actor__name", "user__username"]
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [
            models.UniqueConstraint(
                fields=["actor", "user"],
                name="membership_unique_actor_user",
                violation_error_message=_("Diese Person ist bereits Mitglied dieses Akteurs."),
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.actor}"
