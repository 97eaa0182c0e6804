"""Data protection in the concept layer: what it holds about a person, and the erasure.

Registered with ``core.privacy`` in ``ConceptConfig.ready()``. ``person_erase`` is the service
behind the coordinator's „Person löschen“: the account row stays (status reports, assessments
and every history row keep pointing at it, so the municipality's records stay readable) but
becomes "gelöschte Person"; what identifies the person goes.
"""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import privacy

from . import roles
from .models import ERASED_PREFIX, Actor, Membership, User
from .services import _audit, audit

CONTACT_FIELDS = ("contact_person", "email", "phone")


def _date(value):
    return value.isoformat() if value else None


# Art. 15: collectors -------------------------------------------------------------------------


def collect_account(person: privacy.Person):
    user = person.user
    if user is None:
        return None
    return {
        "benutzername": user.username,
        "vorname": user.first_name,
        "nachname": user.last_name,
        "e_mail": user.email,
        "aktiv": user.is_active,
        "rollen": sorted(user.groups.values_list("name", flat=True)),
        "angelegt_am": _date(user.date_joined),
        "letzte_anmeldung": _date(user.last_login),
        "erinnerungen_per_e_mail": user.receives_reminders,
        "kalender_abo_eingerichtet": bool(user.calendar_token),
        "passwort_link_gesendet_am": _date(user.password_reset_sent_at),
        "verzeichniseintrag": user.directory_dn,
        "passwort_gesetzt": user.has_usable_password(),
    }


def collect_memberships(person: privacy.Person):
    if person.user is None:
        return []
    return [
        {"akteur": m.actor.name, "seit": _date(m.since)}
        for m in Membership.objects.filter(user=person.user).select_related("actor")
    ]


def _contact_match(addresses) -> Q:
    condition = Q(pk__in=[])
    for address in addresses:
        condition |= Q(email__iexact=address)
    return condition


def collect_contact_person(person: privacy.Person):
    """Actors naming the person as contact (matched by e-mail address), now and in the past."""
    match = _contact_match(person.addresses)
    current = [
        {
            "akteur": a.name,
            "ansprechperson": a.contact_person,
            "e_mail": a.email,
            "telefon": a.phone,
        }
        for a in Actor.objects.filter(match)
    ]
    past = [
        {
            "akteur_id": h.id,
            "akteur": h.name,
            "ansprechperson": h.contact_person,
            "e_mail": h.email,
            "telefon": h.phone,
            "stand_vom": _date(h.history_date),
        }
        for h in Actor.history.filter(match).order_by("history_date")
    ]
    return {"aktuell": current, "historie": past}


def _axes_models():
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    return AccessAttempt, AccessLog, AccessFailureLog


def _login_names(person: privacy.Person) -> list[str]:
    names = set(person.addresses)
    if person.user is not None:
        names.add(person.user.username)
    return sorted(names)


def collect_login_records(person: privacy.Person):
    """django-axes: failed and successful sign-ins under the person's username or address."""
    names = _login_names(person)
    rows = []
    for model in _axes_models():
        for record in model.objects.filter(username__in=names):
            rows.append(
                {
                    "art": str(model._meta.verbose_name),
                    "benutzername": record.username,
                    "ip_adresse": record.ip_address,
                    "browser": record.user_agent,
                    "zeit": _date(getattr(record, "attempt_time", None)),
                }
            )
    return rows


def _sessions_of(user) -> list[Session]:
    """Sessions of ``user`` (the database session store; decoded one by one)."""
    if user is None:
        return []
    key = str(user.pk)
    return [
        s
        for s in Session.objects.filter(expire_date__gt=timezone.now())
        if s.get_decoded().get("_auth_user_id") == key
    ]


def collect_sessions(person: privacy.Person):
    return {"angemeldete_sitzungen": len(_sessions_of(person.user))}


# Art. 17: erasers ----------------------------------------------------------------------------


def erase_contact_person(person: privacy.Person, by) -> int:
    """Actors naming the person as contact lose name, address and phone, in the history too."""
    match = _contact_match(person.addresses)
    count = 0
    for actor in Actor.objects.filter(match):
        for name in CONTACT_FIELDS:
            setattr(actor, name, "")
        actor._history_user = by
        actor._change_reason = _("Ansprechperson gelöscht (Datenschutz)")
        actor.save()
        count += 1
    # One of the rare legitimate QuerySet.update() calls: on the *historical* table, to blank
    # the copies of the personal fields that every earlier version holds. The live rows were
    # saved above (with their own history row); a history must not keep what was erased.
    count += Actor.history.filter(match).update(**dict.fromkeys(CONTACT_FIELDS, ""))
    return count


def erase_login_records(person: privacy.Person, by) -> int:
    names = _login_names(person)
    return sum(model.objects.filter(username__in=names).delete()[0] for model in _axes_models())


