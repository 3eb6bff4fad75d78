"""yamlio: the one place that knows how ruamel keeps comments."""

from __future__ import annotations

import io

from automlspec import yamlio


def dumped(node) -> str:
    out = io.StringIO()
    yamlio.dump(node, out)
    return out.getvalue()


def test_line_comments_on_keys_items_and_first_keys_of_items() -> None:
    root = yamlio.commented({"A": 1, "L": ["x", {"K": "v", "J": 2}]})
    yamlio.set_line_comment(root, "A", "default: one")
    yamlio.set_line_comment(root["L"], 0, "an item")
    yamlio.set_line_comment(root["L"], 1, "a mapping item")
    yamlio.set_start_comment(root, "first\nsecond")
    assert dumped(root) == (
        "# first\n# second\nA: 1  # default: one\nL:\n  - x  # an item\n  - K: v  # a mapping item\n    J: 2\n"
    )


def test_round_trip_keeps_comments_and_quotes() -> None:
    text = "# head\nA: 'quoted'  # why\nB: [1, 2]\n"
    yaml = yamlio.round_trip(preserve_quotes=True)
    docs = list(yaml.load_all(text))
    out = io.StringIO()
    yaml.dump_all(docs, out)
    assert out.getvalue() == text


def test_comment_lines_skip_empty_slots() -> None:
    tokens = [yamlio.comment("# a\n# b\n"), None, yamlio.comment("# c\n")]
    assert yamlio.comment_lines(tokens) == ["# a", "# b", "# c"]
