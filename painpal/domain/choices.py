"""The numbers of one-key answers: the same key for the same answer, day after day.

The check-in's detail questions and the relief log offer answers under the
digits 1-9. They used to be ranked by recent use, so "1" meant "lower back"
one day and "lower back, right" the next, and an answer used a week ago
fell out of the nine. Keys are only fast when the hand knows them, so the
order here never changes once an answer has its place: the built-in
answers first, in their fixed order, then the person's own answers in the
order they were first used, each new one after the last. Answers past the
ninth are on further pages of nine ("0 more"), and typing reaches any.

The person's own order is stored as a setting (``choices``,
:mod:`painpal.settings`), so it survives the window of history a screen
reads: an answer first used a year ago keeps its key after that check-in
leaves the 90 days Today loads.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

PAGE = 9
"""Answers per page: the digits 1-9."""


def answer_order(defaults: Sequence[str], known: Sequence[str], used: Iterable[str]) -> tuple[str, ...]:
    """Every answer in its lasting order: ``defaults``, then ``known`` (the stored order), then new ones in ``used``.

    ``used`` is the person's answers oldest first; one not yet known joins
    at the end, in the order of its first use. Answers that differ only in
    case are one answer, spelled as first seen.
    """
    out: list[str] = []
    seen: set[str] = set()
    for answer in (*defaults, *known, *used):
        key = answer.casefold()
        if answer and key not in seen:
            seen.add(key)
            out.append(answer)
    return tuple(out)


def own_answers(order: Sequence[str], defaults: Sequence[str]) -> tuple[str, ...]:
    """The person's part of an order, to store: the built-in answers need no remembering."""
    built_in = {d.casefold() for d in defaults}
    return tuple(a for a in order if a.casefold() not in built_in)


def page_count(order: Sequence[str]) -> int:
    """How many pages of :data:`PAGE` answers ``order`` fills (at least one, even when empty)."""
    return max(1, -(-len(order) // PAGE))


def on_page(order: Sequence[str], page: int) -> tuple[str, ...]:
    """The answers under keys 1-9 on ``page`` (0 is the first; past the last wraps round)."""
    start = (page % page_count(order)) * PAGE
    return tuple(order[start : start + PAGE])
