"""The title and date rankers: candidates are the page's own texts, the choice is a trained
model's, and the models are data rebuilt byte for byte."""

from __future__ import annotations

import json

import pytest
from lxml.html import fromstring

from corpuskit.extract import dates, declarations, ranker, titles
from corpuskit.package.version import package_versions

PAGE = (
    "<html><head><title>Council approves tram extension | Transport | City News</title>"
    "<meta property='og:title' content='Council approves tram extension'>"
    "<meta property='article:published_time' content='2024-05-07T09:00:00+02:00'>"
    "<meta property='article:modified_time' content='2024-05-09T10:00:00+02:00'>"
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council approves tram extension",'
    ' "datePublished": "2024-05-07"}</script></head><body>'
    "<header><a href='/'>City News</a></header><main><article><h1>Council approves tram extension</h1>"
    "<p>By Maria Lopez · <time datetime='2024-05-07'>7 May 2024</time></p>"
    "<p>The council voted on Tuesday to extend the tram network.</p></article></main>"
    "<footer>© 2019 City News</footer></body></html>"
)


def offered(page: str, url: str | None = None, field=titles) -> list[tuple[str, dict]]:
    tree = fromstring(page)
    return field.candidates(tree, url, declarations.meta_tags(tree), list(declarations.json_ld_objects(tree)))


def test_every_title_candidate_is_a_text_the_page_holds():
    page = fromstring(PAGE)
    shown = " ".join(
        [declarations.title_tag(page), *declarations.h1_texts(page)]
        + [m.get("content") or "" for m in page.iter("meta")]
        + [s.text or "" for s in page.iter("script")]
    )
    found = offered(PAGE)
    assert found and all(text in shown for text, _ in found)
    assert {"Council approves tram extension", "City News"} <= {text for text, _ in found}
    # every candidate carries the same columns, in the model's order
    assert all(list(f) == list(titles.FEATURES) for _, f in found)


def test_a_title_reads_entities_and_drops_invisible_characters():
    assert titles.normalised("Home Repair Assis\u00adtance &amp; More ") == "Home Repair Assistance & More"


def test_the_shipped_rankers_choose_the_headline_and_the_publication_day():
    tree = fromstring(PAGE)
    metas, objects = declarations.meta_tags(tree), list(declarations.json_ld_objects(tree))
    assert titles.title(tree, None, metas, objects) == "Council approves tram extension"
    assert dates.date(tree, None, metas, objects) == "2024-05-07"


def test_a_copyright_year_or_a_bare_year_is_never_a_date_candidate():
    page = "<html><body><h1>About us</h1><p>We make trams.</p><footer>© 2019 City News</footer></body></html>"
    assert [day for day, _ in offered(page, field=dates)] == []


def test_the_best_candidate_wins_ties_go_to_the_first_and_a_low_best_names_nothing():
    class Fixed:
        def __init__(self, scores):
            self.scores = scores

        def predict(self, rows, num_threads=1):
            return self.scores

    cands = [("a", {"x": 0.0}), ("b", {"x": 1.0}), ("c", {"x": 2.0})]
    assert ranker.Ranker(Fixed([0.2, 0.7, 0.7]), ("x",)).best(cands) == "b"
    assert ranker.Ranker(Fixed([0.2, 0.3, 0.1]), ("x",), min_score=0.5).best(cands) == ""
    assert ranker.Ranker(Fixed([]), ("x",)).best([]) == ""


def _labelled(n: int) -> list[list[tuple[str, dict, bool]]]:
    pages = []
    for i in range(n):
        found = offered(PAGE.replace("Council", f"Council {i}"), f"https://news{i % 7}.example/a")
        pages.append([(text, f, text == f"Council {i} approves tram extension") for text, f in found])
    return pages


def test_a_ranker_is_rebuilt_byte_for_byte_from_the_same_pages_and_learns_them():
    pages = _labelled(40)
    first, second = (ranker.to_json(ranker.fit(pages, titles.FEATURES, rounds=20)) for _ in range(2))
    assert first == second
    model = ranker.fit(pages, titles.FEATURES, rounds=20)
    right = sum(model.best([(t, f) for t, f, _ in page]) == next(t for t, _, ok in page if ok) for page in pages)
    assert right == len(pages)


def test_a_model_for_other_features_is_refused_with_the_script_to_run(tmp_path):
    spec = json.loads(titles.MODEL_PATH.read_text(encoding="utf-8"))
    spec["features"] = spec["features"][:-1]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    with pytest.raises(ValueError, match="scripts/train_metadata.py"):
        ranker.load(path, titles.FEATURES)


def test_the_shipped_models_are_small_and_their_hashes_enter_the_fingerprint():
    import hashlib

    versions = package_versions()
    for name, path in (("title-ranker", titles.MODEL_PATH), ("date-ranker", dates.MODEL_PATH)):
        assert path.stat().st_size < 1_000_000
        assert versions[name] == hashlib.sha256(path.read_bytes()).hexdigest()
