"""The plain value classes (lint/records.py) behave as the dataclasses they replaced: compared,
hashed (frozen ones) and shown by their fields, pickled whole (the rules cache holds the context
table's rows; worker processes send problems back), and frozen ones refuse assignment."""
from __future__ import annotations

import copy
import pickle
from pathlib import Path

import pytest

from healthlint.config import Config
from healthlint.context import DocumentCues, Row, Span
from healthlint.document import Document, ProseBlock
from healthlint.formats.options import ReaderOptions
from healthlint.problems import Problem
from healthlint.reader import Source
from healthlint.ruleset import Pack
from healthlint.suppressions import Directive

FROZEN = [
    Problem("a.md", "cannot read", "error"),
    Config(path=Path("pyproject.toml"), select=("cure",), severity={"hype": "info"}),
    ReaderOptions(html_scope="all"),
    Directive("disable", ("hype",), "quoted", 3, 40),
    Row("hedged", "forward", "clause", frozenset({"but"})),
    Source("a.md", "It cures colds.", "markdown", "utf-16", b"\xff\xfe"),
]


@pytest.mark.parametrize("value", FROZEN, ids=lambda v: type(v).__name__)
def test_a_frozen_record_is_a_value(value):
    again = pickle.loads(pickle.dumps(value))
    assert again == value and again is not value and copy.copy(value) == value
    assert repr(again) == repr(value) and repr(value).startswith(f"{type(value).__name__}(")
    first = value.__slots__[0]
    with pytest.raises(AttributeError):
        setattr(value, first, None)
    assert getattr(value, first) == getattr(again, first)


def test_records_compare_by_fields_and_only_frozen_ones_hash():
    assert Problem("a", "b", "note") == Problem("a", "b", "note") != Problem("a", "b", "error")
    assert len({Problem("a", "b", "note"), Problem("a", "b", "note")}) == 1
    assert repr(Problem("a", "b", "note")) == "Problem(path='a', message='b', level='note')"
    assert DocumentCues({"hedged"}) == DocumentCues({"hedged"})
    with pytest.raises(TypeError):
        hash(DocumentCues({"hedged"}))


def test_mutable_records_pickle_whole_and_keep_their_repr():
    pack = Pack("cure", "Cure claims", "Treatment claims.", "cure.toml", [])
    span = Span("It cures colds.", 0, 15, 3, 9, (), None, "Next.", DocumentCues({"hedged"}))
    block = ProseBlock(kind="heading")
    block.add("It cures", 2)
    document = Document(Source("a.md", "# It cures", "markdown"), [block])
    assert block.text == "It cures" and "_parts" not in repr(block)
    for value in (pack, span, block, document):
        again = pickle.loads(pickle.dumps(value))
        assert again == value and repr(again) == repr(value)
    assert "document" not in repr(span) and "next_text='Next.'" in repr(span)  # as the dataclass's repr=False
    span.next_text = ""
    assert span != again


def test_config_defaults_are_not_shared():
    one, two = Config(path=Path("a")), Config(path=Path("b"))
    assert one.severity == {} and one.severity is not two.severity
    assert one.select is None and one.ignore == () and one.models == ()
