"""paths.py: the one get/put/remove/walk of a request tree, as compile, resolve, config, dialects, fix,
scaffold and live use it."""

from __future__ import annotations

from automlspec.paths import ABSENT, FieldPath, get, leaves, put, remove, walk


def test_get_never_raises_and_reads_a_wrong_type_as_absent() -> None:
    tree = {"A": [{"B": 1}, {"B": True}], "C": "x"}
    assert get(tree, ("A", 0, "B")) == 1
    assert get(tree, ("A", -1, "B")) is True
    assert get(tree, ("A", 2, "B"), default="none") == "none"
    assert get(tree, ("C", "D")) is None
    assert get(tree, ("A", "0")) is None  # a string never indexes a list
    assert get(tree, ("A", 1, "B"), int) is None  # bool is not an int
    assert get(tree, ("A", 1, "B"), (int, bool)) is True
    assert get(tree, ("Z",), default=ABSENT) is ABSENT
    assert get(tree, ()) is tree


def test_put_makes_missing_mappings_and_never_steps_into_a_scalar() -> None:
    tree: dict = {"L": [{}], "S": "text"}
    assert put(tree, ("A", "B", "C"), 1)
    assert tree["A"] == {"B": {"C": 1}}
    assert put(tree, ("L", 0, "K"), 2) and tree["L"] == [{"K": 2}]
    assert not put(tree, ("L", 1, "K"), 3)  # a list item is never made up
    assert not put(tree, ("S", "K"), 4) and tree["S"] == "text"
    assert not put(tree, ("A", "B", "C"), 5, replace=False) and tree["A"]["B"]["C"] == 1
    assert put(tree, ("L", 0), "item") and tree["L"] == ["item"]
    assert not put(tree, (), 6)


def test_remove_takes_the_mappings_it_empties_but_never_the_root() -> None:
    tree = {"A": {"B": {"C": 1}}, "D": [{"E": 1}]}
    remove(tree, ("A", "B", "C"))
    assert tree == {"D": [{"E": 1}]}
    remove(tree, ("D", 0, "E"))
    assert tree == {"D": [{}]}  # a list item is not a mapping to take away
    remove(tree, ("X", "Y"))
    remove(tree, ("D", 0))
    assert tree == {"D": [{}]}
    remove(tree, ("D",))
    assert tree == {}


def test_walk_visits_parents_first_in_order_and_leaves_are_what_it_ends_in() -> None:
    tree = {"A": {"B": 1, "C": [2, {"D": 3}]}, "Tags": [{"Key": "k", "Value": "v"}], "E": {}}
    assert [str(path) for path, _ in walk(tree)] == [
        "",
        "A",
        "A.B",
        "A.C",
        "A.C[0]",
        "A.C[1]",
        "A.C[1].D",
        "Tags",
        "Tags[0]",
        "Tags[0].Key",
        "Tags[0].Value",
        "E",
    ]
    assert [str(p) for p in leaves(tree)] == ["A.B", "A.C[0]", "A.C[1].D", "Tags[0].Key", "Tags[0].Value"]
    whole = [str(p) for p in leaves(tree, whole=lambda path: path.leaf == "Tags")]
    assert whole == ["A.B", "A.C[0]", "A.C[1].D", "Tags"]
    assert next(walk(tree, FieldPath(("Root",))))[0] == FieldPath(("Root",))
