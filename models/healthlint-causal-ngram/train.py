#!/usr/bin/env python3
"""Reproduce weights.json from the PubMed causal-language corpus (dev.jsonl of healthlint's eval).

    pip install scikit-learn numpy        # training only; prediction is pure Python
    python train.py /path/to/dev.jsonl --with-rules --report report.json   # writes src/.../weights.json

Label: a row is positive when its labels hold "causation" (Yu et al.'s direct causal wording);
conditional, correlational and no-relation rows are negative; rows marked "dontcare" (negated
direct claims, which healthlint leaves alone) are left out of training and scoring.

Every number is chosen by stratified k-fold cross-validation on the training rows only: the
n-gram range, the regularisation C, the minimum document frequency and the decision threshold
(the lowest threshold whose pooled out-of-fold precision is >= --precision, i.e. the best recall at
that precision; with --with-rules, as the shipped weights are made, the best recall of healthlint's
rules and the model together, the model counting only on rows no rule flags). The reported figures come from nested cross-validation: each outer fold's
hyper-parameters and threshold are chosen on its training part alone, so every row is scored by a
model that never saw it (--report also writes those out-of-fold models, for evaluating rules plus
model through healthlint itself). Weights with |w| < PRUNE are dropped (inside every fold too) to
keep the table near 0.1 MB (min_df >= 2 for the same reason).
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))
from healthlint_causal_ngram import ngrams, tokenize  # noqa: E402  (the predictor's own features)

GRID = {"n_max": (1, 2, 3), "C": (0.3, 1.0, 3.0), "min_df": (2, 3)}
PRUNE = 0.05
FOLDS = 5
SEED = 0


def read_rows(path: Path) -> tuple[list[str], np.ndarray]:
    texts, labels = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        if rec.get("dontcare"):
            continue
        texts.append(rec["text"])
        labels.append(1 if "causation" in rec.get("labels", []) else 0)
    return texts, np.array(labels)


def features(texts: list[str], n_max: int) -> list[list[str]]:
    return [list(ngrams([t[0] for t in tokenize(text)], n_max)) for text in texts]


def fit(grams: list[list[str]], y: np.ndarray, n_max: int, C: float, min_df: int) -> dict:
    """A weight table (as the predictor reads it, threshold still unset)."""
    vec = CountVectorizer(analyzer=lambda g: g, binary=True, min_df=min_df)
    X = vec.fit_transform(grams)
    model = LogisticRegression(C=C, solver="liblinear", max_iter=1000)
    model.fit(X, y)
    w = model.coef_[0]
    weights = {g: round(float(w[i]), 3) for g, i in vec.vocabulary_.items() if abs(w[i]) >= PRUNE}
    return {"n_max": n_max, "bias": round(float(model.intercept_[0]), 4), "weights": weights,
            "params": {"n_max": n_max, "C": C, "min_df": min_df, "prune": PRUNE}}


def scores(table: dict, grams: list[list[str]]) -> np.ndarray:
    """Exactly the predictor's sum (distinct n-grams up to the table's n_max)."""
    w, n = table["weights"], table["n_max"]
    z = np.array([table["bias"] + sum(w.get(g, 0.0) for g in gs if g.count(" ") < n) for gs in grams])
    return 1.0 / (1.0 + np.exp(-z))


def best_threshold(s: np.ndarray, y: np.ndarray, min_precision: float,
                   flagged: np.ndarray | None = None) -> tuple[float, float, float]:
    """(threshold, precision, recall): the best recall whose precision is >= min_precision. With
    `flagged` (the rows healthlint's rules already flag), of rules and model together: the model
    then only adds the rows no rule flags."""
    if flagged is None:
        flagged = np.zeros(len(y), dtype=bool)
    base_tp, base_fp = int((y[flagged] == 1).sum()), int((y[flagged] == 0).sum())
    rest = np.flatnonzero(~flagged)
    s_rest, y_rest = s[rest], y[rest]
    order = np.argsort(-s_rest, kind="stable")
    tp = base_tp + np.cumsum(y_rest[order])
    k = base_tp + base_fp + np.arange(1, len(order) + 1)
    prec, rec = tp / k, tp / max(1, y.sum())
    base_p = base_tp / max(1, base_tp + base_fp) if base_tp + base_fp else 1.0
    best = (1.0, base_p, base_tp / max(1, y.sum()))
    for i in range(len(order)):
        if i + 1 < len(order) and s_rest[order[i + 1]] == s_rest[order[i]]:
            continue  # a threshold takes every tie
        if prec[i] >= min_precision and rec[i] > best[2]:
            best = (float(s_rest[order[i]]), float(prec[i]), float(rec[i]))
    return best


def select(grams3: list[list[str]], y: np.ndarray, min_precision: float, seed: int,
           flagged: np.ndarray | None = None) -> tuple[dict, float, dict]:
    """Grid search by k-fold CV on these rows only: the best params and their threshold."""
    folds = list(StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(np.zeros(len(y)), y))
    results = []
    for n_max, C, min_df in itertools.product(GRID["n_max"], GRID["C"], GRID["min_df"]):
        grams = [[g for g in gs if g.count(" ") < n_max] for gs in grams3]
        oof = np.zeros(len(y))
        for tr, te in folds:
            table = fit([grams[i] for i in tr], y[tr], n_max, C, min_df)
            oof[te] = scores(table, [grams[i] for i in te])
        t, p, r = best_threshold(oof, y, min_precision, flagged)
        results.append(((r, p), {"n_max": n_max, "C": C, "min_df": min_df}, t))
    results.sort(key=lambda x: x[0], reverse=True)
    (r, p), params, t = results[0]
    return params, t, {"cv_recall": r, "cv_precision": p}


def rule_flags(texts: list[str], linter: str) -> np.ndarray:
    """Which rows healthlint's rules flag (a strong-claim finding: causation, cure or certainty),
    linted as score.py lints them: one paragraph each, in one file."""
    import shlex
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sentences.txt"
        bounds, pos, parts = [], 0, []
        for text in texts:
            text = " ".join(text.split())
            bounds.append((pos, pos + len(text)))
            parts.append(text)
            pos += len(text) + 2
        path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
        env = dict(os.environ, HEALTHLINT_MODELS="")
        out = subprocess.run(shlex.split(linter) + [str(path)], capture_output=True, text=True, env=env).stdout
    found = json.loads(out)
    found = found["findings"] if isinstance(found, dict) else found
    spans = sorted((f["offset"], f["end_offset"]) for f in found if f["category"] in ("causation", "cure", "certainty"))
    flags = np.zeros(len(texts), dtype=bool)
    for a, b in spans:
        for i, (lo, hi) in enumerate(bounds):
            if a < hi and lo < b:
                flags[i] = True
    return flags


def pr(pred: np.ndarray, y: np.ndarray) -> dict:
    tp = int((pred & (y == 1)).sum())
    fp = int((pred & (y == 0)).sum())
    fn = int((~pred & (y == 1)).sum())
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(tp / max(1, tp + fp), 3),
            "recall": round(tp / max(1, tp + fn), 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path, help="dev.jsonl (PubMed causal-language sentences)")
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "src/healthlint_causal_ngram/weights.json")
    ap.add_argument("--precision", type=float, default=0.90, help="minimum cross-validated precision")
    ap.add_argument("--report", type=Path, help="write nested-CV figures and the out-of-fold models here")
    ap.add_argument("--with-rules", metavar="CMD", nargs="?", const="healthlint check --no-cache --output-format json",
                    help="choose the threshold for rules and model together (runs CMD, healthlint, over the rows)")
    ap.add_argument("--no-nested", action="store_true", help="skip the nested CV (only the shipped weights)")
    args = ap.parse_args()
    texts, y = read_rows(args.data)
    grams3 = features(texts, max(GRID["n_max"]))
    print(f"{len(texts)} rows ({int(y.sum())} direct causal), dontcare rows left out", file=sys.stderr)

    report: dict = {"rows": len(texts), "positives": int(y.sum()), "grid": GRID, "folds": FOLDS}
    flagged = rule_flags(texts, args.with_rules) if args.with_rules else None
    if flagged is not None:
        report["rules_alone"] = pr(flagged, y)
        print(f"rules alone: {report['rules_alone']}", file=sys.stderr)
    if not args.no_nested:
        outer = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED + 1).split(np.zeros(len(y)), y)
        oof = np.zeros(len(y))
        pred = np.zeros(len(y), dtype=bool)
        fold_models = []
        for k, (tr, te) in enumerate(outer):
            params, t, _ = select([grams3[i] for i in tr], y[tr], args.precision, SEED,
                                  None if flagged is None else flagged[tr])
            grams = [[g for g in gs if g.count(" ") < params["n_max"]] for gs in grams3]
            table = fit([grams[i] for i in tr], y[tr], **params)
            table["threshold"] = t
            oof[te] = scores(table, [grams[i] for i in te])
            pred[te] = oof[te] >= t
            fold_models.append({"table": table, "test": [texts[i] for i in te]})
            print(f"outer fold {k}: {params} threshold {t:.3f} -> {pr(pred[te], y[te])}", file=sys.stderr)
        report["nested_oof_model_alone"] = pr(pred, y)
        if flagged is not None:
            report["nested_oof_rules_or_model_approx"] = pr(pred | flagged, y)
            print(f"nested CV, rules or model (before context/dedup): {report['nested_oof_rules_or_model_approx']}",
                  file=sys.stderr)
        report["fold_models"] = fold_models
        print(f"nested CV, model alone: {report['nested_oof_model_alone']}", file=sys.stderr)

    params, t, cv = select(grams3, y, args.precision, SEED, flagged)
    grams = [[g for g in gs if g.count(" ") < params["n_max"]] for gs in grams3]
    table = fit(grams, y, **params)
    table["threshold"] = round(t, 4)
    table["version"] = "0.1.0"
    table["trained_on"] = "Yu, Li and Wang 2019 PubMed conclusions (GPL-3.0), dontcare rows excluded"
    table["cv"] = cv
    table["threshold_for"] = "rules and model together" if flagged is not None else "model alone"
    in_sample = pr(scores(table, grams) >= table["threshold"], y)
    report.update({"chosen": params, "threshold": t, "cv": cv, "in_sample_model_alone": in_sample})
    print(f"chosen {params}, threshold {t:.3f}, CV {cv}; IN-SAMPLE {in_sample}", file=sys.stderr)
    args.out.write_text(json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
                        encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.3f} MB, {len(table['weights'])} n-grams)",
          file=sys.stderr)
    if args.report:
        args.report.write_text(json.dumps(report, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
