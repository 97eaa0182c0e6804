"""Who the app belongs to: the municipality's name, coat of arms, colours and number format.

The coordination sets them on the page "Gemeinde & Darstellung" (``MunicipalityProfile``);
a blank value falls back to the environment settings (``MUNICIPALITY_NAME`` …), so a
deployment that never opened the page looks as before. Every page, mail and PDF reads them
through ``current()``: the profile's row is cached (``BRANDING_CACHE_SECONDS``) and the cache
entry is dropped when the profile is saved, so a page costs no query for it.
"""

from __future__ import annotations

import base64
import hashlib
import re
import string
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.utils.translation import gettext as _

CACHE_KEY = "concept:branding:profile:v1"
DEFAULT_PRIMARY_COLOR = "#003a70"
DEFAULT_SECONDARY_COLOR = "#fd7e14"
DEFAULT_PAPER_NUMBER_FORMAT = "{year}/{number:03d}"
# a profile's text fields and the setting each falls back to
TEXT_DEFAULTS = {
    "name": "MUNICIPALITY_NAME",
    "concept_title": "CONCEPT_TITLE",
    "coordination_office": "COORDINATION_OFFICE",
    "municipality_url": "MUNICIPALITY_URL",
    "imprint_url": "IMPRINT_URL",
    "privacy_url": "PRIVACY_URL",
}
PROFILE_FIELDS = (
    *TEXT_DEFAULTS,
    "short_name",
    "primary_color",
    "secondary_color",
    "paper_number_format",
    "coat_of_arms",
)

# Colours -----------------------------------------------------------------------------------

HEX_COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
MIN_CONTRAST = 4.5  # WCAG 2.1 AA for normal text


def _luminance(color: str) -> float:
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours (1 … 21)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def validate_hex_color(value: str) -> None:
    if not HEX_COLOR_RE.match(value or ""):
        raise ValidationError(
            _("Bitte eine Farbe in der Form #RRGGBB angeben, z. B. #003a70."), code="color"
        )


def validate_color_on_white_text(value: str) -> None:
    """Weiße Schrift muss auf der Farbe lesbar sein (Kontrast mindestens 4,5:1)."""
    validate_hex_color(value)
    ratio = contrast_ratio(value, "#ffffff")
    if ratio < MIN_CONTRAST:
        raise ValidationError(
            _(
                "Weiße Schrift hat auf %(color)s nur einen Kontrast von %(ratio)s:1; "
                "nötig sind mindestens 4,5:1 (WCAG 2.1 AA). Bitte eine dunklere Farbe wählen."
            )
            % {"color": value, "ratio": f"{ratio:.1f}".replace(".", ",")},
            code="contrast",
        )


# Council paper numbers ---------------------------------------------------------------------

_NUMBER_SPEC_RE = re.compile(r"^(0?[1-9])d$")
MAX_PAPER_NUMBER_LENGTH = 20
SUFFIX_RE = r"(/(?P<suffix>[1-9]\d{0,2}))?"


def _parse_format(pattern: str) -> list[tuple[str, str | None, str]]:
    """(literal, field, spec) parts of ``pattern``; ValueError with a German text if invalid."""
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError as error:
        raise ValueError(_("Geschweifte Klammern passen nicht zusammen.")) from error
    fields = [field for _literal, field, _spec, _conv in parts if field is not None]
    for field in fields:
        if field not in ("year", "number"):
            raise ValueError(
                _("„{%(field)s}“ ist kein Platzhalter; erlaubt sind {year} und {number}.")
                % {"field": field}
            )
    if fields.count("year") != 1 or fields.count("number") != 1:
        raise ValueError(_("Das Format braucht genau einmal {year} und genau einmal {number}."))
    for _literal, field, spec, conversion in parts:
        if conversion or (field == "year" and spec):
            raise ValueError(_("Nur {number} darf eine Stellenzahl haben, z. B. {number:03d}."))
        if field == "number" and spec and not _NUMBER_SPEC_RE.match(spec):
            raise ValueError(
                _("Die Stellenzahl schreibt sich {number:03d} (drei Stellen mit Nullen).")
            )
    return [(literal, field, spec or "") for literal, field, spec, _conv in parts]


