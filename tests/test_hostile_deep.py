"""Case 4: an article nested deeper than libxml2 builds trees (256) comes out, not the menu."""

from __future__ import annotations

import pytest

from corpuskit.config import Settings
from corpuskit.document import Document
from corpuskit.extract.deephtml import flatten
from corpuskit.stages import process

PARAGRAPHS = [
    "The council approved a new budget for school repairs on Tuesday after a long debate in the chamber.",
    *(
        f"Paragraph {i}: officials said the work would begin in the summer and last about two years, "
        "with minimal disruption to pupils and staff."
        for i in range(1, 9)
    ),
]


def deep_page(depth: int) -> str:
    menu = "<nav><ul><li><a href='/news'>News</a></li><li><a href='/sport'>Sport</a></li></ul></nav>"
    article = "<article>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article>"
    body = menu + "<div>" * depth + article + "</div>" * depth
    return f"<html><head><title>Budget</title></head><body>{body}</body></html>"


@pytest.mark.parametrize("depth", [10, 260, 10_000])
def test_the_article_comes_out_at_any_depth(depth):
    doc = Document(id="x", source_file="deep.html", raw=deep_page(depth).encode(), media_type="html")
    doc = process(doc, Settings())
    assert doc.rejected is None
    assert doc.text.split("\n") == PARAGRAPHS  # every paragraph, each its own line, no menu


def test_a_page_within_the_limit_is_the_same_string():
    page = deep_page(100)
    assert flatten(page) is page


def test_flattening_keeps_text_order_and_paragraphs():
    assert flatten("<div><div><span>a<div>b</div>c</span><p>d</p></div></div>", 1) == "<div>abc<p>d</p></div>"
