"""Data protection in the participation layer: survey contacts, invitations, reminders.

Registered with ``core.privacy`` in ``ParticipationConfig.ready()``:

- export: the survey answers a person last edited, the reminders and conference invitations
  they were sent;
- erasure: reminders and invitations of the person go (with the invitations' history); the
  survey answers stay (they are the actor's answers) and show "gelöschte Person";
- deletion periods: who answered a survey is forgotten ``RETENTION_SURVEY_CONTACTS_DAYS``
  after the round ended; who was invited to a conference (its per-person list)
  ``RETENTION_CONFERENCE_PARTICIPANTS_DAYS`` after it began; the sent mails (task rows with
  address and text) ``RETENTION_INVITATIONS_DAYS`` after sending; personal links (with the
  contact address they went to) and the reminders of their round to contact addresses
  ``RETENTION_PERSONAL_LINKS_DAYS`` after the link ended (expired, revoked or round closed).

Personal links and reminders to a contact address are found by that address: an export or
erasure asked for by e-mail address covers them.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import privacy

from .mail import send_mail_task
from .models import (
    ConferenceInvitation,
    Need,
    Offer,
    Reminder,
    ReportingLink,
    SurveyResponse,
)


def _date(value):
    return value.isoformat() if value else None


# Art. 15 -------------------------------------------------------------------------------------


def collect_survey_answers(person: privacy.Person):
    if person.user is None:
        return []
    rows = SurveyResponse.objects.filter(
        Q(updated_by=person.user)
        | Q(pk__in=SurveyResponse.history.filter(updated_by=person.user).values("id"))
    ).select_related("survey_round", "actor", "action_field")
    return [
        {
            "abfragerunde": r.survey_round.title,
            "akteur": r.actor.name,
            "handlungsfeld": r.action_field.name,
            "status": r.get_status_display(),
            "zuletzt_von_der_person_bearbeitet": r.updated_by_id == person.user.pk,
            "geaendert_am": _date(r.updated_at),
        }
        for r in rows
    ]


def _reminders_of(person: privacy.Person):
    """Reminders to the person's account, and to their address where they had no account."""
    condition = Q(user__isnull=True, email__in=_addresses_any_case(person))
    if person.user is not None:
        condition |= Q(user=person.user)
    return Reminder.objects.filter(condition)


def _addresses_any_case(person: privacy.Person) -> list[str]:
    # EmailField keeps what was typed; the addresses are compared case-insensitively
    found = set(person.addresses)
    stored = set(
        Reminder.objects.filter(user__isnull=True).values_list("email", flat=True).distinct()
    ) | set(ReportingLink.objects.values_list("email", flat=True).distinct())
    return sorted(found | {a for a in stored if a.strip().lower() in found})


def collect_reminders(person: privacy.Person):
    return [
        {
            "art": r.get_kind_display(),
            "anlass": r.occasion,
            "an": r.email or (r.user.email if r.user else ""),
            "faellig_am": _date(r.due_on),
            "verschickt_am": _date(r.created_at),
        }
        for r in _reminders_of(person).select_related("user")
    ]


def collect_personal_links(person: privacy.Person):
    links = ReportingLink.objects.filter(email__in=_addresses_any_case(person)).select_related(
        "round", "actor"
    )
    return [
        {
            "berichtsrunde": link.round.title,
            "akteur": link.actor.name,
            "geschickt_an": link.email,
            "erstellt_am": _date(link.created_at),
            "gueltig_bis": _date(link.expires_at),
            "widerrufen_am": _date(link.revoked_at),
            "zuletzt_benutzt": _date(link.last_used_at),
            "meldungen_darueber": link.use_count,
        }
        for link in links
    ]


def collect_invitations(person: privacy.Person):
    if person.user is None:
        return []
    return [
        {"konferenz": str(i.conference), "zuletzt_verschickt_am": _date(i.sent_at)}
        for i in ConferenceInvitation.objects.filter(recipient=person.user).select_related(
            "conference"
        )
    ]


# Art. 17 -------------------------------------------------------------------------------------


def erase_reminders(person: privacy.Person, by) -> int:
    return _reminders_of(person).delete()[0]


def erase_personal_links(person: privacy.Person, by) -> int:
    """The links sent to the address go (they stop working); reports made through them stay
    (they are the actor's), see the measures layer for their "gemeldet von"."""
    return ReportingLink.objects.filter(email__in=_addresses_any_case(person)).delete()[0]


def erase_invitations(person: privacy.Person, by) -> int:
    if person.user is None:
        return 0
    count = ConferenceInvitation.objects.filter(recipient=person.user).delete()[0]
    # the history of these rows (who was invited when) is the person's, not the conference's
    ConferenceInvitation.history.filter(recipient_id=person.user.pk).delete()
    return count


