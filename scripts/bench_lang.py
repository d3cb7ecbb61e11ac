"""What a bounded langdetect sample (``lang_max_chars``) and fewer random walks
(``lang_trials``) cost in accuracy and buy in speed.

    python scripts/bench_lang.py --shared ../shared/eval
    python scripts/bench_lang.py --shared ../shared/eval --sizes 1000 --trials 7,5,3,2

For every dev page with a noisy text, the page goes through decode and clean (as in the
build), then langdetect reads the first N characters of the cleaned body for each N of
``--sizes`` (0 = the whole body). Prints, per N: documents per second of detection alone,
CPU time of detection alone, agreement with whole-body detection (langdetect reads at most
10,000 characters), and agreement with the page's own ``lang`` field
(aeb_text and traf_checks records carry one) on the pages that have it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpuskit.config import Settings  # noqa: E402
from corpuskit.document import Document  # noqa: E402
from corpuskit.lang import detect_language, new_detector  # noqa: E402
from corpuskit.stages import clean_stage, decode_stage  # noqa: E402


def bodies(shared: Path) -> list[tuple[str, str | None]]:
    """(cleaned body, the record's language or None) of every dev page with a noisy text."""
    settings = Settings()
    out = []
    for path in sorted((shared / "dev").glob("*.jsonl*")):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for n, line in enumerate(fh):
                rec = json.loads(line)
                if not rec.get("noisy_text"):
                    continue
                doc = Document(id=str(n), source_file=f"{path.name}:{n}", raw=rec["noisy_text"].encode("utf-8"))
                for stage in (decode_stage, clean_stage):
                    doc = stage(doc, settings)
                    if doc.rejected:
                        break
                if not doc.rejected:
                    out.append((doc.text, (rec.get("lang") or "").split("-")[0].lower() or None))
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--shared", type=Path, required=True, help="the evaluation folder (with dev/)")
    p.add_argument("--sizes", default="0,4000,2000,1000,500,250", help="sample sizes in characters; 0 = whole body")
    p.add_argument("--trials", default="7", help="langdetect n_trial values to compare (default: 7, langdetect's)")
    args = p.parse_args()
    docs = bodies(args.shared)
    labelled = sum(1 for _, lang in docs if lang)
    for text, _ in docs:  # load the profiles and fill the per-process caches before timing
        detect_language(text, len(text) + 1)
    runs = [(int(size), int(trials)) for trials in args.trials.split(",") for size in args.sizes.split(",")]
    results = {}
    for size, trials in runs:
        # CPU time: other work on the machine does not count against the detector
        start = time.process_time()
        got = [detect_language(text, size or len(text) + 1, 0, trials)[0].split("-")[0] for text, _ in docs]
        results[size, trials] = (got, time.process_time() - start)
    start = time.process_time()
    for text, _ in docs:  # langdetect's own detector, same seed, same sample
        stock = new_detector(fast=False)
        stock.seed = 0
        stock.append(text[:2000])
        stock.get_probabilities()
    stock_rate = len(docs) / (time.process_time() - start)
    reference = next((key for key in results if key[0] == 0), runs[0])
    full = results[reference][0]
    mean = sum(len(t) for t, _ in docs) / len(docs)
    print(f"{len(docs)} cleaned dev bodies (mean {mean:,.0f} characters), {labelled} with a language label\n")
    what = f"{reference[0] or 'whole body'}, {reference[1]} trials"
    print(
        f"| lang_max_chars | lang_trials | docs per CPU-second (detection only) | agrees with {what} "
        "| agrees with the label |"
    )
    print("|---:|---:|---:|---:|---:|")
    for size, trials in runs:
        got, secs = results[size, trials]
        same = f"{sum(a == b for a, b in zip(got, full, strict=True)) / len(got):.1%}"
        hits = sum(1 for g, (_, lang) in zip(got, docs, strict=True) if lang and g == lang)
        label = f"{hits / labelled:.1%} ({hits}/{labelled})" if labelled else "-"
        print(f"| {size or 'whole'} | {trials} | {len(got) / secs:,.0f} | {same} | {label} |")
    print(f"\nlangdetect's own Detector on the same 2000-character samples: {stock_rate:,.0f} docs per CPU-second")


if __name__ == "__main__":
    main()
