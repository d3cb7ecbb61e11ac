"""The page-shape heuristics on small pages built the way page-to-text conversion lays them out.

These are the rules' verdicts, which the line scorer reads as evidence: the pages here are
cleaned by the rules alone (``cleaner_model = "none"``). What the scorer makes of real pages
is measured on pages of sites it never saw (scripts/evaluate.py), not on these.
"""

from __future__ import annotations

import time

import corpuskit
from corpuskit.clean.header import looks_like_dateline, parse_date
from corpuskit.clean.pipeline import active_rules, clean_lines
from corpuskit.config import Settings

RULES_ONLY = Settings(cleaner_model="none")


def clean_text(text: str) -> str:
    return corpuskit.clean_text(text, RULES_ONLY)


BODY = [
    "The city council voted on Tuesday to expand the tram network by twelve kilometres over the next decade.",
    "Supporters said the plan would cut traffic in the old town, where buses are often stuck for an hour.",
    "Opponents argued that the cost, estimated at 400 million euros, would fall on residents for years.",
    "A final decision on the financing is expected in the spring, after a public consultation.",
]
MENU = ["- Home", "- Politics", "- Business", "- Sport", "- Culture", "- Opinion", "- Video"]
FOOTER = ["- About us", "- Contact", "- Privacy Policy", "© 2025 Example Media. All rights reserved."]


def removed(lines: list[str]) -> dict[str, str]:
    cleaned = clean_lines(lines, active_rules())
    return {r.text: r.category for r in cleaned.removals}


def test_menus_and_footers_around_the_body_go_and_the_body_stays():
    page = MENU + ["Tram network to grow by twelve kilometres"] + BODY + FOOTER
    assert clean_text("\n".join(page)) == "\n".join(BODY)


def test_short_lines_inside_the_body_stay():
    body = BODY[:2] + ["Costs and benefits"] + BODY[2:]
    assert clean_text("\n".join(MENU + body + FOOTER)) == "\n".join(body)


def test_byline_and_dateline_close_the_header_and_a_caption_goes_with_it():
    caption = "Trams wait at the depot."
    page = MENU + ["Tram network to grow", caption, "By Anna Schmidt", "Updated: 18 Nov 2025, 19:11"] + BODY
    cleaned = clean_lines(page, active_rules())
    assert cleaned.text == "\n".join(BODY)
    assert cleaned.metadata["author"] == "Anna Schmidt"
    assert cleaned.metadata["title"] == "Tram network to grow"


def test_a_standfirst_between_headline_and_byline_is_the_article():
    standfirst = "The council backs a bigger tram network, but the money is not there yet."
    for head in (
        ["Tram network to grow", standfirst, "By Anna Schmidt"],
        ["Tram network to grow", "By Anna Schmidt", standfirst],
    ):
        cleaned = clean_lines(MENU + head + ["Share on Facebook"] + BODY, active_rules())
        assert cleaned.text == "\n".join([standfirst] + BODY)
        assert cleaned.metadata["title"] == "Tram network to grow"
        assert clean_text(cleaned.text) == cleaned.text  # cleaning the output again changes nothing


def test_a_caption_in_the_standfirst_place_is_not_kept():
    caption = "The mayor, pictured at the depot on Monday, has backed the plan for a bigger network."
    page = MENU + ["Tram network to grow", caption, "By Anna Schmidt"] + BODY
    assert clean_text("\n".join(page)) == "\n".join(BODY)


def test_a_dated_line_below_two_paragraphs_does_not_pull_them_into_the_header():
    # A standfirst is one paragraph; above two, a line such as a tour date is body, and so
    # is everything before it. It once took the paragraphs, then a "title" per cleaning pass.
    dated = "June 24 – Bristow, VA @ Jiffy Lube Live"
    body = BODY[:2] + [dated] + BODY[2:]
    assert clean_text("\n".join(MENU + body + FOOTER)) == "\n".join(body)


def test_teasers_after_the_body_are_not_the_article():
    teasers = []
    for n in range(4):
        teasers += [f"- Other story number {n} about the region", "Nov 18, 2025"]
    page = BODY + ["More Stories"] + teasers + FOOTER
    assert clean_text("\n".join(page)) == "\n".join(BODY)