# Deletion periods ----------------------------------------------------------------------------


def expired_survey_contacts(cutoff):
    """Answers of rounds that ended before ``cutoff`` that still name who edited them."""
    still_named = SurveyResponse.history.filter(
        Q(updated_by__isnull=False) | Q(history_user__isnull=False)
    ).values("id")
    return SurveyResponse.objects.filter(survey_round__ends_on__lt=cutoff.date()).filter(
        Q(updated_by__isnull=False) | Q(pk__in=still_named)
    )


def purge_survey_contacts(queryset) -> int:
    """Forget who answered: the answer stays, its editor (now and in the history) goes."""
    ids = []
    for response in queryset.iterator():
        ids.append(response.pk)
        if response.updated_by_id is not None:
            response.updated_by = None
            response._change_reason = "Bearbeiter*in nach Löschfrist entfernt"
            response.save(update_fields=["updated_by"])
    # One of the rare legitimate QuerySet.update() calls: on the *historical* tables, whose
    # copies of the editor must go as well; the live rows were saved above with history.
    SurveyResponse.history.filter(id__in=ids).update(updated_by=None, history_user=None)
    Offer.history.filter(response_id__in=ids).update(history_user=None)
    Need.history.filter(response_id__in=ids).update(history_user=None)
    return len(ids)


def expired_conference_participants(cutoff):
    return ConferenceInvitation.objects.filter(conference__starts_at__lt=cutoff)


def purge_conference_participants(queryset) -> int:
    conference_ids = set(queryset.values_list("conference_id", flat=True))
    count = queryset.delete()[0]
    # the deleted rows' history (with the recipient) goes too: nothing of the list remains
    ConferenceInvitation.history.filter(conference_id__in=conference_ids).delete()
    return count


def expired_mails(cutoff):
    return privacy.finished_tasks([send_mail_task.module_path]).filter(finished_at__lt=cutoff)


def purge_mails(queryset) -> int:
    return queryset.delete()[0]


def expired_personal_links(cutoff):
    """Links that ended (expired, revoked, or their round closed) before ``cutoff``."""
    return ReportingLink.objects.filter(
        Q(expires_at__lt=cutoff) | Q(revoked_at__lt=cutoff) | Q(round__closed_at__lt=cutoff)
    )


def purge_personal_links(queryset) -> int:
    """The links go, and with them the reminders of their rounds to contact addresses once
    those rounds are closed (the round's own record, its entries and reports, stays)."""
    closed_rounds = set(
        queryset.filter(round__closed_at__isnull=False).values_list("round_id", flat=True)
    )
    count = queryset.delete()[0]
    Reminder.objects.filter(user__isnull=True, reporting_round__in=closed_rounds).delete()
    return count


def register() -> None:
    privacy.register_collector(
        "abfrage", _("Antworten auf die Bestands- und Bedarfsabfrage"), collect_survey_answers
    )
    privacy.register_collector("erinnerungen", _("Erhaltene Erinnerungen"), collect_reminders)
    privacy.register_collector(
        "konferenzeinladungen", _("Einladungen zur Integrationskonferenz"), collect_invitations
    )
    privacy.register_collector(
        "persoenliche_links", _("Persönliche Links zum Melden"), collect_personal_links
    )
    privacy.register_eraser("erinnerungen", erase_reminders)
    privacy.register_eraser("persoenliche_links", erase_personal_links)
    privacy.register_eraser("konferenzeinladungen", erase_invitations)
    privacy.register_retention(
        privacy.RetentionRule(
            key="survey_contacts",
            label=_("Ansprechpersonen der Abfrage"),
            setting="RETENTION_SURVEY_CONTACTS_DAYS",
            expired=expired_survey_contacts,
            purge=purge_survey_contacts,
        )
    )
    privacy.register_retention(
        privacy.RetentionRule(
            key="conference_participants",
            label=_("Eingeladene/Teilnehmende der Konferenzen"),
            setting="RETENTION_CONFERENCE_PARTICIPANTS_DAYS",
            expired=expired_conference_participants,
            purge=purge_conference_participants,
        )
    )
    privacy.register_retention(
        privacy.RetentionRule(
            key="invitation_mails",
            label=_("Versandte Einladungen und Erinnerungen (E-Mails)"),
            setting="RETENTION_INVITATIONS_DAYS",
            expired=expired_mails,
            purge=purge_mails,
        )
    )
    privacy.register_retention(
        privacy.RetentionRule(
            key="personal_links",
            label=_("Persönliche Links zum Melden"),
            setting="RETENTION_PERSONAL_LINKS_DAYS",
            expired=expired_personal_links,
            purge=purge_personal_links,
        )
    )
