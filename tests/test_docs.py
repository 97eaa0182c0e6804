"""The README stays a door, and the handbook's links lead somewhere.

Cheap checks without MkDocs (``make docs`` builds the site with ``--strict`` on top of these).
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
README = ROOT / "README.md"

# [text](target) and ![alt](target); the target ends at whitespace or ")".
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")


def markdown_files() -> list[Path]:
    return [README, *sorted(DOCS.rglob("*.md"))]


def relative_links(path: Path) -> list[str]:
    """Link targets in a Markdown file that point into the repository (no URLs, no code)."""
    text = INLINE_CODE.sub("", FENCE.sub("", path.read_text(encoding="utf-8")))
    targets = []
    for target in LINK.findall(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith(("#", "/")):
            continue  # http:, mailto:, an anchor on the same page, a path on the server
        targets.append(target)
    return targets


def test_readme_is_a_door_not_a_manual():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) < 150, f"README.md has {len(lines)} lines; move details into docs/"


def test_readme_names_the_two_commands_and_the_demo_logins():
    text = README.read_text(encoding="utf-8")
    for needle in ("make run", "make test", "laatzen-demo", "`koordination`", "`akteur`", "`rat`"):
        assert needle in text


@pytest.mark.parametrize("path", markdown_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_points_to_an_existing_file(path):
    missing = [
        target
        for target in relative_links(path)
        if not (path.parent / target.split("#", 1)[0]).resolve().exists()
    ]
    assert missing == [], f"{path.relative_to(ROOT)} links to missing files: {missing}"


def test_the_link_check_finds_links_and_a_missing_target(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "[da](page.md#abschnitt) ![Bild](img/fehlt.png) [web](https://example.org) "
        "`[code](nicht.md)`\n```\n[block](auch-nicht.md)\n```\n",
        encoding="utf-8",
    )
    targets = relative_links(page)
    assert targets == ["page.md#abschnitt", "img/fehlt.png"]
    assert not (tmp_path / "img/fehlt.png").exists()


def test_every_handbook_page_is_in_the_navigation():
    nav = set(re.findall(r":\s*(\S+\.md)\s*$", (ROOT / "mkdocs.yml").read_text(), re.MULTILINE))
    pages = {str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md")}
    assert pages - nav == set(), "pages missing from the nav in mkdocs.yml"
    assert nav - pages == set(), "nav entries without a page"


def test_every_image_of_the_handbook_is_used_and_small():
    images = sorted((DOCS / "img").glob("*.png"))
    used = {
        (path.parent / target).resolve()
        for path in DOCS.rglob("*.md")
        for target in relative_links(path)
    }
    assert [img.name for img in images if img.resolve() not in used] == []
    assert sum(img.stat().st_size for img in images) < 2_000_000
