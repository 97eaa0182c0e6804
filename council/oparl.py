"""OParl 1.1 serialisation of council papers (read-only, public papers only).

Only public papers that are submitted or decided are exported; everything else is 404, for
everyone, logged in or not: the export is the public face for council information systems.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from concept.branding import current as current_branding
from core import formatting

from .models import Consultation, CouncilPaper

SCHEMA = "https://schema.oparl.org/1.1/"


def _iso(value) -> str:
    return value.isoformat(timespec="seconds")


def _url(request, name, *args) -> str:
    return request.build_absolute_uri(reverse(f"council:{name}", args=args))


def exported_papers():
    return (
        CouncilPaper.objects.public_released()
        .select_related("reporting_round")
        .prefetch_related("consultations")
    )


def exported_consultations():
    """The Beratungsfolge rows of exported papers: the same visibility as the papers."""
    return Consultation.objects.filter(paper__in=CouncilPaper.objects.public_released())


def _first_and_last_change():
    """(created, modified) of the export: its oldest paper's creation, its latest change."""
    first = exported_papers().order_by("created_at").first()
    last = exported_papers().order_by("-updated_at").first()
    now = timezone.now()
    return (first.created_at if first else now, last.updated_at if last else now)


def system(request) -> dict:
    """The entry point of an OParl client: which version, where the bodies are."""
    created, modified = _first_and_last_change()
    branding = current_branding()
    return {
        "id": _url(request, "oparl-system"),
        "type": SCHEMA + "System",
        "oparlVersion": SCHEMA,
        "body": _url(request, "oparl-bodies"),
        "name": f"{branding.name}: {branding.concept_title}",
        "website": request.build_absolute_uri(reverse("council:paper-list")),
        "web": request.build_absolute_uri(reverse("council:paper-list")),
        "created": _iso(created),
        "modified": _iso(modified),
    }


def body(request) -> dict:
    first = exported_papers().order_by("created_at").first()
    last = exported_papers().order_by("-updated_at").first()
    branding = current_branding()
    return {
        "id": _url(request, "oparl-body"),
        "type": SCHEMA + "Body",
        "system": _url(request, "oparl-system"),
        "name": branding.name,
        "shortName": branding.short_name,
        "organization": _url(request, "oparl-organizations"),
        "person": _url(request, "oparl-empty-list", "person"),
        "meeting": _url(request, "oparl-empty-list", "meeting"),
        "paper": _url(request, "oparl-papers"),
        "legislativeTerm": [],
        "web": request.build_absolute_uri(reverse("council:paper-list")),
        "created": _iso(first.created_at if first else timezone.now()),
        "modified": _iso(last.updated_at if last else timezone.now()),
    }


GERMAN_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}
)


def organization_slug(name: str) -> str:
    """The id part of a body named in free text, German transliteration first.

    "Ausschuss für Soziales" -> "ausschuss-fuer-soziales" (slugify alone gives "fur").
    """
    return slugify(name.translate(GERMAN_TRANSLITERATION))


def organizations() -> dict[str, dict]:
    """slug -> {"name", "created", "modified"} of every body that is under direction of, or
    consulted on, an exported paper; created/modified span the papers that name it."""
    found: dict[str, dict] = {}
    for paper in exported_papers():
        for name in [paper.under_direction_of, *(c.body_name for c in paper.consultations.all())]:
            slug = organization_slug(name)
            if not slug:  # no name, or nothing a URL can carry ("–")
                continue
            entry = found.setdefault(
                slug,
                {"name": name, "created": paper.created_at, "modified": paper.updated_at},
            )
            entry["created"] = min(entry["created"], paper.created_at)
            entry["modified"] = max(entry["modified"], paper.updated_at)
    return found


def organization(request, slug: str, entry: dict) -> dict:
    """An Organization from an entry of :func:`organizations`."""
    return {
        "id": _url(request, "oparl-organization", slug),
        "type": SCHEMA + "Organization",
        "body": _url(request, "oparl-body"),
        "name": entry["name"],
        "created": _iso(entry["created"]),
        "modified": _iso(entry["modified"]),
    }


def _organization_urls(request, name: str) -> list[str]:
    slug = organization_slug(name)
    return [_url(request, "oparl-organization", slug)] if slug else []


def consultation(request, consultation: Consultation) -> dict:
    """A Consultation with its own URL as id, embedded in its Paper and served on its own.

    Meetings and agenda items are not managed here (meeting date and TOP are text on the
    paper), so ``meeting`` and ``agendaItem`` are left out rather than pointing nowhere.
    """
    return {
        "id": _url(request, "oparl-consultation", consultation.pk),
        "type": SCHEMA + "Consultation",
        "paper": _url(request, "oparl-paper", consultation.paper_id),
        "organization": _organization_urls(request, consultation.body_name),
        "role": consultation.get_role_display(),
        "authoritative": consultation.authoritative,
        "created": _iso(consultation.created_at),
        "modified": _iso(consultation.updated_at),
    }


def file(request, paper: CouncilPaper) -> dict:
    return {
        "id": _url(request, "oparl-file", paper.pk),
        "type": SCHEMA + "File",
        "name": f"{paper.get_kind_display()} {paper.number}",
        "fileName": paper.pdf_filename,
        "mimeType": "application/pdf",
        "date": paper.pdf_rendered_at.date().isoformat(),
        "size": paper.pdf_size,
        "sha512Checksum": paper.pdf_sha512,
        "accessUrl": _url(request, "oparl-file-download", paper.pk),
        "downloadUrl": _url(request, "oparl-file-download", paper.pk),
        "paper": [_url(request, "oparl-paper", paper.pk)],
        "created": _iso(paper.pdf_rendered_at),
        "modified": _iso(paper.pdf_rendered_at),
    }


def status_report_file(request, paper: CouncilPaper) -> dict:
    """The Sachstandsbericht of the paper's closed reporting round, an extra File of the paper
    (rendered on the first download: no size or checksum here)."""
    closed = paper.reporting_round.closed_at
    return {
        "id": _url(request, "oparl-status-report-file", paper.pk),
        "type": SCHEMA + "File",
        "name": f"Sachstandsbericht zum {formatting.date(paper.reporting_round.as_of)}",
        "fileName": paper.status_report_filename,
        "mimeType": "application/pdf",
        "date": timezone.localdate(closed).isoformat(),
        "accessUrl": _url(request, "oparl-status-report-download", paper.pk),
        "downloadUrl": _url(request, "oparl-status-report-download", paper.pk),
        "paper": [_url(request, "oparl-paper", paper.pk)],
        "created": _iso(closed),
        "modified": _iso(closed),
    }


def paper(request, paper: CouncilPaper) -> dict:
    doc = {
        "id": _url(request, "oparl-paper", paper.pk),
        "type": SCHEMA + "Paper",
        "body": _url(request, "oparl-body"),
        "name": paper.title,
        "reference": paper.number,
        "date": paper.date.isoformat(),
        "paperType": paper.get_kind_display(),
        "underDirectionOf": _organization_urls(request, paper.under_direction_of),
        "consultation": [consultation(request, c) for c in paper.consultations.all()],
        "created": _iso(paper.created_at),
        "modified": _iso(paper.updated_at),
        "web": request.build_absolute_uri(paper.get_absolute_url()),
    }
    if paper.has_pdf:
        doc["mainFile"] = file(request, paper)
    if paper.has_status_report:
        doc["auxiliaryFile"] = [status_report_file(request, paper)]
    return doc
