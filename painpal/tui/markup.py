"""The one escape for text painpal did not write (names, notes, errors, paths) before it goes into markup.

``textual.markup.escape`` escapes only brackets that look like tags: an
unclosed ``[`` ("left [side"), ``[$var]`` or ``[31m`` got through and either
vanished or crashed the screen with a MarkupError. Here every ``[`` is
escaped, and control characters (bidi overrides too, which reorder a line) are dropped: stored text is shown as text.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def escape(text: object) -> str:
    """``text`` as markup that renders exactly as ``text`` (less control characters), whatever it holds."""
    plain = _CONTROL.sub("", str(text))
    return plain.replace("[", "\\[")
