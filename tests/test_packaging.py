"""The wheel a user installs carries its rule packs: built from this tree, installed into a fresh
virtual environment, it lists the same rules and flags a fixture.

Works offline: the wheel is installed without its dependencies, which the new environment then
borrows from the running one (by path, never the source tree of healthlint itself).
"""
from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
import regex

from support import FIXTURES, ROOT


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    return subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL, env=env,
                          timeout=600, **kw)


def _runtime_dependency_dirs() -> set[str]:
    """Folders of the running environment that hold healthlint's runtime dependencies."""
    from packaging.requirements import Requirement

    def needed(spec: str) -> bool:
        """A requirement this Python installs: not an extra's, and its marker holds here."""
        req = Requirement(spec)
        return req.marker is None or req.marker.evaluate({"extra": ""})

    dirs: set[str] = set()
    seen: set[str] = set()
    todo = [r for r in importlib.metadata.requires("healthlint") or [] if needed(r)]
    while todo:
        name = regex.match(r"[A-Za-z0-9._-]+", todo.pop()).group().lower()
        if name in seen:
            continue
        seen.add(name)
        dist = importlib.metadata.distribution(name)
        dirs.add(str(dist.locate_file("")))
        todo += [r for r in dist.requires or [] if needed(r)]
    return dirs


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Build from a copy so the in-tree build/ and *.egg-info/ folders never land in the checkout.
    source = tmp_path_factory.mktemp("source") / "healthlint"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", ".ci-venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
        ".hypothesis", "tests", "fixtures"))
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(source)]
    # The test extras install the build backend, so no index is needed; an isolated build (which
    # fetches it) is the fallback for an environment installed without them.
    proc = _run(build + ["--no-build-isolation"])
    if proc.returncode != 0:
        proc = _run(build)
    assert proc.returncode == 0, proc.stderr[-3000:]
    (built,) = out.glob("healthlint-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed; returns its bin/Scripts folder."""
    home = tmp_path_factory.mktemp("venv")
    venv.create(home, with_pip=False)
    bin_dir = home / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    proc = _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                 "--no-index", str(wheel)])
    assert proc.returncode == 0, proc.stderr[-3000:]
    site = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    Path(site, "healthlint-test-deps.pth").write_text("\n".join(sorted(_runtime_dependency_dirs())) + "\n")
    return bin_dir


def test_the_wheel_contains_every_rule_pack_and_lexicon(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    tomls = sorted((ROOT / "rules").rglob("*.toml"))
    assert tomls
    missing = [p.relative_to(ROOT / "rules").as_posix() for p in tomls
               if f"healthlint/rules/{p.relative_to(ROOT / 'rules').as_posix()}" not in names]
    assert not missing, f"rule files left out of the wheel: {missing}"


def test_the_wheel_contains_the_html_reports_template(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = sorted(p.name for p in (ROOT / "lint" / "reporters" / "templates").iterdir())
    assert templates
    missing = [t for t in templates if f"healthlint/reporters/templates/{t}" not in names]
    assert not missing, f"template files left out of the wheel: {missing}"


def test_the_installed_wheel_lists_and_applies_its_bundled_rules(installed: Path, ruleset, tmp_path: Path):
    exe = str(installed / "healthlint")
    python = str(installed / "python")
    where = _run([python, "-c", "import healthlint; print(healthlint.__file__)"], cwd=tmp_path)
    assert Path(where.stdout.strip()).resolve().is_relative_to(installed.parent.resolve()), \
        "healthlint was imported from outside the new environment"

    listed = _run([exe, "rules", "--format", "json"], cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert [r["id"] for r in json.loads(listed.stdout)] == [r.id for r in ruleset.rules]

    flagged = _run([exe, "check", "--format", "json", str(FIXTURES / "overstated-markup.md")], cwd=tmp_path)
    assert flagged.returncode == 1, flagged.stderr
    assert json.loads(flagged.stdout)
    report = _run([exe, "check", "--format", "html", "-o", "report.html", str(FIXTURES / "overstated-markup.md")],
                  cwd=tmp_path)
    assert report.returncode == 1, report.stderr
    assert "<mark " in (tmp_path / "report.html").read_text(encoding="utf-8")
    clean = _run([exe, "check", str(FIXTURES / "clean-article.md")], cwd=tmp_path)
    assert clean.returncode == 0, clean.stdout + clean.stderr

    version = _run([exe, "--version"], cwd=tmp_path)
    assert version.stdout.strip() == f"healthlint, version {importlib.metadata.version('healthlint')}"


def test_the_wheel_leaves_out_the_gpl_model_package(wheel: Path):
    """models/healthlint-causal-ngram holds weights trained on GPL-3.0 data: it ships as its own
    distribution, never inside healthlint's MIT wheel."""
    assert (ROOT / "models" / "healthlint-causal-ngram" / "pyproject.toml").is_file()
    names = zipfile.ZipFile(wheel).namelist()
    leaked = [n for n in names if "causal_ngram" in n or "causal-ngram" in n or n.endswith("weights.json")
              or n.startswith("models/")]
    assert not leaked, f"GPL model files in healthlint's wheel: {leaked}"
