"""The README's CI recipes, run as a user would copy them.

A snapshot of this checkout becomes a git repository tagged `v<version in pyproject.toml>` (the tag
the release procedure, docs/releasing.md, creates). The one documented substitution: the
repository URL `https://github.com/OWNER/healthlint` in each recipe is replaced by that local
repository (`file://...`); everything else runs verbatim:

- the pre-commit snippet, by the real `pre-commit` (which clones the repository at `rev` and
  pip-installs it);
- the GitHub Actions `run:` steps, each under `bash -eo pipefail` as the runner runs them;
- the GitLab `script:` lines, each under `bash -e` (the `apt-get` line is left out: the machine
  running the suite has git already, and installing packages is not the recipe's point).

The steps run in a fresh virtual environment whose `bin` comes first on PATH, as `setup-python`
and the `python` image arrange. pip reaches PyPI for healthlint's dependencies.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
URL = "https://github.com/OWNER/healthlint"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
TAG = f"v{VERSION}"
OVERSTATED = "# Ginger\n\nGinger is the key to treating nausea.\n"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None or shutil.which("bash") is None
                       or not (ROOT / ".git").exists(), reason="needs git, bash and a git checkout of healthlint"),
]


def readme_block(after: str, lang: str = "yaml") -> str:
    """The first ```lang block after the line holding `after`."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(after)
    m = re.compile(rf"^```{lang}\n(.*?)^```", re.M | re.S).search(text, start)
    assert m is not None, f"no ```{lang} block after {after!r}"
    return m.group(1)


def sh(args, cwd: Path, env: dict[str, str], shell: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, shell=shell)


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("recipes-env")
    gitconfig = home / "gitconfig"
    gitconfig.write_text("[user]\n\tname = Test\n\temail = test@example.org\n"
                         "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n", encoding="utf-8")
    out = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT", "HEALTHLINT_", "VIRTUAL_ENV"))}
    out.update(GIT_CONFIG_GLOBAL=str(gitconfig), GIT_CONFIG_NOSYSTEM="1", PRE_COMMIT_HOME=str(home / "pre-commit"),
               PRE_COMMIT_COLOR="never", HEALTHLINT_CACHE_DIR=str(home / "healthlint-cache"), NO_COLOR="1")
    return out


@pytest.fixture(scope="module")
def tagged_repo(tmp_path_factory, env) -> Path:
    """This checkout's files (committed or not, ignored ones left out) at one commit tagged TAG."""
    listed = sh(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], ROOT, env)
    assert listed.returncode == 0, listed.stderr
    repo = tmp_path_factory.mktemp("healthlint-repo")
    for name in filter(None, listed.stdout.split("\0")):
        if (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
    for args in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "snapshot"],
                 ["git", "tag", "-a", TAG, "-m", f"healthlint {VERSION}"]):
        done = sh(args, repo, env)
        assert done.returncode == 0, done.stderr
    return repo


def local(recipe: str, repo: Path) -> str:
    """The documented substitution: the repository URL becomes the local tagged repository
    (test_every_recipe_names_the_current_release_tag checks each recipe names it)."""
    return recipe.replace(URL, repo.as_uri())


def workspace(path: Path, overstated: bool) -> Path:
    (path / "docs").mkdir(parents=True)
    (path / "docs" / "ginger.md").write_text(OVERSTATED if overstated else "# Ginger\n\nGinger may ease nausea.\n",
                                             encoding="utf-8")
    return path


def test_every_recipe_names_the_current_release_tag():
    assert f"rev: {TAG}" in readme_block("**pre-commit.**")
    for heading in ("**GitHub Actions:**", "**GitLab CI:**"):
        assert f'"healthlint @ git+{URL}@{TAG}"' in readme_block(heading)
    assert "pip install healthlint\n" not in (ROOT / "README.md").read_text(encoding="utf-8")  # not on PyPI


