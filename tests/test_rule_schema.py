"""The published JSON Schema for rule packs (docs/rule-pack.schema.json) describes the packs as
they are: every bundled pack validates, and a misspelt key is caught by it as by the loader."""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "docs" / "rule-pack.schema.json").read_text(encoding="utf-8"))
PACKS = sorted(p for p in (ROOT / "rules").glob("*.toml") if p.name != "context.toml")


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.stem)
def test_every_bundled_pack_validates_against_the_schema(path):
    jsonschema.validate(tomllib.loads(path.read_text(encoding="utf-8")), SCHEMA)


def test_the_schema_catches_a_misspelt_token_key():
    pack = {"pack": {"category": "team"}, "rule": [{
        "id": "team/x", "message": "m", "suggest": ["s"], "tokens": [{"lemma": "cure", "optinal": True}],
        "examples": {"bad": ["<<cure>> it", "<<cures>>"], "good": ["a", "b"]}}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(pack, SCHEMA)
