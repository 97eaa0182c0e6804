"""No production code path names the first customer: templates, PDFs, mails and app code say
"Laatzen" only where the settings or the profile put it (issue 17, item 7).

Allowed: the settings' defaults, the data migration of the seven default action fields, the
demo data (``demo.py``, ``demo_data/``, ``loaddemo``) and tests. Technical names in lower case
(the package ``laatzen_integration``, the snapshot schema id, systemd units) are no text anybody
reads; the town's name and its web domain are.
"""

import re
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
APPS = ["concept", "core", "council", "evaluation", "measures", "participation", "public"]
SUFFIXES = {".py", ".html", ".txt", ".css", ".js", ".xml", ".json", ".svg"}
ALLOWED = {
    BASE / "laatzen_integration" / "settings.py",
    BASE / "concept" / "management" / "commands" / "loaddemo.py",
}
SKIPPED_PARTS = {"tests", "migrations", "demo_data", "vendor", "__pycache__"}
NAME = re.compile(r"Laatzen|LAATZEN|laatzen\.de")


def production_files():
    roots = [BASE / "templates", BASE / "static", BASE / "laatzen_integration"]
    roots += [BASE / app for app in APPS if (BASE / app).is_dir()]
    for root in roots:
        for path in root.rglob("*"):
            if (
                path.is_file()
                and path.suffix in SUFFIXES
                and not SKIPPED_PARTS & set(path.relative_to(BASE).parts)
                and path.name != "demo.py"
                and path not in ALLOWED
            ):
                yield path


def test_no_template_pdf_mail_or_app_code_names_laatzen():
    found = [
        f"{path.relative_to(BASE)}:{number}: {line.strip()}"
        for path in production_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if NAME.search(line)
    ]
    assert found == []


def test_the_check_finds_a_name_where_it_looks(tmp_path):
    """The scan reaches the templates and the apps (a check that looks nowhere passes too)."""
    scanned = {path.relative_to(BASE).parts[0] for path in production_files()}
    assert {"templates", "static", "concept", "council", "measures"} <= scanned
    assert BASE / "templates" / "base.html" in set(production_files())
    assert NAME.search("Stadt Laatzen") and NAME.search("www.laatzen.de")
    assert not NAME.search("import laatzen_integration.settings")
