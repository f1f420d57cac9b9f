"""scripts/split_halves.py: the fixed A/B split of a gold set that keeps half B held out."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location("split_halves", ROOT / "scripts" / "split_halves.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write(path: Path, texts: list[str]) -> None:
    path.write_text("".join(json.dumps({"text": t, "labels": []}) + "\n" for t in texts), encoding="utf-8")


def test_every_record_lands_in_one_half_whatever_the_order_or_spacing(tmp_path: Path):
    split = _script()
    texts = [f"Sentence number {i} about coffee and sleep." for i in range(40)]
    _write(tmp_path / "one.jsonl", texts)
    _write(tmp_path / "two.jsonl", [t.replace(" ", "  ") for t in reversed(texts)])
    assert split.main([str(tmp_path / "one.jsonl"), str(tmp_path / "a")]) == 0
    assert split.main([str(tmp_path / "two.jsonl"), str(tmp_path / "b")]) == 0
    for name in ("A", "B"):
        first = {" ".join(json.loads(line)["text"].split()) for line in (tmp_path / "a" / f"{name}.jsonl").open()}
        second = {" ".join(json.loads(line)["text"].split()) for line in (tmp_path / "b" / f"{name}.jsonl").open()}
        assert first == second and first, name
    a = (tmp_path / "a" / "A.jsonl").read_text().splitlines()
    b = (tmp_path / "a" / "B.jsonl").read_text().splitlines()
    assert len(a) + len(b) == len(texts)


def test_a_line_that_is_not_a_record_is_named_with_its_file_and_line(tmp_path: Path, capsys):
    split = _script()
    (tmp_path / "bad.jsonl").write_text('{"text": "fine"}\nnot json\n', encoding="utf-8")
    assert split.main([str(tmp_path / "bad.jsonl"), str(tmp_path / "out")]) == 2
    assert f"{tmp_path / 'bad.jsonl'}:2:" in capsys.readouterr().err
