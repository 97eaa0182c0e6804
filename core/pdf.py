"""Safe PDF rendering with WeasyPrint, shared by every document renderer.

WeasyPrint's default fetcher reads local files and the network: ``<a rel="attachment"
href="file:///etc/passwd">`` would embed the file into the PDF (GHSA-35jj-wx47-4w8r). Our
fetcher serves only files of our own static directories and refuses everything else; the
HTML always comes from autoescaped templates.
"""

from __future__ import annotations

import base64
import logging
import mimetypes
import posixpath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from core.pdf_tags import FragmentMergeError, merging_fragments
from core.text import strip_invisible

logger = logging.getLogger(__name__)

# A base URL that resolves nowhere: relative links in templates become URLs below it,
# and only those below STATIC_URL are served, from our static files.
PDF_BASE_URL = "https://pdf.invalid/"


class RefusedURL(ValueError):
    """A document asked for something other than our own static files."""


class StaticOnlyURLFetcher(URLFetcher):
    """Serves ``/static/...`` from the static file finders; refuses every other URL."""

    def __init__(self):
        super().__init__(allowed_protocols={"https"}, allow_redirects=False, timeout=1)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if image := self._inline_image(url):
            return image
        path = self._static_path(url)
        if path is None:
            self.refused.append(url)
            logger.warning("PDF rendering refused to fetch %r", url[:200])
            raise RefusedURL(f"Refused: {url[:200]}")
        found = finders.find(path) or finders.find(_unhashed(path))
        if not found:
            self.refused.append(url)
            raise RefusedURL(f"No such static file: {path}")
        mimetype = mimetypes.guess_type(found)[0] or "application/octet-stream"
        with open(found, "rb") as handle:
            body = handle.read()
        return URLFetcherResponse(url, body, {"Content-Type": mimetype})

    @staticmethod
    def _inline_image(url: str) -> URLFetcherResponse | None:
        """A PNG or JPEG given inline (``data:image/png;base64,…``: the municipality's coat of
        arms); decoded here, nothing is read from disk or network."""
        for mimetype in ("image/png", "image/jpeg"):
            prefix = f"data:{mimetype};base64,"
            if url.startswith(prefix):
                try:
                    body = base64.b64decode(url.removeprefix(prefix), validate=True)
                except ValueError:
                    return None
                return URLFetcherResponse(url[:40], body, {"Content-Type": mimetype})
        return None

    @staticmethod
    def _static_path(url: str) -> str | None:
        parts = urlsplit(url)
        base = urlsplit(PDF_BASE_URL)
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            return None
        path = posixpath.normpath(unquote(parts.path))
        prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/static/"
        if not path.startswith(prefix) or ".." in path.split("/"):
            return None
        return path.removeprefix(prefix)


def _unhashed(path: str) -> str:
    """The source name of a file that ``{% static %}`` named with its content hash (the
    manifest storage of production: ``report.css`` → ``report.c0b3ade647a6.css``)."""
    hashed_files = getattr(staticfiles_storage, "hashed_files", None) or {}
    for name, hashed in hashed_files.items():
        if hashed == path:
            return name
    return path


def render_pdf(html: str) -> bytes:
    """Render HTML to a tagged, accessible PDF (PDF/UA-1) without touching disk or network.

    An element running over several pages keeps one structure element (see pdf_tags).
    Invisible format characters (bidi overrides, zero-width characters) are removed first:
    the paper shows the text in the order it is stored (core/text.py).
    """
    html = strip_invisible(html)
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyURLFetcher())
    try:
        with merging_fragments() as finisher:
            return document.write_pdf(pdf_variant="pdf/ua-1", finisher=finisher)
    except FragmentMergeError:
        # A document the merge did not expect still gets its PDF, tagged per page fragment.
        logger.exception("Merging the PDF's structure fragments failed; writing it unmerged")
        return document.write_pdf(pdf_variant="pdf/ua-1")


def render_template_pdf(template_name: str, context: dict) -> bytes:
    """Render an (autoescaped) Django template to PDF."""
    return render_pdf(render_to_string(template_name, context))
