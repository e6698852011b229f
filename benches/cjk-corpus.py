#!/usr/bin/env python3
"""Two synthetic corpora of the same shape for measuring what indexing CJK
text as letter pairs costs: N Markdown posts of about 600 words each, drawn
from a Zipf-distributed vocabulary of 20,000 words, in pseudo-English
(3-10 Latin letters) and pseudo-Japanese (1-3 ideographs, kana particles
between words). Deterministic (fixed seed).

    python3 benches/cjk-corpus.py DIR [N]    # writes DIR/en and DIR/ja

Random ideograph words give more distinct pairs than real text does, so the
Japanese figures are an upper bound.
"""
import os
import random
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
rng = random.Random(20261201)
VOCAB = 20000
weights = [1 / (r + 1) for r in range(VOCAB)]
latin = "abcdefghijklmnopqrstuvwxyz"
en = ["".join(rng.choice(latin) for _ in range(rng.randint(3, 10))) for _ in range(VOCAB)]
ideographs = [chr(0x4E00 + i) for i in range(0, 2500 * 8, 8)]
ja = ["".join(rng.choice(ideographs) for _ in range(rng.randint(1, 3))) for _ in range(VOCAB)]
particles = ["の", "に", "は", "を", "が", "で", "と", "も", "から", "まで"]


def sentence(lang, words):
    picks = rng.choices(range(VOCAB), weights, k=words)
    if lang == "en":
        return " ".join(en[p] for p in picks).capitalize() + "."
    return "".join(ja[p] + rng.choice(particles) for p in picks) + "。"


for lang in ("en", "ja"):
    d = os.path.join(out, lang)
    os.makedirs(d, exist_ok=True)
    for i in range(n):
        paras = ["".join((" " if lang == "en" else "").join(
            sentence(lang, rng.randint(8, 20)) for _ in range(5)))
            for _ in range(6)]
        title = sentence(lang, 5)
        with open(os.path.join(d, f"post-{i:05}.md"), "w", encoding="utf-8") as f:
            f.write(f"---\ntitle: \"{title}\"\ndate: 2026-01-{i % 28 + 1:02}\n---\n\n")
            f.write("\n\n".join(paras) + "\n")
