"""A small threaded load client for `make cluster-demo` (loopback only, bounded in time).

Each thread has its own session (cookies by hand: the cookies are Secure, as in production,
and the client speaks plain HTTP to gunicorn while telling Django through
X-Forwarded-Proto that the proxy received HTTPS). It logs in on one instance and then
alternates between all instances: sessions live in the shared database.

A *scenario* says what one write is: ``submit(session, n, marker, base) -> str`` (empty
on success, else the reason) and
``count_stored(marker) -> int`` (or its own check). ``StatusReports`` writes Sachstände
through the real status-report page; ``PaperRenderings`` clicks "PDF erzeugen" on council
papers and checks afterwards that no paper was rendered twice at the same time.
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


class StatusReports:
    """One write = one Sachstand through the real page ``/massnahmen/<pk>/sachstand/``
    (``StatusReportForm``: status, progress, indicator_value, text), as the coordinator."""

    def __init__(self, database_url: str):
        import psycopg

        self.database_url = database_url.replace("postgres://", "postgresql://", 1)
        with psycopg.connect(self.database_url) as conn:
            self.measures = [
                row[0]
                for row in conn.execute("SELECT id FROM measures_measure ORDER BY id LIMIT 10")
            ]

    def submit(self, session: Session, n: int, marker: str, base: str) -> str:
        """Write number ``n``; return "" on success, else what went wrong."""
        measure = self.measures[n % len(self.measures)]
        path = f"/massnahmen/{measure}/sachstand/"
        status, _, html = session.request("GET", path, base=base)
        if status != 200:
            return f"GET {path}: HTTP {status}"
        fields = parse_form(html, "progress")  # status and indicator value as shown
        fields["progress"] = str(n % 101)
        fields["text"] = f"{marker} #{n}"
        status, headers, html = session.request("POST", path, fields, base=base)
        if status == 302 and headers.get("Location", "").rstrip("/").endswith(f"/{measure}"):
            return ""
        errors = re.findall(r'class="invalid-feedback[^"]*"[^>]*>(.*?)</', html, re.S)
        return f"POST {path}: HTTP {status} {' '.join(errors)[:300]}"

    def count_stored(self, marker: str) -> int:
        import psycopg

        with psycopg.connect(self.database_url) as conn:
            query = "SELECT count(*) FROM measures_statusupdate WHERE text LIKE %s"
            return conn.execute(query, [f"{marker} #%"]).fetchone()[0]


class PaperRenderings:
    """One write = one click on "PDF erzeugen" (``POST /rat/drucksachen/<pk>/pdf-erzeugen/``)
    for one of ``papers``, as the coordinator; ``pause`` seconds of thinking after each.

    Afterwards :meth:`check` reads every paper's history: each claim (RUNNING) must end
    (DONE/FAILED) before the next one starts, there are no more renders than accepted
    requests, each paper ends DONE with a stored file matching its SHA-256, and no stored
    file is left over from an earlier render.
    """

    def __init__(self, database_url: str, papers: list[int], media_root, pause: float = 0.2):
        self.database_url = database_url.replace("postgres://", "postgresql://", 1)
        self.papers = papers
        self.media_root = media_root
        self.pause = pause
        self.accepted: Counter = Counter()
        self._lock = threading.Lock()

    def submit(self, session: Session, n: int, marker: str, base: str) -> str:
        paper = self.papers[n % len(self.papers)]
        status, _, html = session.request("GET", f"/rat/drucksachen/{paper}/", base=base)
        if status != 200:
            return f"GET /rat/drucksachen/{paper}/: HTTP {status}"
        token = parse_form(html, "csrfmiddlewaretoken")["csrfmiddlewaretoken"]
        path = f"/rat/drucksachen/{paper}/pdf-erzeugen/"
        status, headers, _ = session.request(
            "POST", path, {"csrfmiddlewaretoken": token}, base=base
        )
        time.sleep(self.pause)
        if status == 302 and headers.get("Location", "").endswith(f"/drucksachen/{paper}/"):
            with self._lock:
                self.accepted[paper] += 1
            return ""
        return f"POST {path}: HTTP {status}"

    def _states(self) -> dict[int, str]:
        import psycopg

        with psycopg.connect(self.database_url) as conn:
            rows = conn.execute(
                "SELECT id, pdf_state FROM council_councilpaper WHERE id = ANY(%s)", [self.papers]
            )
            return dict(rows.fetchall())

    def wait_until_rendered(self, timeout: float = 120) -> bool:
        """Wait until no paper is queued or being rendered any more."""
        deadline = time.monotonic() + timeout
        idle = 0
        while time.monotonic() < deadline:
            # Twice in a row: a worker removes the old file just after its commit.
            idle = 0 if {"queued", "running"} & set(self._states().values()) else idle + 1
            if idle == 2:
                return True
            time.sleep(0.5)
        return False

    def check(self) -> tuple[dict[int, int], list[str]]:
        """Renders per paper and the problems found (empty: everything holds)."""
        import hashlib
        from pathlib import Path

        import psycopg

        problems, renders = [], {}
        stored_files = sorted(Path(self.media_root, "council", "papers").glob("*"))
        with psycopg.connect(self.database_url) as conn:
            for paper in self.papers:
                history = [
                    row[0]
                    for row in conn.execute(
                        "SELECT pdf_state FROM council_historicalcouncilpaper WHERE id = %s "
                        "ORDER BY history_date, history_id",
                        [paper],
                    )
                ]
                claims = [state for state in history if state in ("running", "done", "failed")]
                renders[paper] = claims.count("running")
                if any(a == b == "running" for a, b in zip(claims, claims[1:], strict=False)):
                    problems.append(f"Drucksache {paper}: zweimal gleichzeitig erzeugt")
                if renders[paper] > self.accepted[paper]:
                    problems.append(f"Drucksache {paper}: mehr Erzeugungen als Anforderungen")
                if self.accepted[paper] and not renders[paper]:
                    problems.append(f"Drucksache {paper}: angefordert, aber nie erzeugt")
                state, name, sha = conn.execute(
                    "SELECT pdf_state, pdf_file, pdf_sha256 FROM council_councilpaper "
                    "WHERE id = %s",
                    [paper],
                ).fetchone()
                if self.accepted[paper] and state != "done":
                    problems.append(f"Drucksache {paper}: Zustand {state}")
                elif name:
                    data = Path(self.media_root, name).read_bytes()
                    if hashlib.sha256(data).hexdigest() != sha:
                        problems.append(f"Drucksache {paper}: Datei passt nicht zu SHA-256")
            referenced = {
                row[0]
                for row in conn.execute("SELECT pdf_file FROM council_councilpaper")
                if row[0]
            }
        orphans = [p.name for p in stored_files if f"council/papers/{p.name}" not in referenced]
        if orphans:  # old files are removed once the new one is committed
            problems.append(f"PDF-Dateien ohne Drucksache: {', '.join(orphans)}")
        return renders, problems


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
        writes = 0
        # At least one write through each instance, however slow the machine is.
        while time.monotonic() < deadline or writes < len(bases):
            writes += 1
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
