"""Pages of participation, evaluation, council and concept, found by following links.

Shared by the HTML check (every table scrolls inside its own wrapper) and the browser check at
phone width (council/tests/test_browser_phone.py).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

PREFIXES = ("/rat/", "/evaluierung/", "/beteiligung/", "/ziele/", "/akteure/", "/benutzer/")
SKIP = ("/rat/oparl/",)
START = ("/rat/drucksachen/", "/rat/fassungen/", "/evaluierung/", "/beteiligung/konferenzen/")
START += ("/beteiligung/abfragen/", "/beteiligung/kalender/", "/ziele/", "/akteure/")
START += ("/benutzer/",)
PER_VIEW = 3
HREF = re.compile(r'href="([^"#?]+)(?:\?[^"]*)?"')


def _view_name(path):
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def crawl(client) -> dict[str, str]:
    """{path: html} of the HTML pages the logged-in client reaches in our sections."""
    pages, seen, per_view = {}, set(), {}
    queue = list(START)
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        name = _view_name(path)
        if name is None or per_view.get(name, 0) >= PER_VIEW:
            continue
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        per_view[name] = per_view.get(name, 0) + 1
        html = response.content.decode()
        pages[path] = html
        for href in HREF.findall(html):
            target = urlsplit(href).path
            if target.startswith(PREFIXES) and not target.startswith(SKIP):
                queue.append(target)
    return pages


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _TableParents(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.parents: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.parents.append(self.stack[-1] if self.stack else ("", {}))
        if tag not in VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break


def unwrapped_tables(html: str) -> list[str]:
    """Tables whose parent is not a focusable, named, positioned scroll region."""
    parser = _TableParents()
    parser.feed(html)
    bad = []
    for tag, attrs in parser.parents:
        classes = attrs.get("class", "").split()
        if not (
            tag == "div"
            and "table-responsive" in classes
            and "position-relative" in classes  # else visually-hidden text widens the page
            and attrs.get("tabindex") == "0"
            and attrs.get("role") == "region"
            and (attrs.get("aria-label") or "").strip()
        ):
            bad.append(f"<{tag} {attrs}>")
    return bad
