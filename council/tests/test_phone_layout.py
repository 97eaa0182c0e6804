"""On a phone a wide table scrolls inside its own region, never the whole page.

Every table on the pages of participation, evaluation, council and concept sits in a
``table-responsive`` wrapper that is keyboard-focusable and named (axe rule
scrollable-region-focusable) and positioned, so that visually hidden text inside the table
cannot widen the page. The real widths at 390 px are measured in test_browser_phone.py.
"""

import pytest
from django.urls import resolve

from concept.models import User

from .phone_pages import crawl, unwrapped_tables

# The pages the phone review found scrolling sideways (view names), each must be crawled.
REVIEWED = {
    "coordinator": {
        "council:paper-list",
        "council:paper-detail",
        "council:revision-list",
        "evaluation:cycle_detail",
        "evaluation:matrix_detail",
        "participation:conference_list",
        "participation:conference_detail",
        "participation:survey_list",
        "participation:survey_field",
        "concept:goal_list",
    },
    "council": {"council:paper-list", "council:paper-detail", "evaluation:cycle_detail"},
    "actor": {"participation:survey_answer", "evaluation:assessment_detail"},
}
USERNAMES = {"coordinator": "koordination", "council": "rat", "actor": "akteur"}


@pytest.mark.parametrize("role", ["coordinator", "council", "actor"])
def test_every_table_scrolls_in_a_focusable_named_region(client, demo_data, role):
    client.force_login(User.objects.get(username=USERNAMES[role]))
    pages = crawl(client)
    assert REVIEWED[role] <= {resolve(path).view_name for path in pages}
    failures = {path: unwrapped_tables(html) for path, html in pages.items()}
    assert {path: bad for path, bad in failures.items() if bad} == {}
    assert sum(html.count("<table") for html in pages.values()) > 10
