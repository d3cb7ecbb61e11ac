"""Small news pages for the HTML, WARC and JSONL source tests."""

from __future__ import annotations

BODY_EN = [
    "The city council voted on Tuesday to expand the tram network to the northern districts, ending"
    " a debate that had lasted more than three years.",
    "Supporters said the new line would cut commuting times in half for about forty thousand"
    " residents, while opponents warned about the cost of the project.",
    "The council expects construction to begin next spring, and the first trams should run on the"
    " extended line before the end of the decade.",
    "Local businesses along the planned route said they welcomed the decision but asked for"
    " compensation during the works, which will close several streets.",
]


def page(
    body: list[str],
    title: str = "Council approves tram extension",
    charset: str | None = "utf-8",
    author: str = "Jane Doe",
    date: str = "2024-03-05",
    description: str = "The tram network will reach the northern districts.",
    sitename: str = "The Daily Example",
    extra_body: str = "",
) -> str:
    """An article page with the usual head metadata, a menu, the article and a footer."""
    meta = f'<meta charset="{charset}">' if charset else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in body)
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>{title} | {sitename}</title>"
        f'<meta name="author" content="{author}">'
        f'<meta property="article:published_time" content="{date}T10:00:00Z">'
        f'<meta name="description" content="{description}">'
        f'<meta property="og:site_name" content="{sitename}">'
        f'<meta property="og:title" content="{title}">'
        "</head><body>"
        '<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>'
        '<li><a href="/sport">Sport</a></li></ul></nav>'
        f"<article><h1>{title}</h1>{paragraphs}{extra_body}</article>"
        "<footer><p>Copyright 2024 The Daily Example. All rights reserved.</p></footer>"
        "</body></html>"
    )
