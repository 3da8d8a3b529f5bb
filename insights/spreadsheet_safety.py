"""Keep spreadsheets from running untrusted text as a formula.

Every highlight is untrusted. A note that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return can run as a formula when a CSV is opened
in Excel or Sheets (OWASP, "CSV Injection"); an apostrophe in front makes it
plain text, and the note keeps its words.
"""

from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: object) -> object:
    """The value, with text that a spreadsheet would run prefixed by an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
