"""A learned second opinion for healthlint: does a sentence state a direct causal claim?

An n-gram logistic regression (weights in weights.json, made by train.py) scored in pure Python:
the sentence's distinct word n-grams add their weights to the bias, and a sigmoid gives the
probability. Above the threshold chosen by cross-validation, the span reported is the n-gram that
pushed hardest towards "causal", which is also the explanation. healthlint loads this through the
`healthlint.models` entry point only when the user enables `causal-ngram`.

GPL-3.0-or-later: the weights are derived from the GPL-3.0 corpus of Yu, Li and Wang (2019).
"""
from __future__ import annotations

import json
import math
import os
import re
from importlib import resources
from pathlib import Path

__all__ = ["CausalNgram", "load", "tokenize"]

#: Words that never make a span on their own: a claim is pointed at by its verb or noun, and the
#: context rules (hedges, "in mice", quotes) judge the span's position, so "in" or "the" would mislead.
_FUNCTION = frozenset("""a an the of in on at to for with by from and or but as is are was were be been
that this these those it its their our we you they he she his her which who than then there""".split())
#: Overrides the weight file's threshold (a float in (0, 1)); healthlint's cache keys on the result.
THRESHOLD_ENV = "HEALTHLINT_CAUSAL_NGRAM_THRESHOLD"
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Lower-cased words with their offsets; train.py uses the very same function."""
    return [(m.group().lower().replace("’", "'"), m.start(), m.end()) for m in _WORD.finditer(text)]


def ngrams(words: list[str], n_max: int) -> dict[str, tuple[int, int]]:
    """Each distinct n-gram (1..n_max words, joined by spaces) -> its first (first, last) token."""
    out: dict[str, tuple[int, int]] = {}
    for n in range(1, n_max + 1):
        for i in range(len(words) - n + 1):
            out.setdefault(" ".join(words[i:i + n]), (i, i + n - 1))
    return out


class CausalNgram:
    """The predictor healthlint calls: `predict(sentence)` -> [(start, end, score, explanation)]."""

    rule_id = "causation/learned-causal"
    severity = "info"
    summary = "A learned model reads a direct causal claim (optional, GPL-3.0 weights)."

    def __init__(self, table: dict):
        self.weights: dict[str, float] = table["weights"]
        self.bias: float = table["bias"]
        self.n_max: int = table["n_max"]
        #: The cross-validated threshold (research prose), or a stricter one the user sets.
        self.threshold: float = float(os.environ.get(THRESHOLD_ENV) or table["threshold"])
        #: Changes whenever the weights do: healthlint's cache keys on it.
        self.fingerprint = f"{table.get('version', '')}:{len(self.weights)}:{self.bias:.6f}:{self.threshold}"

    @classmethod
    def from_file(cls, path: str | Path) -> CausalNgram:
        return cls(json.loads(Path(path).read_text(encoding="utf-8")))

    def score(self, text: str) -> tuple[float, str | None, tuple[int, int] | None]:
        """The probability of a direct causal claim, the top n-gram and its character span."""
        toks = tokenize(text)
        grams = ngrams([t[0] for t in toks], self.n_max)
        total = self.bias
        best, best_w, at = None, 0.0, None
        weights = self.weights
        for gram, where in grams.items():
            w = weights.get(gram)
            if w is None:
                continue
            total += w
            if w > best_w and not all(word in _FUNCTION for word in gram.split(" ")):
                best, best_w, at = gram, w, where
        prob = 1.0 / (1.0 + math.exp(-total)) if total > -60 else 0.0
        span = (toks[at[0]][1], toks[at[1]][2]) if at is not None else None
        return prob, best, span

    def predict(self, sentence: str) -> list[tuple[int, int, float, str]]:
        prob, gram, span = self.score(sentence)
        if prob < self.threshold or span is None:
            return []
        return [(span[0], span[1], prob, f"'{gram}' (weight {self.weights[gram]:+.2f})")]


def load() -> CausalNgram:
    """The entry point healthlint calls: the shipped weights."""
    path = resources.files(__name__) / "weights.json"
    model = CausalNgram(json.loads(path.read_text(encoding="utf-8")))
    if not 0.0 < model.threshold < 1.0:
        raise ValueError(f"{THRESHOLD_ENV} must be a number between 0 and 1, not {model.threshold}")
    return model
