"""Invisible format characters in user text: refused on input, removed on output.

A right-to-left override (U+202E) or an isolate (U+2066–U+2069) makes a text show in another
order than it is stored: „Zuschuss 5.000 €“ can be stored so that it reads „Zuschuss 000.5 €“ on
paper, and zero-width characters (U+200B–U+200D, U+2060, U+FEFF) make two names that look the
same differ for search, sorting and comparison. An official paper must show what is stored.

What counts: every character of the Unicode category Cf ("format"), which holds all of the
above, the marks U+200E/U+200F and the invisible operators, except the soft hyphen (U+00AD),
which only hints where a long German word may be hyphenated. The zero-width joiner is refused
too: it is needed in some scripts (Arabic, Indic) and in emoji sequences, which a German
administration's planning texts do without; a refused text is shown again unchanged, with the
character named, so nothing typed is lost.

- Forms: every ``forms.CharField`` (and its subclasses) refuses such characters with a German
  message (``install_form_check``, called once by ``CoreConfig.ready``), so all forms, formsets
  and the admin are covered without each form opting in. Password fields are left alone:
  their text is never shown, and refusing it could lock someone out.
- Imports and other services: ``invisible_characters`` / ``invisible_error`` for row errors.
- Output: ``strip_invisible`` on the HTML of every PDF (``core.pdf.render_pdf``), because data
  stored before this check (and frozen snapshots) may still hold such characters.
"""

from __future__ import annotations

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALLOWED_FORMAT_CHARACTERS = frozenset({"\u00ad"})  # soft hyphen


def _invisible(character: str) -> bool:
    return unicodedata.category(character) == "Cf" and character not in ALLOWED_FORMAT_CHARACTERS


def invisible_characters(text: str) -> list[str]:
    """The distinct invisible format characters in ``text``, in order of first appearance."""
    return list(dict.fromkeys(c for c in text if _invisible(c)))


def describe(character: str) -> str:
    """„U+202E (RIGHT-TO-LEFT OVERRIDE)“."""
    name = unicodedata.name(character, "")
    return f"U+{ord(character):04X} ({name})" if name else f"U+{ord(character):04X}"


def invisible_error(text: str) -> str | None:
    """A German message naming the invisible characters of ``text``; None when there are none."""
    found = invisible_characters(text)
    if not found:
        return None
    return _(
        "Der Text enthält unsichtbare Steuerzeichen, die die Anzeige verändern können: %(chars)s. "
        "Bitte entfernen Sie sie (z. B. die Stelle löschen und neu tippen)."
    ) % {"chars": ", ".join(describe(c) for c in found)}


def reject_invisible(text: str) -> None:
    """A validator: ValidationError (code ``invisible_characters``) for invisible characters."""
    message = invisible_error(text)
    if message:
        raise ValidationError(message, code="invisible_characters")


def strip_invisible(text: str) -> str:
    """``text`` without invisible format characters (for output of possibly old data)."""
    if text.isascii():
        return text
    return "".join(c for c in text if not _invisible(c))


def install_form_check() -> None:
    """Make every ``forms.CharField`` refuse invisible characters (idempotent).

    Hooked into ``to_python`` (looked up at call time) rather than ``default_validators``
    (copied when a field is created), because form classes are often created before the
    project's apps are ready.
    """
    if getattr(forms.CharField.to_python, "refuses_invisible", False):
        return
    original = forms.CharField.to_python

    def to_python(self, value):
        value = original(self, value)
        if isinstance(value, str) and not isinstance(self.widget, forms.PasswordInput):
            reject_invisible(value)
        return value

    to_python.refuses_invisible = True
    forms.CharField.to_python = to_python
