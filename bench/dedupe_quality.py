"""How well the grouping finds the same point said twice, and how rarely it merges different ones.

Run:  python bench/dedupe_quality.py [--data DIR]
                                     [--methods combined,wording,baseline]
                                     [--thresholds 85] [--cosines 0.70] [--sets mrpc,sick,...]

Every set is grouped whole (all its texts at once, as the app groups a
workspace), then judged on pairs. For each set and method: pair precision,
recall and F1, the number of groups of two or more, the largest group, and
MCC (labelled pair sets) or the adjusted Rand index (sets with classes,
every singleton a cluster of its own).

Sets (the first five from --data, default bench/data (see bench/corpora.py), or the
INSIGHTS_DEV_CORPORA environment variable; a set whose files are missing is
skipped and said so):
- mrpc: MRPC training pairs (news sentences, 67% paraphrases). Precision,
  recall: over the labelled pairs.
- sick: SICK training pairs. Positive: ENTAILMENT with relatedness >= 4;
  every other labelled pair negative. Also: the share of CONTRADICTION pairs
  that end in one group (the issue's cap: 5%).
- banking77: 10,003 customer queries in 77 intents; same intent = same point.
  Precision: grouped pairs with the same intent. Recall: queries grouped with
  at least one query of their own intent (pair recall over all same-intent
  pairs would be near 0 for any near-duplicate grouping).
- hadoop: 2,503 JIRA titles with 66 known duplicate pairs. Recall: known
  pairs grouped; precision: a lower bound (the labels are incomplete).
- perturbed: the sample study's highlights and 715 banking77 queries, each
  rewritten 1 to 3 times with typos, swapped clauses, filler, contractions,
  plurals, case (seed 7). Recall: rewrites grouped with their original.
  Precision: grouped pairs from one original, or from two banking77 queries
  of one intent; a lower bound, since the sample's notes repeat points in
  other words on purpose ("Emails every day, too many" / "Too many emails").
- shop: the repository's own contrast set (tests/fixtures/shop_contrast.csv):
  40 pairs of shop feedback that say the same thing in other words, and 40
  on the same subject with opposite stance. Recall: "same" pairs grouped;
  precision: grouped labelled pairs that are "same"; and opposite pairs grouped.
- shopdev: our larger set of the same kind (bench/devsets/shop_pairs_dev.csv):
  160 paraphrase and 160 opposite pairs over twelve shop domains.

Methods: combined (the default: meaning and wording), wording (wording only),
baseline (what a person writes in a notebook: rapidfuzz token_set_ratio on
all pairs, default_process, single linkage at 85; no stance guard).
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpora import data_dir  # noqa: E402

from insights import near_duplicates  # noqa: E402
from insights.sources.sample import HIGHLIGHTS_FILE, read_sample_rows  # noqa: E402

DEFAULT_DATA = data_dir()
SHOP = ROOT / "tests" / "fixtures" / "shop_contrast.csv"
SHOP_DEV = ROOT / "bench" / "devsets" / "shop_pairs_dev.csv"  # 160 same, 160 opposite (ours)


# -- the sets ------------------------------------------------------------------------


class LabelledSet:
    """Texts to group, and the truth to judge the groups by."""

    def __init__(self, name: str, texts: list[str], note: str = "") -> None:
        self.name, self.texts, self.note = name, texts, note
        self.positive: set[tuple[int, int]] = set()
        self.negative: set[tuple[int, int]] = set()
        self.contradictions: set[tuple[int, int]] = set()
        self.classes: list | None = None  # same class = same point (banking77, perturbed)
        self.lower_bound = False

    def index(self, text: str) -> int:
        found = self._index.get(text)
        if found is None:
            found = self._index[text] = len(self.texts)
            self.texts.append(text)
        return found

    @classmethod
    def of_pairs(cls, name: str) -> LabelledSet:
        made = cls(name, [])
        made._index = {}
        return made


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def mrpc(data: Path) -> LabelledSet | None:
    path = data / "mrpc-train" / "msr-para-train.tsv"
    if not path.is_file():
        return None
    made = LabelledSet.of_pairs("mrpc")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    for quality, _, _, a, b in rows:
        pair = _pair(made.index(a), made.index(b))
        if pair[0] != pair[1]:
            (made.positive if quality == "1" else made.negative).add(pair)
    return made


def sick(data: Path) -> LabelledSet | None:
    path = data / "sick-train" / "SICK_train.txt"
    if not path.is_file():
        return None
    made = LabelledSet.of_pairs("sick")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    for _, a, b, relatedness, judgment in rows:
        pair = _pair(made.index(a), made.index(b))
        if pair[0] == pair[1]:
            continue
        if judgment == "ENTAILMENT" and float(relatedness) >= 4:
            made.positive.add(pair)
        else:
            made.negative.add(pair)
        if judgment == "CONTRADICTION":
            made.contradictions.add(pair)
    made.negative -= made.positive
    return made


def banking(data: Path) -> LabelledSet | None:
    path = data / "banking77" / "train.csv"
    if not path.is_file():
        return None
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    made = LabelledSet("banking77", [r["text"] for r in rows])
    made.classes = [r["category"] for r in rows]
    return made


def hadoop(data: Path) -> LabelledSet | None:
    folder = data / "hadoop-issue-duplicates"
    if not folder.is_dir():
        return None
    with (folder / "hadoop_issues_summaries.csv").open(encoding="utf-8") as handle:
        issues = list(csv.DictReader(handle))
    with (folder / "hadoop_duplicate_pairs_within_set.csv").open(encoding="utf-8") as handle:
        labelled = [(r["issue_id_a"], r["issue_id_b"]) for r in csv.DictReader(handle)]
    index = {r["Issue id"]: i for i, r in enumerate(issues)}
    made = LabelledSet("hadoop", [r["Summary"] for r in issues])
    made.positive = {_pair(index[a], index[b]) for a, b in labelled if a in index and b in index}
    made.lower_bound = True
    return made


def shop(path: Path = SHOP, name: str = "shop") -> LabelledSet:
    made = LabelledSet.of_pairs(name)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            pair = _pair(made.index(row["a"]), made.index(row["b"]))
            if row["kind"] == "same":
                made.positive.add(pair)
            else:
                made.negative.add(pair)
                made.contradictions.add(pair)
    return made


# -- perturbations: how people say the same thing again ------------------------------

FILLERS = ["um,", "honestly,", "you know,", "like,", "basically", "I mean,", "really"]
CONTRACT = [
    ("do not", "don't"),
    ("does not", "doesn't"),
    ("it is", "it's"),
    ("I am", "I'm"),
    ("can not", "can't"),
    ("is not", "isn't"),
    ("don't", "do not"),
    ("it's", "it is"),
    ("can't", "cannot"),
    ("doesn't", "does not"),
    ("I'm", "I am"),
    ("won't", "will not"),
]


def typo(text: str, rng: random.Random) -> str:
    words = text.split()
    long_words = [i for i, w in enumerate(words) if len(w) > 4]
    if not long_words:
        return text
    i = rng.choice(long_words)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    kind = rng.choice(["drop", "swap", "double"])
    if kind == "drop":
        w = w[:j] + w[j + 1 :]
    elif kind == "swap":
        w = w[: j - 1] + w[j] + w[j - 1] + w[j + 1 :]
    else:
        w = w[:j] + w[j] + w[j:]
    words[i] = w
    return " ".join(words)


def swap_clauses(text: str, rng: random.Random) -> str:
    parts = [p.strip() for p in re.split(r",|;| but | and ", text) if p.strip()]
    if len(parts) < 2:
        words = text.rstrip(".!?").split()
        if len(words) < 4:
            return text
        k = rng.randrange(1, len(words) - 1)
        return " ".join(words[k:] + words[:k])
    rng.shuffle(parts)
    return ", ".join(parts)


def filler(text: str, rng: random.Random) -> str:
    words = text.split()
    words.insert(rng.randrange(0, len(words) + 1), rng.choice(FILLERS))
    return " ".join(words)


def contraction(text: str, rng: random.Random) -> str:
    for a, b in rng.sample(CONTRACT, len(CONTRACT)):
        if re.search(rf"\b{re.escape(a)}\b", text, flags=re.IGNORECASE):
            return re.sub(rf"\b{re.escape(a)}\b", b, text, count=1, flags=re.IGNORECASE)
    return filler(text, rng)


def plural(text: str, rng: random.Random) -> str:
    words = text.split()
    nouns = [i for i, w in enumerate(words) if len(w) > 3 and w.isalpha()]
    if not nouns:
        return text
    i = rng.choice(nouns)
    words[i] = words[i][:-1] if words[i].endswith("s") else words[i] + "s"
    return " ".join(words)


def casing(text: str, rng: random.Random) -> str:
    text = re.sub(r"[.,!?;:]", "", text)
    return text.upper() if rng.random() < 0.3 else text.lower() + rng.choice(["!!", "...", "?", ""])


PERTURB = [typo, swap_clauses, filler, contraction, plural, casing]


def perturbed(data: Path, rng: random.Random) -> LabelledSet:
    originals = [row[1] for row in read_sample_rows(HIGHLIGHTS_FILE)[1:]]
    path = data / "banking77" / "train.csv"
    if path.is_file():
        with path.open(encoding="utf-8") as handle:
            queries = [r["text"] for r in csv.DictReader(handle)]
        originals += rng.sample(queries, 715)
    originals = list(dict.fromkeys(originals))
    texts, origin = [], []
    for k, text in enumerate(originals):
        texts.append(text)
        origin.append(k)
        for _ in range(rng.choice([1, 2, 3])):
            variant = text
            for change in rng.sample(PERTURB, rng.choice([1, 2])):
                variant = change(variant, rng)
            texts.append(variant)
            origin.append(k)
    # Banking77 originals of one intent say the same point: their rewrites may group.
    intent = {}
    if path.is_file():
        with path.open(encoding="utf-8") as handle:
            intent = {r["text"]: r["category"] for r in csv.DictReader(handle)}
    made = LabelledSet("perturbed", texts)
    made.classes = origin
    made.points = [
        f"intent:{intent[originals[k]]}" if originals[k] in intent else f"note:{k}" for k in origin
    ]
    return made


# -- the methods ---------------------------------------------------------------------


def labels_of(method: str, texts: list[str], vectors: np.ndarray, threshold: float) -> np.ndarray:
    keys = [str(i) for i in range(len(texts))]
    if method == "baseline":
        return baseline_labels(texts)
    engine = near_duplicates.MEANING if method == "combined" else near_duplicates.WORDING
    merges = near_duplicates.build_merges(texts, keys, method=engine, vectors=vectors)
    return merges.labels(threshold)


def baseline_labels(texts: list[str]) -> np.ndarray:
    """All pairs, token_set_ratio, default_process, single linkage at 85 (no guard)."""
    from rapidfuzz import fuzz, process, utils

    parent = list(range(len(texts)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    chunk = 1000
    for start in range(0, len(texts), chunk):
        scores = process.cdist(
            texts[start : start + chunk],
            texts[start:],
            scorer=fuzz.token_set_ratio,
            processor=utils.default_process,
            score_cutoff=85,
            workers=-1,
            dtype=np.uint8,
        )
        for i, j in zip(*np.nonzero(scores), strict=True):
            a, b = find(int(i) + start), find(int(j) + start)
            if a != b:
                parent[a] = b
    return np.array([find(i) for i in range(len(texts))])


# -- judging -------------------------------------------------------------------------


def grouped_pairs(labels: np.ndarray) -> set[tuple[int, int]]:
    groups: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels.tolist()):
        groups[label].append(i)
    return {
        pair for members in groups.values() if len(members) > 1 for pair in combinations(members, 2)
    }


def judge(made: LabelledSet, labels: np.ndarray) -> dict[str, float]:
    sizes = np.bincount(np.unique(labels, return_inverse=True)[1])
    found: dict[str, float] = {"groups": int((sizes > 1).sum()), "largest": int(sizes.max())}
    together = labels

    def same(pair: tuple[int, int]) -> bool:
        return together[pair[0]] == together[pair[1]]

    if made.classes is not None:
        classes = made.classes
        points = getattr(made, "points", classes)
        pairs = grouped_pairs(labels)
        found["precision"] = (
            sum(1 for a, b in pairs if points[a] == points[b]) / len(pairs) if pairs else 1.0
        )
        if made.name == "perturbed":
            first: dict = {}
            for i, k in enumerate(classes):
                first.setdefault(k, i)
            variants = [(first[k], i) for i, k in enumerate(classes) if first[k] != i]
            found["recall"] = sum(same(p) for p in variants) / len(variants)
        else:
            mates: dict = defaultdict(set)
            for a, b in pairs:
                if classes[a] == classes[b]:
                    mates[a].add(b)
                    mates[b].add(a)
            found["recall"] = len(mates) / len(classes)
    else:
        hits = sum(same(p) for p in made.positive)
        if made.lower_bound:
            pairs = grouped_pairs(labels)
            found["precision"] = hits / len(pairs) if pairs else 1.0
        else:
            wrong = sum(same(p) for p in made.negative)
            found["precision"] = hits / (hits + wrong) if hits + wrong else 1.0
        found["recall"] = hits / len(made.positive)
    p, r = found["precision"], found["recall"]
    found["f1"] = 2 * p * r / (p + r) if p + r else 0.0
    if made.classes is not None:
        found["ari"] = adjusted_rand(made.classes, labels)
    elif made.negative and not made.lower_bound:
        tp = sum(same(p) for p in made.positive)
        fp = sum(same(p) for p in made.negative)
        fn, tn = len(made.positive) - tp, len(made.negative) - fp
        found["mcc"] = matthews(tp, fp, fn, tn)
    if made.contradictions:
        found["opposite"] = sum(same(p) for p in made.contradictions) / len(made.contradictions)
    return found


def matthews(tp: int, fp: int, fn: int, tn: int) -> float:
    """Matthews correlation of a pair decision: 0 for "all duplicates", whatever the balance."""
    denominator = ((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)) ** 0.5
    return (tp * tn - fp * fn) / denominator if denominator else 0.0


def adjusted_rand(truth: list, labels: np.ndarray) -> float:
    """Adjusted Rand index (Hubert and Arabie), every singleton a cluster of its own."""
    import pandas as pd

    table = pd.crosstab(pd.Series(list(truth)), pd.Series(labels.tolist())).to_numpy()

    def pairs(x: np.ndarray) -> float:
        return float((x * (x - 1) / 2).sum())

    index = pairs(table)
    rows, cols = pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    total = len(labels) * (len(labels) - 1) / 2
    expected = rows * cols / total
    top = (rows + cols) / 2
    return (index - expected) / (top - expected) if top != expected else 0.0


def load_sets(data: Path, wanted: list[str]) -> list[LabelledSet]:
    loaders = {
        "mrpc": lambda: mrpc(data),
        "sick": lambda: sick(data),
        "banking77": lambda: banking(data),
        "hadoop": lambda: hadoop(data),
        "perturbed": lambda: perturbed(data, random.Random(7)),
        "shop": shop,
        "shopdev": lambda: shop(SHOP_DEV, "shopdev"),
    }
    sets = []
    for name in wanted:
        made = loaders[name]()
        if made is None:
            print(f"skipped {name}: its files are not under {data}")
        else:
            sets.append(made)
    return sets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the dev-corpora folder")
    parser.add_argument("--sets", default="mrpc,sick,banking77,hadoop,perturbed,shop,shopdev")
    parser.add_argument("--methods", default="combined,wording,baseline")
    parser.add_argument("--thresholds", default=str(int(near_duplicates.DEFAULT_THRESHOLD)))
    parser.add_argument(
        "--cosines",
        default=f"{near_duplicates.COSINE_AT_DEFAULT:.2f}",
        help="values of COSINE_AT_DEFAULT to try (the calibration of meaning to the scale)",
    )
    args = parser.parse_args()
    from insights.embeddings import embed

    print(
        "set        method     cos@85  thr  precision  recall     f1  opposite  groups  "
        "largest   secs"
    )
    for made in load_sets(args.data, args.sets.split(",")):
        vectors = embed([near_duplicates.meaning_text(t) for t in made.texts])
        for method in args.methods.split(","):
            cosines = [float(c) for c in args.cosines.split(",")]
            for cosine in cosines if method in ("combined", "meaning") else cosines[:1]:
                near_duplicates.COSINE_AT_DEFAULT = cosine
                for threshold in [float(t) for t in args.thresholds.split(",")]:
                    if method == "baseline" and threshold != 85:
                        continue
                    start = time.perf_counter()
                    labels = labels_of(method, made.texts, vectors, threshold)
                    seconds = time.perf_counter() - start
                    found = judge(made, labels)
                    opposite = f"{found['opposite']:.3f}" if "opposite" in found else "-"
                    extra = "".join(f"  {k} {found[k]:.3f}" for k in ("mcc", "ari") if k in found)
                    shown = f"{cosine:.2f}" if method in ("combined", "meaning") else "-"
                    print(
                        f"{made.name:<10} {method:<9} {shown:>7} {threshold:>4.0f}  "
                        f"{found['precision']:>9.3f}  {found['recall']:>6.3f}  "
                        f"{found['f1']:>5.3f}  {opposite:>8}  {found['groups']:>6}  "
                        f"{found['largest']:>7}  {seconds:>5.1f}{extra}",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
