"""A tiny rule pack with known fixes, so the fixer's tests do not depend on which bundled rules
exist. Load it with `load_ruleset([write_pack(tmp_path)])` or `--rule-path`."""
from __future__ import annotations

from pathlib import Path

from healthlint import Linter, load_ruleset

PACK = '''
[pack]
category = "fixtest"
title = "Fixer test rules"
description = "Known safe, unsafe, unfixable, overlapping and document-level fixes."
severity = "warning"
released_by = ["hedged", "negated", "question"]

[[rule]]
id = "fixtest/proves"
message = "\\"{match}\\" overstates what one study can show."
kind = "phrase"
phrases = ["proves"]
suggest = ["suggests", "indicates"]
fix = "safe"
[rule.examples]
bad = ["This study <<proves>> it works.", "Data <<proves>> the point."]
good = ["This study suggests it works.", "Data suggests the point."]

[[rule]]
id = "fixtest/cures"
message = "\\"{match}\\" claims a cure."
kind = "phrase"
phrases = ["cures"]
suggest = ["may help with", "has been studied for"]
fix = "unsafe"
[rule.examples]
bad = ["Ginger <<cures>> nausea.", "This tea <<cures>> colds."]
good = ["Ginger may help with nausea.", "This tea has been studied for colds."]

[[rule]]
id = "fixtest/miracle"
message = "\\"{match}\\" is hype."
kind = "phrase"
phrases = ["miracle"]
suggest = ["promising"]
fix = "none"
[rule.examples]
bad = ["A <<miracle>> pill.", "The <<miracle>> diet."]
good = ["A promising pill.", "The new diet."]

[[rule]]
id = "fixtest/wonder-drug"
message = "\\"{match}\\" is hype."
kind = "phrase"
phrases = ["wonder drug for"]
suggest = ["medicine studied for"]
fix = "safe"
[rule.examples]
bad = ["A <<wonder drug for>> pain.", "The <<wonder drug for>> gout."]
good = ["A medicine studied for pain.", "The medicine studied for gout."]

[[rule]]
id = "fixtest/absolutely-certain"
message = "\\"{match}\\" doubles the certainty."
kind = "phrase"
phrases = ["absolutely certain"]
suggest = ["certain"]
fix = "safe"
[rule.examples]
bad = ["We are <<absolutely certain>> of it.", "It is <<absolutely certain>> now."]
good = ["We are fairly sure of it.", "It is likely now."]

[[rule]]
id = "fixtest/certain"
message = "\\"{match}\\" claims certainty."
kind = "phrase"
phrases = ["certain"]
suggest = ["fairly confident"]
fix = "safe"
[rule.examples]
bad = ["We are <<certain>> of it.", "It is <<certain>> now."]
good = ["We are fairly confident of it.", "It is likely now."]

[[rule]]
id = "fixtest/dose-warning"
message = "Dosing advice without telling readers to ask their doctor."
kind = "document"
trigger = ["double your dose"]
requires = ["ask your doctor"]
suggest = ["Ask your doctor before changing any dose."]
fix = "safe"
[rule.examples]
bad = ["You can <<double your dose>> in winter.", "Just <<double your dose>> if needed."]
good = ["Ask your doctor before you double your dose.", "Take one tablet a day."]
'''


#: A second pack whose rule overlaps fixtest/wonder-drug on purpose: rules of one pack flagging
#: overlapping words give one finding, so fixes can only collide across packs.
OVERLAP_PACK = '''
[pack]
category = "fixoverlap"
title = "Fixer test rules that overlap another pack"
severity = "warning"
released_by = ["hedged", "negated", "question"]

[[rule]]
id = "fixoverlap/drug-for-pain"
message = "\\"{match}\\" overlaps the wonder-drug rule on purpose."
phrases = ["drug for pain"]
suggest = ["pain medicine"]
fix = "safe"
[rule.examples]
bad = ["A <<drug for pain>>.", "Take a <<drug for pain>> now."]
good = ["A pain medicine.", "Take a pain medicine now."]
'''


def write_pack(folder: Path) -> Path:
    """Write the packs into `folder` (a temp dir) and return the folder, for --rule-path."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "fixtest.toml").write_text(PACK, encoding="utf-8")
    (folder / "fixoverlap.toml").write_text(OVERLAP_PACK, encoding="utf-8")
    return folder


def fixtest_linter(folder: Path) -> Linter:
    """A linter running only the fixtest rules."""
    return Linter(load_ruleset([write_pack(folder)]), select=["fixtest", "fixoverlap"])
