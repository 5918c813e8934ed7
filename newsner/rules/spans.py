"""Spans of a text and an index of them by position.

The rules ask, for each name they find, which spans share a character with
it. :class:`SpanIndex` files every span under the stretches of ``CELL``
characters it covers, so such a question looks only at the spans of the few
cells the name covers, however long the text.
"""

CELL = 64


class Span:
    __slots__ = ('start', 'stop', 'type', 'sure')

    def __init__(self, start, stop, type, sure=False):
        self.start, self.stop, self.type, self.sure = start, stop, type, sure

    def overlaps(self, start, stop):
        return self.start < stop and start < self.stop


def _cells(start, stop):
    # the cells a stretch covers; an empty stretch lies in the cell of its position
    return range(start // CELL, max(start, stop - 1) // CELL + 1)


class SpanIndex:
    """Spans by position, in the order they were added; iterating gives that order.

    The positions of a span must not change while it is in the index.
    """

    def __init__(self, spans=()):
        self.order = {}
        self.cells = {}
        self.added = 0
        for span in spans:
            self.add(span)

    def __iter__(self):
        return iter(self.order)

    def add(self, span):
        self.order[span] = self.added
        self.added += 1
        for cell in _cells(span.start, span.stop):
            self.cells.setdefault(cell, []).append(span)

    def remove(self, span):
        del self.order[span]
        for cell in _cells(span.start, span.stop):
            self.cells[cell].remove(span)

    def replace(self, inner, span):
        """Put ``span`` in the place of the spans ``inner`` (a name found by a rule
        takes the place of the spans inside it)."""
        for s in inner:
            self.remove(s)
        self.add(span)

    def overlapping(self, start, stop):
        """The spans that share a character with ``start:stop``, in the order they were added."""
        found: dict[Span, None] = {}
        for cell in _cells(start, stop):
            for span in self.cells.get(cell, ()):
                if span.overlaps(start, stop):
                    found[span] = None
        return sorted(found, key=self.order.__getitem__)
