"""The public app's routes in the permission matrix (``tests/permission_matrix.py``).

The page is published in the shared test world by participation's ``extend_world`` (the
publication switch is participation's). ``w.own_document`` (measures' ``extend_world``) is an
internal document of ``w.own_measure``, which is on the page; ``w.released_document`` is a
released one next to it."""

from tests.permission_matrix import Route

PUBLIC = {"anonymous": 200, "coordinator": 200, "actor": 200, "other_actor": 200, "council": 200}
NOBODY = dict.fromkeys(PUBLIC, 404)
# Unpublished: only the coordination's preview.
PREVIEW = {**NOBODY, "coordinator": 200}


def extend_world(world):
    from measures.document_services import measure_document_set_public
    from measures.tests.factories import measure_document

    coordinator = world.users["coordinator"]
    world.released_document = measure_document(
        world.own_measure, user=coordinator, name="Flyer.pdf"
    )
    measure_document_set_public(document=world.released_document, user=coordinator, public=True)


def _released(w):
    return {"pk": w.released_document.pk}


def _released_while_unpublished(w):
    """Takes the page down for this one request (each matrix test runs in its own savepoint)."""
    from participation.models import PublicationSettings

    settings = PublicationSettings.load()
    settings.is_published = False
    settings.save()
    return _released(w)


def _unpublished(w):
    _released_while_unpublished(w)
    return {}


ROUTES = [
    Route("public:overview", PUBLIC),
    # a released document of a measure on the page: for everyone; an internal one: for nobody
    Route("public:document", PUBLIC, kwargs=_released, label="released"),
    Route("public:document", NOBODY, kwargs=lambda w: {"pk": w.own_document.pk}, label="internal"),
    Route("public:document", PREVIEW, kwargs=_released_while_unpublished, label="unpublished"),
    # open data and the JSON API: for everyone while published; no preview (public/api.py)
    Route("public:csv_export", PUBLIC),
    Route("public:json_export", PUBLIC),
    Route("public:json_export", NOBODY, kwargs=_unpublished, label="unpublished"),
    Route("public_api:index", PUBLIC),
    Route("public_api:measures", PUBLIC),
    Route("public_api:measures", NOBODY, kwargs=_unpublished, label="unpublished"),
    Route("public_api:measure", PUBLIC, kwargs=lambda w: {"number": w.own_measure.number}),
    Route("public_api:measure", NOBODY, kwargs=lambda w: {"number": "0.0"}, label="unknown"),
    Route("public_api:action_fields", PUBLIC),
    Route("public_api:openapi", PUBLIC),
]
