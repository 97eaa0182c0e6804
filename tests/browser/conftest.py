"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium), never a download.

Without a browser these tests are skipped, unless REQUIRE_BROWSER=1 (set by CI), where a
missing browser is an error. axe-core comes vendored from npm (tests/browser/vendor).
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop; ORM calls in test bodies are still fine.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
PASSWORD = "pw-for-tests-123"  # factories' default
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(
                f"REQUIRE_BROWSER=1 but no browser at {CHROMIUM} (apt-get install chromium)"
            )
        pytest.skip(f"no browser at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    # bypass_csp only lets the test inject axe-core; the app itself keeps its CSP.
    context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin", bypass_csp=True)
    context.set_default_timeout(15_000)
    context.add_init_script(path=str(AXE_JS))
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def login(page, username, password=PASSWORD):
    """Log in through the real login form (CSRF on)."""
    page.goto(f"{page.base_url}/konto/login/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()


def axe_violations(page) -> list[dict]:
    """Run axe-core on the current page; return WCAG 2.1 A/AA violations."""
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(AXE_JS))
    # Only violations are collected and sent back: passes and inapplicable rules would be
    # most of the work and of the result's size.
    return page.evaluate(AXE_RUN, AXE_TAGS)


AXE_RUN = """async tags => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
  });
  return result.violations.map(v => ({
    id: v.id, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target),
  }));
}"""


def assert_accessible(page):
    page.wait_for_load_state()
    violations = axe_violations(page)
    assert violations == [], f"axe violations on {page.url}: {violations}"
