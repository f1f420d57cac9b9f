#!/usr/bin/env python3
"""Rules plus model on the PubMed rows, scored out of fold and through healthlint itself.

    python evaluate.py /path/to/dev.jsonl report.json      # report.json from train.py --report

Every row is scored by the outer-fold model of train.py's nested cross-validation that never saw
it, run inside healthlint's engine (so the context policy and the rule-wins deduplication apply);
the rows are linted as score.py lints them (one paragraph each, one document). Also prints the
in-sample figures of the shipped weights, and their load time and cost per sentence.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))
from healthlint_causal_ngram import CausalNgram, load  # noqa: E402

from healthlint.api import default_ruleset, lint_text  # noqa: E402
from healthlint.engine import Linter  # noqa: E402
from healthlint.models import _describe  # noqa: E402
from healthlint.sentences import split_sentences  # noqa: E402

STRONG = ("causation", "cure", "certainty")


class OutOfFold:
    """Scores each sentence with the fold model whose test part holds it."""

    rule_id = CausalNgram.rule_id
    severity = CausalNgram.severity

    def __init__(self, folds: list[dict]):
        self.models = [CausalNgram(f["table"]) for f in folds]
        self.fold_of: dict[str, int] = {}
        for k, f in enumerate(folds):
            for text in f["test"]:
                text = " ".join(text.split())
                for s in split_sentences(text):
                    self.fold_of[text[s.start:s.end]] = k
        self.missing = 0

    def predict(self, sentence: str):
        k = self.fold_of.get(sentence)
        if k is None:
            self.missing += 1
            return []
        return self.models[k].predict(sentence)


def rows(path: Path):
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            out.append((" ".join(rec["text"].split()), "causation" in rec.get("labels", []), rec.get("dontcare", False)))
    return out


def score(data, findings, categories) -> dict:
    bounds, pos = [], 0
    for text, _, _ in data:
        bounds.append((pos, pos + len(text)))
        pos += len(text) + 2
    flagged = [False] * len(data)
    for f in findings:
        if f.category not in categories:
            continue
        for i, (a, b) in enumerate(bounds):
            if f.offset < b and a < f.end_offset:
                flagged[i] = True
    tp = sum(1 for (_, y, dc), fl in zip(data, flagged) if not dc and y and fl)
    fp = sum(1 for (_, y, dc), fl in zip(data, flagged) if not dc and not y and fl)
    fn = sum(1 for (_, y, dc), fl in zip(data, flagged) if not dc and y and not fl)
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(tp / max(1, tp + fp), 3), "recall": round(tp / max(1, tp + fn), 3)}


def main() -> None:
    data = rows(Path(sys.argv[1]))
    report = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
    text = "\n\n".join(t for t, _, _ in data) + "\n"
    rules = Linter(default_ruleset())
    oof = OutOfFold(report["fold_models"])
    base = lint_text(text, "sentences.txt", linter=rules)
    print("rules alone               ", score(data, base, STRONG))
    both = lint_text(text, "sentences.txt", linter=Linter(default_ruleset(), models=[_describe("oof", oof)]))
    print("rules + model, out of fold", score(data, both, STRONG + ("causation",)))
    model_only = [f for f in both if f.rule == CausalNgram.rule_id]
    print("model findings (oof)      ", len(model_only), "of which rows:", score(data, model_only, ("causation",)))
    t0 = time.perf_counter()
    shipped = load()
    load_ms = (time.perf_counter() - t0) * 1e3
    both_in = lint_text(text, "sentences.txt", linter=Linter(default_ruleset(), models=[_describe("causal-ngram", shipped)]))
    print("rules + model, IN-SAMPLE (shipped weights, trained on these rows)", score(data, both_in, STRONG))
    sentences = [t for t, _, _ in data]
    t0 = time.perf_counter()
    for s in sentences:
        shipped.predict(s)
    per = (time.perf_counter() - t0) * 1e3 / len(sentences)
    print(f"load {load_ms:.2f} ms; predict {per:.3f} ms per sentence (mean words {sum(len(s.split()) for s in sentences) / len(sentences):.0f}); "
          f"sentences not found in the fold map: {oof.missing}")


if __name__ == "__main__":
    main()
