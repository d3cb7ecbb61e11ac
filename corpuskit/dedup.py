"""Exact and near-duplicate detection: text hashes, MinHash signatures and LSH clusters.

Two documents are *exact* duplicates when their normalised text (lower-case words, surrounding
punctuation stripped, joined by single spaces) is the same, and *near* duplicates when the
estimated Jaccard similarity of their word counts (by default; see below) reaches the threshold.

Signing is per document (it runs in the engines' worker stage, so it parallelises);
clustering is one pass in the build over compact arrays: 63-bit exact keys and ``num_perm``
8-bit MinHash values per document, never the text. LSH bands propose candidate pairs, each
candidate is checked against the threshold, and union-find joins the survivors; every step is
linear in the number of documents (a sort per band).

Why single words (1-word shingles) by default, not the word 5-grams of the design: on the
benchmark's syndicated copies (``scripts/bench_dedup.py``: sentences shuffled, 2-10% of words
edited) word 5-grams find almost no copy at 0.8 (recall 0.03, 0.09 for 3-grams, 0.38 for
2-grams, with the copies' boilerplate removed), because shuffling and each edit break every
n-gram they touch; single words find 1.00. ``dedup_ngram`` brings n-grams back.

Why word *counts* (``dedup_multiset``: the second "the" is an element of its own, so the
Jaccard similarity is the weighted one, sum of the smaller counts over sum of the larger) rather
than word sets: an edit changes one occurrence of a word. Over counts, editing a share ``r`` of
the words (half replaced, a quarter deleted, a quarter inserted) gives about
``(1 - 0.75 r) / (1 + 0.75 r)``, 0.86 at 10%, whatever the document's length. Over sets, each
new word weighs against the distinct words only, which are fewer the longer the text (a third
of the words of a 1,600-word article), while deleting a word that occurs again elsewhere
changes nothing: the same 10% falls to 0.75-0.81 on long articles, at the threshold. On the
benchmark, recall with the boilerplate removed is 1.00 with counts against 0.97 with sets,
through the cleaner 0.98 against 0.95; the five seeds (one story told by five outlets) stay at
0.48 of each other at most (0.51 as sets). A page that holds its text twice is no longer a
duplicate of the page holding it once (0.5), but the cleaner removes repeated lines first.

Why 256 8-bit MinHash values (b-bit minwise hashing, Li and König 2010) rather than 64
32-bit ones, for the same 256 bytes a document: the estimate's error shrinks with the number
of permutations, and near the threshold that decides recall. Two different minima agree in
their low 8 bits with probability 1/256; :func:`estimate_jaccard` removes that bias.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .config import Settings
from .signals import split_words

SIG_BITS = 8
_BITS_COLLISION = 2.0**-SIG_BITS

# the defaults of the settings, for callers without a Settings object (the seed checks, scripts)
DEFAULT_THRESHOLD = Settings.dedup_threshold
DEFAULT_NGRAM = Settings.dedup_ngram
DEFAULT_NUM_PERM = Settings.dedup_num_perm
DEFAULT_SEED = Settings.dedup_seed
DEFAULT_MULTISET = Settings.dedup_multiset
SIG_DTYPE = np.dtype("u1")


def words(text: str) -> list[str]:
    """The words the quality signals count (:func:`corpuskit.signals.split_words`): lower case,
    surrounding punctuation stripped, so punctuation, case and spacing do not make texts differ.

    >>> words("Iran’s OFFER, in 2025.")
    ['iran’s', 'offer', 'in', '2025']
    """
    return split_words(text)[1]


def normalise(text: str) -> str:
    """The text exact duplicates are compared on.

    >>> normalise("  Hello,  World!\\n") == normalise("hello world")
    True
    """
    return " ".join(words(text))


def exact_key(text: str) -> int:
    """A 63-bit hash of :func:`normalise` (collision odds for a million documents: about 5e-8).

    63 bits so the key fits a signed 64-bit integer wherever an engine carries it.
    """
    return _exact_key(words(text))


def _exact_key(toks: list[str]) -> int:
    digest = hashlib.blake2b(" ".join(toks).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1


def shingles(text: str, ngram: int = DEFAULT_NGRAM, *, multiset: bool = DEFAULT_MULTISET) -> set[str]:
    """The ``ngram``-grams of :func:`units`; a text shorter than ``ngram`` units is one shingle.

    With ``multiset`` every repeat of a shingle is an element of its own (its second
    occurrence is marked ``\\x1f2``, and so on), so the Jaccard similarity of two such sets is
    the weighted Jaccard of the shingles' counts (the sum of the smaller counts over the sum of
    the larger ones).

    >>> sorted(shingles("a b c a b", 2, multiset=False))
    ['a b', 'b c', 'c a']
    >>> sorted(shingles("the cat and the dog"))
    ['and', 'cat', 'dog', 'the', 'the\\x1f2']
    """
    return _shingles(words(text), ngram, multiset)


# Scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Myanmar):
# a whitespace "word" there is a whole clause, which one edited character changes.
_NO_SPACE_SCRIPT = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


def units(toks: list[str]) -> list[str]:
    """The shingling units: words, and, in a text written mostly in a script without spaces,
    character pairs of its words in that script. (A stray clause of such a script inside
    another text stays one unit: as pairs it would outweigh the text's own words.)

    >>> units(["kindle", "起動ホットキー"])
    ['kindle', '起動', '動ホ', 'ホッ', 'ット', 'トキ', 'キー']
    >>> units(["the", "hotkey", "is", "起動ホットキー", "in", "japanese", "menus"])[3]
    '起動ホットキー'
    """
    joined = "".join(toks)
    if len(_NO_SPACE_SCRIPT.findall(joined)) * 2 < len(joined):
        return toks
    out: list[str] = []
    for t in toks:
        if len(t) > 2 and not t.isascii() and _NO_SPACE_SCRIPT.search(t):
            out += [t[i : i + 2] for i in range(len(t) - 1)]
        else:
            out.append(t)
    return out


def _shingles(toks: list[str], ngram: int, multiset: bool) -> set[str]:
    toks = units(toks)
    if ngram <= 1:
        grams = toks
    elif len(toks) <= ngram:
        grams = [" ".join(toks)]
    else:
        grams = [" ".join(toks[i : i + ngram]) for i in range(len(toks) - ngram + 1)]
    if not multiset:
        return set(grams)
    counts = Counter(grams)  # counted in C; only repeated shingles reach the Python loop
    out = set(counts)
    # no word holds U+001F: str.split() cuts at it
    out.update(f"{g}\x1f{k}" for g, n in counts.items() if n > 1 for k in range(2, n + 1))
    return out


def signature(
    text: str,
    ngram: int = DEFAULT_NGRAM,
    num_perm: int = DEFAULT_NUM_PERM,
    seed: int = DEFAULT_SEED,
    *,
    multiset: bool = DEFAULT_MULTISET,
) -> np.ndarray:
    """The MinHash signature of ``text`` (rensa's ``RMinHash``), kept as ``num_perm`` 8-bit values."""
    return _signature(words(text), ngram, num_perm, seed, multiset)


def _signature(toks: list[str], ngram: int, num_perm: int, seed: int, multiset: bool = DEFAULT_MULTISET) -> np.ndarray:
    from rensa import RMinHash

    mh = RMinHash(num_perm=num_perm, seed=seed)
    mh.update(list(_shingles(toks, ngram, multiset)))
    return (np.asarray(mh.digest(), dtype=np.uint32) & ((1 << SIG_BITS) - 1)).astype(SIG_DTYPE)


def signature_bytes(
    text: str,
    ngram: int = DEFAULT_NGRAM,
    num_perm: int = DEFAULT_NUM_PERM,
    seed: int = DEFAULT_SEED,
    *,
    multiset: bool = DEFAULT_MULTISET,
) -> bytes:
    """:func:`signature` as little-endian bytes: cheap to send back from a worker and to store."""
    return signature(text, ngram, num_perm, seed, multiset=multiset).tobytes()


def estimate_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> np.ndarray | float:
    """Estimated Jaccard from two signatures (or two stacks of them, row by row)."""
    agree = np.mean(np.asarray(sig_a) == np.asarray(sig_b), axis=-1)
    est = np.clip((agree - _BITS_COLLISION) / (1.0 - _BITS_COLLISION), 0.0, 1.0)
    return float(est) if np.ndim(est) == 0 else est


def similarity(
    text_a: str,
    text_b: str,
    ngram: int = DEFAULT_NGRAM,
    num_perm: int = DEFAULT_NUM_PERM,
    seed: int = DEFAULT_SEED,
    *,
    multiset: bool = DEFAULT_MULTISET,
) -> float:
    """MinHash-estimated Jaccard similarity of two texts' shingle sets, in [0, 1].

    >>> similarity("The cat sat on the mat.", "the cat sat on the mat")
    1.0
    """
    a = signature(text_a, ngram, num_perm, seed, multiset=multiset)
    return round(estimate_jaccard(a, signature(text_b, ngram, num_perm, seed, multiset=multiset)), 6)


@dataclass(frozen=True)
class LSHParams:
    """How the clustering pass finds candidates and decides which are duplicates."""

    threshold: float = DEFAULT_THRESHOLD
    num_perm: int = DEFAULT_NUM_PERM
    bands: int = Settings.dedup_bands

    @property
    def rows(self) -> int:
        return self.num_perm // self.bands


_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads every input bit over the 64 output bits."""
    with np.errstate(over="ignore"):
        x = (x ^ (x >> np.uint64(30))) * _M1
        x = (x ^ (x >> np.uint64(27))) * _M2
        return x ^ (x >> np.uint64(31))


def _band_keys(sigs: np.ndarray, band: int, rows: int) -> np.ndarray:
    """One 64-bit hash per document of its ``rows`` values in ``band``."""
    part = np.ascontiguousarray(sigs[:, band * rows : (band + 1) * rows])  # n x rows bytes, not a strided view
    width = part.shape[1] * part.itemsize
    padded = np.zeros((len(part), -(-width // 8) * 8), dtype=np.uint8)
    padded[:, :width] = part.view(np.uint8).reshape(len(part), width)
    words64 = padded.view("<u8")
    key = np.full(len(part), np.uint64(band + 1), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(words64.shape[1]):
            key = _mix(key * _M2 + words64[:, j])
    return key


def memory_bands(sigs: np.ndarray, params: LSHParams) -> Callable[[int], np.ndarray]:
    """The band keys of signatures held in memory, for :func:`candidate_pairs`."""
    return lambda band: _band_keys(sigs, band, params.rows)


def candidate_pairs(
    band_keys: Callable[[int], np.ndarray],
    n: int,
    params: LSHParams,
    rank: np.ndarray | None = None,
    bands: Iterable[int] | None = None,
) -> Iterable[tuple[np.ndarray, np.ndarray]]:
    """Per band (``bands``, every band if None), pairs of rows whose band values hash alike;
    ``band_keys(band)`` gives the band's key (:func:`_band_keys`) of each of the ``n`` rows.

    Within a bucket, members are ordered by ``rank`` (the order of their ids, so the pairs do
    not depend on the order of the rows) and each is paired with the bucket's first member and
    with the one before it: the work stays linear however large a bucket grows, and a pair a
    bucket skips usually shares another band. The low bits of each key are replaced by the
    rank, so one plain sort orders by bucket, then rank; the bucket hash keeps the high bits.
    """
    if n < 2:
        return
    rank = np.arange(n, dtype=np.int64) if rank is None else rank
    row_of_rank = np.empty(n, dtype=np.int64)
    row_of_rank[rank] = np.arange(n, dtype=np.int64)
    shift = np.uint64(max(1, (n - 1).bit_length()))
    low = (np.uint64(1) << shift) - np.uint64(1)
    ranks = rank.astype(np.uint64)
    for band in range(params.bands) if bands is None else bands:
        keys = band_keys(band)
        keys &= ~low
        keys |= ranks
        keys.sort()
        bucket = keys >> shift
        same = bucket[1:] == bucket[:-1]
        if not same.any():
            continue
        order = row_of_rank[(keys & low).astype(np.int64)]
        del keys, bucket
        # index (in sorted order) of the first member of each element's bucket
        starts = np.maximum.accumulate(np.where(np.concatenate(([False], same)), 0, np.arange(n)))
        second = np.flatnonzero(same) + 1
        prev = second - 1
        first = starts[second]
        yield order[first], order[second]
        extra = prev != first
        if extra.any():
            yield order[prev[extra]], order[second[extra]]


class UnionFind:
    """Clusters over row numbers; every root is the member with the smallest rank."""

    def __init__(self, rank: np.ndarray):
        self.parent = np.arange(len(rank), dtype=np.int64)
        self.rank = rank

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:  # path compression
            parent[i], i = root, parent[i]
        return int(root)

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if self.rank[rb] < self.rank[ra]:
            ra, rb = rb, ra
        self.parent[rb] = ra

    def find_all(self, rows: np.ndarray) -> np.ndarray:
        """The roots of ``rows``, vectorised: follow parents until none moves."""
        parent = self.parent
        found = parent[rows]
        while True:
            up = parent[found]
            if np.array_equal(up, found):
                return found
            found = up

    def roots(self) -> np.ndarray:
        return self.find_all(np.arange(len(self.parent)))


@dataclass
class Clusters:
    """The answer of :func:`cluster`, one entry per input row."""

    root: np.ndarray  # row of the cluster's smallest id
    exact: np.ndarray  # bool: the row's normalised text equals its root's
    similarity: np.ndarray  # float32: estimated Jaccard with the root (1 for the root itself)


@dataclass
class SignatureRows:
    """Signatures of some rows (``rows``, sorted; None for every row), looked up by row number."""

    sigs: np.ndarray
    rows: np.ndarray | None = None

    def __getitem__(self, wanted: np.ndarray) -> np.ndarray:
        return self.sigs[wanted if self.rows is None else np.searchsorted(self.rows, wanted)]


def cluster(
    rank: np.ndarray, exact_keys: np.ndarray, sigs: np.ndarray, params: LSHParams, chunk: int = 65_536
) -> Clusters:
    """Exact and near-duplicate clusters of ``len(rank)`` documents whose signatures are in memory.

    ``rank`` orders the documents by id (the root of a cluster is its smallest rank);
    ``exact_keys`` are :func:`exact_key` values; ``sigs`` is the ``(n, num_perm)`` matrix of
    :func:`signature`. LSH candidate pairs are kept only when their estimated Jaccard reaches
    the threshold, then joined with union-find.
    """
    return cluster_banded(rank, exact_keys, memory_bands(sigs, params), SignatureRows(sigs), params, chunk)


def cluster_banded(
    rank: np.ndarray,
    exact_keys: np.ndarray,
    band_keys: Callable[[int], np.ndarray],
    load_signatures: Callable[[np.ndarray], SignatureRows] | SignatureRows,
    params: LSHParams,
    chunk: int = 65_536,
) -> Clusters:
    """:func:`cluster` for signatures kept out of memory: ``band_keys(band)`` gives each row's key
    in a band, and ``load_signatures(rows)`` the signatures of the (sorted) rows that candidate
    pairs name, the only ones a check reads; in a corpus of mostly distinct documents they are few.
    Finding those rows costs a first pass over the bands (holding the pairs would cost more);
    signatures already in memory (a :class:`SignatureRows`) skip it.
    """
    n = len(rank)
    if n == 0:
        return Clusters(np.zeros(0, np.int64), np.zeros(0, bool), np.zeros(0, np.float32))
    uf = UnionFind(rank)
    order = np.argsort(exact_keys, kind="stable")
    sk = exact_keys[order]
    same_text = np.flatnonzero(sk[1:] == sk[:-1])
    for i in same_text.tolist():
        uf.union(int(order[i]), int(order[i + 1]))
    sigs = load_signatures
    if not isinstance(sigs, SignatureRows):
        # which rows a check or a similarity needs: the members of any candidate pair or exact group
        needed = np.zeros(n, dtype=bool)
        needed[order[same_text]] = needed[order[same_text + 1]] = True
        for a, b in candidate_pairs(band_keys, n, params, rank):
            needed[a] = needed[b] = True
        sigs = load_signatures(np.flatnonzero(needed))
        del needed
    del order, sk, same_text
    for a, b in candidate_pairs(band_keys, n, params, rank):
        for s in range(0, len(a), chunk):
            pa_, pb = a[s : s + chunk], b[s : s + chunk]
            # pairs an earlier band (or exact match) already joined need no check
            apart = uf.find_all(pa_) != uf.find_all(pb)
            pa_, pb = pa_[apart], pb[apart]
            keep = estimate_jaccard(sigs[pa_], sigs[pb]) >= params.threshold
            for x, y in zip(pa_[keep].tolist(), pb[keep].tolist(), strict=True):
                uf.union(x, y)
    root = uf.roots()
    exact = exact_keys == exact_keys[root]
    sim = np.ones(n, dtype=np.float32)  # a root, and an exact copy of it
    joined = np.flatnonzero(~exact)
    for s in range(0, len(joined), chunk):
        rows = joined[s : s + chunk]
        sim[rows] = estimate_jaccard(sigs[rows], sigs[root[rows]])
    return Clusters(root, exact, sim)


def near_duplicate_pairs(
    texts: dict[str, str],
    threshold: float = DEFAULT_THRESHOLD,
    ngram: int = DEFAULT_NGRAM,
    num_perm: int = DEFAULT_NUM_PERM,
    seed: int = DEFAULT_SEED,
    *,
    multiset: bool = DEFAULT_MULTISET,
) -> list[tuple[str, str, float]]:
    """Every pair ``(id_a, id_b, estimated Jaccard)`` with ``id_a < id_b`` at or above ``threshold``.

    Meant for small sets (a few thousand texts, e.g. the seed files): it compares every
    pair, so the answer does not depend on LSH banding.
    """
    ids = sorted(texts)
    if len(ids) < 2:
        return []
    sigs = np.stack([signature(texts[i], ngram, num_perm, seed, multiset=multiset) for i in ids])
    out: list[tuple[str, str, float]] = []
    for i in range(len(ids) - 1):
        sims = estimate_jaccard(sigs[i + 1 :], sigs[i][None, :])
        for j in np.nonzero(sims >= threshold)[0]:
            out.append((ids[i], ids[i + 1 + int(j)], round(float(sims[j]), 6)))
    return out


# --- what the build's dedup pass (corpuskit/passes/near_dups.py) shares -----------------------
#
# Each version folder holds a sidecar ``minhash/train-*.parquet`` (id, exact_key, minhash)
# beside ``data/``: one row per published document, in the same order. The next build reads
# it to find duplicates against the previous version without re-reading its text. It is
# not a config of the dataset card, so ``load_dataset`` never sees it.

SIDECAR = "minhash"
MODES = ("mark", "drop")


class DedupSettingsError(ValueError):
    """A dedup setting is out of range."""


def check_settings(settings: Any) -> None:
    """Refuse dedup settings the pass cannot honour, before any work is done."""
    if settings.dedup_mode not in MODES:
        raise DedupSettingsError(f"dedup_mode must be one of {', '.join(MODES)}, got {settings.dedup_mode!r}")
    if not 0.0 < settings.dedup_threshold <= 1.0:
        raise DedupSettingsError(f"dedup_threshold must be in (0, 1], got {settings.dedup_threshold}")
    if settings.dedup_ngram < 1:
        raise DedupSettingsError(f"dedup_ngram must be at least 1, got {settings.dedup_ngram}")
    if settings.dedup_bands < 1 or settings.dedup_num_perm % settings.dedup_bands:
        raise DedupSettingsError(
            f"dedup_num_perm ({settings.dedup_num_perm}) must be a multiple of dedup_bands ({settings.dedup_bands})"
        )


def _sign_params(settings: Any) -> dict[str, Any]:
    from importlib.metadata import version

    return {
        "ngram": settings.dedup_ngram,
        "multiset": settings.dedup_multiset,
        "num_perm": settings.dedup_num_perm,
        "seed": settings.dedup_seed,
        "bits": SIG_BITS,
        "rensa": version("rensa"),
    }


def sidecar_schema(settings: Any) -> pa.Schema:
    """The sidecar's columns; its metadata records how the signatures were made."""
    return pa.schema(
        [
            pa.field("id", pa.string()),
            pa.field("exact_key", pa.uint64()),
            pa.field("minhash", pa.binary(settings.dedup_num_perm * SIG_DTYPE.itemsize)),
        ],
        metadata={"corpuskit.minhash": json.dumps(_sign_params(settings), sort_keys=True)},
    )


def doc_keys(text: str, settings: Any, toks: list[str] | None = None) -> dict[str, Any]:
    """What the per-document stage computes for the dedup pass; ``toks`` are :func:`words` of ``text``
    when the caller has them already."""
    toks = words(text) if toks is None else toks
    sig = _signature(toks, settings.dedup_ngram, settings.dedup_num_perm, settings.dedup_seed, settings.dedup_multiset)
    return {"exact_key": _exact_key(toks), "minhash": sig.tobytes()}


def sidecar_row(doc_id: str, metadata: dict[str, Any]) -> dict[str, Any]:
    return {"id": doc_id, "exact_key": metadata["exact_key"], "minhash": metadata["minhash"]}


@dataclass
class _Signed:
    ids: pa.Array  # string
    keys: np.ndarray  # uint64
    sigs: np.ndarray  # (n, num_perm) uint8


def _concat(parts: list[_Signed], num_perm: int) -> _Signed:
    """One ``_Signed`` from parts, copying each part once into arrays allocated at their final size."""
    total = sum(len(p.keys) for p in parts)
    out = _Signed(
        pa.concat_arrays([p.ids for p in parts]) if parts else pa.array([], pa.string()),
        np.empty(total, np.uint64),
        np.empty((total, num_perm), SIG_DTYPE),
    )
    start = 0
    for p in parts:
        out.keys[start : start + len(p.keys)] = p.keys
        out.sigs[start : start + len(p.keys)] = p.sigs
        start += len(p.keys)
    return out


def _sidecar_part(table: pa.Table, num_perm: int) -> _Signed:
    minhash = table.column("minhash").combine_chunks()
    n = len(minhash)
    if n == 0:
        return _Signed(pa.array([], pa.string()), np.zeros(0, np.uint64), np.zeros((0, num_perm), SIG_DTYPE))
    raw = np.frombuffer(minhash.buffers()[1], dtype=SIG_DTYPE)
    start = minhash.offset * num_perm
    return _Signed(
        table.column("id").combine_chunks(),
        table.column("exact_key").to_numpy().astype(np.uint64),
        raw[start : start + n * num_perm].reshape(n, num_perm),  # a view on the table's buffer
    )


def _sidecar_parts(paths: list[Path], num_perm: int) -> Iterator[_Signed]:
    """Every row of a sidecar, one shard at a time."""
    for path in paths:
        yield _sidecar_part(pq.read_table(path, columns=["id", "exact_key", "minhash"]), num_perm)
        # Arrow's pool keeps freed blocks for reuse: for 300k documents this cut the resident
        # memory after reading from 351 to 261 MiB
        pa.default_memory_pool().release_unused()


class _BandFiles:
    """Every row's key in each LSH band, a file per band, written as the signatures are read:
    the clustering then holds one band of 8-byte keys at a time, not the 256-byte signatures
    (at 1,000,000 documents, 8 MB instead of 256 MB)."""

    def __init__(self, folder: Path, params: LSHParams):
        self.folder, self.params = folder, params
        self._files = [open(self._path(b), "wb") for b in range(params.bands)]

    def _path(self, band: int) -> Path:
        return self.folder / f"band-{band:03d}.u64"

    def add(self, sigs: np.ndarray) -> None:
        for band, fh in enumerate(self._files):
            fh.write(_band_keys(sigs, band, self.params.rows).tobytes())

    def close(self) -> None:
        for fh in self._files:
            fh.close()

    def __call__(self, band: int) -> np.ndarray:
        return np.fromfile(self._path(band), dtype=np.uint64)


def _gather(parts: Iterable[_Signed], rows: np.ndarray, num_perm: int) -> SignatureRows:
    """The signatures of ``rows`` (sorted row numbers over ``parts`` in order)."""
    out = np.empty((len(rows), num_perm), SIG_DTYPE)
    start = filled = 0
    for part in parts:
        end = start + len(part.keys)
        mine = rows[np.searchsorted(rows, start) : np.searchsorted(rows, end)]
        out[filled : filled + len(mine)] = part.sigs[mine - start]
        filled += len(mine)
        start = end
    return SignatureRows(out, rows)


def _previous_only(prev_dir: Path, current_ids: pa.Array, settings: Any) -> tuple[_Signed, str]:
    """Signatures of the previous version's documents that this build no longer holds.

    Read from its sidecar when that was made the same way, else re-signed from its text;
    shard by shard, keeping only the documents missing from ``current_ids``.
    """
    num_perm = settings.dedup_num_perm
    sidecar = sorted((prev_dir / SIDECAR).glob("*.parquet"))
    wanted = json.dumps(_sign_params(settings), sort_keys=True)
    same = sidecar and all(
        (pq.read_schema(p).metadata or {}).get(b"corpuskit.minhash", b"").decode() == wanted for p in sidecar
    )
    parts = []
    for path in sidecar if same else sorted((prev_dir / "data").glob("*.parquet")):
        for batch in pq.ParquetFile(path).iter_batches(
            columns=["id", "exact_key", "minhash"] if same else ["id", "text"]
        ):
            gone = pc.invert(pc.is_in(batch.column(0), value_set=current_ids))
            batch = batch.filter(gone)
            if not batch.num_rows:
                continue
            if same:
                part = _sidecar_part(pa.Table.from_batches([batch]), num_perm)
                parts.append(_Signed(part.ids, part.keys, part.sigs.copy()))
                continue
            toks = [words(t) for t in batch.column(1).to_pylist()]
            parts.append(
                _Signed(
                    batch.column(0),
                    np.fromiter((_exact_key(t) for t in toks), dtype=np.uint64, count=len(toks)),
                    np.stack(
                        [
                            _signature(t, settings.dedup_ngram, num_perm, settings.dedup_seed, settings.dedup_multiset)
                            for t in toks
                        ]
                    ),
                )
            )
    return _concat(parts, num_perm), "sidecar" if same else "re-signed"


@dataclass
class DedupReport:
    """What the pass found; the build puts it in the card and the manifest."""

    mode: str
    threshold: float
    ngram: int
    num_perm: int
    multiset: bool = DEFAULT_MULTISET
    documents: int = 0
    clusters: int = 0  # clusters with more than one member among this build's documents
    exact_duplicates: int = 0
    near_duplicates: int = 0
    against_previous: int = 0  # duplicates whose cluster is named by a document of the previous version
    previous_documents: int = 0  # documents of the previous version compared against
    previous_source: str = ""
    dropped: int = 0
    dropped_words: int = 0
    dropped_chars: int = 0
    dropped_languages: Counter = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if k != "dropped_languages"}
        d["dropped_languages"] = dict(sorted(self.dropped_languages.items()))
        return d

    def summary(self) -> str:
        shingle = "words" if self.ngram == 1 else f"word {self.ngram}-grams"
        shingle = f"counts of {shingle} (every repeat counts)" if self.multiset else f"sets of {shingle}"
        text = (
            f"{self.exact_duplicates + self.near_duplicates} of {self.documents} documents are duplicates "
            f"({self.exact_duplicates} exact, {self.near_duplicates} near) in {self.clusters} clusters. "
            "Exact: the same words in the same order, ignoring case and the punctuation around words. "
            "Near: estimated Jaccard similarity "
            f"of the {shingle} at least {self.threshold} (MinHash, {self.num_perm} permutations, LSH, "
            "every candidate pair checked). "
        )
        if self.previous_documents:
            text += (
                f"{self.against_previous} duplicate a document of the previous version that this version no "
                f"longer holds (compared against {self.previous_documents}). "
            )
        if self.mode == "drop":
            text += f"{self.dropped} duplicates were dropped: see the `removed` config (rule dedup.*)."
        else:
            text += "Duplicates are kept and marked: filter on `is_duplicate` to drop them."
        return text


def _ranks(ids: pa.Array) -> np.ndarray:
    order = pc.sort_indices(ids).to_numpy()
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order), dtype=np.int64)
    return rank


def _removed_row(
    row: dict[str, Any], sim: float, exact: bool, prev_root: bool, threshold: float, prev_version: str | None
) -> dict[str, Any]:
    of = row["dup_cluster"]
    where = f" (published in version {prev_version})" if prev_root and prev_version else ""
    if exact:
        rule, reason = "dedup.exact", f"same normalised text as {of}{where}"
    else:
        rule, reason = "dedup.near", f"near duplicate of {of}{where}: estimated Jaccard {sim:.3f} >= {threshold}"
    return {
        "doc_id": row["id"],
        "source_file": row["source_file"],
        "line": 0,
        "text": reason,
        "rule": rule,
        "category": "duplicate",
        "duplicate_of": of,
    }