def validate_paper_number_format(pattern: str) -> None:
    try:
        _parse_format(pattern)
    except ValueError as error:
        raise ValidationError(str(error), code="paper_number_format") from error
    if len(format_paper_number(pattern, year=2026, serial=999, suffix=99)) > (
        MAX_PAPER_NUMBER_LENGTH
    ):
        raise ValidationError(
            _("Eine Nummer in diesem Format wird länger als %(n)d Zeichen.")
            % {"n": MAX_PAPER_NUMBER_LENGTH},
            code="paper_number_format",
        )


def format_paper_number(pattern: str, *, year: int, serial: int, suffix: int | None = None) -> str:
    """The number of paper ``serial`` in ``year``; a follow-up paper gets ``/suffix``."""
    number = pattern.format(year=year, number=serial)
    return f"{number}/{suffix}" if suffix else number


def paper_number_regex(pattern: str) -> re.Pattern:
    """Matches numbers in ``pattern`` (groups ``year``, ``serial``, ``suffix``)."""
    regex = "^"
    for literal, field, spec in _parse_format(pattern):
        regex += re.escape(literal)
        if field == "year":
            regex += r"(?P<year>(19|20)\d{2})"
        elif field == "number":
            match = _NUMBER_SPEC_RE.match(spec)
            width = int(match[1]) if match else 1
            regex += rf"(?P<serial>\d{{{width}}})" if match else r"(?P<serial>[1-9]\d*)"
    return re.compile(regex + SUFFIX_RE + "$")


def paper_number_form(pattern: str) -> str:
    """The format in letters: "JJJJ/NNN" for ``{year}/{number:03d}``."""
    text = ""
    for literal, field, spec in _parse_format(pattern):
        text += literal
        if field == "year":
            text += "JJJJ"
        elif field == "number":
            match = _NUMBER_SPEC_RE.match(spec)
            text += "N" * int(match[1]) if match else "N"
    return text


def paper_number_message(pattern: str) -> str:
    """What a wrong number is told."""
    form = paper_number_form(pattern)
    return _(
        "Die Drucksachen-Nr. hat die Form %(form)s oder %(form)s/n, z. B. %(a)s oder %(b)s."
    ) % {
        "form": form,
        "a": format_paper_number(pattern, year=2026, serial=14),
        "b": format_paper_number(pattern, year=2026, serial=14, suffix=1),
    }


def paper_number_example(pattern: str) -> str:
    """How the format looks, for help texts: "2026/014, Folgevorlage 2026/014/1"."""
    return _("%(base)s, Folgevorlage %(follow_up)s") % {
        "base": format_paper_number(pattern, year=2026, serial=14),
        "follow_up": format_paper_number(pattern, year=2026, serial=14, suffix=1),
    }


# The effective values -----------------------------------------------------------------------


@dataclass(frozen=True)
class Branding:
    name: str
    short_name: str
    concept_title: str
    coordination_office: str
    municipality_url: str
    imprint_url: str
    privacy_url: str
    primary_color: str
    secondary_color: str
    paper_number_format: str
    coat_of_arms: str  # storage name, "" without one

    @property
    def version(self) -> str:
        """Changes whenever anything shown changes (cache-busting for the CSS and the arms)."""
        text = "|".join(str(getattr(self, f)) for f in self.__dataclass_fields__)
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    @property
    def paper_number_regex(self) -> re.Pattern:
        return paper_number_regex(self.paper_number_format)

    @property
    def paper_number_example(self) -> str:
        return paper_number_example(self.paper_number_format)

    def format_paper_number(self, *, year: int, serial: int, suffix: int | None = None) -> str:
        return format_paper_number(
            self.paper_number_format, year=year, serial=serial, suffix=suffix
        )

    def coat_of_arms_bytes(self) -> bytes | None:
        if not self.coat_of_arms:
            return None
        from django.core.files.storage import default_storage

        try:
            with default_storage.open(self.coat_of_arms, "rb") as handle:
                return handle.read()
        except OSError:
            return None

    def coat_of_arms_data_uri(self) -> str:
        """The coat of arms inline (for PDFs, which fetch nothing from the storage)."""
        data = self.coat_of_arms_bytes()
        if not data:
            return ""
        mimetype = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
        return f"data:{mimetype};base64,{base64.b64encode(data).decode()}"

    def as_context(self) -> dict:
        """The names templates and mails use."""
        return {
            "MUNICIPALITY_NAME": self.name,
            "MUNICIPALITY_SHORT_NAME": self.short_name,
            "CONCEPT_TITLE": self.concept_title,
            "COORDINATION_OFFICE": self.coordination_office,
            "MUNICIPALITY_URL": self.municipality_url,
            "IMPRINT_URL": self.imprint_url,
            "PRIVACY_URL": self.privacy_url,
            "BRANDING": self,
        }


