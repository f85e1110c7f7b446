"""What changed between two texts, word by word: pure code, for every page that compares versions.

``word_diff`` compares two short texts; ``paragraph_diff`` compares two long ones (an agreement's
wording) paragraph by paragraph, so a change in one paragraph does not smear across the page, and
words within a reworded paragraph.
"""

from __future__ import annotations

import difflib
from itertools import zip_longest

Run = tuple[str, str]  # ("same" | "removed" | "added", words)


def word_diff(before: str, after: str) -> list[Run]:
    """(``same`` | ``removed`` | ``added``, words) runs that turn ``before`` into ``after``."""
    old, new = before.split(), after.split()
    runs = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append(("same", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("removed", " ".join(old[i1:i2])))
        if j2 > j1:
            runs.append(("added", " ".join(new[j1:j2])))
    return runs


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def paragraph_diff(before: str, after: str) -> list[list[Run]]:
    """Each paragraph of ``after`` (and each removed one of ``before``) as word runs: a paragraph kept as it
    was is one ``same`` run, a new one one ``added`` run, a removed one one ``removed`` run, and a reworded
    one compared line by line and word by word."""
    old, new = _paragraphs(before), _paragraphs(after)
    out: list[list[Run]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            out += [[("same", p)] for p in new[j1:j2]]
            continue
        for was, now in zip_longest(old[i1:i2], new[j1:j2]):
            if was is None:
                out.append([("added", now)])
            elif now is None:
                out.append([("removed", was)])
            else:
                out.append(_line_diff(was, now))
    return out


def _line_diff(before: str, after: str) -> list[Run]:
    """A reworded paragraph, line by line (a list keeps its items apart), words within a reworded line;
    ``("break", "")`` between lines."""
    old, new = before.split("\n"), after.split("\n")
    runs: list[Run] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            pairs = [(line, line) for line in new[j1:j2]]
        else:
            pairs = list(zip_longest(old[i1:i2], new[j1:j2], fillvalue=""))
        for was, now in pairs:
            if runs:
                runs.append(("break", ""))
            runs += word_diff(was, now)
    return runs
