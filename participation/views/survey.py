"""Survey rounds: the coordinator plans and reads them, actor members answer them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, ListView, UpdateView
from rules.contrib.views import PermissionRequiredMixin

from core.lookup import get_for_user

from .. import export, services
from ..filenames import file_response
from ..forms import NeedFormSet, OfferFormSet, ResponseCommentForm, SurveyRoundForm, formset_rows
from ..models import Need, SurveyResponse, SurveyRound


def require(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


class SurveyListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    permission_required = "participation.view_surveys"
    template_name = "participation/survey_list.html"
    context_object_name = "rounds"

    def get_queryset(self):
        # 1 query: rounds with their counts (subqueries, see SurveyRoundQuerySet.with_counts)
        return SurveyRound.objects.visible_to(self.request.user).with_counts()


class SurveyCreateView(LoginRequiredMixin, PermissionRequiredMixin, CreateView):
    permission_required = "participation.manage_surveys"
    form_class = SurveyRoundForm
    template_name = "participation/survey_form.html"

    def form_valid(self, form):
        messages.success(self.request, _("Die Abfragerunde ist angelegt."))
        return super().form_valid(form)


class SurveyUpdateView(SurveyCreateView, UpdateView):
    model = SurveyRound

    def form_valid(self, form):
        messages.success(self.request, _("Die Abfragerunde ist gespeichert."))
        return UpdateView.form_valid(self, form)


class SurveyDetailView(LoginRequiredMixin, View):
    """Which actor has answered which action field; for actors only their own rows."""

    def get(self, request, pk):
        survey_round = get_for_user(
            SurveyRound.objects.visible_to(request.user), request.user, pk=pk
        )  # an uninvited actor must not learn of the round: 404
        fields = list(survey_round.action_fields.all())
        actors = survey_round.invited_actors.all()
        is_coordinator = request.user.has_perm("participation.view_all_answers")
        if not is_coordinator:
            actors = actors.filter(memberships__user=request.user).distinct()
        actors = list(actors)
        statuses = {
            (r.actor_id, r.action_field_id): r
            for r in SurveyResponse.objects.filter(
                survey_round=survey_round, actor__in=actors
            ).only("actor_id", "action_field_id", "status")
        }
        rows = [
            {
                "actor": actor,
                "cells": [
                    {"field": field, "response": statuses.get((actor.pk, field.pk))}
                    for field in fields
                ],
            }
            for actor in actors
        ]
        submitted = [
            sum(1 for r in statuses.values() if r.action_field_id == f.pk and r.is_submitted)
            for f in fields
        ]
        return render(
            request,
            "participation/survey_detail.html",
            {
                "round": survey_round,
                "fields": fields,
                "rows": rows,
                "submitted": submitted,
                "is_coordinator": is_coordinator,
                "is_open": survey_round.is_open(),
            },
        )


class SurveyAnswerView(LoginRequiredMixin, View):
    """One actor's answer for one action field: offers and needs, as draft or submitted."""

    template_name = "participation/survey_answer.html"

    def setup_objects(self, request, pk, actor_pk, field_pk):
        survey_round = get_for_user(
            SurveyRound.objects.visible_to(request.user), request.user, pk=pk
        )  # an uninvited actor must not learn of the round: 404
        actor = get_object_or_404(survey_round.invited_actors.all(), pk=actor_pk)
        if not request.user.has_perm("participation.answer_survey", actor):
            raise Http404  # another actor's answers are not even shown to exist
        field = get_object_or_404(survey_round.action_fields.all(), pk=field_pk)
        response = SurveyResponse.objects.filter(
            survey_round=survey_round, actor=actor, action_field=field
        ).first() or SurveyResponse(survey_round=survey_round, actor=actor, action_field=field)
        return survey_round, actor, field, response

    def render_page(self, request, survey_round, actor, field, response, forms):
        editable = survey_round.is_open() and not response.is_submitted
        context = {
            "round": survey_round,
            "actor": actor,
            "field": field,
            "response": response,
            "editable": editable,
            "offers": response.offers.all() if response.pk else [],
            "needs": response.needs.all() if response.pk else [],
            "submitting": "submit" in request.POST,
            **forms,
        }
        return render(request, self.template_name, context)

    def get(self, request, pk, actor_pk, field_pk):
        survey_round, actor, field, response = self.setup_objects(request, pk, actor_pk, field_pk)
        forms = {
            "offer_formset": OfferFormSet(instance=response, prefix="offers"),
            "need_formset": NeedFormSet(instance=response, prefix="needs"),
            "comment_form": ResponseCommentForm(initial={"comment": response.comment}),
        }
        return self.render_page(request, survey_round, actor, field, response, forms)

    def post(self, request, pk, actor_pk, field_pk):
        survey_round, actor, field, response = self.setup_objects(request, pk, actor_pk, field_pk)
        forms = {
            "offer_formset": OfferFormSet(request.POST, instance=response, prefix="offers"),
            "need_formset": NeedFormSet(request.POST, instance=response, prefix="needs"),
            "comment_form": ResponseCommentForm(request.POST),
        }
        if all(f.is_valid() for f in forms.values()):
            submit = "submit" in request.POST
            try:
                services.survey_response_save(
                    survey_round=survey_round,
                    actor=actor,
                    action_field=field,
                    user=request.user,
                    comment=forms["comment_form"].cleaned_data["comment"],
                    offers=formset_rows(forms["offer_formset"]),
                    needs=formset_rows(forms["need_formset"]),
                    submit=submit,
                    nothing_to_report=forms["comment_form"].cleaned_data["nothing_to_report"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):  # about a field of the form: show it there
                    forms["comment_form"].add_error(None, error)
                else:
                    messages.error(request, " ".join(error.messages))
            else:
                if submit:
                    messages.success(request, _("Ihre Antwort ist abgesendet. Vielen Dank!"))
                    return redirect(survey_round.get_absolute_url())
                messages.success(request, _("Der Entwurf ist gespeichert."))
                return redirect(request.path)
        # Invalid input: the error summary at the top of the form lists what is wrong.
        return self.render_page(request, survey_round, actor, field, response, forms)


class SurveyFieldView(LoginRequiredMixin, View):
    """All actors' answers for one action field, side by side (coordinator)."""

    def get(self, request, pk, field_pk):
        survey_round = get_for_user(
            SurveyRound.objects.visible_to(request.user), request.user, pk=pk
        )  # an uninvited actor must not learn of the round: 404
        require(request.user, "participation.view_all_answers")
        field = get_object_or_404(survey_round.action_fields.all(), pk=field_pk)
        # queries: round, field, responses, offers, needs (+ their measures), invited actors
        responses = {
            r.actor_id: r
            for r in SurveyResponse.objects.filter(
                survey_round=survey_round, action_field=field
            ).prefetch_related("offers", "needs__measure")
        }
        actors = list(survey_round.invited_actors.all())
        columns = [{"actor": a, "response": responses[a.pk]} for a in actors if a.pk in responses]
        unanswered = [a for a in actors if a.pk not in responses]
        return render(
            request,
            "participation/survey_field.html",
            {
                "round": survey_round,
                "field": field,
                "fields": survey_round.action_fields.all(),
                "columns": columns,
                "unanswered": unanswered,
            },
        )


class SurveyExportView(LoginRequiredMixin, View):
    def get(self, request, pk):
        survey_round = get_for_user(
            SurveyRound.objects.visible_to(request.user), request.user, pk=pk
        )  # an uninvited actor must not learn of the round: 404
        require(request.user, "participation.view_all_answers")
        filename, mimetype, content = export.render(survey_round)
        return file_response(content, filename=filename, mimetype=mimetype, as_attachment=True)


class NeedToMeasureView(LoginRequiredMixin, View):
    """One click: a submitted need becomes a draft measure that remembers the need."""

    http_method_names = ["post"]

    def post(self, request, pk):
        require(request.user, "participation.create_measure_from_need")
        need = get_object_or_404(Need.objects.select_related("response"), pk=pk)
        try:
            measure = services.need_create_draft_measure(need=need, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            response = need.response
            return redirect(
                "participation:survey_field",
                pk=response.survey_round_id,
                field_pk=response.action_field_id,
            )
        messages.success(
            request,
            _(
                "Der Maßnahmenentwurf %(number)s ist angelegt. Er ist noch nicht SMART: "
                "ergänzen Sie, was fehlt."
            )
            % {"number": measure.number},
        )
        return redirect(measure.get_absolute_url())
