"""docs/rules.md is the committed rule reference; it must match what `healthlint rules
--format markdown` prints, so the published catalogue never drifts from the packs."""
from pathlib import Path

from healthlint.reporters.catalog import rules_markdown
from healthlint.ruleset import load_ruleset

DOC = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def test_rule_reference_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == rules_markdown(load_ruleset()), \
        "regenerate with: healthlint rules --format markdown > docs/rules.md"
