"""A toy learned checker for the model-hook tests: a unigram+bigram logistic regression trained in
pure Python on sentences written for these tests (MIT, like the rest of healthlint; the PubMed
weights are never used here). It reports the n-gram that pushed hardest towards "causal"."""
from __future__ import annotations

import math
import re

CAUSAL = [
    "Turmeric shots reverse joint damage in older runners.",
    "Cold showers boost the immune system of office workers.",
    "This smoothie reverses fatty liver within weeks.",
    "Daily walks boost memory in retired teachers.",
    "Oat bran reverses high cholesterol in adults.",
    "Magnesium flakes boost deep sleep for shift workers.",
]
NOT_CAUSAL = [
    "Turmeric intake was associated with fewer joint complaints.",
    "Cold showers were linked to fewer sick days in one survey.",
    "Smoothie drinkers reported lower liver enzymes.",
    "Walking was correlated with better memory scores.",
    "Oat bran eaters had lower cholesterol on average.",
    "Magnesium use was associated with longer sleep.",
]
_WORD = re.compile(r"\w+")
_FUNCTION = {"a", "an", "the", "of", "in", "on", "for", "with", "was", "were", "to"}


def _grams(text: str) -> dict[str, tuple[int, int]]:
    toks = [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]
    out = {}
    for n in (1, 2):
        for i in range(len(toks) - n + 1):
            out.setdefault(" ".join(t[0] for t in toks[i:i + n]), (toks[i][1], toks[i + n - 1][2]))
    return out


class ToyModel:
    rule_id = "causation/toy-learned"
    severity = "warning"
    summary = "Toy model for tests."
    fingerprint = "toy-1"
    threshold = 0.5

    def __init__(self) -> None:
        self.weights: dict[str, float] = {}
        self.bias = 0.0
        data = [(s, 1) for s in CAUSAL] + [(s, 0) for s in NOT_CAUSAL]
        for _ in range(200):  # plain gradient descent, fixed order: deterministic
            for text, y in data:
                grams = _grams(text)
                p = self._prob(grams)
                for g in grams:
                    self.weights[g] = self.weights.get(g, 0.0) + 0.1 * (y - p)
                self.bias += 0.1 * (y - p)

    def _prob(self, grams) -> float:
        return 1 / (1 + math.exp(-(self.bias + sum(self.weights.get(g, 0.0) for g in grams))))

    def predict(self, sentence: str) -> list[tuple[int, int, float, str]]:
        grams = _grams(sentence)
        p = self._prob(grams)
        known = [g for g in grams if self.weights.get(g, 0.0) > 0 and not set(g.split()) <= _FUNCTION]
        if p < self.threshold or not known:
            return []
        top = max(known, key=lambda g: self.weights[g])
        return [(*grams[top], p, f"'{top}' (weight {self.weights[top]:+.2f})")]


def load() -> ToyModel:
    return ToyModel()
