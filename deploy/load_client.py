"""A small threaded load client for `make cluster-demo` (loopback only, bounded in time).

Each thread has its own session (cookies by hand: the cookies are Secure, as in production,
and the client speaks plain HTTP to gunicorn while telling Django through
X-Forwarded-Proto that the proxy received HTTPS). It logs in on one instance and then
alternates between all instances: sessions live in the shared database.

A *scenario* says what one write is: ``submit(session, n, marker, base) -> str`` (empty
on success, else the reason) and
``count_stored(marker) -> int``. ``AdminStatusUpdates`` writes status updates through the
admin's add form; a scenario for the status-report page or for paper renderings can be
added next to it with the same two methods.
"""

from __future__ import annotations

import http.client
import itertools
import re
import statistics
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

DEMO_USER = "koordination"
DEMO_PASSWORD = "laatzen-demo"  # noqa: S105 (the documented demo password)


class Session:
    def __init__(self, base: str):
        self.cookies: dict[str, str] = {}
        self.base = base
        self.stats: Stats | None = None

    def request(self, method: str, path: str, data: dict | None = None, base: str | None = None):
        base = base or self.base
        parts = urlsplit(base)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the load client only talks to loopback addresses")
        origin = f"https://{parts.netloc}"
        headers = {
            "X-Forwarded-Proto": "https",
            "Origin": origin,
            "Referer": origin + path,
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        if self.stats is not None:
            self.stats.record(base, time.monotonic() - started)
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        return response.status, response.headers, content.decode(errors="replace")

    def login(self, username: str = DEMO_USER, password: str = DEMO_PASSWORD) -> None:
        status, _, html = self.request("GET", "/konto/login/")
        fields = parse_form(html, "csrfmiddlewaretoken")
        fields |= {"username": username, "password": password}
        status, headers, _ = self.request("POST", "/konto/login/", fields)
        if status != 302:
            raise RuntimeError(f"login as {username} failed: HTTP {status}")


class _FormParser(HTMLParser):
    """Collects the fields of every POST form: inputs, selects, textareas."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.forms.append({"fields": {}, "options": {}})
        if not self.forms:
            return
        form = self.forms[-1]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                form["fields"][name] = attrs.get("value", "")
        elif tag == "select" and name:
            self._select = name
            form["fields"].setdefault(name, "")
            form["options"][name] = []
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            form["options"][self._select].append(value)
            if "selected" in attrs:
                form["fields"][self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            form["fields"][name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def parse_form(html: str, must_have: str, with_options: bool = False):
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        if must_have in form["fields"]:
            return (form["fields"], form["options"]) if with_options else form["fields"]
    raise RuntimeError(f"no POST form with a field {must_have!r}")


class AdminStatusUpdates:
    """One write = one status update through the admin's add form, as the coordinator."""

    path = "/admin/measures/statusupdate/add/"

    def __init__(self, database_url: str):
        import psycopg

        self.database_url = database_url.replace("postgres://", "postgresql://", 1)
        with psycopg.connect(self.database_url) as conn:
            self.measures = [
                row[0]
                for row in conn.execute("SELECT id FROM measures_measure ORDER BY id LIMIT 10")
            ]
            self.author = conn.execute(
                "SELECT id FROM concept_user WHERE username = %s", [DEMO_USER]
            ).fetchone()[0]

    def submit(self, session: Session, n: int, marker: str, base: str) -> str:
        """Write number ``n``; return "" on success, else what went wrong."""
        status, _, html = session.request("GET", self.path, base=base)
        if status != 200:
            return f"GET {self.path}: HTTP {status}"
        fields, options = parse_form(html, "status", with_options=True)
        fields["measure"] = str(self.measures[n % len(self.measures)])
        fields["author"] = str(self.author)
        fields["status"] = next(v for v in options.get("status", []) if v)
        fields["progress"] = str(n % 101)
        fields["text"] = f"{marker} #{n}"
        status, headers, html = session.request("POST", self.path, fields, base=base)
        if status == 302 and not headers.get("Location", "").endswith("/add/"):
            return ""
        errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
        return f"POST {self.path}: HTTP {status} {' '.join(errors)[:300]}"

    def count_stored(self, marker: str) -> int:
        import psycopg

        with psycopg.connect(self.database_url) as conn:
            query = "SELECT count(*) FROM measures_statusupdate WHERE text LIKE %s"
            return conn.execute(query, [f"{marker} #%"]).fetchone()[0]


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: list[float] = field(default_factory=list)
    requests_per_instance: Counter = field(default_factory=Counter)

    def record(self, base: str, seconds: float) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.requests_per_instance[base] += 1


@dataclass
class Report:
    marker: str
    seconds: float
    stats: Stats
    successes: int = 0
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    per_instance_successes: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        requests = len(self.stats.latencies)
        lines = [
            f"Anfragen: {requests} in {self.seconds:.1f} s = {requests / self.seconds:.1f}/s",
            f"Schreibvorgänge: {self.successes} erfolgreich, {self.errors} Fehler",
        ]
        if self.stats.latencies:
            ordered = sorted(self.stats.latencies)
            p95 = ordered[int(0.95 * (len(ordered) - 1))]
            lines.append(
                f"Antwortzeit: Median {statistics.median(ordered) * 1000:.0f} ms, "
                f"95 % unter {p95 * 1000:.0f} ms"
            )
        for base, count in sorted(self.stats.requests_per_instance.items()):
            lines.append(
                f"  {base}: {count} Anfragen, {self.per_instance_successes[base]} Schreibvorgänge"
            )
        lines += [f"  Fehlerbeispiel: {sample}" for sample in self.error_samples[:3]]
        return "\n".join(lines)


def run_load(bases: list[str], scenario, *, threads: int, seconds: float) -> Report:
    stats = Stats()
    report = Report(marker=f"Lasttest {uuid.uuid4().hex[:8]}", seconds=seconds, stats=stats)
    counter = itertools.count()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(index: int) -> None:
        session = Session(bases[index % len(bases)])
        session.stats = stats
        session.login()
        instances = itertools.cycle(bases[index % len(bases) :] + bases[: index % len(bases)])
        while time.monotonic() < deadline:
            base = next(instances)
            n = next(counter)
            try:
                problem = scenario.submit(session, n, report.marker, base)
            except Exception as exc:  # counted and reported, the run goes on
                problem = f"{type(exc).__name__}: {exc}"
            ok = not problem
            with lock:
                if ok:
                    report.successes += 1
                    report.per_instance_successes[base] += 1
                else:
                    report.errors += 1
                    report.error_samples.append(problem)

    started = time.monotonic()
    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    report.seconds = time.monotonic() - started
    return report
