"""Line rules: what a line *is* (a menu item, a share label, a subscription prompt).

Each rule matches a whole line (after leading bullets and pipes are stripped), has an id,
a category and the languages it covers, and carries examples it must and must not match;
the test suite checks every example. Precision comes first: a rule that could match an
article sentence is wrong, however much boilerplate it catches, so rules anchor on both
ends of the line and stay short.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Bullets, pipes and arrows that page-to-text conversion leaves in front of menu items.
_LEAD = re.compile(r"^[\s\-–—•·*|>»›▸►◦]+")
_TRAIL = re.compile(r"[\s|»›>]+$")


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    pattern: re.Pattern[str]
    languages: tuple[str, ...]
    matches: tuple[str, ...] = ()
    rejects: tuple[str, ...] = ()


def _rule(
    id: str,
    category: str,
    pattern: str,
    languages: Iterable[str] = ("en",),
    matches: Iterable[str] = (),
    rejects: Iterable[str] = (),
) -> Rule:
    return Rule(
        id,
        category,
        re.compile(r"^(?:" + pattern + r")$", re.IGNORECASE),
        tuple(languages),
        tuple(matches),
        tuple(rejects),
    )


_SOCIAL = (
    r"facebook|twitter|x|whatsapp|telegram|linkedin|pinterest|reddit|email|e-mail|mail|print|"
    r"copy link|messenger|tumblr|vk|xing|flipboard|pocket|sms|threads|bluesky|instagram|youtube|tiktok"
)

RULES: tuple[Rule, ...] = (
    # --- share -------------------------------------------------------------------------
    _rule(
        "share.icon-labels",
        "share",
        r"(?:(?:icon|fa|social|share)[-_][a-z0-9-]+\s*)+",
        ("*",),
        ["icon-facebook icon-twitter icon-whatsapp", "fa-twitter fa-facebook"],
        ["icon of the 1990s"],
    ),
    _rule(
        "share.network-names",
        "share",
        rf"(?:(?:{_SOCIAL})[\s,|/·•]*){{2,}}",
        ("*",),
        ["Facebook Twitter WhatsApp", "Facebook | Twitter | Email"],
        ["Facebook said on Monday it would appeal."],
    ),
    _rule(
        "share.prompt",
        "share",
        r"(?:share|share this|share this (?:article|story|post|page)|share (?:on|via) (?:" + _SOCIAL + r")|"
        r"teilen|artikel teilen|diesen artikel teilen|partager|partager cet article|partager sur (?:"
        + _SOCIAL
        + r")|compartir|compartir en (?:"
        + _SOCIAL
        + r"))[:!]?",
        ("en", "de", "fr", "es"),
        ["Share this article", "Share on Facebook", "Teilen", "Partager sur Twitter", "Compartir"],
        ["Share prices fell sharply on Monday."],
    ),
    # --- newsletter ----------------------------------------------------------------------
    _rule(
        "newsletter.heading",
        "newsletter",
        r"(?:newsletters?|sign up|subscribe|subscribe now|abonnieren|jetzt abonnieren|s'abonner|"
        r"abonnez-vous|suscríbete|suscribirse|boletín)[:!.]?",
        ("en", "de", "fr", "es"),
        ["NEWSLETTER", "Subscribe", "Abonnez-vous"],
        ["The newsletter was sent to 3,000 readers."],
    ),
    _rule(
        "newsletter.prompt",
        "newsletter",
        r"(?:join|sign up (?:for|to)|subscribe to|get) (?:our |the )?(?:[\w.&'’-]+ ){0,4}"
        r"(?:mailing list|newsletters?|e-?mail alerts?|daily briefing)(?: (?:today|now|here))?[.!]?|"
        r"(?:newsletter abonnieren|melden sie sich (?:für|zu) unserem newsletter an|"
        r"inscrivez-vous à (?:la|notre) newsletter|suscr[ií]bete a (?:nuestro|nuestra) "
        r"(?:boletín|newsletter))[.!]?",
        ("en", "de", "fr", "es"),
        ["Join the GlobalSecurity.org mailing list", "Sign up for our newsletter", "Newsletter abonnieren"],
        ["He refused to join the mailing list of the party, he said on Monday."],
    ),
    # --- related -------------------------------------------------------------------------
    _rule(
        "related.also-read",
        "related",
        r"(?:also read|read also|read more|more|see also|related|related (?:news|articles?|stories|posts|"
        r"content|coverage)|recommended|recommended for you|you may also like|you might also like|"
        r"more (?:from|on) [\w .&'’-]{1,40}|"
        r"lesen sie auch|auch interessant|mehr zum thema|weitere artikel|"
        r"lire aussi|à lire aussi|a lire aussi|voir aussi|sur le même sujet|"
        r"lee también|leer más|te puede interesar|noticias relacionadas|más información)"
        r"(?:\s*[:|»›>\-–—]\s*.{0,160})?",
        ("en", "de", "fr", "es"),
        ["Also Read : FATF warns Pakistan exit from greylist not foolproof", "Related News", "Lire aussi"],
        ["More than 300 people attended the rally."],
    ),
    # --- comments ------------------------------------------------------------------------
    _rule(
        "comments.heading",
        "comments",
        r"(?:comments?|\d+ comments?|leave a (?:comment|reply)|post a comment|add a comment|"
        r"show comments|view comments|be the first to comment|"
        r"kommentare?|\d+ kommentare?|commentaires?|\d+ commentaires?|comentarios?|\d+ comentarios?)[:.!]?",
        ("en", "de", "fr", "es"),
        ["Comments", "12 comments", "Leave a Reply", "Kommentare", "Commentaires"],
        ["Comments made by the minister drew criticism."],
    ),
    # --- navigation ----------------------------------------------------------------------
    _rule(
        "navigation.menu-words",
        "navigation",
        r"(?:home|homepage|menu|main menu|search|skip to (?:main )?content|skip to navigation|"
        r"latest news|latest|top stories|most read|most popular|trending|back to top|"
        r"startseite|zum inhalt springen|accueil|aller au contenu|inicio|ir al contenido)",
        ("en", "de", "fr", "es"),
        ["Latest News", "Skip to content", "Startseite", "Accueil"],
        ["Home prices rose 3% in October."],
    ),
    # --- cookie --------------------------------------------------------------------------
    _rule(
        "cookie.notice",
        "cookie",
        r".{0,120}\b(?:we use cookies|this (?:web)?site uses cookies|uses cookies to|accept (?:all )?cookies|"
        r"cookie (?:policy|settings|preferences)|wir verwenden cookies|diese website verwendet cookies|"
        r"ce site utilise des cookies|nous utilisons des cookies|utilizamos cookies|"
        r"este sitio web utiliza cookies)\b.{0,300}",
        ("en", "de", "fr", "es"),
        ["We use cookies to improve your experience.", "Cookie Policy"],
        ["The cookies were baked by local volunteers."],
    ),
    # --- legal ---------------------------------------------------------------------------
    _rule(
        "legal.copyright",
        "legal",
        r"(?:©|\(c\)|copyright\s*(?:©|\(c\))|copyright\s+\d{4}\b).{0,150}|"
        r".{0,150}\b(?:all rights reserved|alle rechte vorbehalten|tous droits réservés|"
        r"todos los derechos reservados)\.?",
        ("en", "de", "fr", "es"),
        ["© 2025 Example Media. All rights reserved.", "Copyright 2019 The Hill"],
        ["Copyright law was reformed in 2019, the court said."],
    ),
    _rule(
        "legal.links",
        "legal",
        r"(?:privacy policy|terms of (?:use|service)|terms and conditions|imprint|impressum|datenschutz|"
        r"mentions légales|politique de confidentialité|aviso legal|política de privacidad)",
        ("en", "de", "fr", "es"),
        ["Privacy Policy", "Impressum"],
        [],
    ),
    # --- adverts -------------------------------------------------------------------------
    _rule(
        "advert.label",
        "advert",
        r"(?:advertisement|advertising|sponsored|sponsored content|ad|anzeige|werbung|publicité|"
        r"publicidad)",
        ("en", "de", "fr", "es"),
        ["ADVERTISEMENT", "Anzeige"],
        ["Advertisement spending rose by 4%."],
    ),
    # --- counters ------------------------------------------------------------------------
    _rule(
        "counter.engagement",
        "counter",
        r"\d[\d.,]*\s*[km]?\s+(?:comments?|shares?|views?|likes?|reads?|kommentare|commentaires|"
        r"comentarios)",
        ("en", "de", "fr", "es"),
        ["3.4K shares", "12 comments"],
        ["12 comments were made by the minister."],
    ),
)


def strip_decoration(line: str) -> str:
    """A line without the bullets and pipes around it.

    >>> strip_decoration("- Related News")
    'Related News'
    >>> strip_decoration("| Join the GlobalSecurity.org mailing list |")
    'Join the GlobalSecurity.org mailing list'
    """
    return _TRAIL.sub("", _LEAD.sub("", line))


def compile_rules(
    disabled_categories: Iterable[str] = (), extra_patterns: Mapping[str, Iterable[str]] | None = None
) -> tuple[Rule, ...]:
    """The active rules: built-ins minus disabled categories, plus site-specific patterns."""
    off = set(disabled_categories)
    rules = [r for r in RULES if r.category not in off]
    for category, patterns in sorted((extra_patterns or {}).items()):
        for i, pattern in enumerate(patterns):
            rules.append(_rule(f"site.{category}.{i}", category, pattern, ("*",)))
    return tuple(rules)


def match_line(line: str, rules: Iterable[Rule] = RULES) -> Rule | None:
    """The first rule whose pattern matches the whole (undecorated) line, if any."""
    core = strip_decoration(line)
    if not core:
        return None
    for rule in rules:
        if rule.pattern.match(core):
            return rule
    return None
