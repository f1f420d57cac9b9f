"""The learned-checker hook (lint/models.py): a model found through the `healthlint.models`
entry point, enabled by name, reported under its own rule id, released by the causation context
policy and never repeating a rule's finding. Uses the toy model of tests/toy_model.py (trained on
sentences written for these tests), installed as a tiny distribution on sys.path."""
from __future__ import annotations

import importlib.metadata
import json
import shutil
from pathlib import Path

import pytest

from healthlint.api import default_ruleset, lint_text
from healthlint.engine import Linter
from healthlint.errors import ConfigError
from healthlint.models import load_models

from support import run_cli
from toy_model import load as load_toy

HERE = Path(__file__).parent
TOY = load_toy()


@pytest.fixture
def toy_installed(tmp_path: Path, monkeypatch) -> Path:
    """The toy model as an installed plugin: a module plus a dist-info naming its entry point."""
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(HERE / "toy_model.py", site / "healthlint_toy_model.py")
    info = site / "healthlint_toy_model-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: healthlint-toy-model\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[healthlint.models]\ntoy = healthlint_toy_model:load\n")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delenv("HEALTHLINT_MODELS", raising=False)
    return site


def _linter(**kw) -> Linter:
    from healthlint.models import _describe

    return Linter(default_ruleset(), models=[_describe("toy", TOY)], **kw)


def test_a_model_span_becomes_a_finding_under_its_own_rule_id():
    text = "Oat bran boosts memory in teenagers."
    (f,) = lint_text(text, linter=_linter())
    assert (f.rule, f.category, f.severity) == ("causation/toy-learned", "causation", "warning")
    assert f.match == text[f.offset:f.end_offset] and f.match in TOY.predict(text)[0][3]
    assert "learned model (toy)" in f.message and f"'{f.match.lower()}'" in f.message
    assert f.suggestions == [] and f.fix is None


def test_without_the_model_the_same_sentence_is_not_flagged():
    assert lint_text("Oat bran boosts memory in teenagers.") == []


@pytest.mark.parametrize("text", [
    "Oat bran may boost memory in teenagers.",                     # hedged
    "Oat bran does not boost memory in teenagers.",                # negated
    "Does oat bran boost memory in teenagers?",                    # question
    "In mice, oat bran boosts memory.",                            # animal study
    "Oat bran boosts memory in teenagers (Smith et al., 2019).",   # cited
    '"Oat bran boosts memory," says the brand.',                   # attributed (quoted)
])
def test_the_causation_context_policy_releases_a_model_finding(text: str):
    assert TOY.predict(text), "the toy model must fire here for this test to mean anything"
    assert lint_text(text, linter=_linter()) == []


def test_a_rule_finding_on_overlapping_words_wins_over_the_model():
    text = "Ginger reverses nausea."
    assert TOY.predict(text)
    findings = lint_text(text, linter=_linter())
    assert findings and all(f.rule != "causation/toy-learned" for f in findings)


def test_ignore_and_select_apply_to_a_model_like_a_rule():
    text = "Oat bran boosts memory in teenagers."
    assert lint_text(text, linter=_linter(ignore=["causation/toy-learned"])) == []
    assert [f.rule for f in lint_text(text, linter=_linter(select=["causation"]))] == ["causation/toy-learned"]


def test_models_are_found_through_their_entry_point(toy_installed: Path):
    (model,) = load_models(["toy"])
    assert model.rule_id == "causation/toy-learned" and model.plugin.predict("Oat bran boosts memory.")


def test_an_unknown_model_name_is_a_one_line_error(toy_installed: Path):
    with pytest.raises(ConfigError, match=r"model 'nope' is not installed .*available: .*\btoy\b"):
        load_models(["nope"])


def test_no_model_enabled_reads_no_entry_points(monkeypatch, tmp_path: Path):
    def boom(**_):
        raise AssertionError("entry points scanned although no model is enabled")

    monkeypatch.setattr(importlib.metadata, "entry_points", boom)
    monkeypatch.delenv("HEALTHLINT_MODELS", raising=False)
    doc = tmp_path / "a.md"
    doc.write_text("Oat bran boosts memory in teenagers.\n")
    result = run_cli("check", "--no-cache", "--output-format", "json", str(doc))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("how", ["option", "config", "env"])
def test_the_cli_enables_a_model_by_option_configuration_or_environment(toy_installed: Path, tmp_path: Path,
                                                                       monkeypatch, how: str):
    doc = tmp_path / "a.md"
    doc.write_text("Oat bran boosts memory in teenagers.\n")
    args = ["check", "--no-cache", "--output-format", "json", str(doc)]
    if how == "option":
        args[1:1] = ["--model", "toy"]
    elif how == "config":
        (tmp_path / ".healthlint.toml").write_text('models = ["toy"]\n')
    else:
        monkeypatch.setenv("HEALTHLINT_MODELS", "toy")
    result = run_cli(*args)
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)
    findings = findings["findings"] if isinstance(findings, dict) else findings
    assert [(f["rule"], f["line"], f["column"]) for f in findings] == [("causation/toy-learned", 1, 17)]


def test_an_unknown_model_on_the_command_line_exits_2_with_one_line(toy_installed: Path, tmp_path: Path):
    doc = tmp_path / "a.md"
    doc.write_text("Oat bran boosts memory.\n")
    result = run_cli("check", "--no-cache", "--model", "nope", str(doc))
    assert result.exit_code == 2
    assert "model 'nope' is not installed" in result.stderr and "Traceback" not in result.stderr


def test_the_configuration_key_must_be_a_list_of_names(tmp_path: Path):
    from healthlint.config import load_config

    (tmp_path / ".healthlint.toml").write_text('models = "toy"\n')
    with pytest.raises(ConfigError, match="models: must be a list"):
        load_config(tmp_path / ".healthlint.toml")


def test_the_configuration_may_ignore_an_enabled_models_rule(toy_installed: Path, tmp_path: Path):
    doc = tmp_path / "a.md"
    doc.write_text("Oat bran boosts memory in teenagers.\n")
    (tmp_path / ".healthlint.toml").write_text('models = ["toy"]\nignore = ["causation/toy-learned"]\n')
    result = run_cli("check", "--no-cache", str(doc))
    assert result.exit_code == 0, result.output + result.stderr


def test_a_large_file_read_in_pieces_gets_the_same_model_findings(tmp_path: Path):
    from healthlint.stream import lint_pieces

    linter = _linter()
    paragraphs = ["Oat bran boosts memory in teenagers.", "Oat bran may boost memory in teenagers.",
                  "Ginger reverses nausea.", "Cold showers boost the immune system of office workers."] * 6
    path = tmp_path / "big.md"
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    from healthlint.formats import read_document
    from healthlint.reader import read_source

    whole = linter.lint(read_document(read_source(str(path)), linter.reader_options))
    assert sum(f.rule == "causation/toy-learned" for f in whole) >= 6
    pieces = list(lint_pieces(linter, str(path), None, piece_chars=200))
    assert len(pieces) > 1 and [f for _, found in pieces for f in found] == whole
