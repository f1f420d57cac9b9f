"""Which country's rules a page is written under (`jurisdiction = "us" | "uk" | "eu"`).

Some rules state one country's law: the FDA disclaimer of 21 CFR 101.93 is a US requirement, and
appending it to a UK clinic's page is wrong twice (it is not UK law, and it implies the claim is
acceptable with a disclaimer, which in the UK and EU it is not). A rule marks this with
`jurisdiction = "us"` in its pack. Its findings are adapted here, after linting:

- jurisdiction is the rule's: unchanged, the fix appends the statement;
- no jurisdiction set (the default): the finding still says which statement a US page needs,
  but offers no fix that appends it (healthlint cannot tell where a page is published);
- another jurisdiction: the finding says what that jurisdiction requires instead, with no
  suggestion and no fix.

The engine calls `adapt` at the end of Linter.lint, so every caller (check, fix, interactive
review, the Python API) gets the same findings for the same setting.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from .findings import Finding

#: The jurisdictions a configuration may name.
JURISDICTIONS = ("us", "uk", "eu")

#: What a supplement's structure/function-style claim needs where the US disclaimer does not apply.
ELSEWHERE = {
    "uk": ("In the UK, food supplement copy may use only authorised health claims in their authorised "
           "wording (retained Regulation (EC) No 1924/2006, GB nutrition and health claims register; "
           "CAP Code section 15) and must never claim to prevent, treat or cure a disease; no disclaimer "
           "makes such a claim acceptable, so check the claim itself instead of appending one."),
    "eu": ("In the EU, food supplement copy may use only the health claims authorised in the EU Register "
           "(Regulation (EC) No 1924/2006) and must never attribute to a food the property of preventing, "
           "treating or curing a human disease (Regulation (EU) No 1169/2011, Art. 7); no disclaimer makes "
           "such a claim acceptable, so check the claim itself instead of appending one."),
}


def bound_rules(rules: Iterable) -> dict[str, str]:
    """Rule id -> the jurisdiction whose law it states, for the rules bound to one."""
    return {r.id: r.jurisdiction for r in rules if getattr(r, "jurisdiction", "")}


def adapt(findings: list[Finding], bound: dict[str, str], jurisdiction: str | None) -> list[Finding]:
    """The findings with the fixes and messages of jurisdiction-bound rules adapted to
    `jurisdiction` (see the module's docstring); `bound`: bound_rules of the rules linted, which
    the engine works out once per Linter."""
    if not findings or not bound:
        return findings
    out = []
    for f in findings:
        rule_place = bound.get(f.rule)
        if rule_place is None or rule_place == jurisdiction:
            out.append(f)
        elif jurisdiction is None:
            needed = f" A {rule_place.upper()} page needs: \"{f.suggestions[0]}\"" if f.suggestions else ""
            note = (f"{needed} (set jurisdiction = \"{rule_place}\" to have --fix append it; "
                    "no jurisdiction is set, so nothing is appended).")
            out.append(dataclasses.replace(f, message=f.message + note, fix=None))
        else:
            instead = ELSEWHERE.get(jurisdiction, f"This is {rule_place.upper()} law, and this project's "
                                                  f"jurisdiction is {jurisdiction}: nothing is appended.")
            out.append(dataclasses.replace(f, message=f"\"{f.match}\": {instead}", suggestions=[], fix=None))
    return out
