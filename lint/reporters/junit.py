"""JUnit XML, as ruff and ESLint write it, for CI test-report views (GitLab `reports: junit`,
Jenkins, Azure): one test suite per file and one failing test case per finding. With no
findings, one passing test case, so the report is never empty.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..findings import Finding
from .paths import ci_path

# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _classname(path: str) -> str:
    stem, dot, suffix = path.rpartition(".")
    return stem if dot and "/" not in suffix else path


def report(findings: list[Finding], problems: list | None = None, **_: object) -> str:
    errors = [p for p in problems or () if p.level == "error"]
    root = ET.Element("testsuites", name="healthlint", tests=str(max(1, len(findings) + len(errors))),
                      failures=str(len(findings)), errors=str(len(errors)))
    if errors:  # a file that could not be read (or a rule stopped on it) is an error case, not a pass
        suite = ET.SubElement(root, "testsuite", name="healthlint errors", tests=str(len(errors)), disabled="0",
                              errors=str(len(errors)), failures="0", package="healthlint")
        for p in errors:
            shown = ci_path(p.path)
            case = ET.SubElement(suite, "testcase", name=f"healthlint.error {_clean(shown)}",
                                 classname=_clean(_classname(shown)), file=_clean(shown))
            error = ET.SubElement(case, "error", message=_clean(p.message), type="error")
            error.text = _clean(f"{shown}: {p.message}")
    if not findings and not errors:
        suite = ET.SubElement(root, "testsuite", name="healthlint", tests="1", disabled="0", errors="0",
                              failures="0", package="healthlint")
        ET.SubElement(suite, "testcase", name="No findings", classname="healthlint")
    by_path: dict[str, list[Finding]] = {}
    for f in findings:
        by_path.setdefault(f.path, []).append(f)
    for path, items in by_path.items():
        shown = ci_path(path)
        suite = ET.SubElement(root, "testsuite", name=_clean(shown), tests=str(len(items)), disabled="0",
                              errors="0", failures=str(len(items)), package="healthlint")
        for f in items:
            case = ET.SubElement(suite, "testcase", name=f"healthlint.{f.rule}", classname=_clean(_classname(shown)),
                                 file=_clean(shown), line=str(f.line), column=str(f.column))
            failure = ET.SubElement(case, "failure", message=_clean(f.message), type=f.severity)
            failure.text = _clean(f"line {f.line}, col {f.column}, {f.severity}: {f.message}"
                                  + "".join(f"\nSuggest: {s}" for s in f.suggestions))
    ET.indent(root, space="    ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
