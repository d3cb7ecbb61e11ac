"""One build over a folder mixing seed text, HTML, WARC and JSONL: one dataset, provenance on every row."""

from __future__ import annotations

import json

import pytest
from conftest import make_project
from datasets import load_dataset
from html_pages import BODY_EN, page
from test_sources_html import BODY_FR
from test_sources_warc import BODY_DE, write_warc

from corpuskit.build import build

INPUTS = 'inputs = ["seeds/*.txt", "web/**/*.html", "web/**/*.warc.gz", "web/**/*.jsonl"]\n'


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("mixed") / "project", extra_settings="")
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('inputs = ["seeds/*.txt"]\n', INPUTS))
    web = root / "web"
    web.mkdir()
    (web / "tram.html").write_bytes(page(BODY_FR, charset="windows-1252").encode("cp1252"))
    (web / "empty.html").write_bytes(b"<html><head><script>var x = 1;</script></head><body></body></html>")
    write_warc(
        web / "crawl.warc.gz",
        [
            ("https://example.org/tram", "text/html", page(BODY_EN).encode(), "200 OK"),
            ("https://example.de/bahn", "text/html; charset=iso-8859-1", page(BODY_DE).encode("cp1252"), "200 OK"),
        ],
    )
    records = [{"id": "r1", "text": "\n".join(BODY_EN[1:]), "url": "https://example.org/r1"}, "{broken"]
    (web / "batch.jsonl").write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n")
    return build(root, progress=False)


def test_one_dataset_with_provenance_for_every_row(mixed):
    rows = list(load_dataset(str(mixed.path), split="train"))
    by_file = {}
    for r in rows:
        by_file.setdefault(r["source_file"].split("/")[0], []).append(r)
    assert sorted((k, len(v)) for k, v in by_file.items()) == [("seeds", 5), ("web", 4)]
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["source_file"] and r["text"]
    warc_rows = [r for r in rows if r["source_file"] == "web/crawl.warc.gz"]
    assert sorted(r["url"] for r in warc_rows) == ["https://example.de/bahn", "https://example.org/tram"]
    for r in warc_rows:
        assert r["record_id"].startswith("<urn:uuid:") and r["warc_date"]
    (jsonl_row,) = [r for r in rows if r["source_file"] == "web/batch.jsonl"]
    assert (jsonl_row["record_id"], jsonl_row["url"]) == ("r1", "https://example.org/r1")


def test_html_metadata_reaches_the_columns(mixed):
    rows = load_dataset(str(mixed.path), split="train")
    (row,) = [r for r in rows if r["source_file"] == "web/tram.html"]
    assert row["text"] == "\n".join(BODY_FR)
    assert (row["title"], row["author"], row["date"], row["outlet"]) == (
        "Council approves tram extension",
        "Jane Doe",
        "2024-03-05",
        "The Daily Example",
    )
    assert row["language"] == "fr"


def test_pages_that_fail_are_in_removed_and_the_build_went_on(mixed):
    removed = load_dataset(str(mixed.path), "removed", split="train")
    whole = {(r["source_file"], r["rule"]) for r in removed if r["line"] == 0}
    assert ("web/empty.html", "extract.no-main-text") in whole
    assert ("web/batch.jsonl", "jsonl.invalid-record") in whole


def test_every_line_a_page_shows_is_in_the_text_or_in_removed(mixed):
    from corpuskit.extract.render import parse, render

    rows = load_dataset(str(mixed.path), split="train")
    (row,) = [r for r in rows if r["url"] == "https://example.org/tram"]
    removed = load_dataset(str(mixed.path), "removed", split="train")
    numbers = {r["line"]: r for r in removed if r["doc_id"] == row["id"]}
    kept = set(row["text"].split("\n"))
    for n, line in enumerate(render(parse(page(BODY_EN))).lines, 1):
        if line not in kept:
            assert numbers[n]["text"] == line and numbers[n]["category"]
    assert numbers  # the menu, the title and the footer at least
