"""The frame of the concept: action fields, goals, actors, their members, users."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import branding, roles
from .naming import NameIndex, actor_index, normalise

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


class ActionFieldQuerySet(models.QuerySet):
    def active(self):
        """Fields new goals and measures may be put in (deactivated ones keep their old)."""
        return self.filter(is_active=True)


class ActionField(models.Model):
    """A Handlungsfeld. A fresh install gets the first customer's seven from a data migration; the
    coordination adds, renames, reorders and deactivates them (page "Handlungsfelder")."""

    number = models.PositiveSmallIntegerField(
        _("Nummer"),
        unique=True,
        help_text=_("Vorne in jeder Maßnahmennummer: Maßnahme 3.2 gehört zu Handlungsfeld 3."),
        error_messages={"unique": _("Diese Nummer hat schon ein anderes Handlungsfeld.")},
    )
    name = models.CharField(
        _("Name"),
        max_length=100,
        unique=True,
        error_messages={"unique": _("Ein Handlungsfeld mit diesem Namen gibt es schon.")},
    )
    slug = models.SlugField(_("Kurzname"), unique=True)
    short_description = models.TextField(_("Kurzbeschreibung"), blank=True)
    guiding_goal = models.TextField(_("Leitziel"), blank=True)
    order = models.PositiveSmallIntegerField(
        _("Reihenfolge"), default=0, help_text=_("Kleinere Zahlen stehen weiter vorn.")
    )
    is_active = models.BooleanField(
        _("aktiv"),
        default=True,
        help_text=_(
            "Ein deaktiviertes Handlungsfeld behält seine Ziele und Maßnahmen, "
            "nimmt aber keine neuen mehr auf."
        ),
    )

    history = HistoricalRecords()
    objects = ActionFieldQuerySet.as_manager()

    class Meta:
        ordering = ["order", "number"]
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")

    def __str__(self):
        return f"{self.number}. {self.name}"

    def get_absolute_url(self):
        """The field's section on the goal page (its measures: ``measures:list`` filtered)."""
        return reverse("concept:goal_list") + f"#handlungsfeld-{self.pk}"


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
        ordering = ["action_field__order", "action_field__number", "order", "pk"]
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
        """A goal may have to stay in its action field: the apps that use goals say why
        (measures: a goal that measures serve, see ``concept/panels.py``)."""
        if self.pk is None or self.action_field_id is None:
            return
        stored = Goal.objects.filter(pk=self.pk).values_list("action_field_id", flat=True).first()
        if stored in (None, self.action_field_id):
            return
        from .panels import goal_move_blockers  # filled by higher apps (measures)

        reasons = goal_move_blockers.ask(self)
        if reasons:
            raise ValidationError({"action_field": reasons})


class ActorKind(models.TextChoices):
    ASSOCIATION = "association", _("Verein / Initiative")
    MIGRANT_ORGANISATION = "migrant_org", _("Migrant*innenorganisation")
    SCHOOL = "school", _("Schule / Kita")
    WELFARE = "welfare", _("Wohlfahrtsverband")
    EMPLOYMENT_AGENCY = "employment", _("Jobcenter / Agentur für Arbeit")
    CITY_TEAM = "city_team", _("Team der Stadtverwaltung")
    OTHER = "other", _("Sonstige")


class ActorQuerySet(models.QuerySet):
    def name_index(self) -> NameIndex:
        """These actors by name, short name and alias: what the importer resolves names
        with (concept/naming.py); two queries."""
        return actor_index(self, ActorAlias.objects.filter(actor__in=self))

    def with_counts(self):
        """Number of members, in the same query (higher apps add their own counts through
        ``concept.panels.actor_columns``)."""
        return self.annotate(member_count=models.Count("memberships", distinct=True))

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
    email = models.EmailField(
        _("E-Mail"),
        blank=True,
        help_text=_(
            "Kontaktadresse: Ohne Mitglied mit Konto gehen Erinnerungen mit einem persönlichen "
            "Link hierhin."
        ),
    )
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    reports_by_link = models.BooleanField(
        _("Meldung per persönlichem Link"),
        default=False,
        help_text=_(
            "Erinnerungen mit persönlichem Link an die Kontaktadresse, auch wenn Mitglieder ein "
            "Konto haben."
        ),
    )
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


