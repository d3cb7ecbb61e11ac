"""Small stop-word lists, one per language, for the ``stop_words_ratio`` signal.

Function words only (articles, pronouns, prepositions, conjunctions, auxiliaries), lower
case, as whole words after surrounding punctuation is stripped. Short on purpose: the
signal asks "does this read like running text in this language?", as Gopher's stop-word
rule does, and needs no model.
"""

from __future__ import annotations

STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """
        a about after all also an and any are as at be because been but by can could did do does for from
        had has have he her him his how i if in into is it its just me more most my no not of on one only or
        other our out over she so some than that the their them then there these they this those to up us
        was we were what when where which while who will with would you your
        """.split()
    ),
    "de": frozenset(
        """
        aber als am an auch auf aus bei bis das dass dem den der des die dies diese dieser doch du durch ein
        eine einem einen einer eines er es für hat hatte ich ihr im in ist ja kann mit nach nicht noch nur oder
        sein seine sich sie sind so über um und uns vom von vor war waren was weil wenn werden wie wir wird
        wurde zu zum zur
        """.split()
    ),
    "fr": frozenset(
        """
        à au aussi aux avec ce ces cette comme dans de des du elle elles en est et été eux il ils je la le les
        leur leurs lui mais me même mes ne nous on ont ou où par pas plus pour qu que qui sa sans se ses son
        sont sur ta te tes toi ton tous tout très tu un une vous y qu'il qu'elle d'un d'une l'on c'est
        """.split()
    ),
    "es": frozenset(
        """
        a al algo como con de del desde donde el ella ellas ellos en entre era es esa ese eso esta este esto
        fue ha han hay la las le les lo los más me mi muy ni no nos o para pero por que qué se ser si sin sobre
        su sus también te tiene todo tu un una uno y ya yo
        """.split()
    ),
}
# texts keep curly apostrophes as written: "qu’il" is the same stop word as "qu'il"
STOP_WORDS = {lang: words | {w.replace("'", "’") for w in words} for lang, words in STOP_WORDS.items()}
