"""Near-duplicate precision, recall and cost, on generated syndicated copies.

    python scripts/bench_dedup.py                                  # the seeds' gold bodies only
    python scripts/bench_dedup.py --eval-dir ../shared/eval/dev    # plus the 67 article-benchmark bodies
    python scripts/bench_dedup.py --sizes 1000 10000 100000        # time per document as the corpus grows

The set: every base article (the five seeds tell one story in five outlets' words, so they
are distinct documents on one topic) gets ``--copies`` syndicated copies: every line (paragraph,
list item, heading) kept in its place with its sentences shuffled (pysbd finds them: "Nov. 9"
and "K. Hupfer" are not sentence ends; ``pip install -e .[bench]``), 2-10% of the words edited
(half replaced by another word of the corpus, a quarter deleted, a quarter followed by an
inserted word; the punctuation around a word stays), and other boilerplate lines above and
below. ``--old-generator`` makes the copies as the earlier version of this script did. Every
document goes through the build's own per-document stages (``corpuskit.stages.process``:
decode, clean, enrich, sign), then through the build's clustering (``corpuskit.dedup.cluster``).
A pair is a true near duplicate when both come from the same base article.

Prints pair precision and recall per shingling at the threshold, whether the five seeds
stay in five clusters, and signing and clustering time per document at several corpus sizes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import time
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpuskit import dedup  # noqa: E402
from corpuskit.config import Settings  # noqa: E402
from corpuskit.document import Document  # noqa: E402
from corpuskit.stages import process  # noqa: E402

BOILER_MAX_CHARS = 60
_SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=\S)")  # the earlier generator's splitter: cuts at "Nov." and "K."
_WORDLESS = re.compile(r"^\W*$")


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd  # the bench extra; rule-based, so the copies do not depend on a downloaded model

    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(line: str) -> list[str]:
    """The sentences of ``line``: abbreviations ("Nov. 9", "Prof. Tadeu", "K. Hupfer") stay inside
    theirs, and a piece with no word (a leading "...") goes with the sentence after it."""
    out: list[str] = []
    carry = ""
    for piece in _segmenter().segment(line):
        piece = (carry + " " + piece.strip()).strip() if carry else piece.strip()
        carry = ""
        if _WORDLESS.match(piece):
            carry = piece
        elif piece:
            out.append(piece)
    if carry and out:
        out[-1] += " " + carry
    elif carry:
        out.append(carry)
    return out


def load_bases(eval_dir: Path | None) -> tuple[list[tuple[str, str]], list[str]]:
    """``[(name, gold body)]`` and a pool of boilerplate lines."""
    bases, boiler = [], []
    for path in sorted((ROOT / "tests" / "data" / "seeds-gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        bases.append((f"seed:{gold['file']}", gold["gold_text"]))
        boiler += [
            x["line"].strip() for x in gold["lines"] if x["label"].startswith("boilerplate") and x["line"].strip()
        ]
    if eval_dir:
        with gzip.open(eval_dir / "aeb_text_light.jsonl.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                bases.append((f"aeb:{rec['id']}", rec["gold_text"]))
                noisy = rec["noisy_text"].split("\n")
                top, bottom = rec.get("boiler_top_lines") or 0, rec.get("boiler_bottom_lines") or 0
                boiler += [
                    x.strip() for x in noisy[:top] + (noisy[len(noisy) - bottom :] if bottom else []) if x.strip()
                ]
    # page furniture, not paragraphs of other articles that some pages carry around the body
    return bases, sorted({line for line in boiler if len(line) <= BOILER_MAX_CHARS})


# a token's word and the punctuation around it: "(“The", "года.", "Iran’s"; a dash has no word
_TOKEN = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)


def edit_words(sentence: str, rng: random.Random, vocab: list[str], rate: float, old: bool = False) -> str:
    """``sentence`` with ``rate`` of its words edited: half replaced by another word of the corpus, a
    quarter deleted, a quarter followed by an inserted word.

    An edit changes the word and leaves the punctuation around it where it was, as an editor
    does: a replaced or deleted last word keeps the sentence's full stop, an inserted word goes
    before it, and tokens with no letter or digit (dashes, "@", bullets) are not words. ``old``
    edits whitespace tokens with their punctuation, as the earlier generator did.
    """
    out: list[str] = []
    for token in sentence.split(" "):
        lead, word, trail = ("", token, "") if old else _TOKEN.match(token).groups()
        if (not word and not old) or rng.random() >= rate:
            out.append(token)
            continue
        op = rng.random()
        if op < 0.5:
            out.append(lead + rng.choice(vocab) + trail)
        elif op < 0.75:
            if out and trail:
                out[-1] += trail  # the deleted word's full stop or comma stays
        else:
            out.append(f"{lead}{word} {rng.choice(vocab)}{trail}")
    return " ".join(out)


def syndicated_copy(
    text: str, rng: random.Random, vocab: list[str], boiler: list[str], old: bool = False
) -> tuple[str, float]:
    """A copy of ``text`` as another site would publish it; returns it and the edit rate used.

    Every line (a paragraph, a list item, a heading) stays a line, in its place, with its
    sentences in another order: syndication rewords and reorders, but a tour date stays a line
    of its list. ``old`` is the earlier generator, kept to compare with: the sentences of the
    whole text shuffled together and dealt into paragraphs of 1-4, so list items and headings
    end up inside paragraphs, and edits that take punctuation with the word.
    """
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if old:
        sentences = [s for line in lines for s in _SENTENCE.split(line)]
        rng.shuffle(sentences)
        rate = rng.uniform(0.02, 0.10)
        paragraphs, current = [], []
        for sentence in sentences:
            current.append(edit_words(sentence, rng, vocab, rate, old=True))
            if len(current) >= rng.randint(1, 4):
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
    else:
        rate = rng.uniform(0.02, 0.10)
        paragraphs = []
        for line in lines:
            parts = split_sentences(line)
            rng.shuffle(parts)
            paragraphs.append(" ".join(edit_words(s, rng, vocab, rate) for s in parts))
    top = rng.sample(boiler, min(len(boiler), rng.randint(2, 6)))
    bottom = rng.sample(boiler, min(len(boiler), rng.randint(2, 6)))
    return "\n".join(top + paragraphs + bottom), rate


def vocabulary(bases, old: bool = False) -> list[str]:
    """The words of the bases, without the punctuation around them (``old``: with it), for edits to draw from."""
    tokens = {t for _, text in bases for t in text.split()}
    return sorted(tokens if old else {w for t in tokens if (w := _TOKEN.match(t).group(2))})


def make_set(
    bases, boiler, copies: int, seed: int, old: bool = False
) -> tuple[list[str], list[str], list[int], list[float]]:
    """Names, noisy texts, the base each document comes from and its edit rate (0 for a base)."""
    rng = random.Random(seed)
    vocab = vocabulary(bases, old)
    names, texts, truth, rates = [], [], [], []
    for b, (name, text) in enumerate(bases):
        names.append(name)
        texts.append(text)
        truth.append(b)
        rates.append(0.0)
        for c in range(copies):
            copy, rate = syndicated_copy(text, rng, vocab, boiler, old)
            names.append(f"{name}#copy{c}")
            texts.append(copy)
            truth.append(b)
            rates.append(rate)
    return names, texts, truth, rates


def cleaned(texts: list[str], settings: Settings) -> list[str]:
    out = []
    for i, text in enumerate(texts):
        doc = process(Document(id=str(i), source_file=f"bench/{i}.txt", raw=text.encode("utf-8")), settings)
        out.append("" if doc.rejected else doc.text)
    return out


def cluster_texts(texts: list[str], settings: Settings) -> tuple[np.ndarray, float, float]:
    """Cluster roots, signing seconds and clustering seconds."""
    t0 = time.perf_counter()
    signed = [dedup.doc_keys(t, settings) for t in texts]  # what a build's workers compute
    keys = np.fromiter((d["exact_key"] for d in signed), dtype=np.uint64, count=len(texts))
    sigs = np.frombuffer(b"".join(d["minhash"] for d in signed), dtype=dedup.SIG_DTYPE).reshape(len(texts), -1)
    t1 = time.perf_counter()
    ids = pa.array([f"{i:012d}" for i in range(len(texts))])
    params = dedup.LSHParams(settings.dedup_threshold, settings.dedup_num_perm, settings.dedup_bands)
    found = dedup.cluster(dedup._ranks(ids), keys, sigs, params)
    return found.root, t1 - t0, time.perf_counter() - t1


def pair_scores(root: np.ndarray, truth: list[int]) -> tuple[float, float, int, int]:
    """Pair precision and recall of the clusters against the true groups."""

    def pairs(labels) -> set[tuple[int, int]]:
        groups = defaultdict(list)
        for i, label in enumerate(labels):
            groups[label].append(i)
        return {(a, b) for g in groups.values() for i, a in enumerate(g) for b in g[i + 1 :]}

    got, want = pairs(root.tolist()), pairs(truth)
    hit = len(got & want)
    return (hit / len(got) if got else 1.0), (hit / len(want) if want else 1.0), len(got), len(want)


def base_recall_by_rate(root: np.ndarray, truth: list[int], rates: list[float]) -> str:
    """Share of copies clustered with their base article, by edit rate."""
    first = {}
    for i, t in enumerate(truth):
        first.setdefault(t, i)
    out = []
    for lo, hi in ((0.02, 0.04), (0.04, 0.07), (0.07, 0.10)):
        copies = [i for i, r in enumerate(rates) if lo <= r < hi]
        hit = sum(root[i] == root[first[truth[i]]] for i in copies)
        out.append(f"{lo:.0%}-{hi:.0%}: {hit / len(copies):.3f}" if copies else f"{lo:.0%}-{hi:.0%}: -")
    return ", ".join(out)


def shingling(ngram: int, multiset: bool) -> str:
    unit = "word" if ngram == 1 else f"word {ngram}-gram"
    return f"{unit} counts" if multiset else f"{unit} sets"


def quality(args, settings: Settings) -> None:
    bases, boiler = load_bases(args.eval_dir)
    seeds_n = sum(name.startswith("seed:") for name, _ in bases)
    generator = "the earlier generator (--old-generator)" if args.old_generator else "lines kept"
    print(
        f"set: {len(bases)} base articles ({seeds_n} seeds) x (1 + {args.copies} copies) = "
        f"{len(bases) * (1 + args.copies)} documents, {generator}, seed {args.seed}, "
        f"default threshold {settings.dedup_threshold}"
    )
    conditions = [
        ("A", "copies with other boilerplate, every document cleaned by corpuskit.stages.process", boiler, True),
        ("B", "copies without boilerplate (as a perfect cleaner leaves them), not cleaned", [], False),
    ]
    default = (settings.dedup_ngram, settings.dedup_multiset, settings.dedup_threshold)
    runs = [(n, settings.dedup_multiset, settings.dedup_threshold) for n in args.ngrams]
    runs.insert(1, (settings.dedup_ngram, not settings.dedup_multiset, settings.dedup_threshold))
    runs += [(settings.dedup_ngram, settings.dedup_multiset, t) for t in args.thresholds if t != default[2]]
    for key, label, pool, clean in conditions:
        names, noisy, truth, rates = make_set(bases, pool, args.copies, args.seed, args.old_generator)
        texts = cleaned(noisy, settings) if clean else noisy
        seeds = [i for i, n in enumerate(names) if n.startswith("seed:") and "#" not in n]
        print(f"\n[{key}] {label}")
        print(f"{'shingles':>18} {'threshold':>9} {'precision':>9} {'recall':>7} {'found':>6} {'true':>5} {'seeds':>5}")
        for ngram, multiset, threshold in runs:
            s = settings.replace(dedup_ngram=ngram, dedup_multiset=multiset, dedup_threshold=threshold)
            root, _, _ = cluster_texts(texts, s)
            p, r, got, want = pair_scores(root, truth)
            mark = "  <- default" if (ngram, multiset, threshold) == default else ""
            n_seeds = len({int(root[i]) for i in seeds})
            print(
                f"{shingling(ngram, multiset):>18} {threshold:9.2f} {p:9.4f} {r:7.4f} {got:6d} {want:5d} "
                f"{n_seeds:5d}{mark}"
            )
            if mark:
                default_root = root
        print("copies found with their base, by edit rate: " + base_recall_by_rate(default_root, truth, rates))


def scale_texts(bases, boiler, n: int, rng: random.Random) -> tuple[list[str], list[int]]:
    """``n`` documents: distinct ones made of random sentences of the bases, a tenth of them copied."""
    pool = [s for _, text in bases for line in text.split("\n") if line.strip() for s in _SENTENCE.split(line.strip())]
    vocab = vocabulary(bases)
    texts, truth = [], []
    while len(texts) < n:
        doc = "\n".join(" ".join(rng.choice(pool) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(4, 9)))
        label = len(texts)
        texts.append(doc)
        truth.append(label)
        if rng.random() < 0.1 and len(texts) < n:
            texts.append(syndicated_copy(doc, rng, vocab, boiler)[0])
            truth.append(label)
    return texts, truth


def timing(args, settings: Settings) -> None:
    bases, boiler = load_bases(args.eval_dir)
    print(
        "\ntime per document (generated documents of 4-9 paragraphs drawn from the base sentences, a tenth "
        "of them with a syndicated copy, raw text; signing runs in the workers in a build)"
    )
    print(f"{'documents':>9} {'sign ms/doc':>11} {'cluster ms/doc':>14} {'precision':>9} {'recall':>7}")
    for n in args.sizes:
        texts, truth = scale_texts(bases, boiler, n, random.Random(args.seed + n))
        root, sign_s, cluster_s = cluster_texts(texts, settings)
        p, r, _, _ = pair_scores(root, truth)
        print(f"{n:9d} {1000 * sign_s / n:11.3f} {1000 * cluster_s / n:14.4f} {p:9.4f} {r:7.4f}")
        del texts


def signal_cost(bases, settings: Settings) -> None:
    """Quality signals and MinHash signing per document, scaled to 3 KB, as the workers run them.

    CPU time of this thread, best of 5 runs: other processes on the machine slow wall time down.
    """
    import statistics

    from corpuskit.signals import quality_signals, split_words

    def per_3kb(fn) -> float:
        costs = []
        for _, text in bases:
            best = float("inf")
            for _ in range(5):
                t0 = time.thread_time()
                for _ in range(20):
                    fn(text)
                best = min(best, (time.thread_time() - t0) / 20)
            costs.append(best / len(text) * 3000)
        return 1000 * statistics.median(costs)

    def both(text: str) -> None:
        split = split_words(text)
        quality_signals(text, "en", split)
        dedup.doc_keys(text, settings, split[1])

    print(
        f"\nper document, ms of CPU per 3 KB (median over the base articles): quality signals "
        f"{per_3kb(lambda t: quality_signals(t, 'en')):.3f}, MinHash signature and exact key "
        f"{per_3kb(lambda t: dedup.doc_keys(t, settings)):.3f}, both as enrich_stage runs them (one word split) "
        f"{per_3kb(both):.3f}"
    )


def cluster_memory(n: int, settings: Settings) -> None:
    """Peak memory of the clustering pass over ``n`` documents (signatures as the sidecar holds them)."""
    import tracemalloc

    rng = np.random.default_rng(0)
    sigs, planted = _synthetic_signatures(n, settings.dedup_num_perm, rng)
    keys = rng.integers(0, 2**63, size=n, dtype=np.uint64)
    ids = pa.array([f"{i:032x}" for i in rng.permutation(n)])
    inputs = sigs.nbytes + keys.nbytes + ids.nbytes
    tracemalloc.start()
    t0 = time.perf_counter()
    params = dedup.LSHParams(settings.dedup_threshold, settings.dedup_num_perm, settings.dedup_bands)
    found = dedup.cluster(dedup._ranks(ids), keys, sigs, params)
    seconds = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    dups = int((found.root != np.arange(n)).sum())
    print(
        f"\nclustering {n} documents: {seconds:.1f} s ({1e6 * seconds / n:.1f} us/doc), {dups} duplicates found "
        f"of {planted} planted; inputs {inputs / 2**20:.0f} MiB (signatures, keys, 32-character ids) + "
        f"peak working memory {peak / 2**20:.0f} MiB (numpy, traced)"
    )


def _synthetic_signatures(n: int, num_perm: int, rng: np.random.Generator) -> tuple[np.ndarray, int]:
    """Random signatures where a tenth of the documents copy another one with 10% of the values changed."""
    sigs = rng.integers(0, 256, size=(n, num_perm), dtype=np.uint8)
    chosen = rng.choice(n, size=n // 5, replace=False)
    source, copy = chosen[::2], chosen[1::2]
    noise = rng.random((len(copy), num_perm)) < 0.1
    sigs[copy] = np.where(noise, rng.integers(0, 256, size=noise.shape, dtype=np.uint8), sigs[source])
    return sigs, len(copy)


def dedup_pass(n: int, settings: Settings) -> None:
    """The build's whole dedup pass (``corpuskit.passes.near_dups.run``) over ``n`` documents, in a fresh process.

    The shards are written first: ``data/`` with short texts (the pass rewrites them) and the
    ``minhash/`` sidecar with synthetic signatures, in shards of ``rows_per_shard`` rows.
    """
    import subprocess
    import tempfile

    import pyarrow.parquet as pq

    from corpuskit.package.schema import DATA_SCHEMA

    rng = np.random.default_rng(1)
    sigs, planted = _synthetic_signatures(n, settings.dedup_num_perm, rng)
    order = rng.permutation(n)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "data").mkdir()
        (root / "minhash").mkdir()
        step = settings.rows_per_shard
        for shard, start in enumerate(range(0, n, step)):
            rows = np.arange(start, min(n, start + step))
            ids = pa.array([f"{i:032x}" for i in order[rows]])
            cols = {
                "id": ids,
                "text": pa.array([f"document {i}" for i in rows]),
                "source_file": pa.array([f"bench/{i}.txt" for i in rows]),
                "n_words": pa.array(np.full(len(rows), 2, np.int32)),
                "n_chars": pa.array(np.full(len(rows), 10, np.int32)),
                "language": pa.array(["en"] * len(rows)),
                "dup_cluster": ids,
                "is_duplicate": pa.array(np.zeros(len(rows), bool)),
            }
            table = pa.table({f.name: cols.get(f.name, pa.nulls(len(rows), f.type)) for f in DATA_SCHEMA})
            pq.write_table(table.cast(DATA_SCHEMA), root / "data" / f"train-{shard:05d}.parquet")
            side = pa.table(
                {
                    "id": ids,
                    "exact_key": pa.array(rng.integers(0, 2**63, size=len(rows)).astype(np.uint64)),
                    "minhash": pa.array([r.tobytes() for r in sigs[rows]], pa.binary(settings.dedup_num_perm)),
                },
                schema=dedup.sidecar_schema(settings),
            )
            pq.write_table(side, root / "minhash" / f"train-{shard:05d}.parquet")
        del sigs
        for mode in ("mark", "drop"):
            out = subprocess.run(
                [sys.executable, __file__, "--run-pass", str(root), "--mode", mode],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
            print(f"\ndedup pass ({mode}) over {n} documents, {planted} planted copies: {out}")


def _peak_rss_mib() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the parent)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _run_pass(root: Path, mode: str) -> None:
    """Child of :func:`dedup_pass`: run the pass and print time, what it found and peak memory."""
    settings = Settings(dedup_mode=mode)
    before = _peak_rss_mib()
    t0 = time.perf_counter()
    from corpuskit.passes import LocalPlacement, near_dups

    report, _ = near_dups.run(
        LocalPlacement(),
        sorted((root / "data").glob("*.parquet")),
        sorted((root / "minhash").glob("*.parquet")),
        None,
        settings,
        None,
        root / "work",
    )
    seconds = time.perf_counter() - t0
    peak = _peak_rss_mib()
    print(
        f"{seconds:.1f} s ({1e6 * seconds / report.documents:.1f} us/doc), {report.near_duplicates} near "
        f"duplicates, {report.dropped} dropped; peak RSS {peak:.0f} MiB (process before the pass: "
        f"{before:.0f} MiB)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval-dir", type=Path, help="folder holding aeb_text_light.jsonl.gz (../shared/eval/dev)")
    ap.add_argument("--copies", type=int, default=3, help="syndicated copies of every base article")
    ap.add_argument("--ngrams", type=int, nargs="+", default=[1, 2, 3, 5], help="shingle sizes to compare")
    ap.add_argument(
        "--thresholds", type=float, nargs="*", default=[0.6, 0.7, 0.75, 0.85], help="other thresholds to show"
    )
    ap.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000, 20000], help="corpus sizes to time")
    ap.add_argument("--memory-docs", type=int, default=0, help="also measure clustering memory for this many docs")
    ap.add_argument("--pass-docs", type=int, default=0, help="also run the build's dedup pass over this many docs")
    ap.add_argument("--run-pass", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--mode", default="mark", help=argparse.SUPPRESS)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--old-generator",
        action="store_true",
        help="copies as the earlier generator made them (sentences of the whole text dealt into new paragraphs)",
    )
    args = ap.parse_args()
    if args.run_pass:
        _run_pass(args.run_pass, args.mode)
        return
    settings = Settings()
    quality(args, settings)
    signal_cost(load_bases(args.eval_dir)[0], settings)
    if args.sizes:
        timing(args, settings)
    if args.memory_docs:
        cluster_memory(args.memory_docs, settings)
    if args.pass_docs:
        dedup_pass(args.pass_docs, settings)


if __name__ == "__main__":
    main()
