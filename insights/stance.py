"""Stance: tell two notes on the same subject with opposite opinions apart.

Sentence embeddings measure *topic*: "the price is too high" and "the price is
fair for the quality" score as more alike than many true paraphrases. Grouping
them would invent agreement, so the grouping asks this module, for every pair
it would join, whether the two notes take opposite sides. Three signals, each
read clause by clause ("lovely, but it doesn't last" is two clauses):

- **Negation.** A negator ("not", "no", "never", "nobody", "without", and
  spelled-out contractions: "can't" is "can not") negates the first content
  word after it. One note negating a word the other asserts ("the pump does
  not work" / "the pump works"; "there is no man playing" / "a man is
  playing") is opposite.
- **Opinion words.** A short lexicon of evaluative words (``POSITIVE``,
  ``NEGATIVE``; "too" before a word counts as negative: "too expensive", "too
  many emails"), their sign flipped under a negation ("not bad"). Two notes
  whose opinions are all positive on one side and all negative on the other
  are opposite; a note with both ("lovely, but it fades") opposes neither.
- **Antonyms.** Pairs like fast/slow, easy/hard, love/hate, like/dislike,
  cheap/expensive, more/less, "went up"/"went down": one note on one side and
  the other only on the other side are opposite ("not fast" counts as slow).

It errs on the side of keeping notes apart: a missed group costs a person
one merge, a wrong one invents agreement. It reads English only, and it does
not know *what* an opinion is about: "I love the scent, the shipping is slow"
and "the scent is awful" are not told apart by topic here (the similarity
threshold does that).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from insights.textnorm import STOPWORDS, expanded, stem

NEGATORS = frozenset(
    "not no never nobody nothing none neither nor without nowhere hardly barely".split()  # noqa: SIM905
)

# Evaluative words (not topic words: "gift", "free" or "support" say nothing of a stance).
_POSITIVE_WORDS = """good great excellent amazing awesome fantastic wonderful lovely love
    loved adore
    enjoy enjoyed nice perfect best better favorite favourite happy glad pleased
    satisfied impressed beautiful gorgeous stunning soft smooth gentle fresh fast
    quick quickly prompt easy easily simple helpful friendly reliable worth
    worthwhile fair reasonable affordable generous recommend comfortable convenient
    calming relaxing soothing effective fine decent solid sturdy delightful thrilled
    excited fun cute elegant luxurious brilliant superb outstanding smart useful
    intuitive seamless painless glowing works working""".split()  # noqa: SIM905
_NEGATIVE_WORDS = """bad terrible awful horrible poor worse worst hate hated hates dislike disliked
    dislikes disappointing disappointed disappointment annoying annoyed annoys
    frustrating frustrated confusing confused confusion unclear complicated
    difficult hard slow slowly late delayed expensive pricey overpriced costly
    ridiculous greasy sticky oily itchy irritated irritating irritation rash broke
    broken breaks cracked leak leaks leaked leaking leaky damaged missing lost wrong
    useless waste wasted flimsy spam spammy pushy rude unhelpful sad upset angry
    unhappy worried scared afraid uncomfortable inconvenient problem problems fail
    fails failed failing failure error errors crash crashes crashed stuck awkward
    clunky tedious painful harsh overwhelming weak faded fades boring bland cheaply
    mediocre unreliable unusable buggy lacking lacks regret""".split()  # noqa: SIM905

# Words of one meaning and its opposite: (side 0, side 1) per pair.
_ANTONYMS = [
    ("fast", "slow"),
    ("quick", "slow"),
    ("quickly", "slowly"),
    ("easy", "hard"),
    ("easy", "difficult"),
    ("simple", "complicated"),
    ("love", "hate"),
    ("like", "dislike"),
    ("enjoy", "hate"),
    ("high", "low"),
    ("higher", "lower"),
    ("rise", "fall"),
    ("increase", "decrease"),
    ("raise", "lower"),
    ("more", "less"),
    ("more", "fewer"),
    ("cheap", "expensive"),
    ("affordable", "expensive"),
    ("big", "small"),
    ("huge", "small"),
    ("huge", "tiny"),
    ("big", "tiny"),
    ("bigger", "smaller"),
    ("large", "small"),
    ("long", "short"),
    ("longer", "shorter"),
    ("early", "late"),
    ("good", "bad"),
    ("better", "worse"),
    ("best", "worst"),
    ("strong", "weak"),
    ("heavy", "light"),
    ("hot", "cold"),
    ("warm", "cold"),
    ("thick", "thin"),
    ("clean", "dirty"),
    ("smooth", "rough"),
    ("fresh", "stale"),
    ("add", "remove"),
    ("include", "exclude"),
    ("accept", "reject"),
    ("agree", "disagree"),
    ("win", "lose"),
    ("gain", "lose"),
    ("happy", "unhappy"),
    ("happy", "sad"),
    ("fair", "unfair"),
    ("safe", "unsafe"),
    ("clear", "unclear"),
    ("clear", "confusing"),
    ("helpful", "unhelpful"),
    ("friendly", "rude"),
    ("often", "rarely"),
    ("many", "few"),
    ("full", "empty"),
    ("last", "fade"),
    ("pass", "fail"),
    ("success", "failure"),
    ("positive", "negative"),
    ("always", "rarely"),
    ("new", "old"),
    ("right", "wrong"),
    ("correct", "wrong"),
    ("correct", "incorrect"),
    ("soft", "rough"),
    ("soft", "hard"),
    ("near", "far"),
    ("close", "far"),
    ("day", "night"),
    ("open", "close"),
    ("start", "stop"),
    ("enter", "leave"),
    ("inside", "outside"),
    ("sit", "stand"),
    ("asleep", "awake"),
    ("dry", "wet"),
    ("light", "dark"),
    ("present", "absent"),
    ("alive", "dead"),
    ("hit", "miss"),
    ("push", "pull"),
]
# Particles that take sides only after certain verbs: "went up" / "went down",
# "turned on" / "turned off" (but "on sale" and "20% off" take no side).
_GO = frozenset("go goes went gone going come comes came coming".split())  # noqa: SIM905
_TURN = frozenset("turn turns turned turning switch switches switched switching".split())  # noqa: SIM905
_MOVES = {"up": 0, "down": 1}
_SWITCHES = {"on": 0, "off": 1}
_TOO = "too"
# "I'd love early access" asks for something: no opinion of what exists.
_WISH = frozenset("would wish want wants wanted hope hoping".split())  # noqa: SIM905

# Opinions said in several words, as shoppers say them (after ``expanded``: "can't" is
# "can not"). A negator in the three words before one flips it ("not a waste of money").
_NEGATIVE_IDIOMS = [
    "can not stand",
    "could not stand",
    "dries out",
    "dry out",
    "dried out",
    "falls apart",
    "fall apart",
    "fell apart",
    "stopped working",
    "quit working",
    "waste of money",
    "waste of time",
    "rip off",
    "ripoff",
    "not worth",
    "breaks me out",
    "break me out",
    "broke me out",
    "took forever",
    "takes forever",
    "for ever to",
    "takes ages",
    "took ages",
    "a nightmare",
    "a joke",
    "a scam",
    "never again",
    "gave up",
    "in the dark",
    "went downhill",
    "money down the drain",
    "let me down",
    "a letdown",
    "a let down",
    "fell short",
    "falls short",
    "a hassle",
    "a pain",
    "a mess",
    "no one answers",
    "no one answered",
    "no one replied",
    "no one responds",
]
_POSITIVE_IDIOMS = [
    "a steal",
    "a breeze",
    "spot on",
    "like a glove",
    "worth every penny",
    "holds up well",
    "hold up well",
    "held up well",
    "a lifesaver",
    "a life saver",
    "a game changer",
    "right on time",
    "on time",
    "no issues",
    "no problems",
    "works great",
    "does the job",
    "did the job",
    "love it",
    "loved it",
    "pays for itself",
    "hassle free",
    "out of their way",
    "above and beyond",
    "made it right",
    "like a charm",
]
_IDIOMS = re.compile(
    r"\b(?:(?P<neg>"
    + "|".join(map(re.escape, _NEGATIVE_IDIOMS))
    + ")|"
    + "|".join(map(re.escape, _POSITIVE_IDIOMS))
    + r")\b"
)
_CLAUSE = re.compile(r"[.,;:!?()\n]+|\b(?:but|although|though|however|whereas|except|while|yet)\b")
_WORD = re.compile(r"[^\W_]+")


def _stems(words: list[str]) -> frozenset[str]:
    return frozenset(stem(w) for w in words)


POSITIVE = _stems(_POSITIVE_WORDS)
NEGATIVE = _stems(_NEGATIVE_WORDS) - POSITIVE
_POLE: dict[str, list[tuple[int, int]]] = {}
for _pair, (_left, _right) in enumerate(_ANTONYMS):
    _POLE.setdefault(stem(_left), []).append((_pair, 0))
    _POLE.setdefault(stem(_right), []).append((_pair, 1))
_MOVE_PAIR = len(_ANTONYMS)


@dataclass(frozen=True)
class Stance:
    """What a note asserts, what it negates, and which way its opinions go."""

    asserted: frozenset[str]  # content-word stems said plainly
    negated: frozenset[str]  # content-word stems under a negation
    signs: frozenset[int]  # +1 and/or -1: the opinions stated
    poles: frozenset[tuple[int, int]]  # (antonym pair, side)


def _content(word: str) -> bool:
    return word not in STOPWORDS and word not in NEGATORS and len(word) > 1


@lru_cache(maxsize=200_000)
def stance(text: str) -> Stance:
    """Read a note's stance (cached: notes repeat)."""
    asserted: set[str] = set()
    negated: set[str] = set()
    signs: set[int] = set()
    poles: set[tuple[int, int]] = set()
    for clause in _CLAUSE.split(expanded(text)):
        words = _WORD.findall(clause)
        for found in _IDIOMS.finditer(" ".join(words)):
            before = words[: found.string[: found.start()].count(" ")]
            flip = any(w in NEGATORS for w in before[-3:]) and not found.group("neg")
            signs.add((-1 if found.group("neg") else +1) * (-1 if flip else 1))
        pending = False  # a negator waits for its content word
        wishing = False
        for i, word in enumerate(words):
            if word in NEGATORS:
                pending = True
                continue
            if word in _WISH:
                wishing = True
            if word == _TOO and i + 1 < len(words) and words[i + 1] not in NEGATORS:
                signs.add(+1 if pending else -1)
                pending = False  # "not too expensive": the negation is spent on "too"
                continue
            if word in _MOVES and i and words[i - 1] in _GO:
                poles.add((_MOVE_PAIR, _MOVES[word] ^ pending))
                pending = False
                continue
            if word in _SWITCHES and i and words[i - 1] in _TURN:
                poles.add((_MOVE_PAIR + 1, _SWITCHES[word] ^ pending))
                pending = False
                continue
            s = stem(word)
            for pair, side in _POLE.get(s, ()):
                poles.add((pair, side ^ pending))
            if not _content(word):
                continue
            flip = pending
            pending = False
            (negated if flip else asserted).add(s)
            if word.startswith("un") and len(word) > 5:  # "unfolding" denies "folding"
                (asserted if flip else negated).add(stem(word[2:]))
            if not wishing:
                if s in POSITIVE:
                    signs.add(-1 if flip else +1)
                elif s in NEGATIVE:
                    signs.add(+1 if flip else -1)
    return Stance(frozenset(asserted), frozenset(negated), frozenset(signs), frozenset(poles))


def _denies(a: Stance, b: Stance) -> bool:
    """A negates a word that B asserts and never negates."""
    return bool(a.negated & (b.asserted - b.negated))


def opposed(a: Stance, b: Stance) -> bool:
    """True when two notes take opposite sides: they must never share a group."""
    if _denies(a, b) or _denies(b, a):
        return True
    if a.signs and b.signs and not (a.signs & b.signs):
        return True
    for pair, side in a.poles:
        other = (pair, 1 - side)
        if other in b.poles and other not in a.poles and (pair, side) not in b.poles:
            return True
    return False


def opposite(text_a: str, text_b: str) -> bool:
    """True when the two texts take opposite sides on what they talk about."""
    return opposed(stance(text_a), stance(text_b))
