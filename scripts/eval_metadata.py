#!/usr/bin/env python3
"""Title, author and date of WCXB's dev pages against their gold, beside trafilatura's own.

    python scripts/eval_metadata.py --shared ../shared [--limit N] [--half A|B] [--per-page OUT.jsonl]

corpuskit's figures come from :func:`corpuskit.clean_html_document`, the build's code path.
trafilatura's from ``bare_extraction`` on the same page with the same URL. A value is right
when it equals the gold after case folding and whitespace collapsing; a date is right when
its day is (``YYYY-MM-DD``). Two shares per field:

- **on pages with a gold value**: the value found is the gold one;
- **all pages**: also counting the pages whose gold is empty, where the right answer is none.

``--half A`` or ``--half B`` keeps one of two fixed halves of the pages, split by the hash of
the URL's host (:func:`half`), so that every page of a site is in the same half: rules designed
on half A are measured on half B's sites, which they never saw.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

FIELDS = ("title", "author", "date")


def fold(value: str | None, field: str) -> str:
    """The form two values are compared in; '' for no value."""
    if not value:
        return ""
    value = " ".join(str(value).split()).casefold()
    if field == "date":
        found = re.match(r"\d{4}-\d{2}-\d{2}", value)
        return found.group(0) if found else value
    return value


def half(url: str | None) -> str:
    """ "A" or "B": the half of the dev pages a page's site falls in, fixed by its host's SHA-256."""
    host = (urlsplit(url or "").hostname or "").lower()
    return "AB"[hashlib.sha256(host.encode("utf-8")).digest()[0] % 2]


def ours(html: str, url: str | None) -> dict[str, str]:
    from corpuskit import clean_html_document

    return clean_html_document(html, url=url).metadata


def trafilatura_alone(html: str, url: str | None) -> dict[str, str]:
    from trafilatura import bare_extraction

    from corpuskit.extract.stage import DATE_PARAMS

    found = bare_extraction(html, url=url, with_metadata=True, date_extraction_params=dict(DATE_PARAMS))
    if found is None:
        return {}
    return {field: getattr(found, field, None) or "" for field in FIELDS}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, required=True, help="the shared folder (holds eval/dev/)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument("--half", choices=("A", "B"), help="only the pages of one half of the sites (split by host)")
    parser.add_argument("--per-page", type=Path, help="write each page's values here (JSON Lines)")
    args = parser.parse_args(argv)
    path = args.shared / "eval" / "dev" / "wcxb_html.jsonl.gz"
    if not path.is_file():
        print(f"eval_metadata: {path} not found; --shared must name the folder that holds eval/dev/", file=sys.stderr)
        return 2
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    if args.half:
        records = [r for r in records if half(r.get("url")) == args.half]
    if args.limit:
        records = records[: args.limit]
    systems = {"corpuskit": ours, "trafilatura": trafilatura_alone}
    right = {name: {f: [0, 0, 0, 0] for f in FIELDS} for name in systems}  # gold-right, gold-n, all-right, all-n
    cpu = dict.fromkeys(systems, 0.0)
    out = args.per_page.open("w", encoding="utf-8") if args.per_page else None
    for record in records:
        row = {"id": record["id"], "url": record.get("url"), "half": half(record.get("url"))}
        for name, system in systems.items():
            started = time.process_time()
            found = system(record["html"], record.get("url"))
            cpu[name] += time.process_time() - started
            for field in FIELDS:
                gold, got = fold(record.get(f"gold_{field}"), field), fold(found.get(field), field)
                counts = right[name][field]
                counts[2] += gold == got
                counts[3] += 1
                if gold:
                    counts[0] += gold == got
                    counts[1] += 1
                row[f"{name}_{field}"] = found.get(field) or ""
        if out:
            for field in FIELDS:
                row[f"gold_{field}"] = record.get(f"gold_{field}") or ""
            out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    if out:
        out.close()
    which = f", half {args.half} of the sites" if args.half else ""
    print(f"WCXB dev{which}, {len(records)} pages: share exactly right (case and spaces folded; dates: the day)")
    print(f"{'field':<8} {'system':<12} {'pages with gold':>16} {'all pages':>10}")
    for field in FIELDS:
        for name in systems:
            g_right, g_n, a_right, a_n = right[name][field]
            print(f"{field:<8} {name:<12} {g_right / max(g_n, 1):>10.3f} ({g_n:>4}) {a_right / max(a_n, 1):>10.3f}")
    for name, seconds in cpu.items():
        print(f"{name}: {1000 * seconds / max(len(records), 1):.0f} ms CPU a page (whole path)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
