"""Which files `healthlint check FOLDER` reads: Markdown and text, minus tool folders and whatever
.gitignore excludes (as git would, within the repository)."""
from __future__ import annotations

from pathlib import Path

from healthlint.walk import discover
from support import run_cli


def make_tree(root: Path, files: list[str]) -> None:
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("This is the key to treating insomnia.\n", encoding="utf-8")


def found(root: Path, *paths: str) -> list[str]:
    return sorted(Path(p).relative_to(root).as_posix() for p in discover([str(root / p) for p in (paths or ["."])]))


def test_tool_folders_are_skipped(tmp_path: Path):
    make_tree(tmp_path, ["a.md", ".git/x.md", "node_modules/pkg/README.md", ".venv/lib/y.md",
                         "venv/z.md", "__pycache__/c.md", "docs/b.txt"])
    assert found(tmp_path) == ["a.md", "docs/b.txt"]


def test_only_markdown_and_text_suffixes_are_walked_but_named_files_are_kept(tmp_path: Path):
    make_tree(tmp_path, ["a.md", "b.markdown", "c.txt", "d.text", "e.py", "f.rst", "G.MD"])
    assert found(tmp_path) == ["G.MD", "a.md", "b.markdown", "c.txt", "d.text"]
    assert found(tmp_path, "f.rst") == ["f.rst"]


def test_gitignore_is_honoured(tmp_path: Path):
    (tmp_path / ".git").mkdir()
    make_tree(tmp_path, ["keep.md", "top.md", "sub/top.md", "build/out.md", "docs/build/out.md",
                         "drafts/a.md", "docs/notes.tmp.md", "docs/deep/x/secret.md",
                         "docs/deep/x/keep.md", "nested/a.md", "nested/b.md"])
    (tmp_path / ".gitignore").write_text(
        "# comment\n\nbuild/\n/top.md\ndrafts\n*.tmp.md\ndocs/**/secret.md\n", encoding="utf-8")
    (tmp_path / "nested" / ".gitignore").write_text("*.md\n!b.md\n", encoding="utf-8")
    assert found(tmp_path) == ["docs/deep/x/keep.md", "keep.md", "nested/b.md", "sub/top.md"]
    # Walking a subfolder still applies the repository's .gitignore above it.
    assert found(tmp_path, "docs") == ["docs/deep/x/keep.md"]


def test_gitignore_files_above_the_repository_are_not_read(tmp_path: Path):
    (tmp_path / ".gitignore").write_text("*\n", encoding="utf-8")  # e.g. a dotfiles ~/.gitignore
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    make_tree(repo, ["a.md"])
    assert found(repo) == ["a.md"]


def test_check_on_a_folder_reports_only_walked_files(tmp_path: Path):
    (tmp_path / ".git").mkdir()
    make_tree(tmp_path, ["a.md", "node_modules/b.md", "ignored/c.md"])
    (tmp_path / ".gitignore").write_text("ignored/\n", encoding="utf-8")
    result = run_cli("check", "--quiet", str(tmp_path))
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [str(tmp_path / "a.md")]


def test_an_empty_folder_is_clean(tmp_path: Path):
    result = run_cli("check", str(tmp_path))
    assert result.exit_code == 0 and "No findings in 0 files." in result.stdout


def test_a_gitignore_glob_does_not_reach_into_subfolders_as_git_does(tmp_path: Path):
    # `docs/*.md` ignores docs/a.md but not docs/a/b.md: `*` never matches a `/` in git.
    (tmp_path / ".git").mkdir()
    make_tree(tmp_path, ["docs/a.md", "docs/a/b.md", "docs/keep.md"])
    (tmp_path / ".gitignore").write_text("docs/*.md\n!docs/keep.md\n", encoding="utf-8")
    assert found(tmp_path) == ["docs/a/b.md", "docs/keep.md"]


def test_configuration_globs_follow_git_too(tmp_path: Path):
    from healthlint.globs import matches

    assert matches("docs/*.md", "docs/a.md") and not matches("docs/*.md", "docs/a/b.md")
    assert matches("archive", "docs/archive/old.md") and matches("docs/**/*.md", "docs/a/b/c.md")
    assert matches("./docs/legal", "docs/legal/terms.md") and not matches("*.txt", "notes.md")
