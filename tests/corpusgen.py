"""Generated corpora for the version tests: new documents made by recombining seed paragraphs.

Each document keeps a real seed's header and trailing boilerplate around a random choice of
body paragraphs from all seeds, so the cleaner does real work and every document differs.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "seeds-gold"


def _templates() -> tuple[list[tuple[list[str], list[str]]], list[str]]:
    frames, paragraphs = [], []
    for path in sorted(DATA.glob("*.json")):
        lines = json.loads(path.read_text(encoding="utf-8"))["lines"]
        body = [i for i, line in enumerate(lines) if line["label"] == "body"]
        frames.append(([x["line"] for x in lines[: body[0]]], [x["line"] for x in lines[body[-1] + 1 :]]))
        paragraphs += [lines[i]["line"] for i in body]
    return frames, paragraphs


def generate(folder: Path, n: int, seed: int = 0, order: str = "forward") -> list[Path]:
    """Write ``n`` documents ``gen_NNNNN.txt`` into ``folder``; ``order`` is the order files are created in."""
    frames, paragraphs = _templates()
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        head, tail = rng.choice(frames)
        body = rng.sample(paragraphs, rng.randint(4, 9))
        body.append(f"Document {i} of this corpus was assembled from {len(body)} paragraphs for testing.")
        docs.append((f"gen_{i:05d}.txt", "\n".join([*head, *body, *tail]) + "\n"))
    if order == "reverse":
        docs.reverse()
    elif order == "shuffled":
        random.Random(seed + 1).shuffle(docs)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, text in docs:
        (folder / name).write_text(text, encoding="utf-8")
        out.append(folder / name)
    return out
