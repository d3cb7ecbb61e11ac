"""Write the hostile inputs of issue 19 that are too big for the test suite, into a project.

    python scripts/make_bombs.py /tmp/bombs [--gigabytes 3]
    /usr/bin/time -v python -m corpuskit --project /tmp/bombs build

- ``seeds/bomb.jsonl.gz``: one JSONL line that expands to ``--gigabytes`` GB, then a good record;
- ``seeds/bomb.html.gz``: a page that expands to ``--gigabytes`` GB;
- ``seeds/newlines.txt`` and ``seeds/newlines.jsonl.gz``: newline bombs (586 KB of newlines,
  and a gzip member of newlines expanding to 1 GB, then a good record);
- ``seeds/good.txt``: an article, which must be published beside them.

The gzip files are members repeated: a 10 MB run compressed once and written again and again,
so making a 3 GB bomb takes a second, not a minute.
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

ARTICLE = (
    "The council approved a new budget for school repairs on Tuesday after a long debate in the chamber.\n"
    "Officials said the work would begin in the summer and last about two years, with minimal disruption.\n"
    "Parents welcomed the decision, which had been delayed twice because of rising construction costs."
)
RUN = 10_000_000


def repeated(path: Path, head: bytes, byte: bytes, total: int, tail: bytes) -> None:
    member = gzip.compress(byte * RUN, compresslevel=9, mtime=0)
    with path.open("wb") as fh:
        fh.write(gzip.compress(head, mtime=0))
        for _ in range(total // RUN):
            fh.write(member)
        fh.write(gzip.compress(tail, mtime=0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--gigabytes", type=float, default=3.0)
    args = parser.parse_args(argv)
    size = int(args.gigabytes * 1e9)
    seeds = args.project / "seeds"
    seeds.mkdir(parents=True, exist_ok=True)
    (args.project / "pyproject.toml").write_text(
        '[tool.corpuskit]\nname = "bombs"\ninputs = ["seeds/*.txt", "seeds/*.jsonl.gz", "seeds/*.html.gz"]\n',
        encoding="utf-8",
    )
    good = json.dumps({"id": "good", "text": ARTICLE.replace("council", "board")}).encode() + b"\n"
    repeated(seeds / "bomb.jsonl.gz", b'{"id": "bomb", "text": "', b"a", size, b'"}\n' + good)
    repeated(seeds / "bomb.html.gz", b"<html><body><p>", b"a", size, b"</p></body></html>")
    repeated(seeds / "newlines.jsonl.gz", b"", b"\n", 1_000_000_000, good.replace(b"good", b"after-newlines"))
    (seeds / "newlines.txt").write_bytes(b"\n" * 586_000 + ARTICLE.replace("council", "mayor").encode())
    (seeds / "good.txt").write_text(ARTICLE, encoding="utf-8")
    for p in sorted(seeds.iterdir()):
        print(f"{p}: {p.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