def test_comments_after_the_body_are_cut_off_by_their_heading():
    comments = [
        "I think the council is wasting our money again, and nobody will ride these trams at night.",
        "Trams are the best thing that could happen to this city, and I am glad they finally decided.",
    ]
    page = BODY + ["12 Comments"] + comments * 3
    assert removed(page)["12 Comments"] == "comments"
    assert clean_text("\n".join(page)) == "\n".join(BODY)


def test_a_numbered_list_right_after_the_body_stays():
    items = ["1) Lego Star Wars 75188", "2) Polistil 960574 Pista Elettrica", "3) Ghostbusters Collection 1-2"]
    page = BODY + items + FOOTER
    assert clean_text("\n".join(page)) == "\n".join(BODY + items)


def test_a_list_runs_across_an_item_whose_date_or_number_is_missing():
    # one edited item (a date dropped, a number changed) used to end the list and cut the rest
    dates = [
        "The Doobie Brothers Tour Dates",
        "June 9 – West Palm Beach, FL @ Coral Sky Amphitheatre",
        "June – Tampa, FL @ MIDFLORIDA Credit Union Amphitheatre",
        "June 14 – Alpharetta, GA @ Ameris Bank Amphitheatre",
        "June 17 – Nashville, TN @ Bridgestone Arena",
        "Charlotte, NC @ PNC Music Pavilion",
        "Cat found in New Mexico",
        "June 20 – Raleigh, NC @ Coastal Credit Union Music Park",
    ]
    numbered = ["1) Lego Star Wars 75188", "Polistil 960574 Pista Elettrica", "3) Ghostbusters Collection 1-2"]
    numbered += ["4) Roger Waters – The Wall (DVD)"]
    first_broken = [dates[0], "9 – West Palm Beach, FL @ Coral Sky Amphitheatre"] + dates[3:]
    for items in (dates, numbered, first_broken):
        assert clean_text("\n".join(BODY + items + FOOTER)) == "\n".join(BODY + items)
    # three lines in a row that are not items end it
    broken = dates[:5] + ["Charlotte, NC", "Raleigh, NC", "More from the region"] + dates[7:]
    assert clean_text("\n".join(BODY + broken + FOOTER)) == "\n".join(BODY + dates[:5])


def test_a_paragraph_in_another_script_naming_a_brand_in_latin_letters_is_prose():
    body = [
        "Городской совет во вторник проголосовал за расширение трамвайной сети на двенадцать километров.",
        "Компания Apple представила новый iPhone на презентации в Купертино, и акции выросли на два процента.",
        "Окончательное решение о финансировании ожидается весной, после общественных слушаний в мэрии.",
    ]
    assert clean_text("\n".join(MENU + body + FOOTER)) == "\n".join(body)


def test_text_in_scripts_without_spaces_counts_as_prose():
    body = ["先日、不正に改造したiPhoneを販売したとして、商標法違反の疑いで男性が逮捕されました。"] * 1 + [
        "報道によると、今回販売されたのは、いわゆる「脱獄」したiPhoneです。",
        "もちろん、Apple社は「脱獄」を認めていません。",
    ]
    assert clean_text("\n".join(MENU + body + FOOTER)) == "\n".join(body)


def test_german_and_french_pages():
    de = [
        "Der Stadtrat hat am Dienstag beschlossen, das Straßenbahnnetz in den nächsten zehn Jahren auszubauen.",
        "Befürworter sagen, dass der Plan den Verkehr in der Altstadt deutlich entlasten wird.",
    ]
    fr = [
        "Le conseil municipal a voté mardi pour étendre le réseau de tramway de douze kilomètres.",
        "Les opposants estiment que le coût sera supporté par les habitants pendant des années.",
    ]
    de_page = [
        "- Startseite",
        "- Politik",
        "Impressum | Datenschutz | Kontakt",
        *de,
        "Artikel teilen",
        "Alle Rechte vorbehalten.",
    ]
    fr_page = ["Accueil", "- Politique", *fr, "Partager sur Facebook", "Lire aussi : Le budget de la ville"]
    assert clean_text("\n".join(de_page)) == "\n".join(de)
    assert clean_text("\n".join(fr_page)) == "\n".join(fr)


