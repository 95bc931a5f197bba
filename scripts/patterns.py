"""Identifier and URL rules shared by validation and rendering.

Validation rejects what rendering could not place safely into LaTeX, so both
sides use the same patterns: a value that passes the check always renders.
"""

import re

KEY = r"[A-Za-z0-9][A-Za-z0-9_:.+\-]*"
KEY_PATTERN = re.compile(rf"^{KEY}$")
# http(s) only; no whitespace, braces, backslash or characters hyperref's \href cannot take.
URL_PATTERN = re.compile(r'^https?://[^\s{}\\^`<>"|]+$')
