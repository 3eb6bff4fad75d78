"""How large a Parquet footer is, measured before pyarrow parses it.

pyarrow builds an object for every value of a footer (``FileMetaData``, Thrift's compact protocol): a
valid footer that declares a million empty column chunks is 3 MB of bytes and 700 MB of memory (about
230 bytes of RAM per footer byte, measured with pyarrow 26). ``measure`` walks the footer's bytes once,
without building anything, and stops at the first bound passed, so both its own work and what pyarrow
is later asked to build are bounded:

- row groups (``FileMetaData.row_groups``, field 4) and column chunks (``RowGroup.columns``, field 1,
  added over every row group): each chunk is the costly object;
- schema elements (``FileMetaData.schema``, field 2: the columns and their groups);
- values of any kind (every struct, list element and scalar), so a footer made of anything else (key-value
  metadata, statistics) is bounded too, and nesting depth.

Field numbers are parquet-format's ``parquet.thrift``
(https://github.com/apache/parquet-format/blob/master/src/main/thrift/parquet.thrift), the encoding is
Thrift's compact protocol
(https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md).
"""

from __future__ import annotations

from dataclasses import dataclass

# Bounds of one footer. A wide, well-partitioned table (1,000 columns in 20 row groups, written by pyarrow)
# has a 2.3 MB footer of 20,000 column chunks and 766,000 values, walked in 0.6 s; pyarrow builds the worst
# footer these bounds let through in about 70 MB (measured: 100,000 empty column chunks, or 1,000,000
# values of key-value metadata), where a million column chunks took 700 MB.
MAX_FOOTER_BYTES = 16 * 1024 * 1024
MAX_ROW_GROUPS = 10_000
MAX_COLUMN_CHUNKS = 100_000
MAX_SCHEMA_ELEMENTS = 10_000
MAX_VALUES = 1_000_000
MAX_DEPTH = 32

# Compact protocol type ids.
_TRUE, _FALSE, _BYTE, _I16, _I32, _I64, _DOUBLE, _BINARY, _LIST, _SET, _MAP, _STRUCT = range(1, 13)
# What a struct or list is, where its size is bounded.
_FILE, _SCHEMA, _ROW_GROUPS, _ROW_GROUP, _COLUMNS = range(1, 6)


class _Broken(ValueError):
    """The footer's bytes are not Thrift compact FileMetaData (pyarrow would refuse them too)."""


@dataclass
class FooterSize:
    """What a footer declares, counted up to the first bound passed (``over``: which, else None)."""

    row_groups: int = 0
    column_chunks: int = 0
    schema_elements: int = 0
    values: int = 0
    over: str | None = None
    broken: str | None = None  # not compact Thrift FileMetaData: why


class _Over(Exception):
    pass


def _walk(data: bytes, size: FooterSize, max_values: int) -> None:
    """Skip one FileMetaData struct, counting into ``size``; one loop over an explicit stack (no
    recursion, one step per value), with the field-header and element cases inlined: the walk of a wide
    table's 2 MB footer is a fraction of a second."""
    end = len(data)
    at = 0
    # A frame is [kind, state, role, left, element types]: a struct (state: last field id) or a
    # list/set/map (left: elements still to skip; for a map, two per entry).
    stack: list[list[int]] = [[_STRUCT, 0, _FILE, 0, 0]]
    values = 1
    try:
        while stack:
            frame = stack[-1]
            if frame[0] == _STRUCT:
                header = data[at]
                at += 1
                kind = header & 0x0F
                if kind == 0:  # STOP
                    stack.pop()
                    continue
                if header >> 4:
                    frame[1] += header >> 4
                else:
                    raw, at = _varint(data, at)
                    frame[1] = (raw >> 1) ^ -(raw & 1)
            elif frame[3] == 0:  # a container with no element left
                stack.pop()
                continue
            else:  # a container: its next element
                frame[3] -= 1
                if frame[0] == _MAP:
                    kind = frame[4] >> 4 if frame[3] % 2 else frame[4] & 0x0F
                elif frame[4] in (_TRUE, _FALSE):  # a list's booleans are one byte each
                    at += 1
                    values += 1
                    continue
                else:
                    kind = frame[4]
            values += 1
            if values > max_values:
                raise _Over(f"more than {max_values:,} values")
            if kind in (_I16, _I32, _I64):  # a varint: the most common value
                while data[at] >= 0x80:
                    at += 1
                at += 1
            else:
                at = _skip(data, at, kind, stack, size)
            if at > end:
                raise IndexError
    except IndexError:
        raise _Broken("the footer ends in the middle of a value") from None
    finally:
        size.values = values


