"""The HTML scorer's path: every rendered line is in the text or in `removed`, tables, no empty
output when the extractor finds nothing, and a model file rebuilt byte for byte."""

from __future__ import annotations

import numpy as np
import pytest
from html_pages import BODY_EN, page

from corpuskit import clean_html, clean_html_document
from corpuskit.clean.pipeline import active_rules
from corpuskit.extract import scorer as html_scorer
from corpuskit.extract import training
from corpuskit.extract.render import parse, render

NAV = (
    '<div class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>'
    '<li><a href="/business">Business</a></li><li><a href="/contact">Contact us</a></li></ul></div>'
)
FURNITURE = (
    '<div class="cookie-banner"><p>We use cookies to improve your experience on our site.</p></div>'
    '<div class="share-bar"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>'
    '<aside class="related"><h3>More stories</h3><ul><li><a href="/1">Bus fares rise again</a></li>'
    '<li><a href="/2">New bridge opens in the east</a></li><li><a href="/3">Parking fees to double</a></li></ul>'
    "</aside>"
)


def _article(extra: str = "", body: list[str] = BODY_EN) -> str:
    return (
        page(body, extra_body=extra)
        .replace("<body>", "<body>" + NAV, 1)
        .replace("</article>", "</article>" + FURNITURE)
    )


def test_every_rendered_line_is_kept_or_removed_with_its_rendered_line_number():
    doc = clean_html_document(_article())
    rendered = render(parse(_article())).lines
    assert doc.lines == rendered  # `removed` is numbered in the page's rendered lines
    kept = set(doc.text.split("\n"))
    removed = {r.line: r for r in doc.removed}
    for number, line in enumerate(rendered, 1):
        if line not in kept:
            assert number in removed, line
            assert removed[number].text == line
    assert doc.text == "\n".join(BODY_EN)
    assert removed[rendered.index("- Home") + 1].category == "navigation"
    assert all(r.category and r.rule for r in doc.removed)


def test_a_data_table_in_the_article_is_kept_as_lines():
    table = (
        "<table><tr><th>Year</th><th>Riders</th><th>Stops</th></tr>"
        "<tr><td>2022</td><td>41,000</td><td>18</td></tr><tr><td>2023</td><td>44,500</td><td>21</td></tr>"
        "<tr><td>2024</td><td>47,200</td><td>24</td></tr></table>"
    )
    body = BODY_EN[:2] + ["The figures of the last three years were published with the plan:"]
    html = _article(extra=table + "".join(f"<p>{p}</p>" for p in BODY_EN[2:]), body=body)
    lines = clean_html(html).split("\n")
    assert "Year | Riders | Stops" in lines
    assert "2023 | 44,500 | 21" in lines
    assert lines[-1] == BODY_EN[-1]


def test_the_navigation_of_a_layout_table_is_dropped():
    menu = "".join(f'<p><a href="/{w}">{w}</a></p>' for w in ("Home", "Politics", "Sport", "Weather", "Archive"))
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY_EN)
    html = (
        "<html><head><title>Tram extension approved</title></head><body>"
        f'<table width="100%"><tr><td class="menu" width="20%">{menu}</td>'
        f"<td><h1>Tram extension approved</h1>{paragraphs}</td></tr>"
        '<tr><td colspan="2"><p>Page last updated at 10:32 GMT</p><p><a href="/terms">Terms of use</a></p></td></tr>'
        "</table></body></html>"
    )
    doc = clean_html_document(html)
    for line in BODY_EN:
        assert line in doc.text
    for word in ("Politics", "Weather", "Archive", "Terms of use"):
        assert word not in doc.text
    assert {r.text for r in doc.removed} >= {"Politics", "Weather"}


def test_when_the_extractor_finds_nothing_the_scorer_decides_alone(monkeypatch):
    monkeypatch.setattr(html_scorer, "extractor_text", lambda tree, url: "")
    text = clean_html(_article())
    assert text
    assert BODY_EN[1] in text


def test_the_html_model_is_rebuilt_byte_for_byte_from_the_same_pages():
    rng = np.random.default_rng(0)
    width = len(html_scorer.VIEW_FEATURES)
    pages = []
    for k in range(6):
        rows = rng.random((40, width)).astype(np.float32)
        labels = (rows[:, 0] > 0.5).astype(int)
        lines = ["The council approved the plan" if label else "Privacy policy" for label in labels]
        pages.append(training.Page(lines, rows, labels, np.ones(40), f"site{k}.example"))
    fitted = training.fit(pages, rounds=5)
    first = training.to_json(fitted)
    assert training.to_json(training.fit(pages, rounds=5)) == first
    # the file holds the lexicon its trees read: furniture words that recur across the sites
    assert fitted.decoder.lexicon.weights["privacy policy"] < 0
    assert "council" not in fitted.decoder.lexicon.weights


def test_the_packaged_html_model_reads_what_its_lexicon_says_of_a_line():
    scorer = html_scorer.load_html_scorer()
    assert len(scorer.decoder.lexicon) > 1000
    view = html_scorer.page_view(_article(), None, active_rules())
    rows = scorer.rows(view)
    assert rows.shape == (len(view.lines), len(html_scorer.FEATURES))
    mean = html_scorer.FEATURES.index("lex_mean")
    cookies = view.lines.index("We use cookies to improve your experience on our site.")
    assert rows[cookies, mean] < 0
    assert rows[view.lines.index(BODY_EN[1]), mean] > rows[cookies, mean]


def test_the_packaged_html_model_names_its_features_and_is_small():
    assert html_scorer.MODEL_PATH.stat().st_size < 5_000_000
    assert html_scorer.load_html_scorer().decoder.booster.num_feature() == len(html_scorer.FEATURES)


def test_a_model_for_other_features_is_refused_with_the_script_to_run(tmp_path):
    bad = tmp_path / "old.json"
    bad.write_text('{"features": ["words"]}', encoding="utf-8")
    with pytest.raises(ValueError, match="train_html.py"):
        html_scorer.HtmlScorer.load(bad)


def test_the_kind_a_page_declares_is_evidence_on_every_line():
    declared = _article().replace(
        "</head>",
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": '
        '[{"@type": "WebSite"}, {"@type": ["NewsArticle"], "headline": "x"}]}</script></head>',
        1,
    )
    columns = [html_scorer.FEATURES.index(f"decl_{kind}") for kind in ("article", "forum", "product", "listing")]
    view = html_scorer.page_view(declared, None, active_rules())
    assert (view.rows[:, columns] == [1, 0, 0, 0]).all()
    plain = html_scorer.page_view(_article(), None, active_rules())
    assert not plain.rows[:, columns].any()
