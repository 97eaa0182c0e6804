"""No app names a higher one: the half of the layer rule that import-linter cannot see.

import-linter (``.importlinter``, run by ``make lint``) checks the imports. A lower app can
still depend on a higher one through a string or an attribute: ``apps.get_model("council",
…)``, a permission ``"participation.view_all_answers"``, a URL name ``"measures:list"``, a
template ``"participation/…"`` or the reverse accessor of a higher app's relation
(``actor.led_measures``). This script finds those, in each app's Python files and in its
templates (``templates/<app>/``, ``<app>/jinja2/``), and prints them as ``file:line``.

The layers are read from the layers contract in ``.importlinter`` (one source for both
checks): an app may name the apps below it, never one above it, and never an independent
sibling (``a | b`` on one line). It also finds import cycles among the modules of one app
(the graph import-linter builds, grimp). Run: ``python tools/check_layers.py`` (exit status
1 on a finding).
"""

from __future__ import annotations

import configparser
import io
import os
import re
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
CONTRACT_FILE = BASE_DIR / ".importlinter"
# Templates outside templates/<app>/: who owns them. The rest of the top level (base.html,
# the error pages, the header's account links) is the roof's frame, which may link to every
# app.
TEMPLATE_OWNERS = {"registration": "concept", "includes": "core", "pages": "core"}
ROOF_TEMPLATES = {"includes/account_nav.html"}


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(BASE_DIR)}:{self.line}: {self.message}"


def read_layers(contract_file: Path = CONTRACT_FILE) -> list[tuple[list[str], bool]]:
    """The layers contract's layers, top first: (its apps, whether they are independent).

    ``a | b`` are independent siblings (neither may name the other), ``a : b`` siblings
    that may."""
    parser = configparser.ConfigParser()
    parser.read(contract_file)
    for section in parser.sections():
        if parser.get(section, "type", fallback="") == "layers":
            layers = []
            for line in parser.get(section, "layers").splitlines():
                line = line.strip()
                if line:
                    apps = [part.strip() for part in re.split(r"[|:]", line)]
                    layers.append((apps, ":" not in line))
            return layers
    raise SystemExit(f"{contract_file}: no layers contract")


def forbidden_names(layers: list[tuple[list[str], bool]]) -> dict[str, set[str]]:
    """For each app, the apps it must not name: every app above it, and its independent
    siblings. The roof (the first layer, settings and URLs) is left out: naming a settings
    module, e.g. for a test's subprocess, is configuration, not a dependency (import-linter
    still keeps every app from importing it)."""
    forbidden: dict[str, set[str]] = {}
    above: set[str] = set()
    for index, (apps, independent) in enumerate(layers):
        for app in apps:
            siblings = {other for other in apps if other != app} if independent else set()
            forbidden[app] = set(above) | siblings
        if index > 0:
            above |= set(apps)
    return forbidden


def reverse_accessors() -> dict[str, dict[str, str]]:
    """For each app, the reverse accessors that other apps' relations put on its models:
    ``{"concept": {"led_measures": "measures", ...}}``."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laatzen_integration.settings_test")
    django.setup()
    from django.apps import apps

    found: dict[str, dict[str, str]] = {}
    for model in apps.get_models():
        owner = model._meta.app_label
        for field in model._meta.get_fields():
            if not field.is_relation or field.auto_created or field.related_model is None:
                continue
            if not hasattr(field.remote_field, "get_accessor_name"):
                continue
            target = field.related_model._meta.app_label
            accessor = field.remote_field.get_accessor_name()
            if target == owner or not accessor or accessor.endswith("+"):
                continue
            names = found.setdefault(target, {})
            names[accessor] = owner
            query_name = field.related_query_name()
            if query_name and not query_name.endswith("+"):
                names[query_name] = owner
    return found


def _string_value(token: str) -> str:
    """The text of a string literal token (prefixes and quotes dropped, no unescaping)."""
    body = token.lstrip("rRbBuUfF")
    for quote in ('"""', "'''", '"', "'"):
        if body.startswith(quote) and body.endswith(quote) and len(body) >= 2 * len(quote):
            return body[len(quote) : -len(quote)]
    return body


def _named_app(text: str, forbidden: set[str]) -> str | None:
    """The forbidden app a string names: ``app.x`` (permission, model label, module),
    ``app:x`` (URL name) or ``app/x`` (template)."""
    match = re.match(r"\s*(\w+)[.:/]\w", text)
    if match and match.group(1) in forbidden:
        return match.group(1)
    return None


def check_python(path: Path, forbidden: set[str], accessors: dict[str, str]) -> list[Finding]:
    findings = []
    tokens = list(tokenize.generate_tokens(io.StringIO(path.read_text()).readline))
    for index, token in enumerate(tokens):
        previous = [t.string for t in tokens[max(0, index - 3) : index]]
        if token.type == tokenize.STRING or token.type == getattr(tokenize, "FSTRING_MIDDLE", -1):
            text = _string_value(token.string) if token.type == tokenize.STRING else token.string
            app = _named_app(text, forbidden)
            if app:
                findings.append(Finding(path, token.start[0], f"names {app!r}: {token.string}"))
            elif text in forbidden and (
                previous[-2:] == ["get_model", "("] or previous[-2:] == ["app_label", "="]
            ):
                findings.append(Finding(path, token.start[0], f"names {text!r}: {token.string}"))
            else:
                lookup = text.split("__")[0]
                if lookup in accessors and re.fullmatch(r"[\w]+", text.replace("__", "_")):
                    findings.append(
                        Finding(
                            path,
                            token.start[0],
                            f"uses {accessors[lookup]!r}'s reverse relation {lookup!r}",
                        )
                    )
        elif token.type == tokenize.NAME:
            name = token.string.split("__")[0]
            if name not in accessors:
                continue
            attribute = previous[-1:] == ["."]
            keyword = "__" in token.string and tokens[index + 1].string == "="
            if attribute or keyword:
                findings.append(
                    Finding(
                        path,
                        token.start[0],
                        f"uses {accessors[name]!r}'s reverse relation {name!r}",
                    )
                )
    return findings


