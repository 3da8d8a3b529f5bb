"""Text as the grouping compares it: what differs only in form looks the same.

Case, punctuation, contractions ("don't" / "do not"), filler words ("um",
"honestly", "you know"), and word endings (plural and singular, "leaked" /
"leaking") are normalized; words stay in order, so a scorer can still tell
"the price is too high" from "the price is fair".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})

_CONTRACTIONS = [
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bcannot\b"), "can not"),
    (re.compile(r"\bshan't\b"), "shall not"),
    (re.compile(r"\bain't\b"), "is not"),
    (re.compile(r"n't\b"), " not"),
    # typed without the apostrophe: "dont", "doesnt", "cant", "wont", "isnt"
    (re.compile(r"\b(does|do|did|is|are|was|were|(?:c|w|sh)ould|ha[sd]|have|must)nt\b"), r"\1 not"),
    (re.compile(r"\bcant\b"), "can not"),
    (re.compile(r"\bwont\b"), "will not"),
    (re.compile(r"\bim\b"), "i am"),
    (re.compile(r"\bive\b"), "i have"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'d\b"), " would"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"\b(it|that|what|there|here|he|she|who|where|how|this|everything)'s\b"), r"\1 is"),
    (re.compile(r"'s\b"), ""),  # a possessive: "Maya's jar" compares as "Maya jar"
    (re.compile(r"s'\b"), "s"),
]

# Said, not meant. "like" is filler only between commas ("um, like, the price").
_FILLERS = re.compile(
    r"\b(?:um+|uh+|uhm+|erm+|er|hmm+|ah+|oh|yeah|yep|okay|ok|you know|i mean|kind of|"
    r"sort of|kinda|sorta|honestly|basically|literally|actually|really|just|totally|"
    r"to be honest|like i said|i guess)\b|,\s*like\s*,|^\s*(?:so|well|like)\b"
)
_NON_WORD = re.compile(r"[^\w]+")

# Common words: not worth finding candidates by (they are still compared).
STOPWORDS = frozenset(
    """a an the and or but if so of to in on at by for with from as into about than then
    i me my mine we us our you your he him his she her it its they them their this that these
    those there here is are was were be been being am do does did done have has had having
    will would shall should can could may might must not no nor too very also all any some
    what which who whom whose when where why how get got go going gone make made one out up
    more most much many such own same just only other again once""".split()  # noqa: SIM905
)

_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The word's stem ("bottles" -> "bottl", "leaking" -> "leak"); cached, words repeat."""
    return _stemmer.stemWord(word)


def words(text: str) -> list[str]:
    """The normalized, stemmed words of a text, in order."""
    value = unicodedata.normalize("NFKC", text or "").casefold().translate(_APOSTROPHES)
    for pattern, replacement in _CONTRACTIONS:
        value = pattern.sub(replacement, value)
    value = _FILLERS.sub(" ", value)
    return [stem(w) for w in _NON_WORD.sub(" ", value).replace("_", " ").split()]


def normalize(text: str) -> str:
    """The text as grouping compares it: normalized, stemmed words joined by spaces."""
    return " ".join(words(text))
