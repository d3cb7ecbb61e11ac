"""The local engine: same bytes with any number of workers, input order, bounded read-ahead."""

from __future__ import annotations

import itertools

import pytest
from conftest import SEEDS
from generated import make_generated_project, outputs, recurring_removed

from corpuskit import stages
from corpuskit.build import build
from corpuskit.config import Settings, load_settings
from corpuskit.document import Document
from corpuskit.engines import local
from corpuskit.engines import run as run_engine


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return make_generated_project(tmp_path_factory.mktemp("generated") / "project", 120)


def test_generated_corpus_has_no_exact_repeats(generated):
    texts = [p.read_bytes() for p in sorted((generated / "corpus").rglob("*.txt"))]
    assert len(texts) == 120
    assert len(set(texts)) == len(texts)


def test_two_workers_publish_the_same_bytes_as_one(generated):
    one = build(generated, load_settings(generated, workers=1, output_dir="dist-1"), progress=False)
    two = build(generated, load_settings(generated, workers=2, output_dir="dist-2"), progress=False)
    assert one.stats.documents > 100
    assert recurring_removed(one.path) > 0  # lines recurring across the corpus were counted and removed
    assert outputs(one.path) == outputs(two.path)


def _seed_docs():
    """Documents made from the seed files, numbered without end."""
    raws = [p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))]
    for i in itertools.count():
        yield Document(id=f"{i:08d}", source_file=f"gen/{i:08d}.txt", raw=raws[i % len(raws)], order=(f"{i:08d}", 0))


def test_pool_keeps_input_order_and_reads_ahead_a_bounded_window():
    pulled = 0

    def counting():
        nonlocal pulled
        for doc in _seed_docs():
            pulled += 1
            yield doc

    settings = Settings(workers=2)
    first = list(itertools.islice(run_engine(counting(), settings), 100))
    assert [d.id for d in first] == [f"{i:08d}" for i in range(100)]
    window = settings.workers * local.IN_FLIGHT_PER_WORKER * local.BATCH_DOCS
    assert pulled <= 100 + window + local.BATCH_DOCS


def test_workers_report_their_stage_seconds():
    stages.take_stage_seconds()
    docs = list(run_engine(itertools.islice(_seed_docs(), 40), Settings(workers=2)))
    assert len(docs) == 40 and all(d.text for d in docs)
    seconds = stages.take_stage_seconds()
    assert set(seconds) == {stage.__name__ for stage in stages.STAGES}
    assert all(v > 0 for v in seconds.values())


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="unknown engine 'spark'; known: local, ray"):
        list(run_engine([], Settings(engine="spark")))
