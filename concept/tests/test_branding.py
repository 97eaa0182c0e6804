"""The page "Gemeinde & Darstellung": fallbacks, validation, the cache, the action fields."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from concept import branding
from concept import branding_services as services
from concept.models import ActionField, MunicipalityProfile
from concept.tests.factories import GoalFactory, action_field

PROFILE_URL = reverse("concept:municipality_profile")


def image_file(kind="PNG", name="wappen.png", size=(40, 48)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, kind)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


# colours and formats ------------------------------------------------------------------------


def test_contrast_ratio_agrees_with_wcag():
    assert round(branding.contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(branding.contrast_ratio("#777777", "#ffffff"), 2) == 4.48


@pytest.mark.parametrize("color", ["#003a70", "#1a5e20", "#000000"])
def test_dark_primary_colours_are_accepted(color):
    branding.validate_color_on_white_text(color)


@pytest.mark.parametrize("color", ["#fd7e14", "#777777", "#ffff00"])
def test_primary_colour_with_too_little_contrast_to_white_is_refused_in_german(color):
    with pytest.raises(ValidationError, match="Kontrast") as error:
        branding.validate_color_on_white_text(color)
    assert "4,5:1" in error.value.messages[0]


@pytest.mark.parametrize("color", ["003a70", "#03a", "#00GG00", "blau"])
def test_colour_must_be_hex(color):
    with pytest.raises(ValidationError, match="#RRGGBB"):
        branding.validate_hex_color(color)


@pytest.mark.parametrize(
    ("pattern", "number", "follow_up", "valid", "invalid"),
    [
        ("{year}/{number:03d}", "2026/014", "2026/014/1", "2018/222/1", "2018/22"),
        ("DS-{year}-{number:04d}", "DS-2026-0014", "DS-2026-0014/1", "DS-2019-0007", "2019/007"),
        ("{number}/{year}", "14/2026", "14/2026/1", "3/2021", "03/2021"),
    ],
)
def test_paper_number_format_renders_and_matches(pattern, number, follow_up, valid, invalid):
    branding.validate_paper_number_format(pattern)
    assert branding.format_paper_number(pattern, year=2026, serial=14) == number
    assert branding.format_paper_number(pattern, year=2026, serial=14, suffix=1) == follow_up
    regex = branding.paper_number_regex(pattern)
    assert regex.match(number) and regex.match(follow_up) and regex.match(valid)
    assert not regex.match(invalid)


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{year}", "genau einmal"),
        ("{year}/{number}/{number}", "genau einmal"),
        ("{jahr}/{number}", "kein Platzhalter"),
        ("{year}/{number:x}", "Stellenzahl"),
        ("{year:04d}/{number}", "Nur {number}"),
        ("{year}/{number", "Klammern"),
        ("Drucksache-Nummer-{year}-{number:09d}", "länger als 20"),
    ],
)
def test_invalid_paper_number_formats_are_refused_in_german(pattern, message):
    with pytest.raises(ValidationError) as error:
        branding.validate_paper_number_format(pattern)
    assert message in error.value.messages[0]


# coat of arms -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_png_and_jpeg_are_accepted_as_coat_of_arms(kind):
    branding.validate_coat_of_arms(image_file(kind))


def test_a_gif_named_png_is_refused_by_its_content():
    with pytest.raises(ValidationError, match="PNG- oder JPEG"):
        branding.validate_coat_of_arms(image_file("GIF", name="wappen.png"))


@pytest.mark.parametrize(
    "content",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"\x89PNG\r\n\x1a\nnot really a png",
        b"plain text",
    ],
)
def test_svg_and_broken_files_are_refused_as_coat_of_arms(content):
    with pytest.raises(ValidationError, match="PNG- oder JPEG"):
        branding.validate_coat_of_arms(SimpleUploadedFile("wappen.png", content))


def test_huge_coat_of_arms_is_refused():
    with pytest.raises(ValidationError, match="2000 × 2000"):
        branding.validate_coat_of_arms(image_file(size=(2100, 2000)))


# fallbacks and the cache --------------------------------------------------------------------


@pytest.mark.django_db
def test_without_a_profile_the_settings_answer(settings):
    settings.MUNICIPALITY_NAME = "Stadt Irgendwo"
    settings.IMPRINT_URL = "https://irgendwo.example/impressum"
    current = branding.current()
    assert current.name == current.short_name == "Stadt Irgendwo"
    assert current.imprint_url == "https://irgendwo.example/impressum"
    assert current.primary_color == branding.DEFAULT_PRIMARY_COLOR
    assert current.paper_number_format == "{year}/{number:03d}"


@pytest.mark.django_db
def test_blank_profile_fields_fall_back_and_legal_links_to_the_municipality_site(
    coordinator, settings
):
    settings.CONCEPT_TITLE = "Konzept aus den Einstellungen"
    services.municipality_profile_update(
        user=coordinator, name="Gemeinde Musterhausen", municipality_url="https://muster.example/"
    )
    current = branding.current()
    assert current.name == "Gemeinde Musterhausen"
    assert current.concept_title == "Konzept aus den Einstellungen"
    assert current.imprint_url == current.privacy_url == "https://muster.example/"


@pytest.mark.django_db
def test_branding_is_read_once_and_read_again_after_a_save(coordinator):
    branding.forget()
    with CaptureQueriesContext(connection) as first:
        branding.current()
        branding.current()
    assert len(first) == 1
    services.municipality_profile_update(user=coordinator, name="Gemeinde Neu")
    with CaptureQueriesContext(connection) as second:
        assert branding.current().name == "Gemeinde Neu"
        assert branding.current().name == "Gemeinde Neu"
    assert len(second) == 1


@pytest.mark.django_db
def test_profile_changes_have_history_with_the_user(coordinator):
    services.municipality_profile_update(user=coordinator, name="Gemeinde A")
    services.municipality_profile_update(user=coordinator, name="Gemeinde B")
    records = MunicipalityProfile.history.order_by("history_date")
    assert [r.name for r in records] == ["Gemeinde A", "Gemeinde B"]
    assert {r.history_user for r in records} == {coordinator}


# the page ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_profile_page_saves_name_colours_format_and_coat_of_arms(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        PROFILE_URL,
        {
            "name": "Gemeinde Musterhausen",
            "short_name": "Musterhausen",
            "primary_color": "#1a5e20",
            "secondary_color": "#ffcc00",
            "paper_number_format": "DS-{year}-{number:04d}",
            "coat_of_arms": image_file(),
        },
    )
    assert response.status_code == 302
    current = branding.current()
    assert (current.name, current.primary_color) == ("Gemeinde Musterhausen", "#1a5e20")
    assert current.coat_of_arms.startswith("branding/wappen-")
    page = client.get(PROFILE_URL).content.decode()
    assert "DS-2026-0014, Folgevorlage DS-2026-0014/1" in page
    # every page: the colours' style sheet and the coat of arms in the header
    css = client.get(reverse("concept:branding_css", args=[current.version]))
    assert b"--municipal-primary: #1a5e20;" in css.content
    assert reverse("concept:branding_css", args=[current.version]) in page
    arms = client.get(reverse("concept:coat_of_arms", args=[current.version]))
    assert arms.status_code == 200 and arms["Content-Type"] == "image/png"
    assert arms.content.startswith(b"\x89PNG")
    # saving without a new upload keeps the coat of arms
    client.post(PROFILE_URL, {"name": "Gemeinde Musterhausen", "primary_color": "#1a5e20"})
    assert branding.current().coat_of_arms == current.coat_of_arms
    client.post(PROFILE_URL, {"name": "Gemeinde Musterhausen", "remove_coat_of_arms": "on"})
    assert branding.current().coat_of_arms == ""


@pytest.mark.django_db
def test_profile_page_refuses_bad_values_in_german_and_keeps_the_input(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        PROFILE_URL,
        {
            "name": "Gemeinde Musterhausen",
            "primary_color": "#fd7e14",
            "paper_number_format": "{jahr}/{number}",
            "coat_of_arms": SimpleUploadedFile("wappen.svg", b"<svg/>"),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kontrast" in html and "kein Platzhalter" in html and "PNG- oder JPEG" in html
    assert 'value="Gemeinde Musterhausen"' in html and 'value="#fd7e14"' in html
    assert not MunicipalityProfile.objects.exists()


# action fields -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_fresh_install_has_laatzens_seven_fields_in_order():
    assert [(f.number, f.name, f.order) for f in ActionField.objects.all()][:2] == [
        (1, "Willkommenskultur", 1),
        (2, "Wohnen und Leben", 2),
    ]
    assert ActionField.objects.count() == 7


@pytest.mark.django_db
def test_coordinator_adds_renames_reorders_a_field_with_history(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("concept:action_field_create"), {"number": 8, "name": "Gesundheit", "order": 0}
    )
    assert response.status_code == 302
    field = ActionField.objects.get(number=8)
    assert ActionField.objects.first() == field  # order 0: first
    client.post(
        reverse("concept:action_field_update", args=[field.pk]),
        {"number": 8, "name": "Gesundheit und Pflege", "order": ""},
    )
    field.refresh_from_db()
    assert (field.name, field.slug, field.order) == (
        "Gesundheit und Pflege",
        "gesundheit-und-pflege",
        8,
    )
    assert field.history.count() == 2 and field.history.first().history_user == coordinator
    # without measures in it, the field may take another number
    client.post(
        reverse("concept:action_field_update", args=[field.pk]),
        {"number": 12, "name": "Gesundheit und Pflege", "order": 12},
    )
    field.refresh_from_db()
    assert field.number == 12


@pytest.mark.django_db
def test_duplicate_number_or_name_gets_a_german_message(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("concept:action_field_create"), {"number": 3, "name": "Teilhabe", "order": 1}
    )
    html = response.content.decode()
    assert "Diese Nummer hat schon ein anderes Handlungsfeld." in html
    assert "Ein Handlungsfeld mit diesem Namen gibt es schon." in html


@pytest.mark.django_db
def test_deactivated_field_takes_no_new_goals_but_keeps_its_own(client, coordinator):
    field = action_field(7)
    goal = GoalFactory(action_field=field, title="Netzwerk pflegen")
    client.force_login(coordinator)
    client.post(reverse("concept:action_field_activate", args=[field.pk]), {"active": "0"})
    field.refresh_from_db()
    assert not field.is_active
    new_goal_form = client.get(reverse("concept:goal_create")).content.decode()
    assert (
        ">7. Vernetzung<" not in new_goal_form and ">6. Interkulturelle Öffnung<" in new_goal_form
    )
    assert (
        "Vernetzung" in client.get(reverse("concept:goal_update", args=[goal.pk])).content.decode()
    )
    client.post(reverse("concept:action_field_activate", args=[field.pk]), {"active": "1"})
    field.refresh_from_db()
    assert field.is_active


@pytest.mark.django_db
def test_field_with_goals_is_not_deleted_but_the_message_says_deactivate(client, coordinator):
    field = action_field(6)
    GoalFactory(action_field=field)
    client.force_login(coordinator)
    response = client.post(reverse("concept:action_field_delete", args=[field.pk]), follow=True)
    assert ActionField.objects.filter(pk=field.pk).exists()
    assert "lässt sich deaktivieren" in response.content.decode()
    empty = action_field(7)
    client.post(reverse("concept:action_field_delete", args=[empty.pk]))
    assert not ActionField.objects.filter(pk=empty.pk).exists()


@pytest.mark.django_db
def test_action_field_list_needs_constant_queries(client, coordinator, django_assert_num_queries):
    client.force_login(coordinator)
    for n in range(8, 12):
        ActionField.objects.create(number=n, name=f"Feld {n}", slug=f"feld-{n}", order=n)
    # session, user, groups (the navigation), the fields with their goal counts
    with django_assert_num_queries(4):
        response = client.get(reverse("concept:action_field_list"))
    assert response.content.decode().count("Bearbeiten<span") == 11
