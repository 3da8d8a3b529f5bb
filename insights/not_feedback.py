"""Notes that are not feedback: thanks, "ok", "really?", a handle alone, a retweeted ad.

Raw feedback (support queues, app stores, social media) is full of notes
that say nothing a product manager can act on. Counted as feedback, two
hundred "thanks!" outrank every real complaint. This module says which
notes those are, and strips what is noise in any note before notes are
compared (@handles, links, "RT", emoji, signatures such as "Sent from my
iPhone" or "^JB"), so "@united thanks!" and "thanks" read alike and
"@united lost my bag" reads as "lost my bag".

A note is *not feedback* when, once stripped, every word it has left is a
pleasantry, a greeting, an acknowledgement, a filler or a function word:
"Thank you so much!", "ok", "??", "really!??", "@AmericanAir", "good
morning", "DM sent", a retweet ("RT @brand: ..."; someone else's words, most
often the brand's own). Anything else is feedback: "thanks for nothing",
"thanks, but my bag is still missing", "great crew!", "where is my order?".
A person can overrule the rule for any note (``insights.feedback_marks``).
English only.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from insights.textnorm import expanded

_URL = re.compile(r"(?:https?://|www\.)\S+|\b\S+\.(?:com|co|ly|net|org|io)/\S*", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@])@\w+")
_RETWEET = re.compile(r"^\s*(?:rt|mt)\b\s*:?\s*(?=@)", re.IGNORECASE)
_VIA = re.compile(r"\b(?:via|cc|h/t)\s*:?\s*(?=@)", re.IGNORECASE)
_SIGNATURES = re.compile(
    r"(?:sent from (?:my )?\w+(?: \w+){0,2}(?: on \w+)?|get outlook for \w+)\s*$"  # footers
    r"|(?:^|\s)(?:--|—|–|\^|\*)\s*[a-z]{1,3}\s*$"  # "^JB", "-- AB", "*TJ": an agent's initials
    r"|(?:^|\n)\s*(?:--|—)\s*\w+(?: \w+)?\s*$",  # "-- John Smith"
    re.IGNORECASE,
)
_COMMENT = re.compile(r"(?<!:)//")  # "RT @x: ... // my own words"
_SIGN_OFF = re.compile(
    r"(?:\b(?i:regards|cheers|thanks|best|sincerely|love|this is)\s*,?\s*)"
    r"(?:[A-Z][\w.]*\.?\s*){1,3}$"
)
_ELONGATED = re.compile(r"(\w)\1{2,}")
_NEW_YEAR = re.compile(r"\bnew year\b")  # a greeting; "new" alone is content ("a new card")
_HASH = re.compile(r"#(?=\w)")
_WORD = re.compile(r"[^\W\d_]+|\d+")

# Words that, alone or together, carry nothing to act on: pleasantries, greetings,
# acknowledgements, laughter, fillers and function words.
_PLEASANTRIES = frozenset(
    """thanks thank thanx thankyou thx tnx ty tyvm tysm ta cheers appreciate appreciated
    appreciation grateful gracias merci danke kudos
    hi hii hello hey heya hiya yo howdy greetings morning afternoon evening night gm gn
    good day nice weekend have a great wonderful lovely
    ok okay okey k kk okie oki alright alrighty aight fine sure yes yeah yep yup ya yea
    no nope nah nop noted gotcha got it will do done understood roger copy
    sounds sound
    bye goodbye later cya ttyl soon talk welcome
    really seriously srsly what wat huh hm hmm hmmm eh um uh er oh ooh ah aha wow whoa omg
    lol lmao rofl haha hahaha hehe jk smh idk ikr
    please pls plz plse
    same this that these those ditto agreed agree true exactly indeed right
    again still just so much very many lot lots all you your u ur yours too also
    and or but the a an of to for in on at by with from as is are was were be been it its
    i me my we us our he she they them their this there here it's im i'm
    mate man guys guy folks team friend dear sir madam bro dude fam all
    ever more most best regards kind warm sincerely xx xo xoxo
    guess think know see let us let's me too
    plus one 1 np nw yw
    makes make sense fair enough perfect awesome cool great nice good excellent brilliant
    happy holidays merry christmas xmas year thanksgiving easter eid birthday
    he she said says say that's thats what's whats why how who where when which
    bunch ton tons luck wish wishing safe stay care take thing things
    for real mood lmk asap thnx thnks thanx wut wdym excuse above below worries
    everyone else anyone friday monday hello from
    """.split()  # noqa: SIM905
)
# Chatter: empty alone ("DM sent", "boarding now", "see attached"), a complaint after a
# negation ("no reply", "still no help"): then the note is feedback.
_CHATTER = frozenset(
    """dm dms sent send check checking checked following follow followed back reply replied
    replies responding response help helping info information attached screenshot per
    previous email mail emailed messaged called pm'd dm'd dmed moment sec second minute wait
    landed landing heading head way flying fly flew boarding board trip travel travelling
    home off tomorrow today tonight now first time gate ordering attachment removed
    bump up test testing set try""".split()  # noqa: SIM905
)
_EMPTY_WORDS = _PLEASANTRIES | _CHATTER
_NEGATIONS = frozenset("no not never nothing nobody none without nowhere".split())  # noqa: SIM905
# Words that mark an advertisement or a contest, not a customer's feedback.
_AD = re.compile(
    r"\b(?:sweepstakes?|giveaway|enter to win|rt to win|chance to win|use code|"
    r"book now|shop now|limited time|sign up today|click here)\b",
    re.IGNORECASE,
)


def _strip_emoji(text: str) -> str:
    return "".join(
        ch if unicodedata.category(ch)[0] in "LNZP" or ch in "\n'’" else " " for ch in text
    )


_NOISY = re.compile(r"[@#/^*\-—–]|www\.|\bsent from\b|\bget outlook\b|\brt\b|\bmt\b", re.I)
_CAPITAL_AT_END = re.compile(r"[A-Z][\w.]*\.?\s*$")


@lru_cache(maxsize=200_000)
def strip_noise(text: str) -> str:
    """The note without handles, links, "RT", emoji and signatures: the words a person wrote."""
    value = unicodedata.normalize("NFKC", text or "")
    if _NOISY.search(value):  # most notes have none of it: the patterns below are skipped
        value = _RETWEET.sub("", value)
        value = _URL.sub(" ", value)
        value = _VIA.sub(" ", value)
        value = _HANDLE.sub(" ", value)
        value = _SIGNATURES.sub(" ", value)
        value = _HASH.sub("", value)
    if _CAPITAL_AT_END.search(value.rstrip(" .!")):
        value = _SIGN_OFF.sub(lambda m: m.group(0).split()[0], value.rstrip(" .!"))
    if not value.isascii():
        value = _strip_emoji(value)
    return re.sub(r"\s+", " ", value).strip(" \t\n.,;:-–—")


def is_retweet(text: str) -> bool:
    """A retweet ("RT @brand: ..."): somebody else's words, passed on."""
    return bool(_RETWEET.match(unicodedata.normalize("NFKC", text or "")))


@lru_cache(maxsize=200_000)
def is_not_feedback(text: str) -> bool:
    """True when a note has nothing to act on (see the module's docstring)."""
    if is_retweet(text) and not _COMMENT.search(text):  # "RT @x: ... // my own words" is a comment
        return True
    if _AD.search(text):
        return True
    kept = strip_noise(text)
    words = _WORD.findall(_ELONGATED.sub(r"\1", _NEW_YEAR.sub(" ", expanded(kept))))
    if _NEGATIONS.intersection(words) and _CHATTER.intersection(words):
        return False  # "no reply", "still no help": a complaint in few words
    return all(w in _EMPTY_WORDS for w in words)
