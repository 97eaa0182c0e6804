"""Answering a survey round and turning a need into a draft measure."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concept.models import ActionField, Actor
from measures.models import Measure, MeasureStatus
from measures.services import measure_create

from ..models import Need, Offer, ResponseStatus, SurveyResponse, SurveyRound

OFFER_FIELDS = ("what", "target_group", "frequency", "reach")
NEED_FIELDS = ("what", "target_group", "urgency")


def _sync(model, response, rows: list[dict], fields: tuple[str, ...], user) -> None:
    """Make ``response``'s offers (or needs) exactly ``rows``; a row with ``pk`` updates."""
    existing = {obj.pk: obj for obj in model.objects.filter(response=response)}
    keep = set()
    for row in rows:
        obj = existing.get(row.get("pk")) or model(response=response)
        for name in fields:
            if name in row:
                setattr(obj, name, row[name])
        obj._history_user = user
        obj.save()
        keep.add(obj.pk)
    for pk, obj in existing.items():
        if pk not in keep:
            obj._history_user = user
            obj.delete()


@transaction.atomic
def survey_response_save(
    *,
    survey_round: SurveyRound,
    actor: Actor,
    action_field: ActionField,
    user,
    comment: str,
    offers: list[dict],
    needs: list[dict],
    submit: bool,
    nothing_to_report: bool = False,
) -> SurveyResponse:
    """Save an actor's answer for one action field as a draft, or submit it.

    A submitted answer is final; answers are taken only while the round is open. An answer
    without offers and needs is submitted only if the actor confirms ``nothing_to_report``
    (the error then names that field, so a form can show it there).
    """
    if not user.has_perm("participation.answer_survey", actor):
        raise PermissionDenied
    if not survey_round.invited_actors.filter(pk=actor.pk).exists():
        raise ValidationError(_("Dieser Akteur ist zu dieser Abfrage nicht eingeladen."))
    if not survey_round.action_fields.filter(pk=action_field.pk).exists():
        raise ValidationError(_("Nach diesem Handlungsfeld fragt die Abfrage nicht."))
    if not survey_round.is_open():
        raise ValidationError(_("Die Abfrage ist nicht (mehr) geöffnet."))
    key = {"survey_round": survey_round, "actor": actor, "action_field": action_field}
    response = SurveyResponse.objects.select_for_update().filter(**key).first()
    if response is None:
        response = SurveyResponse(**key, updated_by=user)
        response._history_user = user
        try:
            with transaction.atomic():
                response.save()
        except IntegrityError:  # a parallel request created it a moment ago
            response = SurveyResponse.objects.select_for_update().get(**key)
    if response.is_submitted:
        raise ValidationError(_("Diese Antwort wurde bereits abgesendet und ist abgeschlossen."))
    if submit and not offers and not needs and not nothing_to_report:
        raise ValidationError(
            {
                "nothing_to_report": _(
                    "Die Antwort enthält weder Angebote noch Bedarfe. Tragen Sie etwas ein, "
                    "oder bestätigen Sie, dass Sie in diesem Handlungsfeld weder Angebote "
                    "noch Bedarfe haben."
                )
            }
        )
    _sync(Offer, response, offers, OFFER_FIELDS, user)
    _sync(Need, response, needs, NEED_FIELDS, user)
    response.comment = comment
    response.updated_by = user
    if submit:
        response.status = ResponseStatus.SUBMITTED
        response.submitted_at = timezone.now()
    response._history_user = user
    response.save()
    return response


def _next_number(action_field: ActionField) -> str:
    prefix = f"{action_field.number}."
    used = set(Measure.objects.filter(number__startswith=prefix).values_list("number", flat=True))
    suffixes = [int(m.group(1)) for n in used if (m := re.fullmatch(r"\d+\.(\d+)", n))]
    candidate = max(suffixes, default=0) + 1
    while f"{prefix}{candidate}" in used:
        candidate += 1
    return f"{prefix}{candidate}"


@transaction.atomic
def need_create_draft_measure(*, need: Need, user) -> Measure:
    """Turn a submitted need into a draft measure that remembers where it came from.

    The draft is deliberately not SMART: indicator, resources, deadline and lead actor are
    for the coordinator to decide, and the SMART check says so on the measure's page.
    """
    if not user.has_perm("participation.create_measure_from_need", need):
        raise PermissionDenied
    need = (
        Need.objects.select_for_update()
        .select_related("response__actor", "response__action_field", "response__survey_round")
        .get(pk=need.pk)
    )
    if need.measure_id is not None:
        raise ValidationError(_("Aus diesem Bedarf ist bereits eine Maßnahme entstanden."))
    response = need.response
    if not response.is_submitted:
        raise ValidationError(_("Nur aus abgesendeten Antworten lassen sich Maßnahmen anlegen."))
    # Two needs of one field converted at the same moment must not pick the same number:
    # the field's row serialises the numbering (select_for_update is a no-op on SQLite,
    # which serialises writers anyway).
    ActionField.objects.select_for_update().filter(pk=response.action_field_id).exists()
    round_title = response.survey_round.title
    measure = measure_create(
        user=user,
        values={
            "number": _next_number(response.action_field),
            "title": need.what[:300],
            "description": "",
            "action_field": response.action_field,
            "target_group": need.target_group,
            "status": MeasureStatus.PLANNED,
            "notes": _(
                "Entwurf aus der Abfrage „%(round)s“: Bedarf von %(actor)s "
                "(Dringlichkeit: %(urgency)s)."
            )
            % {
                "round": round_title,
                "actor": response.actor.name,
                "urgency": need.get_urgency_display(),
            },
        },
        reason=_("als Entwurf aus einem Bedarf der Abfrage „%(round)s“ angelegt")
        % {"round": round_title},
    )
    need.measure = measure
    need._history_user = user
    need._change_reason = _("Maßnahmenentwurf %(number)s angelegt") % {"number": measure.number}
    need.save(update_fields=["measure"])
    return measure
