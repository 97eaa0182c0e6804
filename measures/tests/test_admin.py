import pytest
from django.urls import reverse

from .factories import MeasureFactory


@pytest.mark.django_db
def test_admin_shows_history_of_a_changed_measure(client, coordinator):
    measure = MeasureFactory(title="Sprachcafé alt")
    measure.title = "Sprachcafé in der Stadtbibliothek"
    measure._change_reason = "Titel präzisiert"
    measure.save()
    client.force_login(coordinator)
    response = client.get(reverse("admin:measures_measure_history", args=[measure.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Titel präzisiert" in body
    assert measure.history.count() == 2
    change = measure.history.first().diff_against(measure.history.last()).changes
    assert [(c.field, c.old, c.new) for c in change] == [
        ("title", "Sprachcafé alt", "Sprachcafé in der Stadtbibliothek")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "admin:measures_measure_changelist",
        "admin:measures_statusupdate_changelist",
        "admin:concept_actor_changelist",
        "admin:concept_goal_changelist",
        "admin:concept_actionfield_changelist",
        "admin:concept_membership_changelist",
        "admin:concept_user_changelist",
    ],
)
def test_admin_lists_open_for_the_coordinator(client, coordinator, name):
    MeasureFactory()
    client.force_login(coordinator)
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.django_db
def test_admin_is_closed_to_actor_members(client, actor_member):
    client.force_login(actor_member)
    response = client.get(reverse("admin:measures_measure_changelist"))
    assert response.status_code == 302


@pytest.mark.django_db
def test_an_admin_save_counts_the_version_up_so_open_edit_forms_notice_it(rf, coordinator):
    from django.contrib.admin.sites import site

    from measures.models import Measure

    measure = MeasureFactory()
    request = rf.post("/")
    request.user = coordinator
    site._registry[Measure].save_model(request, measure, form=None, change=True)
    measure.refresh_from_db()
    assert measure.version == 2
