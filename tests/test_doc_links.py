"""Every finding links to its rule's entry in docs/rules.md (JSON `url`, SARIF `helpUri`), under
one base URL, and every bundled rule has the heading that link points at."""
from __future__ import annotations

import json
import re
from pathlib import Path

from healthlint.doclinks import DOCS_BASE_URL, anchor, rule_doc_url
from support import ROOT, run_cli


def test_every_bundled_rule_links_to_a_heading_of_docs_rules_md(ruleset):
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    anchors = {anchor(h) for h in re.findall(r"^#+ (.+)$", page, re.M)}
    for rule in ruleset.rules:
        url = rule_doc_url(rule.id)
        assert url is not None and url.startswith(DOCS_BASE_URL + "#"), rule.id
        assert url.split("#", 1)[1] in anchors, rule.id


def test_json_findings_carry_the_rule_url_and_sarif_help_uri_is_it(tmp_path: Path):
    draft = tmp_path / "a.md"
    draft.write_text("The key to treating insomnia.\n", encoding="utf-8")
    found = json.loads(run_cli("check", "--no-cache", "--select", "hype", "--format", "json", str(draft)).stdout)
    assert found[0]["url"] == f"{DOCS_BASE_URL}#hypekey-to"
    sarif = json.loads(run_cli("check", "--no-cache", "--select", "hype", "--format", "sarif", str(draft)).stdout)
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["hype/key-to"]["helpUri"] == f"{DOCS_BASE_URL}#hypekey-to"


def test_a_team_rule_has_no_docs_link():
    assert rule_doc_url("team/overhyped") is None