def erase_sessions(person: privacy.Person, by) -> int:
    sessions = _sessions_of(person.user)
    for session in sessions:
        session.delete()
    return len(sessions)


def erase_account(person: privacy.Person, by) -> int:
    """The account becomes "gelöschte Person": it stays as the target of every reference."""
    user = person.user
    if user is None:
        return 0
    for membership in Membership.objects.filter(user=user).select_related("actor"):
        membership._history_user = by
        membership.delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.username = f"{ERASED_PREFIX}{user.pk}"
    user.first_name = user.last_name = user.email = user.directory_dn = ""
    user.calendar_token = None
    user.password_reset_sent_at = None
    user.receives_reminders = False
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    return 1


# Finding the person, the export -------------------------------------------------------------


def person_lookup(*, username: str | None = None, email: str | None = None) -> privacy.Person:
    """The person of an account (by username or its address) or of an address alone."""
    if username:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise LookupError(_("Es gibt kein Konto mit dem Benutzernamen „%s“.") % username)
        return privacy.Person(user=user, email=user.email)
    email = (email or "").strip()
    if not email:
        raise LookupError(_("Bitte einen Benutzernamen oder eine E-Mail-Adresse angeben."))
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    return privacy.Person(user=user, email=email)


def person_export_data(person: privacy.Person) -> dict:
    """The Art. 15 export (JSON-ready); each app contributes its part through core.privacy."""
    return privacy.person_export(person)


# The service ---------------------------------------------------------------------------------


def _other_coordinators(user: User):
    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name=roles.COORDINATOR))
        .exclude(pk=user.pk)
    )


@transaction.atomic
def person_erase(*, user: User, by: User) -> dict[str, int]:
    """Erase (anonymise) the person behind ``user`` in every app (DSGVO Art. 17).

    Measures, status reports, assessments and the history stay and show "gelöschte Person".
    A coordinator cannot erase herself, and the last coordinator cannot be erased.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.pk == by.pk:
        raise ValidationError(_("Sie können sich nicht selbst löschen."))
    if user.is_erased:
        raise ValidationError(_("Diese Person ist bereits gelöscht."))
    if roles.is_coordinator(user) and not _other_coordinators(user).exists():
        raise ValidationError(
            _("Die letzte Koordinatorin oder der letzte Koordinator kann nicht gelöscht werden.")
        )
    person = privacy.Person(user=user, email=user.email)
    counts = privacy.person_erase_data(person, by)
    # logged with the account's id only: the journal must not keep the erased name or address
    _audit("erased", account=user, user=by, rows=counts)
    return counts


@transaction.atomic
def address_erase(*, email: str, by: User) -> dict[str, int]:
    """Erase what is held about an address that has no account (contact persons, tasks)."""
    email = email.strip()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            _("Zu dieser Adresse gibt es ein Konto; bitte die Person über ihr Konto löschen.")
        )
    counts = privacy.person_erase_data(privacy.Person(email=email), by)
    # the address itself is not logged: the journal must not keep what was just erased
    audit.info(
        "address erased by %s (id %s) rows=%r",
        by.username,
        by.pk,
        counts,
        extra={"event": "address_erased", "by_id": by.pk},
    )
    return counts


def register() -> None:
    privacy.register_collector("konto", gettext_lazy("Benutzerkonto"), collect_account)
    privacy.register_collector(
        "mitgliedschaften", gettext_lazy("Mitgliedschaften in Akteuren"), collect_memberships
    )
    privacy.register_collector(
        "ansprechperson", gettext_lazy("Ansprechperson von Akteuren"), collect_contact_person
    )
    privacy.register_collector(
        "anmeldeversuche", gettext_lazy("Anmeldeversuche (Sperre)"), collect_login_records
    )
    privacy.register_collector("sitzungen", gettext_lazy("Sitzungen"), collect_sessions)
    privacy.register_eraser("ansprechperson", erase_contact_person)
    privacy.register_eraser("anmeldeversuche", erase_login_records)
    privacy.register_eraser("sitzungen", erase_sessions)
    privacy.register_eraser("konto", erase_account, order=1000)
    privacy.register_retention(
        privacy.RetentionRule(
            key="account_mails",
            label=gettext_lazy("Versandte Konto-Einladungen und Passwort-Links (E-Mails)"),
            setting="RETENTION_INVITATIONS_DAYS",
            expired=expired_account_mails,
            purge=lambda queryset: queryset.delete()[0],
        )
    )


def expired_account_mails(cutoff):
    from .tasks import send_invitation, send_password_reset

    paths = [send_invitation.module_path, send_password_reset.module_path]
    return privacy.finished_tasks(paths).filter(finished_at__lt=cutoff)
