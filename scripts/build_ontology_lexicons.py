"""Build rules/lexicons/ontology-conditions.toml and ontology-symptoms.toml from the CC0 name lists
of the Human Disease Ontology and the Symptom Ontology (../shared/vocab, or a folder given as the
first argument).

Only names a health writer uses are kept: at most three words of letters (no codes, numbers,
gene or strain names), a disease name must look like one (a medical suffix such as -itis or
-oma, or a head noun such as cancer, disease, infection), and symptom names that are everyday
words or vet-only signs are dropped. A multi-word name whose last word is already a condition on
its own ("breast cancer": "cancer") is left out, since cure rules allow words before the object;
that keeps the lexicon, and the rule cache, small. Run it again when the vocabularies change:

    python scripts/build_ontology_lexicons.py /work/shared/vocab
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "rules" / "lexicons"
NAME = re.compile(r"[a-z][a-z' \-]*[a-z]")
SUFFIXES = ("itis", "osis", "oma", "omas", "emia", "aemia", "pathy", "algia", "plegia", "trophy", "iasis",
            "rrhea", "rrhoea", "ectasis", "penia", "megaly", "cele", "ism")
HEADS = {"cancer", "disease", "infection", "syndrome", "disorder", "fever", "carcinoma", "tumor", "tumour",
         "allergy", "dermatitis", "hernia", "ulcer", "palsy", "pox", "flu", "influenza", "hepatitis",
         "arthritis", "apnea", "dementia", "anemia", "diabetes", "sclerosis", "failure", "stones"}
#: Words that make a name a research category rather than what a reader has ("susceptibility").
SKIP_WORDS = {"susceptibility", "type", "deficiency", "autosomal", "dominant", "recessive", "familial",
              "congenital", "hereditary", "x-linked", "neonatal", "benign", "malignant", "primary",
              "secondary", "cell", "syndrome", "disease", "disorder", "cancer", "infection", "ism"}
#: Single words that end like a disease but are ordinary English or not a condition.
NOT_CONDITIONS = {"organism", "mechanism", "prism", "tourism", "criticism", "baptism", "rhythm", "schism",
                  "aphorism", "ism", "optimism", "realism", "journalism", "mannerism", "diabetes"}
SYMPTOM_DROP = {"symptom", "abnormal", "behavior", "definition", "hopping", "wobble", "crinkle", "shakes",
                "feather", "dropping", "wheelbarrowing", "cry", "ears", "pressing", "circling", "infant",
                "postural", "perception", "proprioception", "recumbency", "hematogenous", "hypotensive",
                "afebrile", "sweaty", "overweight", "underweight", "stature", "weight", "thirst", "shock",
                "discharge", "confusion", "abortion", "miscarriage", "stillbirth", "labor", "lameness",
                "salivation", "sputum", "boil", "wasting", "stupor", "blood pressure", "pupil", "movement",
                "alteration", "involvement", "respiration", "coma", "drowsiness", "depression",
                "anxiety", "infertility", "blindness", "deafness",
                # ordinary states that supplements may lawfully address (structure/function)
                "fatigue", "tiredness", "exhaustion", "weariness", "listlessness", "malaise", "lethargy"}


def names(path: Path) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        name = line.strip().lower()
        if NAME.fullmatch(name) and len(name.split()) <= 3:
            out.append(name)
    return out


def _known_heads() -> set[str]:
    """Condition words the hand-written lexicon already lists as one word ("cancer", "disease"):
    cure rules allow words before an object, so "breast cancer" adds nothing to "cancer"."""
    import tomllib

    path = OUT / "conditions.toml"
    if not path.is_file():
        return set()
    terms = tomllib.loads(path.read_text(encoding="utf-8")).get("terms", [])
    return {t.lower() for t in terms if " " not in t}


def disease_names(vocab: Path) -> list[str]:
    kept = set()
    for name in names(vocab / "disease-ontology-labels.txt"):
        words = name.split()
        if len(words) == 1:
            if name.endswith(SUFFIXES) and name not in NOT_CONDITIONS and len(name) > 5:
                kept.add(name)
        elif words[-1] in HEADS or words[-1].endswith(SUFFIXES):
            if not set(words[:-1]) & SKIP_WORDS and all(len(w) > 2 for w in words):
                kept.add(name)
    # A name whose last word is already a condition on its own is reached through that word.
    heads = _known_heads() | {n for n in kept if " " not in n}
    return sorted(n for n in kept if " " not in n or not ({n.split()[-1], n.split()[-1].rstrip("s"), n.split()[-1] + "s"} & heads))


def symptom_names(vocab: Path) -> list[str]:
    kept = set()
    for name in names(vocab / "symptom-ontology-labels.txt"):
        words = name.split()
        if len(words) > 2 or set(words) & SYMPTOM_DROP or name in SYMPTOM_DROP:
            continue
        kept.add(name)
    return sorted(kept)


def write(path: Path, name: str, description: str, terms: list[str]) -> None:
    body = ",\n".join(f"    {json.dumps(t)}" for t in terms)
    path.write_text(f'name = "{name}"\ndescription = """{description}"""\nplurals = true\n'
                    f"terms = [\n{body},\n]\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    vocab = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[3] / "shared" / "vocab"
    diseases = disease_names(vocab)
    symptoms = symptom_names(vocab)
    write(OUT / "ontology-conditions.toml", "ontology-conditions",
          "Disease names from the Human Disease Ontology (CC0 1.0; DOreports/HumanDO.tsv), filtered by\n"
          "scripts/build_ontology_lexicons.py to names of at most three words that look like a disease\n"
          "(-itis, -osis, -oma ... or a head noun such as cancer, disease, infection). Generated: edit the\n"
          "script, not this file. Objects of cure claims beside the hand-written conditions lexicon.", diseases)
    write(OUT / "ontology-symptoms.toml", "ontology-symptoms",
          "Symptom names from the Symptom Ontology as imported by the Human Disease Ontology (CC0 1.0;\n"
          "src/ontology/imports/symp_import.owl), filtered by scripts/build_ontology_lexicons.py to names\n"
          "of one or two words, without everyday words and veterinary signs. Generated: edit the script,\n"
          "not this file. Objects of cure claims (\"relieves nausea\").", symptoms)
    print(f"{len(diseases)} disease names, {len(symptoms)} symptom names")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
