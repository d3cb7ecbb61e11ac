"""Lines recurring across the documents of one source, counted so that sharding changes nothing."""

from __future__ import annotations

import random

from corpuskit.clean.crossdoc import LineCounts, line_key, normalise, recurring_flags, source_group

FURNITURE = "Get the best of Example News delivered to your phone"


TOPICS = "trams budget harbour schools rivers museums bridges markets parks libraries".split() * 3


def page(n: int) -> list[str]:
    # digits compare equal (as in cc_net), so pages differ by words
    topic = TOPICS[n] + " " + "x" * n
    return [
        f"This story about {topic} begins with a sentence that no other page of the site shares.",
        FURNITURE,
        f"It ends with another sentence about {topic} and what follows from it.",
    ]


def count(pages: list[tuple[str, list[str]]]) -> LineCounts:
    counts = LineCounts()
    for group, lines in pages:
        counts.add(group, lines)
    return counts


def test_a_line_on_many_pages_of_one_site_is_flagged_and_the_rest_is_not():
    pages = [("example.com", page(n)) for n in range(10)]
    frequent = count(pages).frequent(min_docs=5)
    flags = recurring_flags(page(3), frequent, "example.com")
    assert flags == {1: ("crossdoc.recurring", "recurring")}


def test_groups_are_counted_apart():
    pages = [("a.example", page(n)) for n in range(3)] + [("b.example", page(n)) for n in range(3)]
    assert count(pages).frequent(min_docs=5) == {}


def test_sharded_counts_merged_in_any_order_equal_one_pass():
    pages = [("example.com" if n % 3 else "other.org", page(n)) for n in range(30)]
    whole = count(pages)
    shards = [count(pages[i::4]) for i in range(4)]
    random.Random(0).shuffle(shards)
    merged = LineCounts()
    for shard in shards:
        merged.merge(LineCounts.from_json(shard.to_json()))
    assert merged.to_json() == whole.to_json()
    assert merged.frequent(5, 0.5) == whole.frequent(5, 0.5)


def test_a_line_repeated_inside_one_page_counts_once():
    counts = count([("example.com", [FURNITURE] * 10)])
    assert counts.frequent(min_docs=2) == {}


def test_lines_compare_without_case_digits_or_punctuation_and_short_lines_are_left_alone():
    assert line_key("Copyright 2019 Example Media. All rights reserved.") == line_key(
        "COPYRIGHT 2024 example media — all rights reserved"
    )
    assert line_key("Yes.") is None
    assert source_group("https://News.Example.com/a/b.html") == "news.example.com"


def test_lines_normalise_as_the_unicode_rule_does_on_letters_digits_and_common_punctuation():
    import re
    import string

    def general(line: str) -> str:
        return re.sub(r"[\W_]+", " ", re.sub(r"\d", "0", line.casefold())).strip()

    rng = random.Random(5)
    alphabet = string.printable + "éàçøßñüÉÀŁłžЖжπλ日本語" + "‘’“”«»–—…•©®™\u00a0、。"
    samples = ["© 2019 Example Media. All rights reserved.", "snake_case -- x42\tTabs!", "  ", "Ça «marche» — 3 fois…"]
    samples += ["".join(rng.choices(alphabet, k=rng.randint(0, 60))) for _ in range(1000)]
    for line in samples:
        assert normalise(line) == general(line), line