def _stored_values(*, fresh: bool = False) -> dict:
    """The profile's row as a dict ({} without one), from the cache when it has it."""
    values = None if fresh else cache.get(CACHE_KEY)
    if values is None:
        # by name: the models module imports this one (its validators)
        MunicipalityProfile = apps.get_model("concept", "MunicipalityProfile")  # noqa: N806

        try:
            row = MunicipalityProfile.objects.filter(pk=1).values(*PROFILE_FIELDS).first()
        except DatabaseError:
            return {}  # before `migrate`, or the database is away: the settings still answer
        values = row or {}
        cache.set(CACHE_KEY, values, getattr(settings, "BRANDING_CACHE_SECONDS", 60))
    return values


def build(values: dict) -> Branding:
    """The effective branding of a profile's ``values``: blanks fall back to the settings."""
    text = {
        field: values.get(field) or getattr(settings, setting_name, "")
        for field, setting_name in TEXT_DEFAULTS.items()
    }
    for field in ("imprint_url", "privacy_url"):
        if not values.get(field) and values.get("municipality_url"):
            # as in the settings: without its own address it is the municipality's site
            text[field] = values["municipality_url"]
    return Branding(
        **text,
        short_name=values.get("short_name") or text["name"],
        primary_color=values.get("primary_color") or DEFAULT_PRIMARY_COLOR,
        secondary_color=values.get("secondary_color") or DEFAULT_SECONDARY_COLOR,
        paper_number_format=values.get("paper_number_format") or DEFAULT_PAPER_NUMBER_FORMAT,
        coat_of_arms=values.get("coat_of_arms") or "",
    )


def current(*, fresh: bool = False) -> Branding:
    """The effective branding; ``fresh``: read the database, not the cache (PDFs and mails,
    made in the task worker, where another process may have saved the profile a moment ago)."""
    return build(_stored_values(fresh=fresh))


def forget() -> None:
    """Drop the cached profile (after a save; tests between cases)."""
    cache.delete(CACHE_KEY)


def assume_no_profile() -> None:
    """Cache "no profile saved" without asking the database (a fresh test database)."""
    cache.set(CACHE_KEY, {}, getattr(settings, "BRANDING_CACHE_SECONDS", 60))


# Coat of arms ------------------------------------------------------------------------------

MAX_COAT_OF_ARMS_BYTES = 1024 * 1024
MAX_COAT_OF_ARMS_PIXELS = 2000 * 2000


def validate_coat_of_arms(upload) -> None:
    """A PNG or JPEG by its content (not its name), at most 1 MB and 2000 × 2000 pixels."""
    from PIL import Image

    if upload.size > MAX_COAT_OF_ARMS_BYTES:
        raise ValidationError(_("Das Wappen ist größer als 1 MB."), code="coat_of_arms_size")
    message = _("Das Wappen muss ein PNG- oder JPEG-Bild sein (SVG und andere Formate nicht).")
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind, (width, height) = image.format, image.size
            if kind not in ("PNG", "JPEG"):
                raise ValidationError(message, code="coat_of_arms_format")
            if width * height > MAX_COAT_OF_ARMS_PIXELS:
                raise ValidationError(
                    _("Das Wappen hat mehr als 2000 × 2000 Bildpunkte."), code="coat_of_arms_size"
                )
            image.verify()
    except ValidationError:
        raise
    except Exception as error:  # Pillow raises many kinds for a file that is not an image
        raise ValidationError(message, code="coat_of_arms_format") from error
    finally:
        upload.seek(position)
