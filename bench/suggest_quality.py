"""Theme suggestions and suggested roadmap links: right how often, by wording or with meaning?

Run:  python bench/suggest_quality.py [--data DIR]  (see bench/corpora.py)

Both suggestions are accepted with one click, so the figure that matters is
the share of suggestions shown that were right (precision); coverage is the
share of cards (or of intended links) that got a suggestion at all.

- Themes, sample study: the bundled sample's own labels. Its Theme column is
  empty in this release, so its Focus column (Customer, Product, Marketing)
  stands for the theme. 40% of the highlights (seed 7) are sorted into
  themes; the rest get suggestions, as on the Themes page (PER_THEME most
  recent examples per theme, MIN_SCORE).
- Themes, banking77 (from --data, skipped when absent): 3,000 queries (seed
  7), intent = theme, 40% sorted.
- Roadmap links, sample study: the sample grouped by meaning and wording at
  85; each group of two or more is an insight (its wording and its notes, as
  the Insights page builds them), and suggest_links' rule picks up to two
  items per insight. Intended links: ``INTENDED`` below, the roadmap item
  each topic of the sample was written to support, found by the words that
  name it (a hand labelling of the sample, written once for this measurement).
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpora import data_dir  # noqa: E402

from insights import roadmap, suggest  # noqa: E402
from insights.near_duplicates import group_texts  # noqa: E402
from insights.sources.sample import HIGHLIGHTS_FILE, ROADMAP_FILE, read_sample_rows  # noqa: E402

DATA = data_dir()

# Roadmap item -> words (regular expressions) of the sample's notes it was written for.
INTENDED = {
    "Refill pouches for body wash and hand soap": r"refill|plastic|recycl",
    "Lower the free-shipping threshold": r"shipping (?:cost|charge|fee)|free shipping|"
    r"shipping is|shipping costs|pay(?:ing)? (?:for )?shipping|total with shipping",
    "Fragrance-free sensitive skin line": r"fragrance.free|unscented|sensitive|eczema",
    "Travel and trial sizes": r"travel|trial|mini|sample size|small one first|smaller size",
    "Flexible subscription: skip, pause and swap": r"subscri",
    "Loyalty program redesign": r"loyalty|points",
    "Body wash pump redesign": r"pump",
    "Guest checkout": r"account|guest|checkout",
    "Ingredient glossary on product pages": r"ingredient",
    "Online scent finder quiz": r"pick a scent|choosing a (?:fragrance|scent)|smell it|"
    r"scent online|scent blind|quiz",
    "Email frequency preferences": r"too many emails|emails every|emails a week|"
    r"unsubscrib|email.*(?:too many|every day)",
    "SMS marketing launch": r"\bsms\b|text message",
    "TikTok Shop storefront": r"tiktok",
    "Candle collection expansion": r"candle",
    "Holiday gift sets": r"gift",
    "Customer photo reviews": r"review|photos? from|pictures",
    "Longer-lasting scent formula": r"scent (?:does|doesn|fades|is lovely but)|"
    r"last long|smell it after|doesn't stay",
    "Retail partnership pilot": r"\bstore\b|in person|target|sephora|ulta",
    "Referral program": r"referr|friend",
    "East coast fulfilment centre": r"delivery took|took .* days|arrive|weeks to|late",
    "VIP early access to sales": r"early access|sell out|sold out",
    "Empties take-back program": r"empt(?:y|ies)|jars? back|take.back",
    "Live shopping on Instagram": r"instagram|live",
    "Build-your-own bundle": r"bundle|three for|any three",
    "Reorder app": r"reorder|app\b",
}


def theme_trial(name: str, texts: list[str], themes: list[str], rng: random.Random) -> list[tuple]:
    order = list(range(len(texts)))
    rng.shuffle(order)
    cut = int(len(order) * 0.4)
    sorted_, cards = order[:cut], order[cut:]
    per_theme: dict[str, list[int]] = {}
    for i in sorted_:
        if len(per_theme.setdefault(themes[i], [])) < suggest.PER_THEME:
            per_theme[themes[i]].append(i)
    examples = [i for members in per_theme.values() for i in members]
    rows = []
    for method in (suggest.WORDING, suggest.MEANING):
        found = suggest.best_examples(
            [texts[i] for i in cards], [texts[i] for i in examples], method=method
        )
        made = [(c, m) for c, m in zip(cards, found, strict=True) if m is not None]
        right = sum(themes[examples[m[0]]] == themes[c] for c, m in made)
        rows.append((name, method, len(made), len(cards), right))
    return rows


def link_trial() -> list[tuple]:
    rows = read_sample_rows(HIGHLIGHTS_FILE)[1:]
    texts = [r[1] for r in rows]
    items = read_sample_rows(ROADMAP_FILE)
    header, items = items[0], items[1:]
    column = {name: header.index(name) for name in ("Item", "Description", "Area")}
    item_names = [r[column["Item"]] for r in items]
    item_texts = [
        f"{r[column['Item']]} {r[column['Item']]} {r[column['Description']]} {r[column['Area']]}"
        for r in items
    ]
    groups = [g for g in group_texts(texts, [r[0] for r in rows]) if g.size > 1]
    insight_texts, gold = [], []
    for group in groups:
        notes = [texts[p] for p in group.positions][:20]
        insight_texts.append(f"{texts[group.representative]} {' '.join(notes)}")
        joined = " ".join(notes).lower()
        gold.append({item for item, words in INTENDED.items() if re.search(words, joined)})
    out = []
    for method in (suggest.WORDING, suggest.MEANING):
        scores = roadmap.link_scores(insight_texts, item_texts, method=method)
        made = right = 0
        for row in range(len(groups)):
            best = sorted(range(len(items)), key=lambda c: (-scores[row, c], c))
            for column_ in best[: roadmap.SUGGESTIONS_PER_INSIGHT]:
                if scores[row, column_] >= roadmap.SUGGEST_SCORE:
                    made += 1
                    right += item_names[column_] in gold[row]
        intended = sum(len(g) for g in gold)
        out.append(("links (sample)", method, made, intended, right))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    results = []
    rows = read_sample_rows(HIGHLIGHTS_FILE)
    focus = rows[0].index("Focus")
    results += theme_trial(
        "themes (sample)", [r[1] for r in rows[1:]], [r[focus] for r in rows[1:]], random.Random(7)
    )
    banking = args.data / "banking77" / "train.csv"
    if banking.is_file():
        with banking.open(encoding="utf-8") as handle:
            queries = list(csv.DictReader(handle))
        picked = random.Random(7).sample(queries, 3000)
        results += theme_trial(
            "themes (banking77)",
            [r["text"] for r in picked],
            [r["category"] for r in picked],
            random.Random(7),
        )
    else:
        print(f"skipped banking77: {banking} not found")
    results += link_trial()
    print("what                 method    suggested  of   right  precision  coverage")
    for name, method, made, total, right in results:
        precision = right / made if made else 0.0
        print(
            f"{name:<20} {method:<9} {made:>9}  {total:>4} {right:>6}  {precision:>9.3f}  "
            f"{made / total if total else 0:>8.3f}"
        )


if __name__ == "__main__":
    main()
