"""A table's cached lines joined in blocks of consecutive documents, for the storage's saves.

Every save rewrites the whole file (temp file, fsync, atomic replace). Handed to the kernel as
16.7k lines (a 50k-incident database), the 32 MB took 13-14.5 ms of CPU; as 32 blocks of about
1 MB, 9.6-10.3 ms. So the storage keeps, for a database it opened, each table's lines joined in
blocks of `BLOCK_LINES` documents; a save re-joins only the block of the document it changed
(an added document goes to the last block) and points that block's lines into it, so the lines
are not held twice. The per-document lines stay the truth: a block is only ever made from
them, and the storage drops a table's blocks whenever it changes its lines in any other way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, MutableMapping

BLOCK_LINES = 512
"""Documents per block: about 1 MB of a database of 50k incidents (~2 KB a line)."""

Piece = bytes | memoryview


class LineBlocks:
    """The blocks of one table's lines (`lines`: document id -> cached line, in the table's
    order, as `SafeJSONStorage` keeps them: the object this was made for)."""

    def __init__(self, lines: MutableMapping[str, Piece]) -> None:
        self.lines = lines
        ids = list(lines)
        self._ids = [ids[i : i + BLOCK_LINES] for i in range(0, len(ids), BLOCK_LINES)]
        self._blocks: list[bytes | None] = [None] * len(self._ids)  # None: to be joined
        self._block_of = {d: n // BLOCK_LINES for n, d in enumerate(ids)}

    def stands_for(self, lines: Mapping[str, Piece], count: int) -> bool:
        """Whether these blocks may be written for `lines` of a table of `count` documents:
        made for that very mapping, and holding as many documents."""
        return self.lines is lines and len(self._block_of) == count == len(lines)

    def changed(self, doc_ids: Iterable[str]) -> None:
        """`doc_ids`' lines were replaced or, for ids not seen yet, added at the table's end
        (in this order)."""
        for doc_id in doc_ids:
            n = self._block_of.get(doc_id)
            if n is None:
                if not self._ids or len(self._ids[-1]) >= BLOCK_LINES:
                    self._ids.append([])
                    self._blocks.append(None)
                n = len(self._ids) - 1
                self._ids[n].append(doc_id)
                self._block_of[doc_id] = n
            self._blocks[n] = None

    def pieces(self) -> list[Piece]:
        """The table's lines as blocks (the blocks changed since the last call joined again,
        their lines pointed into them), in the table's order."""
        lines = self.lines
        out: list[Piece] = []
        for n, ids in enumerate(self._ids):
            block = self._blocks[n]
            if block is None:
                block = self._blocks[n] = b"".join([lines[d] for d in ids])
                _point_into(block, ids, lines)
            out.append(block)
        return out


def _point_into(block: bytes, ids: list[str], lines: MutableMapping[str, Piece]) -> None:
    """Make each of `ids`' lines a view of its bytes in `block` (the copies they were freed)."""
    view = memoryview(block)
    at = 0
    for doc_id in ids:
        end = at + len(lines[doc_id])
        lines[doc_id] = view[at:end]
        at = end