TEMPLATE_STRING = re.compile(r"""["'](\w+)[:/]\w""")
TEMPLATE_PERM = re.compile(r"\bperms\.(\w+)\.")


def check_template(path: Path, forbidden: set[str], accessors: dict[str, str]) -> list[Finding]:
    findings = []
    accessor_pattern = (
        re.compile(r"\.(" + "|".join(map(re.escape, sorted(accessors))) + r")\b")
        if accessors
        else None
    )
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        for match in TEMPLATE_STRING.finditer(line):
            if match.group(1) in forbidden:
                findings.append(Finding(path, number, f"names {match.group(1)!r}: {line.strip()}"))
        for match in TEMPLATE_PERM.finditer(line):
            if match.group(1) in forbidden:
                findings.append(Finding(path, number, f"names {match.group(1)!r}: {line.strip()}"))
        if accessor_pattern:
            for match in accessor_pattern.finditer(line):
                name = match.group(1)
                findings.append(
                    Finding(path, number, f"uses {accessors[name]!r}'s reverse relation {name!r}")
                )
    return findings


def app_files(app: str) -> tuple[list[Path], list[Path]]:
    """An app's Python files and its templates."""
    python = sorted((BASE_DIR / app).rglob("*.py"))
    templates = sorted((BASE_DIR / app).rglob("jinja2/**/*.html"))
    templates += sorted((BASE_DIR / "templates" / app).rglob("*.*"))
    for folder, owner in TEMPLATE_OWNERS.items():
        if owner == app:
            templates += [
                path
                for path in sorted((BASE_DIR / "templates" / folder).rglob("*.*"))
                if str(path.relative_to(BASE_DIR / "templates")) not in ROOF_TEMPLATES
            ]
    return python, templates


def check(layers: list[tuple[list[str], bool]] | None = None) -> list[Finding]:
    layers = layers or read_layers()
    forbidden = forbidden_names(layers)
    accessors = reverse_accessors()
    findings = []
    for app, names in forbidden.items():
        if not names or not (BASE_DIR / app).is_dir():
            continue
        # only the reverse accessors that the forbidden apps put on this app's models
        own = {name: owner for name, owner in accessors.get(app, {}).items() if owner in names}
        python, templates = app_files(app)
        for path in python:
            findings += check_python(path, names, own)
        for path in templates:
            findings += check_template(path, names, own)
    return findings


def import_cycles(graph, apps) -> list[list[str]]:
    """The import cycles among the modules of one app (its tests left out), as sorted lists
    of modules: strongly connected components of the import graph (Tarjan, iterative).

    A task module that imports the services which enqueue it is such a cycle: the services
    enqueue through the render job's dotted task path instead (``core/render_jobs.py``)."""
    cycles = []
    for app in apps:
        modules = {m for m in graph.modules if m.split(".")[0] == app and ".tests" not in m}
        edges = {
            m: sorted(t for t in graph.find_modules_directly_imported_by(m) if t in modules)
            for m in modules
        }
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        stack: list[str] = []
        on_stack: set[str] = set()
        for root in sorted(modules):
            if root in index:
                continue
            work = [(root, iter(edges[root]))]
            index[root] = low[root] = len(index)
            stack.append(root)
            on_stack.add(root)
            while work:
                node, children = work[-1]
                child = next(children, None)
                if child is None:
                    work.pop()
                    if work:
                        low[work[-1][0]] = min(low[work[-1][0]], low[node])
                    if low[node] == index[node]:
                        component = []
                        while True:
                            member = stack.pop()
                            on_stack.discard(member)
                            component.append(member)
                            if member == node:
                                break
                        if len(component) > 1:
                            cycles.append(sorted(component))
                elif child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
    return cycles


def project_import_cycles() -> list[list[str]]:
    import grimp

    apps = [app for apps, _independent in read_layers() for app in apps]
    apps = [app for app in apps if (BASE_DIR / app).is_dir()]
    return import_cycles(grimp.build_graph(*apps, cache_dir=None), apps)


def main() -> int:
    sys.path.insert(0, str(BASE_DIR))
    findings = check()
    for finding in findings:
        print(finding)
    cycles = project_import_cycles()
    for cycle in cycles:
        print("import cycle: " + " <-> ".join(cycle))
    if findings or cycles:
        print(
            f"{len(findings)} place(s) where an app names a higher layer, "
            f"{len(cycles)} import cycle(s) inside an app.",
            file=sys.stderr,
        )
        return 1
    print("No app names a higher layer; no import cycle inside an app.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
