"""An HTML page's title, author and date: what the page declares outranks what is guessed."""

from __future__ import annotations

import json

import pytest
from html_pages import BODY_EN

import corpuskit


def article(head: str = "", headline: str = "", footer: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY_EN)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article>{headline}{paragraphs}</article><footer>{footer}</footer></body></html>"
    )


def metadata(html: str, url: str | None = None) -> dict:
    doc = corpuskit.clean_html_document(html, url=url)
    assert doc.rejected is None, doc.rejected
    return doc.metadata


def test_the_headline_is_the_title_not_the_title_tag_with_the_site_name():
    html = article(
        "<title>Council approves tram extension | The Daily Example</title>", "<h1>Council approves tram extension</h1>"
    )
    assert metadata(html)["title"] == "Council approves tram extension"


def test_without_a_headline_the_site_name_is_cut_from_the_title_tag():
    html = article(
        "<title>Council approves tram extension - The Daily Example</title>"
        "<meta property='og:site_name' content='The Daily Example'>"
    )
    assert metadata(html)["title"] == "Council approves tram extension"


def test_a_site_logo_in_an_h1_is_not_the_headline():
    html = article("<title>Council approves tram extension | Example News</title>", "<h1>Example News</h1>")
    assert metadata(html, "https://examplenews.org/tram")["title"] == "Council approves tram extension"


def test_the_author_declared_in_json_ld_wins():
    block = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "NewsArticle", "headline": "Tram", "author": [{"@type": "Person", "name": "Maria Lopez"}]}
        ],
    }
    html = article(
        f"<script type='application/ld+json'>{json.dumps(block)}</script><meta name='author' content='Newsroom'>"
    )
    assert metadata(html)["author"] == "Maria Lopez"


def test_a_broken_json_ld_block_is_ignored():
    html = article("<script type='application/ld+json'>{not json</script><meta name='author' content='Jane Doe'>")
    assert metadata(html)["author"] == "Jane Doe"


@pytest.mark.parametrize(
    ("url", "head", "expected"),
    [
        ("https://news.example/2024/05/07/tram", "", "2024-05-07"),
        (
            "https://news.example/tram",
            "<meta property='article:published_time' content='2023-11-02T08:00:00Z'>",
            "2023-11-02",
        ),
    ],
)
def test_the_date_comes_from_the_url_or_the_declared_publication_time(url, head, expected):
    html = article(head, footer="<p>© 2019 The Daily Example. All rights reserved.</p>")
    assert metadata(html, url)["date"] == expected


def test_a_copyright_year_is_never_a_date():
    html = article("<title>Tram</title>", footer="<p>Copyright © 2019 The Daily Example. All rights reserved.</p>")
    assert "date" not in metadata(html, "https://news.example/tram")


def test_an_author_named_only_in_a_byline_element_is_found():
    from lxml.html import fromstring

    from corpuskit.extract.metadata import page_metadata

    tree = fromstring(article(headline="<h1>Tram</h1><div class='entry-byline'>By Maria Lopez, City Reporter</div>"))
    assert page_metadata(tree, None, {})["author"] == "Maria Lopez"


def test_declared_values_are_unescaped_and_authors_are_listed_with_commas():
    html = article("<meta name='author' content='Maria &amp;amp; Katerina'>")
    assert metadata(html)["author"] == "Maria & Katerina"


def test_a_link_to_the_authors_page_names_the_author():
    html = article(headline="<h1>Tram approved</h1><div><a href='/authors/trevor-jackins'>Trevor Jackins</a></div>")
    assert metadata(html)["author"] == "Trevor Jackins"


def test_a_link_whose_words_are_not_the_authors_name_is_no_author():
    html = article(headline="<h1>Tram approved</h1><div><a href='/authors/trevor-jackins'>Learn more</a></div>")
    assert "author" not in metadata(html)


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("<p>by: Ziyi Xu, Dec 17, 2025</p>", "Ziyi Xu"),
        ("<div><p>Written by</p><p>Edzel Tabing</p></div>", "Edzel Tabing"),
        ("<p>By Angela Holliday-Bell, MD | 5 min read</p>", "Angela Holliday-Bell, MD"),
    ],
)
def test_the_by_line_under_the_headline_names_the_author(byline, expected):
    assert metadata(article(headline=f"<h1>Tram approved</h1>{byline}"))["author"] == expected