def _varint(data: bytes, at: int) -> tuple[int, int]:
    """The unsigned varint at ``at``, and where it ends."""
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7


# The bytes a value of these types takes (a struct field's or a map's boolean is in its type nibble).
_WIDTH = {_BYTE: 1, _DOUBLE: 8, _TRUE: 0, _FALSE: 0}


def _skip(data: bytes, at: int, kind: int, stack: list[list[int]], size: FooterSize) -> int:
    """Skip a value of ``kind`` (not a varint) at ``at`` (a struct or container is pushed on ``stack`` to
    be walked); where the walk goes on."""
    if kind == _BINARY:
        length, at = _varint(data, at)
        return at + length
    if kind == _STRUCT:
        parent = stack[-1]
        _deeper(stack)
        stack.append([_STRUCT, 0, _ROW_GROUP if parent[0] != _STRUCT and parent[2] == _ROW_GROUPS else 0, 0, 0])
        return at
    width = _WIDTH.get(kind)
    if width is not None:
        return at + width
    return _open(data, at, kind, stack, size)


def _open(data: bytes, at: int, kind: int, stack: list[list[int]], size: FooterSize) -> int:
    """Push the list, set or map at ``at`` for the walk (a list's length counted where it is bounded);
    where its elements start."""
    role = _role(stack[-1], kind)
    if kind in (_LIST, _SET):
        header = data[at]
        at += 1
        length, element = header >> 4, header & 0x0F
        if length == 15:
            length, at = _varint(data, at)
        if length > len(data) - at:  # every element takes a byte at least
            raise _Broken("a list declares more elements than the footer has bytes")
        _count(role, length, size)
        _deeper(stack)
        stack.append([_LIST, 0, role, length, element])
        return at
    if kind == _MAP:
        length, at = _varint(data, at)
        if 2 * length > len(data) - at:
            raise _Broken("a map declares more entries than the footer has bytes")
        if length:
            types = data[at]
            at += 1
            _deeper(stack)
            stack.append([_MAP, 0, 0, 2 * length, types])
        return at
    raise _Broken(f"unknown Thrift type {kind}")


def _role(parent: list[int], kind: int) -> int:
    """What the value of ``kind`` about to be read in ``parent`` is, where its size is bounded."""
    if parent[0] != _STRUCT:
        return _ROW_GROUP if parent[2] == _ROW_GROUPS else 0
    if kind != _LIST:
        return 0
    if parent[2] == _FILE:
        return _SCHEMA if parent[1] == 2 else _ROW_GROUPS if parent[1] == 4 else 0
    return _COLUMNS if parent[2] == _ROW_GROUP and parent[1] == 1 else 0


def _count(role: int, length: int, size: FooterSize) -> None:
    """Count a list of row groups, column chunks or schema elements; _Over past its bound."""
    if role == _ROW_GROUPS:
        size.row_groups = length
        if length > MAX_ROW_GROUPS:
            raise _Over(f"{length:,} row groups (more than {MAX_ROW_GROUPS:,})")
    elif role == _COLUMNS:
        size.column_chunks += length
        if size.column_chunks > MAX_COLUMN_CHUNKS:
            raise _Over(f"more than {MAX_COLUMN_CHUNKS:,} column chunks")
    elif role == _SCHEMA:
        size.schema_elements = length
        if length > MAX_SCHEMA_ELEMENTS:
            raise _Over(f"{length:,} schema elements (more than {MAX_SCHEMA_ELEMENTS:,})")


def _deeper(stack: list[list[int]]) -> None:
    if len(stack) > MAX_DEPTH:
        raise _Over(f"nesting deeper than {MAX_DEPTH}")


def measure(footer: bytes, max_values: int = MAX_VALUES) -> FooterSize:
    """Walk a serialized FileMetaData (the footer without its length and magic); ``over`` says the first
    bound it passes. Work is bounded by ``max_values`` (one step per value, whatever the footer
    declares); ``broken`` says why bytes are not compact Thrift."""
    if len(footer) > MAX_FOOTER_BYTES:
        return FooterSize(over=f"{len(footer):,} bytes (more than {MAX_FOOTER_BYTES // (1024 * 1024)} MiB)")
    size = FooterSize()
    try:
        _walk(footer, size, min(max_values, MAX_VALUES))
    except _Over as over:
        size.over = str(over)
    except _Broken as broken:
        size.broken = str(broken)
    return size
