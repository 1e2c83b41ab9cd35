"""Rows read straight from the pages of a damaged database file, past a broken b-tree.

When an interior page of a table is damaged, SQLite cannot reach the leaf pages under it, though
they are whole. This reader walks every page of the file, takes each table leaf page (skipping
the pages on the free list, which hold rows deleted on purpose), and decodes its cells with
SQLite's documented record format, following overflow pages. A cell that does not decode is
passed over; nothing here trusts a count or an offset without checking it against the page.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

HEADER = 100
TABLE_LEAF = 0x0D
MOST_OVERFLOW_PAGES = 10_000


def _varint(data: bytes, at: int) -> tuple[int, int]:
    """The varint at `at`, and where the next value starts."""
    value = 0
    for index in range(8):
        byte = data[at + index]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + index + 1
    return (value << 8) | data[at + 8], at + 9


def _value(serial: int, body: bytes, at: int) -> tuple[object, int]:
    if serial == 0:
        return None, at
    if serial in (8, 9):
        return serial - 8, at
    if 1 <= serial <= 6:
        size = (1, 2, 3, 4, 6, 8)[serial - 1]
        chunk = body[at : at + size]
        if len(chunk) != size:
            raise ValueError("record cut short")
        return int.from_bytes(chunk, "big", signed=True), at + size
    if serial == 7:
        chunk = body[at : at + 8]
        if len(chunk) != 8:
            raise ValueError("record cut short")
        return struct.unpack(">d", chunk)[0], at + 8
    if serial >= 12:
        size = (serial - 12) // 2
        chunk = body[at : at + size]
        if len(chunk) != size:
            raise ValueError("record cut short")
        return (chunk.decode("utf-8") if serial % 2 else bytes(chunk)), at + size
    raise ValueError("reserved serial type")


def decode_record(payload: bytes) -> list[object]:
    size, at = _varint(payload, 0)
    if not 0 < size <= len(payload):
        raise ValueError("bad record header")
    serials = []
    while at < size:
        serial, at = _varint(payload, at)
        serials.append(serial)
    values: list[object] = []
    at = size
    for serial in serials:
        value, at = _value(serial, payload, at)
        values.append(value)
    return values


class _File:
    def __init__(self, data: bytes) -> None:
        self.data = data
        size = int.from_bytes(data[16:18], "big")
        self.page_size = 65536 if size == 1 else size
        if self.page_size < 512 or self.page_size & (self.page_size - 1):
            raise ValueError("not a database file")
        self.usable = self.page_size - data[20]
        self.pages = len(data) // self.page_size

    def page(self, number: int) -> bytes:
        if not 1 <= number <= self.pages:
            raise ValueError("page out of range")
        start = (number - 1) * self.page_size
        return self.data[start : start + self.page_size]

    def free_pages(self) -> set[int]:
        """Every page on the free list (trunks and leaves), as far as it can be followed."""
        found: set[int] = set()
        trunk = int.from_bytes(self.data[32:36], "big")
        while trunk and trunk not in found and len(found) <= self.pages:
            try:
                page = self.page(trunk)
            except ValueError:
                break
            found.add(trunk)
            count = int.from_bytes(page[4:8], "big")
            for index in range(min(count, (self.usable - 8) // 4)):
                found.add(int.from_bytes(page[8 + 4 * index : 12 + 4 * index], "big"))
            trunk = int.from_bytes(page[0:4], "big")
        return found

    def payload(self, page: bytes, at: int, length: int) -> bytes:
        """A cell's payload, with what spilled onto overflow pages."""
        usable = self.usable
        most_local = usable - 35
        if length <= most_local:
            return page[at : at + length]
        least = ((usable - 12) * 32 // 255) - 23
        local = least + ((length - least) % (usable - 4))
        if local > most_local:
            local = least
        parts = [page[at : at + local]]
        got = local
        following = int.from_bytes(page[at + local : at + local + 4], "big")
        hops = 0
        while got < length:
            hops += 1
            if hops > MOST_OVERFLOW_PAGES:
                raise ValueError("overflow chain too long")
            overflow = self.page(following)
            take = min(length - got, usable - 4)
            parts.append(overflow[4 : 4 + take])
            got += take
            following = int.from_bytes(overflow[0:4], "big")
        return b"".join(parts)


def table_rows(path: Path) -> Iterator[tuple[int, list[object]]]:
    """(rowid, values) of every cell on every table leaf page not on the free list."""
    file = _File(path.read_bytes())
    free = file.free_pages()
    for number in range(1, file.pages + 1):
        if number in free:
            continue
        page = file.page(number)
        start = HEADER if number == 1 else 0
        if page[start] != TABLE_LEAF:
            continue
        cells = int.from_bytes(page[start + 3 : start + 5], "big")
        for index in range(min(cells, file.page_size // 2)):
            pointer = start + 8 + 2 * index
            try:
                at = int.from_bytes(page[pointer : pointer + 2], "big")
                if not start + 8 <= at < file.usable:
                    continue
                length, at = _varint(page, at)
                rowid, at = _varint(page, at)
                if rowid >= 1 << 63:
                    rowid -= 1 << 64
                yield rowid, decode_record(file.payload(page, at, length))
            except (ValueError, IndexError, UnicodeDecodeError):
                continue