class ActorAlias(models.Model):
    """Another name an actor goes by in other people's lists (for the import): „Migranten-
    organisationen“ for „Migrantenselbstorganisationen“. Matched after ``naming.normalise``."""

    actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("Akteur")
    )
    alias = models.CharField(_("anderer Name"), max_length=200)
    normalised = models.CharField(_("normalisiert"), max_length=200, editable=False)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["alias"]
        verbose_name = _("anderer Name eines Akteurs")
        verbose_name_plural = _("andere Namen von Akteuren")
        constraints = [
            models.UniqueConstraint(
                fields=["normalised"],
                name="actoralias_unique_normalised",
                violation_error_message=_("Diesen Namen trägt schon ein Akteur."),
            )
        ]

    def __str__(self):
        return self.alias

    def save(self, *args, **kwargs):
        self.normalised = normalise(self.alias)
        super().save(*args, **kwargs)


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


def coat_of_arms_path(instance, filename: str) -> str:
    # a new name per upload: PDFs and browsers never show an old coat of arms from a cache
    import uuid

    suffix = "png" if filename.lower().endswith(".png") else "jpg"
    return f"branding/wappen-{uuid.uuid4().hex[:12]}.{suffix}"


class MunicipalityProfile(models.Model):
    """A singleton (pk = 1): the municipality the app belongs to and how it presents itself.

    Blank fields fall back to the environment settings (see ``concept.branding``).
    """

    name = models.CharField(
        _("Name der Gemeinde"),
        max_length=150,
        blank=True,
        help_text=_("Wie in Briefköpfen, z. B. „Gemeinde Musterhausen“."),
    )
    short_name = models.CharField(
        _("Kurzname"), max_length=60, blank=True, help_text=_("z. B. „Musterhausen“.")
    )
    concept_title = models.CharField(_("Titel des Konzepts"), max_length=150, blank=True)
    coordination_office = models.CharField(
        _("Bezeichnung der Koordinierungsstelle"), max_length=150, blank=True
    )
    coat_of_arms = models.FileField(
        _("Wappen"),
        upload_to=coat_of_arms_path,
        blank=True,
        validators=[branding.validate_coat_of_arms],
        help_text=_("PNG oder JPEG, höchstens 1 MB."),
    )
    primary_color = models.CharField(
        _("Hauptfarbe"),
        max_length=7,
        blank=True,
        validators=[branding.validate_color_on_white_text],
        help_text=_("#RRGGBB; die Navigationsleiste mit weißer Schrift (Kontrast ≥ 4,5:1)."),
    )
    secondary_color = models.CharField(
        _("Akzentfarbe"),
        max_length=7,
        blank=True,
        validators=[branding.validate_hex_color],
        help_text=_("#RRGGBB; Linien und Hervorhebungen, z. B. in PDF-Berichten."),
    )
    paper_number_format = models.CharField(
        _("Format der Drucksachen-Nr."),
        max_length=40,
        blank=True,
        validators=[branding.validate_paper_number_format],
        help_text=_(
            "Platzhalter {year} (Jahr) und {number} (laufende Nummer, {number:03d} mit drei "
            "Stellen); Folgevorlagen bekommen „/1“, „/2“ … angehängt."
        ),
    )
    municipality_url = models.URLField(_("Website der Gemeinde"), blank=True)
    imprint_url = models.URLField(_("Adresse des Impressums"), blank=True)
    privacy_url = models.URLField(_("Adresse der Datenschutzerklärung"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Gemeinde & Darstellung")
        verbose_name_plural = _("Gemeinde & Darstellung")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="municipality_profile_singleton")
        ]

    def __str__(self):
        return str(_("Gemeinde & Darstellung"))

    def save(self, *args, **kwargs):
        from django.db import transaction

        super().save(*args, **kwargs)
        # the cached copy goes now (this process) and once more after the commit (a page
        # rendered meanwhile may have cached the old row again)
        branding.forget()
        transaction.on_commit(branding.forget)

    @classmethod
    def load(cls) -> "MunicipalityProfile":
        """The one row; not saved until the coordination changes something."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)
