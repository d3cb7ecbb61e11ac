"""Every rule matches its own examples and none of its counter-examples."""

from __future__ import annotations

import pytest

from corpuskit.clean.rules import RULES, compile_rules, match_line


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_examples(rule):
    assert rule.matches, f"{rule.id} has no examples"
    for text in rule.matches:
        assert rule.pattern.match(text), (rule.id, text)
        assert rule.hits(text), (rule.id, "trigger misses", text)
    for text in rule.rejects:
        hit = match_line(text)
        assert hit is None, (rule.id, text, hit and hit.id)


def test_disabled_category_and_site_patterns():
    rules = compile_rules(["related"], {"advert": [r"Promoted by \w+"]})
    assert match_line("Also Read : something", rules) is None
    hit = match_line("Promoted by Acme", rules)
    assert hit and hit.category == "advert" and hit.id == "site.advert.0"


def _one_by_one(line, rules):
    """What matching means: the first rule, in order, whose pattern matches (triggers aside)."""
    from corpuskit.clean.rules import strip_decoration

    core = strip_decoration(line)
    return next((r for r in rules if core and r.pattern.match(core)), None)


def test_rule_set_screens_skip_only_rules_that_cannot_match():
    # the rule set looks for trigger words once per line and screens the trigger-less rules
    # with one regex: over every example, counter-example and seed line it must pick the
    # same rule as trying each pattern in turn
    from pathlib import Path

    lines = [t for r in RULES for t in (*r.matches, *r.rejects)]
    for path in sorted((Path(__file__).parent.parent / "seeds").glob("*.txt")):
        lines += path.read_text(encoding="utf-8").splitlines()
    lines += [line.upper() for line in lines]  # the patterns ignore case; so must the screens
    site = compile_rules(["share"], {"advert": [r"Promoted by \w+"]})
    for rules in (RULES, site):
        for line in lines:
            assert match_line(line, rules) is _one_by_one(line, rules), line
    assert match_line("promoted by acme", site).id == "site.advert.0"