def test_a_declared_author_loses_its_by_label_and_quotes():
    block = {"@context": "https://schema.org", "@type": "NewsArticle", "author": {"name": '"By Maria Lopez"'}}
    html = article(f"<script type='application/ld+json'>{json.dumps(block)}</script>")
    assert metadata(html)["author"] == "Maria Lopez"


def test_a_month_left_by_a_bylines_date_is_no_author():
    html = article(headline="<h1>Tram approved</h1><div class='post-author'>Sat</div>")
    assert "author" not in metadata(html)


def test_an_author_keeps_the_periods_and_digits_the_page_writes():
    html = article(headline="<h1>Tram approved</h1><span class='author'>Dr. Vahid Osman</span>")
    assert metadata(html)["author"] == "Dr. Vahid Osman"
    html = article(headline="<h1>Tram approved</h1><span class='author'>Ejp55230</span>")
    assert metadata(html)["author"] == "Ejp55230"


def test_without_a_headline_the_og_title_outranks_the_title_tag():
    html = article("<title>City Diary: Tram approved</title><meta property='og:title' content='Tram approved'>")
    assert metadata(html)["title"] == "Tram approved"


def test_a_title_tag_gives_its_first_segment_not_the_sections_after_it():
    html = article("<title>Council approves tram extension | Transport | City News</title>")
    assert metadata(html)["title"] == "Council approves tram extension"


@pytest.mark.parametrize(
    "heading",
    ["Blog: Council approves tram extension", "Council approves tram extension (citynews.example) 87"],
)
def test_a_headline_loses_the_category_or_count_the_declared_title_sets_apart(heading):
    html = article("<title>Council approves tram extension | City News</title>", f"<h1>{heading}</h1>")
    assert metadata(html)["title"] == "Council approves tram extension"


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("<span class='author'>Linda Rosencrance Contributing Writer</span>", "Linda Rosencrance"),
        ("<span class='author'>Mike Marshall, Shipping Expert</span>", "Mike Marshall, Shipping Expert"),
        ("<span class='author'>drat 1,655</span>", "drat"),
    ],
)
def test_an_author_loses_a_job_title_run_into_the_name_and_a_forums_post_count(byline, expected):
    assert metadata(article(headline=f"<h1>Tram approved</h1>{byline}"))["author"] == expected


def test_the_pages_own_date_outranks_the_related_posts_after_it():
    headline = "<h1>Council approves tram extension</h1><p class='post-date'><time>March 3, 2021</time></p>"
    related = (
        "<aside><h2>More stories</h2><ul>"
        "<li><a href='/bus'>New bus lanes</a> <time datetime='2025-06-20'>June 20, 2025</time></li>"
        "<li><a href='/bike'>Bike paths</a> <time datetime='2025-06-12'>June 12, 2025</time></li></ul></aside>"
    )
    html = article("<title>Council approves tram extension</title>", headline, related)
    assert metadata(html, "https://news.example/tram")["date"] == "2021-03-03"
    html = article(
        "<title>Council approves tram extension</title>"
        "<meta property='article:published_time' content='2021-03-03T09:00:00+01:00'>",
        "<h1>Council approves tram extension</h1><p><time datetime='2021-03-03T09:00:00+01:00'>March 3</time></p>",
        related,
    )
    assert metadata(html, "https://news.example/tram")["date"] == "2021-03-03"


def test_a_comment_between_the_by_label_and_the_name_neither_hides_the_author_nor_loses_the_page():
    html = article(headline="<h1>Tram approved</h1><p>By<!-- author box --><b>Maria Lopez</b></p>")
    assert metadata(html)["author"] == "Maria Lopez"
