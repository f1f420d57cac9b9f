"""Learned checkers ("models"): optional plugins that give a second opinion next to the rules.

A model is found through the `healthlint.models` entry point group, and only when the user
enables it by name (`models = ["causal-ngram"]` in the configuration, `--model causal-ngram`, or
HEALTHLINT_MODELS=causal-ngram): with none enabled, nothing here runs and no entry point is read.
The entry point names a callable that returns an object with

- `rule_id`: its own rule id, `category/slug` (e.g. `causation/learned-causal`);
- `predict(sentence: str)` -> iterable of `(start, end, score, explanation)`, offsets into the
  sentence, only for spans the model itself puts above its threshold;
- optionally `severity` (default `info`), `summary`, and `fingerprint` (changes with its weights:
  healthlint's cache keys on it).

The engine turns each span into a finding that says it is a model's opinion and what drove it,
released by the same context policy as the causation rules (hedged, negated, attributed,
question, cited, animal-study, established), and dropped where a rule of the same overlap group
already flags overlapping words: a rule's finding, with its suggestion and fix, always wins.
Models may be released under other licences (the PubMed-trained one is GPL-3.0): they are separate
distributions, never part of healthlint's own wheel.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import ConfigError
from .findings import SEVERITY_RANK, Finding

if TYPE_CHECKING:  # pragma: no cover  (project.py imports this module on every run: keep it light)
    from .context import ContextLayer, Span

GROUP = "healthlint.models"
ENV = "HEALTHLINT_MODELS"
#: What releases a model's finding: the causation pack's policy (rules/causation.toml).
RELEASED_BY = frozenset({"hedged", "negated", "attributed", "question", "cited", "animal-study", "established"})
OVERLAP_GROUP = "claim-strength"


@dataclass
class ModelHit:
    """One span a model flags, in block offsets, with the sentence it was read in."""

    model: LoadedModel
    block: Any
    span: Span
    score: float
    explanation: str


@dataclass
class LoadedModel:
    """An enabled model and what the engine needs to report it."""

    name: str
    plugin: Any
    rule_id: str
    category: str
    severity: str
    summary: str = ""
    fingerprint: str = ""
    released_by: frozenset[str] = field(default=RELEASED_BY)

    def message(self, score: float, explanation: str) -> str:
        return (f"A learned model ({self.name}) reads this as a direct causal claim "
                f"(score {score:.2f}, driven by {explanation}); a second opinion, not a rule: "
                "check whether the evidence shows cause and effect.")


def enabled_names(configured: Iterable[str] = (), given: Iterable[str] = ()) -> list[str]:
    """Configuration, then --model, then HEALTHLINT_MODELS (comma-separated), without repeats."""
    names: list[str] = []
    env = [n.strip() for n in os.environ.get(ENV, "").split(",") if n.strip()]
    for name in [*configured, *given, *env]:
        if name not in names:
            names.append(name)
    return names


def load_models(names: Iterable[str]) -> list[LoadedModel]:
    """Load the named models from their entry points (ConfigError naming any that is missing)."""
    names = list(names)
    if not names:
        return []
    from importlib.metadata import entry_points

    found = {ep.name: ep for ep in entry_points(group=GROUP)}
    loaded = []
    for name in names:
        ep = found.get(name)
        if ep is None:
            known = ", ".join(sorted(found)) or "none installed"
            raise ConfigError(f"model {name!r} is not installed (entry point group {GROUP}; available: {known})")
        try:
            plugin = ep.load()()
        except Exception as err:  # a broken plugin is the user's install problem: one line, no traceback
            raise ConfigError(f"model {name!r} ({ep.value}) failed to load: {err}") from None
        loaded.append(_describe(name, plugin))
    return loaded


def _describe(name: str, plugin: Any) -> LoadedModel:
    rule_id = getattr(plugin, "rule_id", "")
    if "/" not in rule_id or not callable(getattr(plugin, "predict", None)):
        raise ConfigError(f"model {name!r}: a model needs a rule_id 'category/slug' and a predict(sentence) method")
    severity = getattr(plugin, "severity", "info")
    if severity not in SEVERITY_RANK:
        raise ConfigError(f"model {name!r}: severity must be one of {', '.join(SEVERITY_RANK)}, not {severity!r}")
    return LoadedModel(name=name, plugin=plugin, rule_id=rule_id, category=rule_id.split("/", 1)[0],
                       severity=severity, summary=getattr(plugin, "summary", ""),
                       fingerprint=str(getattr(plugin, "fingerprint", "")))


def model_hits(models: list[LoadedModel], blocks, context: ContextLayer, url_spans) -> Iterator[ModelHit]:
    """Every enabled model over every sentence of the document's prose blocks; spans that the
    context policy releases, or that fall on a URL or a placeholder, are left out."""
    from .context import Span
    from .document import PLACEHOLDER
    from .sentences import split_sentences

    doc_cues = None
    for block in blocks:
        text = block.text
        if not text.strip():
            continue
        sentences = split_sentences(text)
        urls = None
        for sentence in sentences:
            piece = text[sentence.start:sentence.end]
            if not piece.strip():
                continue
            for model in models:
                for start, end, score, explanation in model.plugin.predict(piece) or ():
                    a, b = sentence.start + int(start), sentence.start + int(end)
                    if not (sentence.start <= a < b <= sentence.end) or PLACEHOLDER in text[a:b]:
                        continue
                    if urls is None:
                        urls = url_spans(text)
                    if any(u0 < b and a < u1 for u0, u1 in urls):
                        continue
                    span = Span(text, sentence.start, sentence.end, a, b, tuple(block.citations))
                    if context.table.document_rows:
                        if doc_cues is None:
                            doc_cues = context.document_cues([bl.text for bl in blocks])
                        span.document = doc_cues
                    if context.releasing(model.released_by, span):
                        continue
                    yield ModelHit(model, block, span, float(score), str(explanation))


def model_findings(doc, models: list[LoadedModel], context: ContextLayer, url_spans, kept: list[Finding],
                   groups: dict[str, str], severities: dict[str, str]) -> list[Finding]:
    """The models' findings for a document whose rule findings are `kept` (`groups`: each rule's
    overlap group): none where a rule of the claim-strength group, or any rule on the very same
    words, already flags overlapping words; one per span where two models agree."""
    taken = [(f.offset, f.end_offset, groups.get(f.rule, "")) for f in kept]
    out: list[Finding] = []
    for hit in model_hits(models, doc.blocks, context, url_spans):
        block, span, model = hit.block, hit.span, hit.model
        offset, end_offset = block.source_start(span.start), block.source_end(span.end)
        if any(a < end_offset and offset < b and (g == OVERLAP_GROUP or (a, b) == (offset, end_offset))
               for a, b, g in taken):
            continue
        taken.append((offset, end_offset, OVERLAP_GROUP))
        line, col = doc.lines.line_col(offset)
        end_line, end_col = doc.lines.line_col(end_offset)
        out.append(Finding(
            path=doc.path, line=line, column=col, end_line=end_line, end_column=end_col,
            offset=offset, end_offset=end_offset, rule=model.rule_id, category=model.category,
            severity=severities.get(model.rule_id, severities.get(model.category, model.severity)),
            message=model.message(hit.score, hit.explanation), match=doc.text[offset:end_offset],
            suggestions=[], fix=None,
        ))
    return out
