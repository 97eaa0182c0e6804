"""One reminder mail per recipient: everything new for that person, grouped by measure.

Each measure gets one direct link: for a user with an account the page "Sachstand melden"
(partners: the measure's page, where they can write a note); for a contact address the
measure behind a personal link of the reporting round. The mail names only buttons that the
linked page offers that person for that measure (``actions``): "Sachstand speichern" always,
"Unverändert, weiter im Plan" only where ``may_confirm_unchanged_now`` holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from concept.models import Actor
from measures.rules import may_confirm_unchanged_now

from ..links import absolute_url, report_status_url
from ..models import ReminderKind
from ..recipients import Recipient
from ..services.links import link_expiry, link_issue, link_measure_url, link_url
from .occasions import Occasion, status_report_interval

SAVE = "Sachstand speichern"  # the labels of templates/measures/measure_report.html
UNCHANGED = "Unverändert, weiter im Plan"


@dataclass
class MeasureItem:
    measure: object
    occasions: list[Occasion] = field(default_factory=list)
    partner: bool = True
    link: str = ""
    link_label: str = ""
    actions: list[str] = field(default_factory=list)

    @property
    def reporting_round(self):
        return next((o.reporting_round for o in self.occasions if o.reporting_round), None)

    @property
    def labels(self) -> str:
        return ", ".join(dict.fromkeys(o.label for o in self.occasions))


@dataclass
class RoundNote:
    reporting_round: object
    overview: str = ""


@dataclass
class ReminderMail:
    recipient: Recipient
    measure_items: list[MeasureItem]
    survey_items: list[Occasion]
    rounds: list[RoundNote]
    links: list = field(default_factory=list)  # ReportingLink rows issued for this mail

    @property
    def subject(self) -> str:
        if not self.measure_items and len(self.survey_items) == 1:
            return _("Erinnerung: Ihre Antworten zur Abfrage „%(title)s“") % {
                "title": self.survey_items[0].survey_round.title
            }
        if len(self.measure_items) == 1 and not self.survey_items:
            item = self.measure_items[0]
            return _("Erinnerung: %(label)s – Maßnahme %(number)s") % {
                "label": item.labels,
                "number": item.measure.number,
            }
        if not self.survey_items:
            return _("Erinnerung: Sachstand zu %(count)s Maßnahmen") % {
                "count": len(self.measure_items)
            }
        return _("Erinnerung: %(count)s Punkte zu Ihren Maßnahmen und Abfragen") % {
            "count": len(self.measure_items) + len(self.survey_items)
        }


def build_mail(recipient: Recipient, occasions: list[Occasion], measures: dict) -> ReminderMail:
    """Group ``occasions`` by measure, issue the personal links a contact address needs (one
    per round and actor) and decide each measure's link and action words."""
    items: dict[int, MeasureItem] = {}
    surveys = []
    for occasion in occasions:
        if occasion.measure_id is None:
            surveys.append(occasion)
            continue
        item = items.setdefault(occasion.measure_id, MeasureItem(measures[occasion.measure_id]))
        item.occasions.append(occasion)
        item.partner = item.partner and occasion.partner
    mail = ReminderMail(recipient, list(items.values()), surveys, [])
    tokens: dict[tuple[int, int], str | None] = {}
    for item in mail.measure_items:
        if recipient.is_contact:
            _contact_link(mail, item, tokens)
        else:
            _account_link(recipient.user, item)
    return mail


def _account_link(user, item: MeasureItem) -> None:
    measure = item.measure
    if item.partner:
        item.link = absolute_url(measure.get_absolute_url())
        item.link_label = _("Zur Maßnahme")
        return
    item.link = report_status_url(measure)
    item.link_label = _("Sachstand melden")
    item.actions = _actions(user, measure)


def _actions(user, measure) -> list[str]:
    actions = [SAVE]
    if may_confirm_unchanged_now(user, measure):
        actions.append(UNCHANGED)
    return actions


def _contact_link(mail: ReminderMail, item: MeasureItem, tokens: dict) -> None:
    """A personal link for the measure's round; none outside a round (the mail names the
    coordination instead) or when a new link would already have expired."""
    reporting_round = item.reporting_round
    if reporting_round is None:
        return
    actor = next(o for o in item.occasions if o.reporting_round).actor_id
    key = (reporting_round.pk, actor)
    if key not in tokens:
        tokens[key] = None
        if link_expiry(reporting_round) > timezone.now():
            link, token = link_issue(
                reporting_round=reporting_round,
                actor=_actor_of(mail.recipient, actor),
                email=mail.recipient.email,
            )
            mail.links.append(link)
            tokens[key] = token
            mail.rounds.append(RoundNote(reporting_round, link_url(token)))
    token = tokens[key]
    if token is None:
        return
    if item.partner:
        # partners write their note on the link's overview, below the actor's own measures
        item.link = f"{link_url(token)}#partner-{item.measure.pk}"
        item.link_label = _("Notiz schreiben")
    else:
        item.link = link_measure_url(token, item.measure)
        item.link_label = _("Sachstand melden")
        item.actions = _actions(None, item.measure)


def _actor_of(recipient: Recipient, actor_id: int):
    if recipient.actor is not None and recipient.actor.pk == actor_id:
        return recipient.actor
    return Actor.objects.get(pk=actor_id)


def mail_context(mail: ReminderMail, today) -> dict:
    recipient = mail.recipient
    if recipient.is_contact:
        name = recipient.actor.contact_person or recipient.actor.name
    else:
        name = str(recipient.user)
    for item in mail.measure_items:
        named = any(n.reporting_round == item.reporting_round for n in mail.rounds)
        if item.reporting_round is not None and not named:
            mail.rounds.append(RoundNote(item.reporting_round))
    return {
        "mail": mail,
        "subject": mail.subject,
        "surveys": [
            (o, absolute_url(o.survey_round.get_absolute_url())) for o in mail.survey_items
        ],
        "recipient_name": name,
        "is_contact": recipient.is_contact,
        "actor": recipient.actor,
        "today": today,
        "interval_days": status_report_interval(),
        "coordination_email": getattr(settings, "COORDINATION_EMAIL", ""),
        "settings_link": absolute_url(reverse("participation:calendar") + "#erinnerungen"),
        "kinds": ReminderKind,
    }
