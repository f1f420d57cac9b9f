"""The HTML report as a reviewer sees it: `check --format html` over fixtures/ (plus hostile
drafts) opened in a real headless Chromium driven by Playwright.

Needs the system's Chromium (Debian: `apt-get install chromium`; `.ci/run` installs it) and the
`playwright` package from the test extras; Playwright's own browser download is never used.
Set HEALTHLINT_CHROMIUM to point at another Chromium binary. Skipped, saying why, when either
is missing. The first screen is saved to tests/artifacts/report-first-screen.png for a person
to look at.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from integration_support import run

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

HOSTILE_TXT = (
    "Our tea cures cancer <script>alert(1)</script> in weeks.\n\n"
    "It is a miracle cure \"><img src=x onerror=alert(1)> for everyone.\n\n"
    "Clinically proven to boost immunity. <img src=x onerror=\"window.__pwned=1\">\n"
)
HOSTILE_HTML = ("<main><p>Our tea cures cancer &lt;script&gt;alert(1)&lt;/script&gt; "
                "&quot;&gt;&lt;img src=x onerror=alert(1)&gt; and is 100% safe.</p></main>\n")
HOSTILE_NAME = '"><img src=x onerror=alert(1)>.txt'


def _chromium() -> str | None:
    candidates = [os.environ.get("HEALTHLINT_CHROMIUM"), shutil.which("chromium"),
                  shutil.which("chromium-browser"), "/usr/bin/chromium"]
    return next((c for c in candidates if c and Path(c).is_file()), None)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    executable = _chromium()
    if executable is None:
        pytest.skip("no Chromium installed (apt-get install chromium, or set HEALTHLINT_CHROMIUM)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """(path of the report, findings as JSON) for fixtures/ and a folder of hostile drafts."""
    work = tmp_path_factory.mktemp("report")
    hostile = work / "hostile"
    hostile.mkdir()
    (hostile / "hostile.txt").write_text(HOSTILE_TXT, encoding="utf-8")
    (hostile / "hostile.html").write_text(HOSTILE_HTML, encoding="utf-8")
    (hostile / HOSTILE_NAME).write_text("This tea cures cancer.\n", encoding="utf-8")
    out = work / "report.html"
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        listed = run("check", "--format", "json", "fixtures", str(hostile))
        made = run("check", "--format", "html", "-o", str(out), "fixtures", str(hostile))
    finally:
        os.chdir(here)
    assert listed.exit_code == made.exit_code == 1, listed.stderr + made.stderr
    return out, json.loads(listed.stdout)


@pytest.fixture
def page(browser, report):
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(report[0].as_uri())
    yield page
    context.close()


MARKS = """() => Array.from(document.querySelectorAll('mark[id]')).map(m => {
  const r = m.getBoundingClientRect(), style = getComputedStyle(m), tag = m.querySelector('.tag');
  return {id: m.id, cat: m.dataset.cat, sev: m.dataset.sev, off: m.classList.contains('off'),
          visible: r.width > 0 && r.height > 0 && style.visibility === 'visible',
          background: style.backgroundColor,
          label: tag && tag.getBoundingClientRect().width > 0 ? tag.textContent : null};
})"""
NOTES = """() => Array.from(document.querySelectorAll('article.note')).map(n => ({
  n: n.dataset.n, cat: n.dataset.cat, sev: n.dataset.sev, rule: n.querySelector('.rule').textContent,
  loc: n.querySelector('.loc').textContent, visible: n.getBoundingClientRect().height > 0}))"""


def _expected(findings: list[dict]) -> list[tuple[str, str]]:
    ordered = sorted(findings, key=lambda f: (f["path"], f["offset"], -f["end_offset"], f["rule"]))
    return [(f["rule"], f"line {f['line']}, column {f['column']}") for f in ordered]


def test_every_finding_is_marked_labelled_and_visible(page, report):
    findings = report[1]
    marks = page.evaluate(MARKS)
    assert len(marks) == len(findings) > 250
    assert all(m["visible"] for m in marks), [m["id"] for m in marks if not m["visible"]]
    # Not colour alone: each mark shows its category's name.
    assert all(m["label"] is not None and m["label"].split()[0] == m["cat"] for m in marks)
    assert all(m["background"] != "rgba(0, 0, 0, 0)" for m in marks)
    notes = page.evaluate(NOTES)
    assert [(n["rule"], n["loc"]) for n in notes] == _expected(findings)
    assert all(n["visible"] for n in notes)
    assert page.locator(".document").count() == len({f["path"] for f in findings})


def test_the_first_screen_is_saved_for_a_person_to_look_at(page, capsys):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "report-first-screen.png"
    page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with capsys.disabled():
        print(f"\n  report screenshot: {shot}")


def test_category_filter_hides_and_shows_marks_and_notes(page):
    page.uncheck('input[name="category"][value="hype"]')
    marks = page.evaluate(MARKS)
    hype = [m for m in marks if m["cat"] == "hype"]
    others = [m for m in marks if m["cat"] != "hype"]
    assert hype and others
    assert all(m["off"] and m["label"] is None and m["background"] == "rgba(0, 0, 0, 0)" for m in hype)
    assert all(not m["off"] and m["label"] and m["background"] != "rgba(0, 0, 0, 0)" for m in others)
    notes = page.evaluate(NOTES)
    assert all(n["visible"] == (n["cat"] != "hype") for n in notes)
    assert page.locator("#position").inner_text() == f"{len(others)} findings shown"

    page.check('input[name="category"][value="hype"]')
    assert all(not m["off"] and m["label"] for m in page.evaluate(MARKS))
    assert all(n["visible"] for n in page.evaluate(NOTES))


def test_severity_filter_hides_and_shows_marks(page):
    page.uncheck('input[name="severity"][value="error"]')
    marks = page.evaluate(MARKS)
    assert any(m["sev"] == "error" for m in marks)
    assert all(m["off"] == (m["sev"] == "error") for m in marks)
    assert all(n["visible"] == (n["sev"] != "error") for n in page.evaluate(NOTES))
    page.check('input[name="severity"][value="error"]')
    assert not any(m["off"] for m in page.evaluate(MARKS))


FOCUS = """() => { const a = document.activeElement, r = a.getBoundingClientRect();
  const current = document.querySelector('.note.current');
  return {id: a.id, inView: r.top >= 0 && r.bottom <= window.innerHeight,
          note: current ? current.id : null}; }"""


def test_keyboard_moves_focus_between_marks(page):
    seen = []
    for key in ["j", "j", "j", "k", "n", "p", "p"]:
        page.keyboard.press(key)
        seen.append(page.evaluate(FOCUS))
    assert [s["id"] for s in seen] == ["f1", "f2", "f3", "f2", "f3", "f2", "f1"]
    assert all(s["inView"] for s in seen), "the focused mark is scrolled into view"
    assert all(s["note"] == "n" + s["id"][1:] for s in seen), "its note is highlighted"
    assert page.locator("#position").inner_text() == f"Finding 1 of {len(page.evaluate(MARKS))}"


def test_keyboard_skips_filtered_marks(page):
    page.uncheck('input[name="category"][value="cure"]')
    wanted = [m["id"] for m in page.evaluate(MARKS) if m["cat"] != "cure"][:12]
    seen = []
    for _ in wanted:
        page.keyboard.press("j")
        seen.append(page.evaluate(FOCUS)["id"])
    assert seen == wanted


def test_a_hostile_draft_executes_nothing(page, report):
    marks = page.evaluate(MARKS)
    for _ in marks:  # visit every finding, the hostile ones included
        page.keyboard.press("n")
    assert page.dialogs == []
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 1
    assert page.locator("[onerror]").count() == 0
    text = page.locator("main").text_content()  # the page's text nodes: the payloads stayed text
    assert "<script>alert(1)</script>" in text
    assert '"><img src=x onerror=alert(1)>' in text
    assert HOSTILE_NAME in text


def test_print_keeps_the_marks_and_their_labels(page):
    page.emulate_media(media="print")
    marks = page.evaluate(MARKS)
    assert all(m["visible"] and m["label"] and m["background"] != "rgba(0, 0, 0, 0)" for m in marks)
    assert not page.locator(".toolbar").is_visible()
    assert page.locator("#rule-notes-title").is_visible(), "each rule's rationale is printed once, at the end"


def test_why_shows_the_rules_rationale_and_references_beside_the_finding(page, report):
    from healthlint.ruleset import load_ruleset

    note = page.locator("article.note").first
    rule = load_ruleset().get(note.locator(".rule").inner_text())
    assert rule is not None and rule.rationale and rule.references
    note.locator("details summary").click()
    body = note.locator(".why-body")
    body.wait_for(state="visible", timeout=10_000)  # a loaded CI machine may paint a frame late
    assert body.is_visible()
    text = body.inner_text()
    assert rule.rationale.replace("*", "")[:60] in text
    assert all(ref in text for ref in rule.references)
