"""Which encoding a text file is in, and which ones the person may pick instead.

A byte-order mark or valid UTF-8 leaves no doubt. A file that is neither UTF-8
nor UTF-16 (Excel on Windows still saves "CSV" in the computer's code page) is
detected with charset-normalizer, and that is a guess the person is told
about: a short Polish note reads much like a French one. Among encodings that
decode a file to the same text, the usual name is chosen (Windows-1252 rather
than Windows-1250 for French, Shift-JIS rather than cp932).
"""

from __future__ import annotations

import codecs

# The encodings offered in the Import page's picker, the usual ones first. Their
# order also breaks ties between encodings that read a file the same way.
ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (with BOM)",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16 (little-endian, no BOM)",
    "utf-16-be": "UTF-16 (big-endian, no BOM)",
    "cp1252": "Windows-1252 (Western European)",
    "latin-1": "ISO-8859-1 (Latin-1)",
    "iso8859-15": "ISO-8859-15 (Western European, with €)",
    "cp1250": "Windows-1250 (Central European)",
    "cp1251": "Windows-1251 (Cyrillic)",
    "koi8-r": "KOI8-R (Russian)",
    "cp1253": "Windows-1253 (Greek)",
    "cp1254": "Windows-1254 (Turkish)",
    "cp1255": "Windows-1255 (Hebrew)",
    "cp1256": "Windows-1256 (Arabic)",
    "cp1257": "Windows-1257 (Baltic)",
    "cp1258": "Windows-1258 (Vietnamese)",
    "shift_jis": "Shift-JIS (Japanese)",
    "cp932": "Windows-932 (Japanese, Shift-JIS with Windows additions)",
    "euc-jp": "EUC-JP (Japanese)",
    "gb18030": "GB18030 (Chinese, simplified)",
    "big5": "Big5 (Chinese, traditional)",
    "cp949": "Windows-949 (Korean)",
    "euc-kr": "EUC-KR (Korean)",
    "tis-620": "TIS-620 (Thai)",
    "mac-roman": "Mac OS Roman",
}
# A BOM or valid UTF-8 leaves no doubt; anything else is an inference worth telling.
CERTAIN_ENCODINGS = ("utf-8", "utf-8-sig", "utf-16")
# What detection leaves out: UTF-8 and UTF-16 were ruled out before it runs.
_NOT_CANDIDATES = ["utf_8", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_7"]


def _canonical(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


_BY_CANONICAL = {_canonical(name): name for name in ENCODINGS}


def encoding_label(encoding: str | None) -> str:
    """How the picker names an encoding: "Windows-1251 (Cyrillic)"."""
    if not encoding:
        return ""
    return ENCODINGS.get(_BY_CANONICAL.get(_canonical(encoding), encoding), encoding)


def _usual_name(encoding: str) -> str:
    """Our name for an encoding ("latin_1" -> "latin-1"), or its own when we have none."""
    return _BY_CANONICAL.get(_canonical(encoding), encoding)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _guess(data: bytes) -> str | None:
    """charset-normalizer's reading of a file that is neither UTF-8 nor UTF-16."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_exclusion=_NOT_CANDIDATES).best()
    if best is None:
        return None
    same_text = [_usual_name(e) for e in [best.encoding, *best.could_be_from_charset]]
    ranked = sorted(
        dict.fromkeys(same_text),
        key=lambda e: list(ENCODINGS).index(e) if e in ENCODINGS else len(ENCODINGS),
    )
    return next((e for e in ranked if _decodes(data, e)), None)


def detect_encoding(data: bytes) -> str:
    """The encoding of a text file: BOM, UTF-16 without BOM, UTF-8, else detected.

    Anything but a BOM or valid UTF-8 is a guess (see ``is_guess``).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:4096]
    if len(sample) >= 4 and sample.count(b"\x00") >= len(sample) // 4:
        wide = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        if _decodes(data, wide):
            return wide
    if _decodes(data, "utf-8"):
        return "utf-8"
    guessed = _guess(data)
    if guessed is not None:
        return guessed
    return "cp1252" if _decodes(data, "cp1252") else "latin-1"  # latin-1 decodes any bytes


def is_guess(encoding: str | None) -> bool:
    return bool(encoding) and encoding not in CERTAIN_ENCODINGS


def encoding_choices(detected: str | None) -> dict[str, str]:
    """What the picker offers: the detected encoding first, then the usual ones."""
    choices: dict[str, str] = {}
    if detected:
        name = _usual_name(detected)
        choices[name] = ENCODINGS.get(name, f"{name} (detected)")
    return choices | {k: v for k, v in ENCODINGS.items() if k not in choices}
