"""Fingerprints that identify a finding across edits to the rest of its file.

A fingerprint hashes the rule, the flagged words (case and spacing normalised) and how many
times those words occur earlier in the same file. Line numbers are left out on purpose, so adding
a paragraph above a finding does not make it look new. The occurrence count is taken from the
file's text, not from the other findings, so it does not change when other findings are
suppressed, baselined or deselected. SARIF's `partialFingerprints`, GitLab's `fingerprint` and the
baseline all use it.
"""
from __future__ import annotations

import bisect
import hashlib

import regex

from .findings import Finding

VERSION = "v1"


def normalize(words: str) -> str:
    """The flagged words as compared: case-folded, runs of white space as one space."""
    return " ".join(words.casefold().split())


class FileFingerprints:
    """Fingerprints for the findings of one file, given its text (None if unknown)."""

    def __init__(self, text: str | None):
        self.text = text
        self._starts: dict[str, list[int]] = {}
        self._seen: dict[str, int] = {}

    def occurrence(self, finding: Finding) -> int:
        """How many times the finding's words occur in the file before it. Without the text,
        how many findings with the same words came before (callers go in file order)."""
        key = normalize(finding.match)
        words = finding.match.split()
        if self.text is None or not words:
            self._seen[key] = self._seen.get(key, 0) + 1
            return self._seen[key] - 1
        starts = self._starts.get(key)
        if starts is None:
            pattern = regex.compile(r"\s+".join(regex.escape(w) for w in words), regex.I | regex.V1)
            starts = [m.start() for m in pattern.finditer(self.text)]
            self._starts[key] = starts
        return bisect.bisect_left(starts, finding.offset)

    def __call__(self, finding: Finding) -> str:
        key = "\0".join((VERSION, finding.rule, normalize(finding.match), str(self.occurrence(finding))))
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def fingerprints(findings: list[Finding], texts: dict[str, str] | None) -> list[str]:
    """One fingerprint per finding, in order (files' texts from the CLI's `texts`)."""
    per_file: dict[str, FileFingerprints] = {}
    out = []
    for f in findings:
        fp = per_file.get(f.path)
        if fp is None:
            fp = per_file[f.path] = FileFingerprints((texts or {}).get(f.path))
        out.append(fp(f))
    return out


def with_path(path: str, fingerprint: str) -> str:
    """A fingerprint unique across files too (GitLab wants one per occurrence in the report)."""
    return hashlib.sha256(f"{path}\0{fingerprint}".encode("utf-8")).hexdigest()[:32]
