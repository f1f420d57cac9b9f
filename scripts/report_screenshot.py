"""Screenshot an HTML report in headless Chromium, as the README shows it (docs/report-screenshot.png).

    healthlint check --format html -o /tmp/report.html fixtures
    python scripts/report_screenshot.py /tmp/report.html docs/report-screenshot.png \
        --document fixtures/drafts/patient-leaflet.txt

With --document, the view opens on that draft with its first finding focused (as after pressing
j) and its "Why" open; without it, on the report's first screen. Needs Chromium (HEALTHLINT_CHROMIUM or `chromium`
on PATH) and the playwright package.
"""
from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("report", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--document", help="the draft's path as the report shows it")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=860)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("HEALTHLINT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        page.goto(args.report.resolve().as_uri())
        if args.document:
            section = page.locator("section.document", has=page.get_by_role("heading", name=args.document, exact=True))
            first = section.locator("mark[id]").first
            first.focus()
            page.locator("#n" + first.get_attribute("data-n") + " details summary").click()  # its "Why"
            first.focus()
            page.evaluate("(m) => m.scrollIntoView({block: 'center'})", first.element_handle())
        page.screenshot(path=str(args.out))
        browser.close()


if __name__ == "__main__":
    main()