def test_repeated_paragraph_is_kept_once():
    page = BODY[:2] + [BODY[1]] + BODY[2:]
    assert clean_text("\n".join(page)) == "\n".join(BODY)


def test_dates_in_other_languages_become_iso():
    assert parse_date("Mittwoch, 3. Dezember 2025, 14:05 Uhr") == "2025-12-03"
    assert parse_date("mercredi 3 décembre 2025") == "2025-12-03"
    assert parse_date("3 de diciembre de 2025") == "2025-12-03"
    assert parse_date("03.12.2025") == "2025-12-03"
    assert looks_like_dateline("Published 2:16 AM EST Nov 20, 2025")
    assert not looks_like_dateline("The man told doctors he ate the rabbit meat on November 5.")


def test_cleaning_is_cheap():
    """Not a speed test (scripts/bench.py measures that): a guard against a quadratic step."""
    page = MENU * 20 + BODY * 30 + FOOTER * 20
    lines, rules = page, active_rules()
    clean_lines(lines, rules)
    start = time.process_time()
    clean_lines(lines, rules)
    assert time.process_time() - start < 1.0


def test_a_recipe_keeps_its_ingredient_list_above_the_method():
    ingredients = ["Zutaten", "- 300 Gramm Butter", "- 200 Gramm Zucker", "- 6 mittelgroße Eier", "Zubereitung"]
    method = [
        "Die Butter mit dem Zucker schaumig rühren und die Eier nacheinander unterrühren, bis alles glatt ist.",
        "Den Teig auf dem Blech verteilen und im vorgeheizten Ofen etwa vierzig Minuten goldbraun backen lassen.",
    ]
    cleaned = clean_lines(MENU + ["Zitronenkuchen vom Blech"] + ingredients + method + FOOTER, active_rules())
    assert cleaned.text == "\n".join(ingredients + method)
    assert clean_text(cleaned.text) == cleaned.text


def test_short_lines_under_a_heading_that_is_not_ingredients_still_go():
    page = MENU + ["Most read", "- One story", "- Another story", "- A third story"] + BODY + FOOTER
    assert clean_text("\n".join(page)) == "\n".join(BODY)


def test_code_a_paragraph_announces_with_a_colon_stays_and_the_share_line_after_it_goes():
    intro = "To stop tmux from sending the selection to the clipboard of the terminal, put this line in the file:"
    code = "set-option -s set-clipboard off"
    page = MENU + BODY + [intro, code, "Share this article"] + FOOTER
    assert clean_text("\n".join(page)) == "\n".join(BODY + [intro, code])


LEDE = (
    "The council wants twelve more kilometres of tram line by 2035, but who pays for them is open, "
    "and the vote in the spring will decide whether the plan survives at all."
)
# Far enough from the body that the article block does not reach over it.
SHARE_BAR = ["Share", "Pin", "Tweet", "E-mail"]


def test_a_lede_set_apart_from_the_body_by_share_buttons_and_contents_stays():
    head = ["Tram network to grow", LEDE] + SHARE_BAR
    contents = ["Contents:", "- The plan", "- The money"]
    cleaned = clean_lines(MENU + head + contents + BODY + FOOTER, active_rules())
    assert cleaned.text == "\n".join([LEDE] + BODY)
    assert cleaned.metadata["title"] == "Tram network to grow"
    assert clean_text(cleaned.text) == cleaned.text


def test_a_teaser_blurb_in_a_list_of_teasers_above_the_body_is_not_a_lede():
    teasers = ["Bus lanes for the old town", LEDE, "Bridge closed for repairs", LEDE.replace("tram", "bus")]
    page = MENU + teasers + SHARE_BAR + BODY + FOOTER
    assert clean_text("\n".join(page)) == "\n".join(BODY)


def test_a_caption_above_the_body_is_not_a_lede():
    caption = LEDE.rstrip(".") + ", pictured at the depot."
    page = MENU + ["Tram network to grow", "Anna Schmidt", caption] + SHARE_BAR + BODY + FOOTER
    assert clean_text("\n".join(page)) == "\n".join(BODY)


