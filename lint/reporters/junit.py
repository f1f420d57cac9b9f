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


def report(findings: list[Finding], **_: object) -> str:
    root = ET.Element("testsuites", name="healthlint", tests=str(max(1, len(findings))),
                      failures=str(len(findings)), errors="0")
    if not findings:
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
