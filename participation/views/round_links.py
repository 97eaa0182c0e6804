"""The coordination sends an actor a personal link for a round, or revokes its links."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from concept.models import Actor

from ..models import ReportingRound
from ..services.link_requests import link_send
from ..services.links import links_revoke


class _RoundActorAction(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "participation.manage_rounds"
    http_method_names = ["post"]

    def post(self, request, pk, actor_pk):
        reporting_round = get_object_or_404(ReportingRound, pk=pk)
        # only actors asked in this round
        actor = get_object_or_404(
            Actor.objects.filter(round_entries__round=reporting_round).distinct(), pk=actor_pk
        )
        self.act(request, reporting_round, actor)
        return redirect(f"{reporting_round.get_absolute_url()}#akteure")


class RoundSendLinkView(_RoundActorAction):
    def act(self, request, reporting_round, actor):
        if link_send(reporting_round=reporting_round, actor=actor, by=request.user):
            messages.success(
                request,
                _("Ein persönlicher Link für %(actor)s ging an %(email)s.")
                % {"actor": actor.name, "email": actor.email},
            )
        elif reporting_round.is_closed:
            messages.error(request, _("Die Runde ist abgeschlossen: kein neuer Link."))
        else:
            messages.error(
                request,
                _(
                    "%(actor)s hat keine Kontaktadresse. Bitte tragen Sie eine E-Mail-Adresse "
                    "beim Akteur ein."
                )
                % {"actor": actor.name},
            )


class RoundRevokeLinksView(_RoundActorAction):
    def act(self, request, reporting_round, actor):
        count = links_revoke(reporting_round=reporting_round, actor=actor, by=request.user)
        messages.success(
            request,
            _("%(count)s Link(s) von %(actor)s widerrufen.")
            % {"count": count, "actor": actor.name},
        )
