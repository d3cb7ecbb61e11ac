"""HTML files: charsets, gzip, sniffing, extraction limits and metadata, through the real stages."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from html_pages import BODY_EN, page

from corpuskit import clean_html
from corpuskit.config import Settings
from corpuskit.sources import html as html_source
from corpuskit.sources import read_documents, reader_for
from corpuskit.stages import process

BODY_FR = [
    "Le conseil municipal a voté mardi l'extension du réseau de tramway vers les quartiers du nord,"
    " après trois années de débats.",
    "Les partisans estiment que la nouvelle ligne réduira de moitié le temps de trajet de quarante"
    " mille habitants ; à l'opposé, certains élus craignent son coût.",
    "Les travaux doivent commencer au printemps prochain, et les premières rames circuleront sur la"
    " ligne prolongée avant la fin de la décennie.",
]
BODY_ZH = [
    "市议会周二投票决定将有轨电车网络延伸至北部地区，结束了持续三年多的争论。支持者表示，新线路将使约四万名居民的通勤时间减半。",
    "反对者则对项目成本表示担忧，认为政府应当优先改善现有的公交系统，并提高服务的准时率和覆盖范围。",
    "市议会预计明年春季开工，第一批电车将在本世纪十年代结束前在延长线上运行。沿线商户表示欢迎这一决定，但要求在施工期间获得补偿。",
]


def _process(path: Path, root: Path, **settings):
    return [process(doc, Settings(**settings)) for doc in read_documents([path], root)]


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "body", "data"),
    [
        ("cp1252.html", BODY_FR, page(BODY_FR, charset="windows-1252").encode("cp1252")),
        ("bom.html", BODY_FR, b"\xef\xbb\xbf" + page(BODY_FR, charset=None).encode("utf-8")),
        ("gb2312.html", BODY_ZH, page(BODY_ZH, title="有轨电车延伸获批", charset="gb2312").encode("gb2312")),
        # declares one charset, is encoded in another, both ways round
        ("says-latin1-is-utf8.html", BODY_FR, page(BODY_FR, charset="iso-8859-1").encode("utf-8")),
        ("says-utf8-is-cp1252.html", BODY_FR, page(BODY_FR, charset="utf-8").encode("cp1252")),
        ("undeclared-cp1252.html", BODY_FR, page(BODY_FR, charset=None).encode("cp1252")),
        ("gzipped.html.gz", BODY_FR, gzip.compress(page(BODY_FR).encode("utf-8"), mtime=0)),
    ],
)
def test_charsets_decode_to_the_article_text(tmp_path, name, body, data):
    (doc,) = _process(_write(tmp_path, name, data), tmp_path)
    assert doc.rejected is None
    assert doc.text == "\n".join(body)


def test_html_is_recognised_by_content_when_the_name_does_not_say(tmp_path):
    path = _write(tmp_path, "page.dat", page(BODY_EN).encode("utf-8"))
    assert reader_for(path) is html_source.read
    (doc,) = _process(path, tmp_path)
    assert doc.text == "\n".join(BODY_EN)


def test_metadata_comes_from_the_page_and_header_lines_leave_the_body(tmp_path):
    (doc,) = _process(_write(tmp_path, "a.html", page(BODY_EN).encode("utf-8")), tmp_path)
    m = doc.metadata
    assert (m["title"], m["author"], m["date"], m["outlet"]) == (
        "Council approves tram extension",
        "Jane Doe",
        "2024-03-05",
        "The Daily Example",
    )
    assert m["description"] == "The tram network will reach the northern districts."
    # the <h1> repeats the title: it is metadata, not body
    assert "Council approves" not in doc.text


def test_text_cleaners_run_on_what_trafilatura_returns(tmp_path):
    extra = "<p>Share this article</p><p>Sign up for our newsletter</p>"
    (doc,) = _process(_write(tmp_path, "a.html", page(BODY_EN, extra_body=extra).encode("utf-8")), tmp_path)
    assert doc.text == "\n".join(BODY_EN)
    removed = {r.text: r.category for r in doc.removals}
    assert removed["Share this article"] == "share"
    assert removed["Sign up for our newsletter"] == "newsletter"


def test_clean_html_is_the_build_path(tmp_path):
    html = page(BODY_EN, extra_body="<p>Share this article</p>")
    (doc,) = _process(_write(tmp_path, "a.html", html.encode("utf-8")), tmp_path)
    assert clean_html(html) == doc.text == "\n".join(BODY_EN)
    assert clean_html("<html><body></body></html>") == ""


def test_a_page_without_main_text_is_rejected_with_a_reason(tmp_path):
    path = _write(
        tmp_path, "empty.html", b"<html><head><script>var x = 1;</script></head><body><img src='a.png'></body></html>"
    )
    (doc,) = _process(path, tmp_path)
    assert doc.rejected.rule == "extract.no-main-text"
    assert "empty.html" in doc.rejected.text


def test_a_page_over_the_time_limit_is_rejected_with_a_reason(tmp_path):
    # about a second of extraction work against a 20 ms limit
    path = _write(tmp_path, "huge.html", page(BODY_EN * 1000).encode("utf-8"))
    (doc,) = _process(path, tmp_path, extract_timeout_s=0.02)
    assert doc.rejected.rule == "extract.timeout"
    assert "huge.html" in doc.rejected.text and "extract_timeout_s=0.02" in doc.rejected.text


def test_the_time_limit_also_works_off_the_main_thread(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    path = _write(tmp_path, "huge.html", page(BODY_EN * 1000).encode("utf-8"))
    with ThreadPoolExecutor(1) as pool:
        (doc,) = pool.submit(_process, path, tmp_path, extract_timeout_s=0.02).result()
    assert doc.rejected.rule == "extract.timeout"


def test_label_links_that_trafilatura_keeps_are_removed_as_related(tmp_path):
    teasers = '<p>Related: <a href="/a">Bus fares to rise again next year</a></p>'
    # one linked sentence inside the body is body
    body = BODY_EN[:2] + ['<a href="/d">The full council report is published on the city website.</a>'] + BODY_EN[2:]
    path = _write(tmp_path, "a.html", page(body, extra_body=teasers).encode("utf-8"))
    # trafilatura's text alone: its link structure names the teaser
    (doc,) = _process(path, tmp_path, html_model="none")
    assert "The full council report is published on the city website." in doc.text
    assert doc.text.split("\n")[-1] == BODY_EN[-1]
    rules = {r.text: r.rule for r in doc.removals}
    assert rules["Related: Bus fares to rise again next year"] == "html.label-link"
    # the HTML scorer's path removes it as well, named by the rule that matches it
    (doc,) = _process(path, tmp_path)
    assert "The full council report is published on the city website." in doc.text
    assert {r.text: r.category for r in doc.removals}["Related: Bus fares to rise again next year"] == "related"


def test_runs_of_linked_headlines_are_teasers_but_one_linked_block_is_not():
    from lxml import etree

    from corpuskit.extract.linkblocks import link_blocks

    body = etree.fromstring(
        "<body><p>The council voted on Tuesday.</p>"
        '<head><ref target="/p">Samsung 4K Smart LED TV</ref></head><p>A fine television at a fair price.</p>'
        '<list><item><ref target="/b">Cyclists ask for safer lanes</ref></item>'
        '<item><ref target="/c">New bridge opens after two years</ref></item></list>'
        '<p>Lesen Sie hier: <ref target="/d">Spielabbruch in der Kreisliga</ref></p></body>'
    )
    assert link_blocks(body) == {
        "Cyclists ask for safer lanes": ("html.link-run", "related"),
        "New bridge opens after two years": ("html.link-run", "related"),
        "Lesen Sie hier: Spielabbruch in der Kreisliga": ("html.label-link", "related"),
    }


BODY_MORE = [
    "The mayor said the council would publish the full timetable for the works in the summer, after"
    " talks with the companies that will build the line.",
    "Residents of the northern districts can ask questions about the project at public meetings that"
    " start next month in the libraries of each district.",
]


def _sectioned_page() -> str:
    """The article split over two containers of one kind, a newsletter box and a teaser between."""
    chunk = '<div class="article-body">{}</div>'
    first = chunk.format("".join(f"<p>{p}</p>" for p in BODY_EN))
    second = chunk.format("".join(f"<p>{p}</p>" for p in BODY_MORE))
    between = (
        '<div class="promo-box"><p>Our weekly newsletter brings you the stories that matter to the city,'
        " every Friday morning in your inbox.</p></div>"
    )
    return page([], extra_body=first + between + second)


def test_article_sections_trafilatura_leaves_behind_come_back_in_page_order():
    from trafilatura import extract

    html = _sectioned_page()
    alone = extract(html, deduplicate=False)
    assert BODY_EN[0] in alone and BODY_MORE[0] not in alone  # what this test is about
    text = clean_html(html)
    assert text.split("\n") == BODY_EN + BODY_MORE


def test_missed_sections_are_found_by_their_path_and_their_own_text():
    from lxml import html as lxml_html

    from corpuskit.extract.sections import missed_sections

    aside = '<aside><ul><li><a href="/x">Bus fares to rise again next year</a></li></ul></aside>'
    tree = lxml_html.fromstring(
        f'<html><body><div class="a"><p>{BODY_EN[0]}</p><p>{BODY_EN[1]}</p></div>'
        f'<div class="teaser"><p>{BODY_EN[2]}</p></div>'
        f'<div class="a"><p>{BODY_MORE[0]}{aside}</p><p><a href="/y">{BODY_MORE[1]}</a></p></div></body></html>'
    )
    # same path: back, without the aside nested in it; other path or all link text: not back
    assert missed_sections(tree, BODY_EN[:2]) == BODY_EN[:2] + [BODY_MORE[0]]
    # a paragraph trafilatura split over lines (<br>) is not added again
    assert missed_sections(tree, [BODY_EN[0], *BODY_EN[1].split(", "), BODY_MORE[0]]) == [
        BODY_EN[0],
        *BODY_EN[1].split(", "),
        BODY_MORE[0],
    ]


def test_sections_can_be_switched_off(tmp_path):
    path = _write(tmp_path, "a.html", _sectioned_page().encode("utf-8"))
    (doc,) = _process(path, tmp_path, extract_sections=False, html_model="none")
    assert BODY_MORE[0] not in doc.text


STANDFIRST = (
    "The tram network will reach the northern districts by the end of the decade, after three years of debate"
    " in the council."
)


def _page_with_standfirst(caption: str = "") -> str:
    head = f'<div class="news-teaser"><p>{STANDFIRST}</p></div>'
    figure = f'<div class="photo-caption"><p>{caption}</p></div>' if caption else ""
    body = '<div class="article-body">{}</div>'.format("".join(f"<p>{p}</p>" for p in BODY_EN))
    return page([], extra_body=head + figure + body)


def test_the_standfirst_trafilatura_drops_comes_back_above_the_body():
    from trafilatura import extract

    html = _page_with_standfirst()
    assert STANDFIRST not in extract(html, deduplicate=False)  # what this test is about
    assert clean_html(html).split("\n") == [STANDFIRST, *BODY_EN]


def test_a_caption_between_headline_and_body_is_no_standfirst_and_the_standfirst_can_be_switched_off(tmp_path):
    caption = "A tram waits at the northern terminus of the line, which the council voted to extend on Tuesday."
    html = _page_with_standfirst(caption)
    # the standfirst step belongs to trafilatura's path (html_model = "none")
    path = _write(tmp_path, "a.html", html.encode("utf-8"))
    (doc,) = _process(path, tmp_path, html_model="none")
    assert caption not in doc.text
    (doc,) = _process(path, tmp_path, extract_standfirst=False, html_model="none")
    assert doc.text.split("\n") == BODY_EN


def test_a_listing_of_other_posts_is_flagged_but_a_page_boxed_as_articles_is_not():
    from lxml import html as lxml_html

    from corpuskit.extract.sections import listed_teasers

    teasers = [f"Teaser number {i} of another post on this blog, cut short after a sentence or two…" for i in range(3)]
    posts = "".join(f"<article><h2>Post {i}</h2><p>{t}</p></article>" for i, t in enumerate(teasers))
    tree = lxml_html.fromstring(f"<html><body><article><p>{BODY_EN[0]}</p></article><div>{posts}</div></body></html>")
    assert listed_teasers(tree, [BODY_EN[0], *teasers]) == {1, 2, 3}
    # one box holding the body among the sibling articles: the page's own sections
    boxes = "".join(f"<article><p>{t}</p></article>" for t in teasers[:2])
    boxes += "<article>{}</article>".format("".join(f"<p>{p}</p>" for p in BODY_EN))
    tree = lxml_html.fromstring(f"<html><body><div>{boxes}</div></body></html>")
    assert listed_teasers(tree, [*teasers[:2], *BODY_EN]) == set()