def test_pre_commit_recipe_refuses_an_overstated_draft(tmp_path, env, tagged_repo):
    work = workspace(tmp_path / "content", overstated=True)
    (work / ".pre-commit-config.yaml").write_text(local(readme_block("**pre-commit.**"), tagged_repo),
                                                  encoding="utf-8")
    for args in (["git", "init", "-q"], ["git", "add", "-A"]):
        assert sh(args, work, env).returncode == 0
    run = sh([sys.executable, "-m", "pre_commit", "run", "--all-files"], work, env)
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "docs/ginger.md:3:11: warning hype/key-to" in output
    (work / "docs" / "ginger.md").write_text("# Ginger\n\nGinger may ease nausea.\n", encoding="utf-8")
    passed = sh([sys.executable, "-m", "pre_commit", "run", "--all-files"], work, env)
    assert passed.returncode == 0, passed.stdout + passed.stderr


@pytest.fixture(scope="module")
def ci_env(tmp_path_factory, env, tagged_repo) -> dict[str, str]:
    """A fresh virtual environment first on PATH, with the recipes' install step run in it."""
    venv = tmp_path_factory.mktemp("ci-venv")
    assert sh([sys.executable, "-m", "venv", str(venv)], venv, env).returncode == 0
    out = dict(env, PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", VIRTUAL_ENV=str(venv))
    # setup-python and the python:3.12 image come with a current pip; the pip a venv is made with
    # may be older than the `name @ git+file:///...` URLs this test substitutes need.
    upgraded = sh([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--upgrade", "pip"], venv, out)
    assert upgraded.returncode == 0, upgraded.stdout + upgraded.stderr
    steps = [s["run"] for s in yaml.safe_load(readme_block("**GitHub Actions:**"))["jobs"]["healthlint"]["steps"]
             if "run" in s]
    install = local(steps[0], tagged_repo)
    assert install.startswith("pip install")
    done = sh(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", install], venv, out)
    assert done.returncode == 0, done.stdout + done.stderr
    assert Path(shutil.which("healthlint", path=out["PATH"])).parent == venv / "bin"
    return out


def test_github_actions_steps(tmp_path, ci_env, tagged_repo):
    steps = yaml.safe_load(readme_block("**GitHub Actions:**"))["jobs"]["healthlint"]["steps"]
    annotate, sarif = [local(s["run"], tagged_repo) for s in steps if "run" in s][1:]
    work = workspace(tmp_path / "repo", overstated=True)
    bash = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c"]
    annotated = sh(bash + [annotate], work, ci_env)
    assert annotated.returncode == 1  # findings fail the annotate step, as a lint gate should
    assert "::warning file=docs/ginger.md,line=3," in annotated.stdout
    written = sh(bash + [sarif], work, ci_env)
    assert written.returncode == 0, written.stderr  # `|| [ $? -eq 1 ]`: findings do not stop the upload
    report = json.loads((work / "healthlint.sarif").read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in report["runs"][0]["results"]] == ["hype/key-to"]
    clean = workspace(tmp_path / "clean", overstated=False)
    assert sh(bash + [annotate], clean, ci_env).returncode == 0


def test_gitlab_script_lines(tmp_path, ci_env, tagged_repo):
    job = yaml.safe_load(readme_block("**GitLab CI:**"))["healthlint"]
    lines = [local(line, tagged_repo) for line in job["script"] if not line.startswith("apt-get")]
    github_install = [s["run"] for s in yaml.safe_load(readme_block("**GitHub Actions:**"))["jobs"]["healthlint"]["steps"]
                      if "run" in s][0]
    assert lines[0] == local(github_install, tagged_repo)  # the same install, already run in ci_env
    junit, gitlab = lines[1:]
    work = workspace(tmp_path / "repo", overstated=True)
    assert sh(["bash", "-e", "-c", junit], work, ci_env).returncode == 0
    assert "<failure" in (work / "healthlint-junit.xml").read_text(encoding="utf-8")
    quality = sh(["bash", "-e", "-c", gitlab], work, ci_env)
    assert quality.returncode == 1  # findings fail the job unless allow_failure: {exit_codes: [1]}
    issues = json.loads((work / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert [i["check_name"] for i in issues] == ["hype/key-to"]
    assert set(job["artifacts"]["reports"].values()) == {"gl-code-quality-report.json", "healthlint-junit.xml"}
