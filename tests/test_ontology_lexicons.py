"""scripts/build_ontology_lexicons.py keeps the disease and symptom names a health writer uses and
drops codes, research categories and everyday words, so the generated lexicons stay reproducible."""
from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("build_ontology_lexicons", ROOT / "scripts" / "build_ontology_lexicons.py")
build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build)


def test_disease_and_symptom_filters(tmp_path):
    (tmp_path / "disease-ontology-labels.txt").write_text(
        "sinusitis\nlung cancer\n3-M syndrome\nautosomal dominant disease\norganism\n"
        "chronic obstructive pulmonary disease with emphysema\ncarpal tunnel syndrome\n", encoding="utf-8")
    (tmp_path / "symptom-ontology-labels.txt").write_text(
        "nausea\nchest pain\nfatigue\nabnormal posture\nhopping\nsevere persistent dry cough\n", encoding="utf-8")
    # "lung cancer" is reached through "cancer", which the conditions lexicon lists on its own
    assert build.disease_names(tmp_path) == ["carpal tunnel syndrome", "sinusitis"]
    assert build.symptom_names(tmp_path) == ["chest pain", "nausea"]


def test_generated_files_are_valid_lexicons(tmp_path):
    from healthlint.lexicons import load_lexicon

    build.write(tmp_path / "x.toml", "x", "test", ["carrion's disease", "lung cancer"])
    lexicon = load_lexicon(tmp_path / "x.toml")
    assert lexicon.plurals and ("lung", "cancers") in lexicon.phrases()
