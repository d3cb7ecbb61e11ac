"""`corpuskit clean` reads what the build reads: text, HTML, WARC, JSON Lines, gzipped or not."""

from __future__ import annotations

import gzip
import json

from html_pages import BODY_EN, page
from test_sources_html import BODY_FR
from test_sources_warc import BODY_DE, write_warc

from corpuskit.cli import main


def _out(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(["clean", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_an_html_page_prints_its_article_not_its_markup(tmp_path, capsys):
    (tmp_path / "page.html").write_bytes(page(BODY_FR, charset="windows-1252").encode("cp1252"))
    status, out, err = _out(capsys, str(tmp_path / "page.html"))
    assert status == 0 and err == ""
    assert "<" not in out and BODY_FR[-1] in out


def test_a_gzipped_page_without_suffix_is_read_by_its_content(tmp_path, capsys):
    (tmp_path / "page").write_bytes(gzip.compress(page(BODY_EN).encode()))
    status, out, _ = _out(capsys, str(tmp_path / "page"))
    assert status == 0 and "<" not in out and BODY_EN[-1] in out


def test_each_record_of_a_warc_is_a_document_under_its_own_header(tmp_path, capsys):
    write_warc(
        tmp_path / "crawl.warc.gz",
        [
            ("https://example.org/tram", "text/html", page(BODY_EN).encode(), "200 OK"),
            ("https://example.de/bahn", "text/html; charset=iso-8859-1", page(BODY_DE).encode("cp1252"), "200 OK"),
        ],
    )
    status, out, _ = _out(capsys, str(tmp_path / "crawl.warc.gz"))
    assert status == 0 and out.count("==> crawl.warc.gz") == 2
    assert out.index(BODY_EN[-1]) < out.index("==> crawl.warc.gz", 1) < out.index(BODY_DE[-1])


def test_jsonl_records_print_as_jsonl_with_metadata_and_removed_lines(tmp_path, capsys):
    records = [{"id": "r1", "text": "Latest News\n" + "\n".join(BODY_EN[1:]), "url": "https://example.org/r1"}]
    (tmp_path / "records.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    status, out, _ = _out(capsys, "--jsonl", str(tmp_path / "records.jsonl"))
    [line] = out.splitlines()
    record = json.loads(line)
    assert status == 0 and record["source_file"] == "records.jsonl" and BODY_EN[-1] in record["text"]
    assert record["metadata"]["language"] == "en"
    assert {"line": 1, "rule": record["removed"][0]["rule"], "category": "navigation"} in record["removed"]


def test_explain_works_on_html(tmp_path, capsys):
    (tmp_path / "page.html").write_bytes(page(BODY_EN).encode())
    status, out, _ = _out(capsys, "--explain", str(tmp_path / "page.html"))
    assert status == 0 and any(line.lstrip().split(" ", 1)[-1] == BODY_EN[-1] for line in out.splitlines())


def test_a_rejected_document_is_named_and_the_others_still_print(tmp_path, capsys):
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "good.txt").write_text("\n".join(BODY_EN[1:]) + "\n")
    status, out, err = _out(capsys, str(tmp_path / "empty.txt"), str(tmp_path / "good.txt"))
    assert status == 1 and "not cleaned: empty.txt: empty (whitespace only)" in err
    assert BODY_EN[-1] in out


def test_a_missing_file_is_one_line(tmp_path, capsys):
    status, out, err = _out(capsys, str(tmp_path / "nope.txt"))
    assert status == 1 and out == "" and err.count("\n") == 1 and "nope.txt: no such file" in err


def test_an_empty_jsonl_record_is_named_by_record_and_id(tmp_path, capsys):
    (tmp_path / "r.jsonl").write_text(
        json.dumps({"id": "a1", "text": "x " * 1000}) + "\n" + '{"id": "b2", "text": ""}\n'
    )
    status, _, err = _out(capsys, str(tmp_path / "r.jsonl"))
    assert status == 1 and "not cleaned: r.jsonl (record 2, id b2): empty (0 bytes)" in err


def test_the_build_summary_counts_duplicates_and_recurring_lines_in_words(tmp_path, capsys):
    import shutil

    from conftest import make_project

    project = make_project(tmp_path / "p")
    first = sorted((project / "seeds").glob("*.txt"))[0]
    shutil.copy(first, project / "seeds" / "999_copy.txt")
    assert main(["--project", str(project), "build", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "  documents   6 documents published, 0 not published" in out
    assert "  duplicates  1 exact, 0 near (mark: marked is_duplicate)" in out
    assert "  recurring   0 lines removed from 0 documents" in out
    assert "First version: 6 documents." in out
