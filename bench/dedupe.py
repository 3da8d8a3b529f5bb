"""Benchmark: grouping near-duplicate highlights at 10,000 and 100,000, and `insights dedupe`.

Run:  python bench/dedupe.py [--big 100000] [--skip-baseline] [--data DEV_CORPORA]

Needs banking77 from the shared dev corpora (--data, default
bench/data or $INSIGHTS_DEV_CORPORA; bench/corpora.py says how to get it); it stops with a message
when they are absent. Measured in one run, on this machine:
1. 10,000 real highlights (banking77 train.csv, 10,003 queries).
   - Embedding them (the wordllama model, in process), and the vectors'
     round trip through a SQLite workspace store: the first grouping stores
     them, every later one reads them (insights.vectors).
   - Grouping by meaning and wording with the stored vectors (candidates,
     scores, stance guard, average linkage, groups at the default
     threshold): the first run in the process, then the median of 3 (the
     app's case: normalized texts and stances are cached per process);
     grouping by wording only, median of 3; and the baseline a person
     writes by hand: rapidfuzz `process.cdist` with `token_set_ratio` on all
     pairs (upper triangle, in chunks of 1,000 rows, both cores) and single
     linkage at 85.
2. 100,000 synthesized highlights, in a child process, for wall time and
   peak memory (ru_maxrss), by meaning and wording, embedding included. They
   are made by drawing texts from banking77, the Hadoop titles and the
   bundled sample study, and rewriting each draw with zero to two of the
   perturbations of bench/dedupe_quality.py, with a fixed seed.
3. The whole `insights dedupe` command (by meaning, the default) on the first
   5,000 banking77 rows, Python start-up and model load included, median of
   3, against the baseline above on the same 5,000 texts, in the same run.
Targets: 10k in at most 2 s; the command on 5,000 rows in at most
2 s and at least 25 times faster than the baseline; 100k in at most 60 s with
at most 2 GiB.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


from corpora import data_dir  # noqa: E402

from insights.near_duplicates import WORDING, build_merges, groups_from_labels  # noqa: E402
from insights.sources.sample import HIGHLIGHTS_FILE, read_sample_rows  # noqa: E402

DATA = data_dir()
BANKING = DATA / "banking77" / "train.csv"
HADOOP = DATA / "hadoop-issue-duplicates" / "hadoop_issues_summaries.csv"


def banking() -> list[str]:
    if not BANKING.is_file():
        sys.exit(f"banking77 is needed for this benchmark and was not found at {BANKING}")
    with BANKING.open(encoding="utf-8") as handle:
        return [row["text"] for row in csv.DictReader(handle)]


def ours(texts: list[str], vectors=None, method: str = "meaning") -> int:
    merges = build_merges(
        texts, [str(i) for i in range(len(texts))], vectors=vectors, method=method
    )
    return len(groups_from_labels(merges, merges.labels(85)))


def median_time(work, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def baseline(texts: list[str]) -> int:
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
    return len({find(i) for i in range(len(texts))})


def synthesize(count: int, seed: int = 100) -> list[str]:
    import dedupe_quality

    rng = random.Random(seed)
    sources = banking()
    if HADOOP.is_file():
        with HADOOP.open(encoding="utf-8") as handle:
            sources += [row["Summary"] for row in csv.DictReader(handle)]
    sources += [row[1] for row in read_sample_rows(HIGHLIGHTS_FILE)[1:]]
    texts = []
    while len(texts) < count:
        text = rng.choice(sources)
        for change in rng.sample(dedupe_quality.PERTURB, rng.choice([0, 1, 2])):
            text = change(text, rng)
        texts.append(text)
    return texts


def child_big(count: int) -> None:
    """Run in a fresh process: time and peak memory of grouping ``count`` synthesized texts."""
    texts = synthesize(count)
    start = time.perf_counter()
    merges = build_merges(texts, [str(i) for i in range(len(texts))])
    groups = groups_from_labels(merges, merges.labels(85))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    grouped = sum(g.size for g in groups if g.size > 1)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_bytes": peak,
                "candidates": merges.candidates,
                "groups": sum(1 for g in groups if g.size > 1),
                "grouped": grouped,
            }
        )
    )


def timed(command: list[str], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--child-big", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_big:
        child_big(args.child_big)
        return

    from insights.embeddings import embed, model
    from insights.near_duplicates import meaning_text
    from insights.store import Store
    from insights.vectors import stored_vectors

    texts = banking()
    model()
    ours(texts[:200])  # warm the stemmer's cache the way a running app has it warm
    embed_time = median_time(lambda: embed([meaning_text(t) for t in texts]), repeat=1)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{Path(folder) / 'bench.db'}")
        store.create_workspace("Bench")
        start = time.perf_counter()
        stored_vectors(store, "Bench", texts)
        first = time.perf_counter() - start
        start = time.perf_counter()
        vectors = stored_vectors(store, "Bench", texts)
        read = time.perf_counter() - start
        store.close()
    print(
        f"10k banking77: embedding {embed_time:.2f} s; first grouping embeds and stores them "
        f"{first:.2f} s; later groupings read them back {read:.2f} s"
    )
    cold = median_time(lambda: ours(texts, vectors), repeat=1)
    meaning = median_time(lambda: ours(texts, vectors))
    wording = median_time(lambda: ours(texts, method=WORDING))
    print(
        f"10k banking77, by meaning and wording, stored vectors: first run {cold:.2f} s "
        "(normalized texts and stances not yet cached in the process)"
    )
    print(f"10k banking77, by meaning and wording, stored vectors (median of 3): {meaning:.2f} s")
    print(f"10k banking77, by wording only (median of 3): {wording:.2f} s")
    print(
        f"10k by meaning, vectors read back included: {meaning + read:.2f} s, first run "
        f"{cold + read:.2f} s  (target: <= 2 s)"
    )
    if not args.skip_baseline:
        start = time.perf_counter()
        baseline(texts)
        base_time = time.perf_counter() - start
        print(
            f"10k banking77, baseline cdist token_set_ratio + single link at 85: {base_time:.1f} s"
        )
        print(f"ratio baseline/ours (by meaning): {base_time / meaning:.0f}x")

    out = subprocess.run(
        [sys.executable, __file__, "--child-big", str(args.big)],
        check=True,
        capture_output=True,
        text=True,
    )
    big = json.loads(out.stdout.strip().splitlines()[-1])
    print(
        f"{args.big:,} synthesized, by meaning and wording, embedding included: "
        f"{big['seconds']:.1f} s, peak memory {big['peak_bytes'] / 2**30:.2f} GiB, "
        f"{big['candidates']:,} candidate pairs linked, {big['groups']:,} groups hold "
        f"{big['grouped']:,} highlights  (target: <= 60 s, <= 2 GiB)"
    )

    with tempfile.TemporaryDirectory() as folder:
        sample = Path(folder) / "b5k.csv"
        with (
            BANKING.open(encoding="utf-8") as handle,
            sample.open("w", encoding="utf-8", newline="") as out_handle,
        ):
            reader = csv.reader(handle)
            writer = csv.writer(out_handle)
            for i, row in enumerate(reader):
                if i > 5000:
                    break
                writer.writerow(row)
        command = [
            str(Path(sys.executable).parent / "insights"),
            "dedupe",
            str(sample),
            "--text-column",
            "text",
            "--output",
            str(Path(folder) / "out.csv"),
        ]
        cli = timed(command)
        bare = timed([sys.executable, "-c", "pass"])
    print(
        f"`insights dedupe` on 5,000 rows (by meaning), whole process: {cli:.2f} s "
        f"(bare Python start-up {bare:.2f} s; target: <= 2 s)"
    )
    if not args.skip_baseline:
        start = time.perf_counter()
        baseline(texts[:5000])
        base_5k = time.perf_counter() - start
        print(
            f"baseline on the same 5,000 texts: {base_5k:.1f} s; ratio baseline/command: "
            f"{base_5k / cli:.0f}x  (target: >= 25x)"
        )


if __name__ == "__main__":
    main()
