"""The one escape for text painpal did not write (names, notes, errors, paths) before it goes into markup.

``textual.markup.escape`` escapes only brackets that look like tags: an
unclosed ``[`` ("left [side"), ``[$var]`` or ``[31m`` got through and either
vanished or crashed the screen with a MarkupError. Here every ``[`` is
escaped, control characters are dropped, and so are the invisible characters
that reorder or hide text (:func:`painpal.text.drop_format_controls`, the
same rule the reports and the CSV export follow): stored text is shown as text.
"""

from __future__ import annotations

import re

from painpal.text import drop_format_controls

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def escape(text: object) -> str:
    """``text`` as markup that renders exactly as ``text`` (less control characters), whatever it holds."""
    plain = drop_format_controls(_CONTROL.sub("", str(text)))
    return plain.replace("[", "\\[")
