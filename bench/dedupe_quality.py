"""How well the grouping finds the same point said twice, and how rarely it merges different ones.

Run:  python bench/dedupe_quality.py [--scorers token_sort_ratio,token_set_ratio,WRatio]
                                     [--thresholds 95,90,85,80,75]

Three measurements, for each scorer and threshold (and for single linkage,
to show why it is not used):
- Hadoop JIRA titles (../shared/data/dev-corpora/hadoop-issue-duplicates):
  2,503 titles with 66 known duplicate pairs. Recall: the share of those
  pairs put in one group. Precision: the share of grouped pairs that are
  known duplicates, a lower bound (the labels are incomplete).
- banking77 (../shared/data/dev-corpora/banking77/train.csv): 10,003 real
  customer queries in 77 intents. Purity: the share of grouped pairs whose
  two queries have the same intent; and the largest group.
- Perturbed feedback: each of the sample study's 285 highlights and 715
  banking77 queries rewritten the ways people repeat themselves (a typo,
  words swapped, filler added, a contraction, plural/singular, case and
  punctuation). Recall: the share of rewrites grouped with their original.
  False merges: the share of grouped pairs that come from different originals.
The shared data is read when it exists; a corpus that is missing is skipped
and said so.
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

from insights.dedupe import build_merges  # noqa: E402
from insights.sources.sample import HIGHLIGHTS_FILE, read_sample_rows  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "dev-corpora"
HADOOP = DATA / "hadoop-issue-duplicates"
BANKING = DATA / "banking77" / "train.csv"


def grouped_pairs(labels: np.ndarray) -> set[tuple[int, int]]:
    groups: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels.tolist()):
        groups[label].append(i)
    return {
        pair for members in groups.values() if len(members) > 1 for pair in combinations(members, 2)
    }


def single_link_labels(merges, threshold: float, texts: list[str]) -> np.ndarray:
    """Single linkage on the same candidate scores: connected components (for comparison)."""
    from rapidfuzz import process

    from insights.dedupe import SCORERS, candidate_pairs

    pairs = candidate_pairs(merges.normalized)
    scores = process.cpdist(
        [merges.normalized[i] for i in pairs[:, 0]],
        [merges.normalized[j] for j in pairs[:, 1]],
        scorer=SCORERS[merges.scorer],
        workers=-1,
    )
    parent = list(range(merges.size))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (a, b), s in zip(pairs.tolist(), scores.tolist(), strict=True):
        if s >= threshold:
            parent[find(a)] = find(b)
    canonical = np.array([find(i) for i in range(merges.size)])
    labels = np.empty(merges.size, dtype=np.int64)
    labels[merges.order] = canonical
    return labels


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


def perturbed_corpus(rng: random.Random) -> tuple[list[str], list[int]]:
    originals = [row[1] for row in read_sample_rows(HIGHLIGHTS_FILE)[1:]]
    if BANKING.is_file():
        with BANKING.open(encoding="utf-8") as handle:
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
    return texts, origin


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scorers", default="token_sort_ratio,token_set_ratio,WRatio,ratio")
    parser.add_argument("--thresholds", default="95,90,85,80,75,70")
    parser.add_argument("--single-link", action="store_true", help="also measure single linkage")
    args = parser.parse_args()
    scorers = args.scorers.split(",")
    thresholds = [float(t) for t in args.thresholds.split(",")]
    rng = random.Random(7)

    corpora = []
    if HADOOP.is_dir():
        with (HADOOP / "hadoop_issues_summaries.csv").open(encoding="utf-8") as handle:
            issues = list(csv.DictReader(handle))
        with (HADOOP / "hadoop_duplicate_pairs_within_set.csv").open(encoding="utf-8") as handle:
            labelled = [(r["issue_id_a"], r["issue_id_b"]) for r in csv.DictReader(handle)]
        index = {r["Issue id"]: i for i, r in enumerate(issues)}
        gold = {
            tuple(sorted((index[a], index[b]))) for a, b in labelled if a in index and b in index
        }
        titles = [r["Summary"] for r in issues]
        corpora.append(("hadoop", titles, [r["Issue id"] for r in issues], gold))
    else:
        print(f"skipped Hadoop: {HADOOP} not found")
    if BANKING.is_file():
        with BANKING.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        queries = [r["text"] for r in rows]
        intents = [r["category"] for r in rows]
        corpora.append(("banking77", queries, [str(i) for i in range(len(rows))], intents))
    else:
        print(f"skipped banking77: {BANKING} not found")
    texts, origin = perturbed_corpus(rng)
    corpora.append(("perturbed", texts, [str(i) for i in range(len(texts))], origin))

    print("corpus     scorer            thr  linkage  recall  precision  grouped  largest  secs")
    for name, texts, keys, truth in corpora:
        for scorer in scorers:
            start = time.perf_counter()
            merges = build_merges(texts, keys, scorer=scorer)
            seconds = time.perf_counter() - start
            for threshold in thresholds:
                linkages = [("average", merges.labels(threshold))]
                if args.single_link:
                    linkages.append(("single", single_link_labels(merges, threshold, texts)))
                for linkage, labels in linkages:
                    recall, precision = score(name, labels, truth)
                    sizes = np.bincount(np.unique(labels, return_inverse=True)[1])
                    print(
                        f"{name:<10} {scorer:<17} {threshold:>4.0f}  {linkage:<8} "
                        f"{recall:>6.3f}  {precision:>9.3f}  {int((sizes > 1).sum()):>7}  "
                        f"{int(sizes.max()):>7}  {seconds:.2f}"
                    )


def score(name: str, labels: np.ndarray, truth) -> tuple[float, float]:
    """(recall, precision) of one grouping against a corpus's truth."""
    pairs = grouped_pairs(labels)
    if name == "hadoop":
        recall = sum(1 for p in truth if p in pairs) / len(truth)
        precision = sum(1 for p in pairs if p in truth) / len(pairs) if pairs else 1.0
        return recall, precision
    precision = sum(1 for a, b in pairs if truth[a] == truth[b]) / len(pairs) if pairs else 1.0
    if name == "banking77":
        return float("nan"), precision
    first: dict[int, int] = {}
    for i, k in enumerate(truth):
        first.setdefault(k, i)
    variants = [(first[k], i) for i, k in enumerate(truth) if first[k] != i]
    recall = sum(1 for a, b in variants if labels[a] == labels[b]) / len(variants)
    return recall, precision


if __name__ == "__main__":
    main()