MORE_BODY = [
    "The transport committee will publish its own estimate of the running costs before the end of the year.",
    "Residents of the northern districts, who have waited longest for a tram, welcomed the decision on Tuesday.",
    "Shopkeepers on the main street fear that two years of building work will keep their customers away.",
    "The mayor promised that the council would compensate businesses that lose trade during the works.",
]


LAST = [
    "Whether the money can be found is another matter: the state has promised a share of the cost, but its own "
    "budget for the coming years is not settled, and the federal programme that paid for the last extension of "
    "the network ends in 2027, two years before the first new line would open to passengers.",
    "The opposition, which voted against the plan, wants the council to put the question to the residents in a "
    "referendum next year, and it has started to collect the signatures it needs for one, with stalls in every "
    "district and a petition online that had reached eleven thousand names by Wednesday evening.",
]


def test_headlines_under_a_related_heading_inside_the_body_go_and_the_next_paragraph_stays():
    related = ["Relacionados:", "El Senado aprueba la reforma del código electoral", "La Junta discutirá el status"]
    body = BODY + MORE_BODY + related + LAST
    assert clean_text("\n".join(MENU + body + FOOTER)) == "\n".join(BODY + MORE_BODY + LAST)


def test_a_list_under_a_related_heading_stops_at_the_first_line_that_is_not_a_list_item():
    related = ["Saiba Mais", "- Política Câmara aprova lei Henry Borel", "- Política Doação de vacinas é aprovada"]
    body = BODY + MORE_BODY + related + ["Impeachment"] + LAST
    assert clean_text("\n".join(MENU + body + FOOTER)) == "\n".join(BODY + MORE_BODY + ["Impeachment"] + LAST)


def test_an_author_box_closing_the_article_goes():
    bio = "Ich bin Anna, 30 Jahre jung, und schreibe hier seit 2016 über Verkehr, Stadtplanung und das Leben in Berlin."
    page = MENU + BODY + ["Über Anna 120 Artikel", bio] + FOOTER
    assert clean_text("\n".join(page)) == "\n".join(BODY)


def test_a_heading_that_names_someone_inside_the_body_does_not_take_the_paragraphs_after_it():
    body = BODY + ["About Jane Doe"] + MORE_BODY
    assert clean_text("\n".join(MENU + body + FOOTER)) == "\n".join(BODY + MORE_BODY)


def test_code_between_the_paragraphs_of_a_tutorial_stays():
    explain = [
        "Python evaluates a default argument once, when the function is defined, and not each time it is called, "
        "which is cheap and predictable but has a consequence that many programmers only learn the hard way.",
        "The same list is therefore shared by every call that leaves the argument out, and each call appends one "
        "more item to it, as the second and the third call show:",
        "A common workaround is to default to None and to create the list inside the body of the function, "
        "so that every call which leaves the argument out gets a new, empty list of its own.",
    ]
    code = [">>> def foo(bar=[]):", '... bar.append("baz")', "... return bar", ">>> foo()", '["baz"]', ">>> foo()"]
    fix = ["def foo(bar=None):", "if bar is None:", "bar = []", 'bar.append("baz")', "return bar", "foo()"]
    body = [explain[0]] + code + [explain[1]] + fix + [explain[2]]
    assert clean_text("\n".join(MENU + body + FOOTER)) == "\n".join(body)


def test_a_link_to_another_article_set_in_the_text_goes_and_the_paragraph_after_it_stays():
    body = BODY + [">> Bus lanes for the old town: the council decides in May <<", MORE_BODY[0]]
    assert clean_text("\n".join(MENU + body + FOOTER)) == "\n".join(BODY + [MORE_BODY[0]])


def test_a_last_paragraph_ending_in_an_emoji_or_emoticon_is_the_article():
    for end in ("😉", ":-)", "<3"):
        last = f"Man fühlt sich danach irgendwie wie ein Badass, und das gefällt mir {end}"
        page = MENU + BODY + [last, "Post Views: 1.432", "Teilen:"] + FOOTER
        assert clean_text("\n".join(page)) == "\n".join(BODY + [last])
