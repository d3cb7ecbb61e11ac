"""Exact and near-duplicate detection: text hashes, MinHash signatures and LSH clusters.

Two documents are *exact* duplicates when their normalised text (casefolded words joined
by single spaces) is the same, and *near* duplicates when the estimated Jaccard
similarity of their word-shingle sets reaches the threshold.

Signing is per document (it runs in the engines' worker stage, so it parallelises);
clustering is one pass in the build over compact arrays: 64-bit exact keys and
``num_perm`` 16-bit MinHash values per document, never the text.

Why word *unigram* shingles by default, not the 5-grams of the design: syndicated copies
in the benchmark (``scripts/bench_dedup.py``: sentences shuffled, 2-10% of words edited)
keep a word-5-gram Jaccard of only 0.2-0.56, so no 5-gram set reaches 0.8; their word-set
Jaccard stays above 0.8 while five outlets telling the same story stay below 0.5.
``dedup_ngram`` in the settings brings the 5-grams back.

Why 16-bit MinHash values (b-bit minwise hashing, Li and König 2010): they halve the
memory of the clustering pass. Two different 32-bit minima collide in their low 16 bits
with probability 2**-16; :func:`estimate_jaccard` removes that bias.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

# ``\w+`` runs, casefolded: punctuation, case and spacing do not make two texts differ.
_WORD = re.compile(r"\w+")
_BITS_COLLISION = 2.0**-16

DEFAULT_THRESHOLD = 0.8
DEFAULT_NGRAM = 1
DEFAULT_NUM_PERM = 128
DEFAULT_SEED = 0
SIG_DTYPE = np.dtype("<u2")


def words(text: str) -> list[str]:
    """Casefolded ``\\w+`` runs.

    >>> words("Iran’s OFFER, in 2025.")
    ['iran', 's', 'offer', 'in', '2025']
    """
    return _WORD.findall(text.casefold())


def normalise(text: str) -> str:
    """The text exact duplicates are compared on.

    >>> normalise("  Hello,  World!\\n") == normalise("hello world")
    True
    """
    return " ".join(words(text))


def exact_key(text: str) -> int:
    """A 64-bit hash of :func:`normalise` (collision odds for a million documents: about 3e-8)."""
    digest = hashlib.blake2b(normalise(text).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def shingles(text: str, ngram: int = DEFAULT_NGRAM) -> set[str]:
    """The set of word ``ngram``-grams; a text shorter than ``ngram`` words is one shingle.

    >>> sorted(shingles("a b c a b", 2))
    ['a b', 'b c', 'c a']
    """
    toks = words(text)
    if ngram <= 1:
        return set(toks)
    if len(toks) <= ngram:
        return {" ".join(toks)}
    return {" ".join(toks[i : i + ngram]) for i in range(len(toks) - ngram + 1)}


def signature(
    text: str, ngram: int = DEFAULT_NGRAM, num_perm: int = DEFAULT_NUM_PERM, seed: int = DEFAULT_SEED
) -> np.ndarray:
    """The MinHash signature of ``text`` (rensa's ``RMinHash``), kept as ``num_perm`` 16-bit values."""
    from rensa import RMinHash

    mh = RMinHash(num_perm=num_perm, seed=seed)
    mh.update(list(shingles(text, ngram)))
    return (np.asarray(mh.digest(), dtype=np.uint32) & 0xFFFF).astype(SIG_DTYPE)


def signature_bytes(
    text: str, ngram: int = DEFAULT_NGRAM, num_perm: int = DEFAULT_NUM_PERM, seed: int = DEFAULT_SEED
) -> bytes:
    """:func:`signature` as little-endian bytes: cheap to send back from a worker and to store."""
    return signature(text, ngram, num_perm, seed).tobytes()


def estimate_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> np.ndarray | float:
    """Estimated Jaccard from two signatures (or two stacks of them, row by row)."""
    agree = np.mean(np.asarray(sig_a) == np.asarray(sig_b), axis=-1)
    est = np.clip((agree - _BITS_COLLISION) / (1.0 - _BITS_COLLISION), 0.0, 1.0)
    return float(est) if np.ndim(est) == 0 else est


def similarity(
    text_a: str, text_b: str, ngram: int = DEFAULT_NGRAM, num_perm: int = DEFAULT_NUM_PERM, seed: int = DEFAULT_SEED
) -> float:
    """MinHash-estimated Jaccard similarity of two texts' shingle sets, in [0, 1].

    >>> similarity("The cat sat on the mat.", "the cat sat on the mat")
    1.0
    """
    return round(
        estimate_jaccard(signature(text_a, ngram, num_perm, seed), signature(text_b, ngram, num_perm, seed)), 6
    )


@dataclass(frozen=True)
class LSHParams:
    """How the clustering pass finds candidates and decides which are duplicates."""

    threshold: float = DEFAULT_THRESHOLD
    num_perm: int = DEFAULT_NUM_PERM
    bands: int = 16

    @property
    def rows(self) -> int:
        return self.num_perm // self.bands


def _band_keys(sigs: np.ndarray, band: int, rows: int) -> np.ndarray:
    """One 64-bit key per document for a band: a hash of its ``rows`` values."""
    part = np.ascontiguousarray(sigs[:, band * rows : (band + 1) * rows]).astype(np.uint64)
    key = np.full(len(sigs), np.uint64(band * 0x9E3779B97F4A7C15 & 0xFFFFFFFFFFFFFFFF), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(rows):
            key ^= part[:, j] + np.uint64(0x9E3779B97F4A7C15) + (key << np.uint64(6)) + (key >> np.uint64(2))
            key *= np.uint64(0xBF58476D1CE4E5B9)
    return key


def candidate_pairs(sigs: np.ndarray, params: LSHParams) -> Iterable[tuple[np.ndarray, np.ndarray]]:
    """Per band, pairs of rows whose band values hash alike.

    Within a bucket each member is paired with the bucket's first member and with the one
    before it, so the work stays linear however large a bucket grows; a pair a bucket
    skips usually shares another band.
    """
    n = len(sigs)
    if n < 2:
        return
    for band in range(params.bands):
        keys = _band_keys(sigs, band, params.rows)
        order = np.argsort(keys, kind="stable")
        sk = keys[order]
        same = sk[1:] == sk[:-1]
        if not same.any():
            continue
        # index (in sorted order) of the first member of each element's bucket
        starts = np.maximum.accumulate(np.where(np.concatenate(([False], same)), 0, np.arange(n)))
        second = np.nonzero(same)[0] + 1
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

    def roots(self) -> np.ndarray:
        return np.fromiter((self.find(i) for i in range(len(self.parent))), dtype=np.int64, count=len(self.parent))


@dataclass
class Clusters:
    """The answer of :func:`cluster`, one entry per input row."""

    root: np.ndarray  # row of the cluster's smallest id
    exact: np.ndarray  # bool: the row's normalised text equals its root's
    similarity: np.ndarray  # float32: estimated Jaccard with the root (1 for the root itself)


def cluster(
    rank: np.ndarray, exact_keys: np.ndarray, sigs: np.ndarray, params: LSHParams, chunk: int = 65_536
) -> Clusters:
    """Exact and near-duplicate clusters of ``len(rank)`` documents.

    ``rank`` orders the documents by id (the root of a cluster is its smallest rank);
    ``exact_keys`` are :func:`exact_key` values; ``sigs`` is the ``(n, num_perm)`` matrix of
    :func:`signature`. LSH candidate pairs are kept only when their estimated Jaccard reaches
    the threshold, then joined with union-find.
    """
    n = len(rank)
    uf = UnionFind(rank)
    order = np.argsort(exact_keys, kind="stable")
    sk = exact_keys[order]
    for i in np.nonzero(sk[1:] == sk[:-1])[0]:
        uf.union(int(order[i]), int(order[i + 1]))
    for a, b in candidate_pairs(sigs, params):
        for s in range(0, len(a), chunk):
            pa_, pb = a[s : s + chunk], b[s : s + chunk]
            keep = estimate_jaccard(sigs[pa_], sigs[pb]) >= params.threshold
            for x, y in zip(pa_[keep].tolist(), pb[keep].tolist(), strict=True):
                uf.union(x, y)
    root = uf.roots() if n else np.zeros(0, dtype=np.int64)
    exact = exact_keys == exact_keys[root] if n else np.zeros(0, dtype=bool)
    sim = np.empty(n, dtype=np.float32)
    for s in range(0, n, chunk):
        sim[s : s + chunk] = estimate_jaccard(sigs[s : s + chunk], sigs[root[s : s + chunk]])
    sim[exact] = 1.0
    return Clusters(root, exact, sim)


def near_duplicate_pairs(
    texts: dict[str, str],
    threshold: float = DEFAULT_THRESHOLD,
    ngram: int = DEFAULT_NGRAM,
    num_perm: int = DEFAULT_NUM_PERM,
    seed: int = DEFAULT_SEED,
) -> list[tuple[str, str, float]]:
    """Every pair ``(id_a, id_b, estimated Jaccard)`` with ``id_a < id_b`` at or above ``threshold``.

    Meant for small sets (a few thousand texts, e.g. the seed files): it compares every
    pair, so the answer does not depend on LSH banding.
    """
    ids = sorted(texts)
    if len(ids) < 2:
        return []
    sigs = np.stack([signature(texts[i], ngram, num_perm, seed) for i in ids])
    out: list[tuple[str, str, float]] = []
    for i in range(len(ids) - 1):
        sims = estimate_jaccard(sigs[i + 1 :], sigs[i][None, :])
        for j in np.nonzero(sims >= threshold)[0]:
            out.append((ids[i], ids[i + 1 + int(j)], round(float(sims[j]), 6)))
    return out
