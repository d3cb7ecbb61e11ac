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
