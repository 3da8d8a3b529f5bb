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

import Stemmer

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})

# One pass over each text: a contraction (with or without its apostrophe) -> its words.
_WHOLE_WORDS = {
    "won't": "will not",
    "can't": "can not",
    "cannot": "can not",
    "shan't": "shall not",
    "ain't": "is not",
    "cant": "can not",
    "wont": "will not",
    "im": "i am",
    "ive": "i have",
}
_PRONOUN_IS = "it|that|what|there|here|he|she|who|where|how|this|everything"
_CONTRACTION = re.compile(
    r"\b(?:won't|can't|cannot|shan't|ain't|cant|wont|im|ive)\b"
    r"|\b(?:does|do|did|is|are|was|were|(?:c|w|sh)ould|ha[sd]|have|must)nt\b"
    rf"|\b(?:{_PRONOUN_IS})'s\b"
    r"|n't\b|'re\b|'ve\b|'ll\b|'d\b|'m\b|'s\b|s'\b"
)
_ENDINGS = {
    "n't": " not",
    "'re": " are",
    "'ve": " have",
    "'ll": " will",
    "'d": " would",
    "'m": " am",
    "'s": "",
    "s'": "s",  # a possessive: "Maya's jar" compares as "Maya jar"
}


def _expand(match: re.Match) -> str:
    found = match.group(0)
    if found in _WHOLE_WORDS:
        return _WHOLE_WORDS[found]
    if found in _ENDINGS:
        return _ENDINGS[found]
    if found.endswith("nt"):  # "doesnt" -> "does not"
        return found[:-2] + " not"
    return found[:-2] + " is"  # "it's" -> "it is"


# Said, not meant. "like" is filler only between commas ("um, like, the price").
_FILLERS = re.compile(
    r"\b(?:um+|uh+|uhm+|erm+|er|hmm+|ah+|oh|yeah|yep|okay|ok|you know|i mean|kind of|"
    r"sort of|kinda|sorta|honestly|basically|literally|actually|really|just|totally|again|tbh|"
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

_stemmer = Stemmer.Stemmer("english")  # Snowball, in C (PyStemmer)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The word's stem ("bottles" -> "bottl", "leaking" -> "leak"); cached, words repeat."""
    return _stemmer.stemWord(word)


@lru_cache(maxsize=200_000)
def expanded(text: str) -> str:
    """Casefolded, contractions spelled out ("don't" -> "do not"), no filler; punctuation kept.

    Cached: the grouping, the stance guard and the not-feedback rule all read it."""
    value = unicodedata.normalize("NFKC", text or "").casefold().translate(_APOSTROPHES)
    return _FILLERS.sub(" ", _CONTRACTION.sub(_expand, value))


def plain_words(text: str) -> list[str]:
    """The normalized words of a text, in order, not stemmed: what the embedding model reads."""
    return _NON_WORD.sub(" ", expanded(text)).replace("_", " ").split()


def words(text: str) -> list[str]:
    """The normalized, stemmed words of a text, in order."""
    return [stem(w) for w in plain_words(text)]


@lru_cache(maxsize=200_000)
def normalize(text: str) -> str:
    """The text as grouping compares it: normalized, stemmed words joined by spaces.

    Cached: the same notes are grouped again after every import or change of method."""
    return " ".join(words(text))
