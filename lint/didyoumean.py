"""`did you mean ...?` for an unknown rule code, as ruff and git suggest close names: a typo in
`--select hyep` or `explain cure/cure-condition` should point at the code that was meant."""
from __future__ import annotations

import difflib
from collections.abc import Iterable


def close_codes(code: str, known: Iterable[str], n: int = 3) -> list[str]:
    """Known codes close to `code`: by spelling, then those containing it (`proven` finds
    `certainty/clinically-proven`), at most `n`."""
    known = sorted(set(known))
    close = difflib.get_close_matches(code, known, n=n, cutoff=0.6)
    # A rule id misspelt after a right category: compare the part after the slash too.
    if "/" in code and len(close) < n:
        category, _, name = code.partition("/")
        in_category = [k for k in known if k.startswith(category + "/")]
        names = difflib.get_close_matches(name, [k.partition("/")[2] for k in in_category], n=n, cutoff=0.6)
        close += [f"{category}/{m}" for m in names if f"{category}/{m}" not in close]
    if len(close) < n and len(code) >= 3:
        close += [k for k in known if code.lower() in k.lower() and k not in close]
    return close[:n]


def hint(code: str, known: Iterable[str]) -> str:
    """` (did you mean hype?)`, or nothing when no code is close."""
    close = close_codes(code, known)
    return f" (did you mean {' or '.join(close)}?)" if close else ""
