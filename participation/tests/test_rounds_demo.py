"""The demo has an open reporting round with reports through every channel and a closed one."""

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from concept.models import User
from measures.models import ReportChannel, StatusUpdate
from participation.models import EntryOutcome, ReportingRound, RoundEntry


def test_demo_has_an_open_and_a_closed_round_and_loads_them_once(demo_data):
    open_round = ReportingRound.objects.open().with_counts().get()
    closed = ReportingRound.objects.closed().with_counts().get()
    today = timezone.localdate()
    assert open_round.title == f"Sachstand zum {today:%d.%m.%Y}"
    assert open_round.due_on > today and closed.due_on < today
    assert closed.closed_at < open_round.opened_at
    assert open_round.reported_count >= 2 and open_round.unchanged_count >= 1
    assert open_round.missing_count > 0
    assert StatusUpdate.objects.filter(
        created_at__gte=open_round.opened_at,
        channel=ReportChannel.PERSONAL_LINK,
        author=None,
        reported_by__contains="@",
    ).exists()
    frozen = RoundEntry.objects.filter(round=closed)
    assert frozen.filter(outcome=EntryOutcome.REPORTED).count() >= 1
    assert frozen.filter(outcome=EntryOutcome.MISSING, reported_on__isnull=False).exists()
    assert not frozen.filter(outcome="").exists()
    assert closed.history.count() == 2

    call_command("loaddemo")
    assert ReportingRound.objects.count() == 2


def test_the_coordinator_opens_every_round_page_of_the_demo(client, demo_data):
    client.force_login(User.objects.get(username="koordination"))
    open_round = ReportingRound.objects.open().get()
    urls = [
        reverse("participation:round_list"),
        reverse("participation:round_create"),
        reverse("participation:round_update", args=[open_round.pk]),
        reverse("participation:round_close", args=[open_round.pk]),
    ] + [r.get_absolute_url() for r in ReportingRound.objects.all()]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(open_round.get_absolute_url()).content.decode()
    assert "Wen anrufen?" in page and "0511 000000" in page
    closed_page = client.get(ReportingRound.objects.closed().get().get_absolute_url())
    assert "Stand beim Abschluss" in closed_page.content.decode()
