"""WARC files written with warcio: HTML responses become documents with their provenance."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from html_pages import BODY_EN, page
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from corpuskit.config import Settings
from corpuskit.sources import document_id, read_documents
from corpuskit.sources import warc as warc_source
from corpuskit.sources.warc import WarcError
from corpuskit.stages import process

BODY_DE = [
    "Der Stadtrat hat am Dienstag beschlossen, das Straßenbahnnetz in die nördlichen Stadtteile zu verlängern.",
    "Befürworter erwarten, dass sich die Fahrzeit für rund vierzigtausend Pendler halbiert; Gegner"
    " kritisieren die hohen Kosten.",
    "Die Bauarbeiten sollen im kommenden Frühjahr beginnen, die ersten Bahnen noch vor Ende des Jahrzehnts fahren.",
]


def write_warc(path: Path, records: list[tuple[str, str, bytes, str]], gz: bool = True) -> Path:
    """records: (url, content type, body, status) as HTTP responses, each after its request."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for i, (url, content_type, body, status) in enumerate(records):
            req = StatusAndHeaders(f"GET /{i} HTTP/1.1", [("Host", "example.org")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", payload=BytesIO(b""), http_headers=req))
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=headers))
    return path


@pytest.fixture
def warc(tmp_path) -> Path:
    return write_warc(
        tmp_path / "crawl.warc.gz",
        [
            ("https://example.org/tram", "text/html; charset=utf-8", page(BODY_EN).encode("utf-8"), "200 OK"),
            ("https://example.org/logo.png", "image/png", b"\x89PNG\r\n", "200 OK"),
            # charset only in the HTTP header, and the page declares none
            (
                "https://example.de/bahn",
                "text/html; charset=ISO-8859-1",
                page(BODY_DE, title="Straßenbahn wird verlängert", charset=None).encode("cp1252"),
                "200 OK",
            ),
            ("https://example.org/gone", "text/html", b"<html><body>Not found</body></html>", "404 Not Found"),
        ],
    )


def test_html_responses_become_documents_with_provenance(warc, tmp_path):
    docs = list(read_documents([warc], tmp_path))
    assert [d.url for d in docs] == ["https://example.org/tram", "https://example.de/bahn", "https://example.org/gone"]
    assert [d.order for d in docs] == [("crawl.warc.gz", 0), ("crawl.warc.gz", 1), ("crawl.warc.gz", 2)]
    for d in docs:
        assert d.metadata["record_id"].startswith("<urn:uuid:")
        assert d.metadata["warc_date"].startswith("20")
        assert d.id == document_id("warc:" + d.metadata["record_id"])
    assert docs[1].charset == "ISO-8859-1"


def test_pages_are_extracted_and_error_responses_reported(warc, tmp_path):
    docs = [process(d, Settings()) for d in read_documents([warc], tmp_path)]
    assert docs[0].text == "\n".join(BODY_EN)
    assert docs[1].text == "\n".join(BODY_DE)  # decoded by the header's charset
    assert docs[1].metadata["title"] == "Straßenbahn wird verlängert"
    assert docs[2].rejected.rule == "warc.http-status"
    assert "404" in docs[2].rejected.text and "crawl.warc.gz" in docs[2].rejected.text


def test_uncompressed_warc_reads_the_same(tmp_path):
    path = write_warc(
        tmp_path / "plain.warc", [("https://example.org/a", "text/html", page(BODY_EN).encode(), "200 OK")], gz=False
    )
    (doc,) = [process(d, Settings()) for d in read_documents([path], tmp_path)]
    assert doc.text == "\n".join(BODY_EN)


def test_a_file_that_is_not_warc_is_reported_naming_it(tmp_path):
    path = tmp_path / "broken.warc"
    path.write_bytes(b"this is not a warc file\n")
    with pytest.raises(WarcError, match="broken.warc: not a WARC file"):
        list(warc_source.read(path, "broken.warc"))
    (doc,) = read_documents([path], tmp_path)
    assert doc.rejected.rule == "input.unreadable"
    assert "broken.warc: not a WARC file" in doc.rejected.text
