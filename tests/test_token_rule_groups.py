"""Three pieces of the token rule language that ported regex rules rely on: a rule with
alternative sequences (`tokens = [[...], [...]]`), the `numeral` class (digits or number words),
and neighbouring specs sharing one `name` so a suggestion gets the whole phrase."""
from __future__ import annotations

from pathlib import Path

import pytest

from healthlint import Linter, load_ruleset, parse
from healthlint.errors import RuleFileError

PACK = '''
[pack]
category = "grp"
severity = "warning"
released_by = []

[[rule]]
id = "grp/dose"
message = "dose {match}"
tokens = [
    [ { word = "take" }, { class = "numeral" }, { words = ["mg", "capsules"] } ],
    [ { word = "dose" }, { word = ":" }, { regex = "\\\\d+mg" } ],
]
suggest = ["ask about {match|lower}"]
[rule.examples]
bad = ["<<Take 2 capsules>>.", "<<Dose: 5mg>>"]
good = ["Take a walk.", "Dose: ask your GP."]

[[rule]]
id = "grp/product"
message = "product {match}"
tokens = [
    { word = "buy" },
    { words = ["our", "the"], name = "product", optional = true },
    { words = ["ashwagandha", "turmeric"], name = "product" },
    { words = ["gummies", "capsules"], name = "product", optional = true },
]
suggest = ["look at {product}"]
[rule.examples]
bad = ["<<Buy our turmeric capsules>> now.", "<<Buy ashwagandha>> now."]
good = ["Buy bread.", "Do not buy it."]
'''


@pytest.fixture(scope="module")
def linter(tmp_path_factory) -> Linter:
    team = tmp_path_factory.mktemp("team")
    (team / "grp.toml").write_text(PACK, encoding="utf-8")
    return Linter(load_ruleset([team]), select=["grp"])


def found(linter: Linter, text: str) -> list[tuple[str, str]]:
    return [(f.rule, f.match) for f in linter.lint(parse(text, "draft.txt", "text"))]


def test_each_alternative_sequence_matches_under_the_one_rule_id(linter):
    assert found(linter, "Take 300 mg with food.") == [("grp/dose", "Take 300 mg")]
    assert found(linter, "Dose: 300mg") == [("grp/dose", "Dose: 300mg")]
    assert found(linter, "Take a walk. Dose: see the label.") == []


def test_numeral_takes_digits_and_number_words_but_not_other_words(linter):
    assert found(linter, "Take two capsules.") == [("grp/dose", "Take two capsules")]
    assert found(linter, "Take 2.5 mg.") == [("grp/dose", "Take 2.5 mg")]
    assert found(linter, "Take some capsules.") == []


def test_neighbouring_specs_sharing_a_name_give_the_whole_phrase(linter):
    whole = linter.lint(parse("Buy our turmeric capsules now.", "draft.txt", "text"))
    assert whole[0].suggestions == ["Look at our turmeric capsules"]
    bare = linter.lint(parse("Buy turmeric now.", "draft.txt", "text"))
    assert bare[0].suggestions == ["Look at turmeric"]


def test_only_neighbours_may_share_a_name(tmp_path: Path):
    bad = PACK.replace('{ words = ["ashwagandha", "turmeric"], name = "product" }',
                       '{ words = ["ashwagandha", "turmeric"] }')
    (tmp_path / "grp.toml").write_text(bad, encoding="utf-8")
    with pytest.raises(RuleFileError, match="only neighbours may share a name"):
        load_ruleset([tmp_path])
