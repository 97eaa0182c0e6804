"""core.lookup.get_for_user: 404 for what a user may not see, 403 for what they may not do."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from core.lookup import get_for_user
from council.models import Revision
from council.tests.factories import RevisionFactory
from measures.models import Measure
from measures.tests.factories import MeasureFactory


@pytest.mark.django_db
def test_returns_the_object_of_a_model_or_queryset(coordinator):
    measure = MeasureFactory()
    assert get_for_user(Measure, coordinator, pk=measure.pk) == measure
    assert get_for_user(Measure.objects.all(), coordinator, pk=measure.pk) == measure


@pytest.mark.django_db
def test_unknown_pk_is_404(coordinator):
    with pytest.raises(Http404):
        get_for_user(Measure, coordinator, pk=987654)


@pytest.mark.django_db
def test_an_object_outside_the_queryset_is_404(actor_member):
    draft = RevisionFactory()
    with pytest.raises(Http404):
        get_for_user(Revision.objects.visible_to(actor_member), actor_member, pk=draft.pk)


@pytest.mark.django_db
def test_an_object_the_user_may_not_view_is_404_not_403(coordinator, council):
    draft = RevisionFactory()
    with pytest.raises(Http404):
        get_for_user(Revision, council, pk=draft.pk, perm_view="council.view_revision")
    assert get_for_user(Revision, coordinator, pk=draft.pk, perm_view="council.view_revision")


@pytest.mark.django_db
def test_an_object_the_user_may_see_but_not_change_is_403(coordinator, actor_member):
    measure = MeasureFactory()
    kwargs = {"pk": measure.pk, "perm_view": "measures.view_measure"}
    with pytest.raises(PermissionDenied):
        get_for_user(Measure, actor_member, perm_change="measures.change_measure", **kwargs)
    assert get_for_user(Measure, actor_member, **kwargs) == measure
    assert get_for_user(Measure, coordinator, perm_change="measures.change_measure", **kwargs)


@pytest.mark.django_db
def test_select_related_joins_in_the_same_query(coordinator, django_assert_num_queries):
    measure = MeasureFactory()
    with django_assert_num_queries(1):  # the measure with its lead actor
        found = get_for_user(Measure, coordinator, pk=measure.pk, select_related=["lead_actor"])
        str(found.lead_actor)
