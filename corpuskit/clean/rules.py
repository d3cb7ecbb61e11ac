"""Line rules: what a line *is* (a menu item, a share label, a subscription prompt).

Each rule matches a whole line (after leading bullets and pipes are stripped), has an id,
a category and the languages it covers, and carries examples it must and must not match;
the test suite checks every example. Precision comes first: a rule that could match an
article sentence is wrong, however much boilerplate it catches, so rules anchor on both
ends of the line and stay short.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .screen import FirstCharScreen

# Bullets, pipes and arrows that page-to-text conversion leaves in front of menu items.
_LEAD = " \t\n\r\f\v\u00a0-–—•·*|>»›▸►◦"
_TRAIL = " \t\n\r\f\v\u00a0|»›>"
# Icon-font ligature names that page-to-text conversion leaves before a label ("filter_none
# Weitere Beiträge", "keyboard_arrow_down Inhalt"): lower case, joined by underscores, then a capital.
_ICON_NAME = re.compile(r"^(?:[a-z]+(?:_[a-z]+)+\s+)+(?=[^\sa-z])")


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    pattern: re.Pattern[str]
    languages: tuple[str, ...]
    matches: tuple[str, ...] = ()
    rejects: tuple[str, ...] = ()
    # Lower-case words of which every line the pattern matches holds one (see _TRIGGERS).
    trigger: tuple[str, ...] = ()

    def hits(self, core: str) -> bool:
        """Whether this rule matches ``core``, a line without its decoration, trying the pattern
        only when the line holds a trigger word (what :class:`RuleSet` does for all rules at once)."""
        if self.trigger:
            lowered = core.lower()
            if not any(word in lowered for word in self.trigger):
                return False
        return self.pattern.match(core) is not None


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
        # a link to another story set in the text ("Also Read: <its headline>"); before
        # related.also-read, whose bare headings ("See also", "More") head a documentation
        # page's own links as often as a teaser list
        "related.also-read-link",
        "related",
        r"(?:also read|read also|related (?:news|articles?|stories|posts)|lesen sie auch|"
        r"lire aussi|à lire aussi|a lire aussi|lee también|lea también|noticias relacionadas)"
        r"\s*[:|»›>\-–—]\s*\S.{0,160}",
        ("en", "de", "fr", "es"),
        [
            "Also Read : FATF warns Pakistan exit from greylist not foolproof",
            "À lire aussi » Ballonnements, lourdeurs",
            "Lesen Sie auch: Der Bericht",
        ],
        ["Also read the terms before you sign.", "Related stories run every Monday."],
    ),
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
        r"este sitio web utiliza cookies|"
        r"(?:necessary|functional|non-necessary|essential|notwendige|technisch notwendige) cookies "
        r"(?:are|sind|help|helfen|ermöglichen)|any cookies that may not be)\b.{0,600}|"
        r"(?:necessary|non-necessary|always enabled|notwendig|immer aktiv|privacy overview|datenschutz-übersicht)",
        ("en", "de", "fr", "es"),
        [
            "We use cookies to improve your experience.",
            "Cookie Policy",
            "Necessary cookies are absolutely essential for the website to function properly.",
            "Always Enabled",
        ],
        ["The cookies were baked by local volunteers."],
    ),
    # --- legal ---------------------------------------------------------------------------
    _rule(
        "legal.copyright",
        "legal",
        r"(?:©|\(c\)|copyright\s*(?:©|\(c\))|copyright\s+@?\s*\d{4}\b).{0,400}|"
        r".{0,80}(?:©|\(c\))\s*(?:copyright\b|\d{4}\b).{0,400}|"
        r".{0,150}\b(?:all rights reserved|alle rechte vorbehalten|tous droits réservés|"
        r"todos los derechos reservados|tutti i diritti riservati|todos os direitos reservados)\b.{0,300}",
        ("en", "de", "fr", "es"),
        [
            "© 2025 Example Media. All rights reserved.",
            "Copyright 2019 The Hill",
            "Hearst Newspapers © Copyright Hearst Communications, Inc.",
            "The contents of this site are ©2019 Capitol Hill Publishing Corp.",
            "Alle Rechte vorbehalten.",
        ],
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
        r"publicidad)[:.]?",
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
    _rule(
        "legal.reproduction",
        "legal",
        r".{0,200}\b(?:may not be (?:reproduced|published|copied|republished|distributed|redistributed),\s.{0,200}|"
        r"constitutes (?:your )?acceptance of (?:our|the)\b.{0,200}|"
        r"(?:any |jede |toute )?(?:reproduction|nachdruck|vervielfältigung|reproducción|riproduzione)\b.{0,60}"
        r"\b(?:prohibited|forbidden|interdite|untersagt|verboten|prohibida|vietata|voспрещается)\b.{0,200})",
        ("en", "de", "fr", "es", "it"),
        [
            "This material may not be published, broadcast, rewritten, or redistributed.",
            "Registration on or use of this site constitutes acceptance of our User Agreement and Privacy Policy",
            "Reproduction interdite sans autorisation.",
        ],
        ["The report may not be published until next year, officials said."],
    ),
    _rule(
        "navigation.footer-links",
        "navigation",
        r"(?:(?:privacy(?: policy| notice| settings)?|terms of (?:use|service|sale)|terms(?: and| &) conditions|"
        r"cookie (?:policy|settings)|user agreement|ad choices|adchoices|about us|contact us|contact|sitemap|"
        r"site map|accessibility|careers|advertise(?: with us)?|rss|disclaimer|help|faq|imprint|impressum|"
        r"datenschutz(?:erklärung)?|kontakt|agb|nutzungsbedingungen|barrierefreiheit|mentions légales|"
        r"politique de confidentialité|nous contacter|plan du site|aviso legal|política de privacidad|"
        r"contacto|quiénes somos|mapa del sitio|chi siamo|contatti|fale conosco|quem somos)"
        r"[\s|,·•/]*){1,8}",
        ("en", "de", "fr", "es", "it", "pt"),
        ["Terms of Service Privacy Notice", "Impressum | Datenschutz | Kontakt", "Ad Choices", "About Us"],
        ["Contact with the rebels was lost on Monday."],
    ),
    _rule(
        "navigation.labels",
        "navigation",
        r"(?:(?:sections|topics|menu|close|close the menu|log ?in|log ?out|sign ?in|sign ?out|register|my account|"
        r"account settings|subscribe|previous|next|prev|back to top|scroll to top|back to reading|show more|"
        r"load more|view all|see all|see more|print|print this article|video|videos|live|photos|gallery|"
        r"back to gallery|toggle navigation|open navigation|skip navigation|learn more|sort by|follow us|"
        r"anmelden|abmelden|registrieren|suche|suchen|mehr|zurück|weiter|nach oben|alle artikel|"
        r"se connecter|connexion|déconnexion|rechercher|recherche|fermer|suivant|précédent|"
        r"iniciar sesión|buscar|cerrar|siguiente|anterior|ver más|cerca|accedi|entrar|pesquisar)"
        r"[\s|,·•/]*){1,6}",
        ("en", "de", "fr", "es", "it", "pt"),
        ["Sections", "Log in Register Log out", "Previous Next", "Suche"],
        ["Next year the plant will close.", "Live coverage resumes on Monday."],
    ),
    _rule(
        "navigation.tags",
        "navigation",
        r"(?:tags?|topics?|filed under|related (?:topics|tags)|keywords|schlagw(?:ö|oe)rter|schlagworte|themen|"
        r"veröffentlicht in|posted in|publié dans|publicado en|kategorien?|categor(?:y|ies)|rubrik|"
        r"mots[- ]clés|étiquettes|etiquetas|temas|tag)\s*:.{0,250}|(?:tags|topics|filed under|themen|temas)",
        ("en", "de", "fr", "es"),
        ["Tags: ads, advertisement, awareness", "Filed Under:Eastern Equine Encephalitis, EEE", "Topics"],
        ["Tags were attached to the birds in 2019."],
    ),
    _rule(
        "share.follow",
        "share",
        r"(?:follow|like|join) (?:us|@?[\w.'’ -]{1,40}) on (?:"
        + _SOCIAL
        + r")(?:\s*(?:,|and|or|&)\s*(?:"
        + _SOCIAL
        + r"))*[.!]?|follow @\w+|(?:folgen sie uns auf|suivez-nous sur|síguenos en|seguici su|siga-nos no)"
        r"(?:\s*(?:,|und|et|y|e|and)?\s*(?:" + _SOCIAL + r"))+[.!]?",
        ("en", "de", "fr", "es", "it", "pt"),
        [
            "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.",
            "Follow @AppleInsider",
            "Suivez-nous sur Facebook",
        ],
        ["Follow the money, the prosecutor said on Monday."],
    ),
    _rule(
        "share.buttons",
        "share",
        r"(?:addthis sharing buttons|share this entry|click to (?:share|copy|print|email)\b.{0,60}|copy link\b.{0,20}|"
        r"click to copy|(?:share (?:to|on|via) [a-z+]+\s*){2,}.{0,200}|get short url|"
        r"sorry, your blog cannot share posts by e-?mail\.?)",
        ("en",),
        ["AddThis Sharing Buttons", "Share this entry", "click to copy", "Copy Link URLCopied!"],
        ["Copy editors said the link was broken."],
    ),
    _rule(
        "newsletter.signup",
        "newsletter",
        r"(?:.{0,150}[.?!]\s+)?(?:sign up|subscribe|register|get|receive) (?:now |today |here )?(?:for|to|in)?\s?"
        r"(?:[\w.&'’-]+ ){0,5}(?:newsletters?|inbox|e-?mail alerts?|daily briefing)\b.{0,120}|"
        r".{0,100}(?:delivered (?:straight |directly )?to your inbox|in your inbox\b).{0,100}|"
        r"(?:abonnieren sie (?:unseren|den) newsletter|jetzt (?:zum )?newsletter anmelden|"
        r"inscrivez-vous (?:à|a) (?:la|notre) newsletter|recevez (?:notre|la) newsletter|"
        r"suscr[ií]bete a (?:nuestro|nuestra|el|la) (?:boletín|newsletter)|receba (?:em seu|no seu) e-?mail).{0,200}",
        ("en", "de", "fr", "es", "pt"),
        [
            "Want more Rolling Stone? Sign up for our newsletter.",
            "Get the latest updates right in your inbox. Subscribe to NJ.com’s newsletters.",
        ],
        ["He said he would subscribe to the newsletter."],
    ),
    _rule(
        "related.headings",
        "related",
        r"(?:(?:more|other|latest|recent|related|popular|top|recommended|most popular|most read|trending|best|"
        r"featured|further|editors’|editor's|editors')\s+(?:[\w’'&.-]+\s+){0,3}(?:stories|articles|news|posts|"
        r"videos|coverage|headlines|reads|links|reading|content)|"
        r"(?:next|previous|prev)\s+(?:[\w-]+\s+){0,2}(?:news|articles?|stor(?:y|ies)|posts?)|"
        r"(?:more|read more|more articles|more stories) (?:from|by|on|about) .{1,60}|"
        r"(?:you may|you might|we think you'?ll|you'?ll) (?:also )?(?:like|enjoy|be interested in)(?: these posts)?|"
        r"elsewhere (?:on|in) .{1,40}|up next|read next|what to read next|don't miss|in this article|"
        r"in case you missed it|also on .{1,40}|"
        r"weitere (?:interessante )?(?:news|artikel|nachrichten|meldungen|themen|inhalte)|"
        r"aktuelle (?:artikel|nachrichten)|"
        r"das könnte sie auch interessieren|mehr (?:aus|zum|zu|von) .{1,40}|meistgelesen|"
        r"weitere beiträge(?: zu (?:diesem|dem) (?:artikel|thema))?|"
        r"weitere informationen(?: [\w-]+){0,6}\s*:|weitere informationen|"
        r"vous aimerez aussi|à lire également|a lire également|dans la même rubrique|les plus lus|"
        r"también te puede interesar|más noticias|lo más leído|articoli correlati|leggi anche|"
        r"artigos relacionados|leia também|veja também|saiba mais|relacionad[oa]s|keep reading|"
        r"lue myös|lue lisää|lue seuraavaksi|"
        r"materiais por tema|материалы по теме|関連記事)"
        r"(?:\s*[:|»›>\-–—…]+|\.{3})?",
        ("en", "de", "fr", "es", "it", "pt", "ru", "ja"),
        [
            "More Great WIRED Stories",
            "Most Popular Videos",
            "You may also like...",
            "Next Auto News",
            "Weitere interessante News",
            "Elsewhere on pv magazine...",
            "Relacionados:",
            "Saiba Mais",
            "Keep Reading",
            "Lue myös:",
            "Weitere Inhalte:",
        ],
        [
            "More stories emerged on Monday about the deal.",
            "Top news came from Berlin.",
            "Keep reading the label before you buy.",
            "Relacionados con el caso hay tres detenidos.",
        ],
    ),
    _rule(
        "comments.prompts",
        "comments",
        r"(?:you must (?:be )?log(?:ged)? ?in to post a comment\.?|comments are closed\.?|join the (?:conversation|"
        r"discussion)|(?:note: )?we are temporarily moderating all comments.{0,120}|"
        r"\d+ comments?/.{0,120}|show \d+ comments?|(?:leave|post|write) a comment.{0,40}|"
        r"kommentar schreiben|kommentieren|laisser un commentaire|réagir|deja un comentario|escribe un comentario)",
        ("en", "de", "fr", "es"),
        ["You must log in to post a comment.", "Comments are closed.", "Kommentar schreiben"],
        ["The comments are closed to the public, the court said on Monday."],
    ),
    _rule(
        "advert.affiliate",
        "advert",
        r".{0,150}\b(?:when you (?:buy|purchase|shop) (?:something )?(?:through|via|using) (?:our |the )?links|"
        r"we may (?:earn|receive) (?:an? )?(?:small )?(?:affiliate )?commission|"
        r"(?:this|the) (?:post|article|page) (?:contains|may contain) (?:affiliate links|references to products))"
        r"\b.{0,200}|"
        r"(?:sponsored links?|paid content|partner content|promoted(?: stories| content)?|ads? by \w+|"
        r"publicidade|pubblicità|reklama|mainos)",
        ("en", "pt", "it", "pl", "fi"),
        [
            "Live Science is supported by its audience. When you purchase through links on our site, we may earn an "
            "affiliate commission. Learn more",
            "sponsored links",
        ],
        ["Prices rose when you buy through the old system, he said."],
    ),
    _rule(
        "caption.credit",
        "caption",
        r"\(?(?:image|images|photo|photos|picture|photograph|foto|fotos|bild|bildquelle|abbildung|crédit photo|crédito|"
        r"image credit|photo credit|credit)s?\s*:\s*.{1,150}|"
        r".{0,160}\b(?:getty images|shutterstock|istock(?:photo)?|ap photo|afp via getty|picture alliance|"
        r"imago images)(?:/[\w .]+)?\)?",
        ("*",),
        [
            "Photograph: Tim Robberts/Getty Images",
            "(Image: © Shutterstock)",
            "Jupiterimages, Getty Images/Creatas RF",
            "Foto: dpa",
        ],
        ["Images of the crash spread quickly online."],
    ),
    _rule(
        "counter.reading",
        "counter",
        r"(?:\d+\s*(?:min(?:ute)?s?\.?|minuten?|minutos?)\s*(?:read|lesezeit|de lecture|de lectura|lettura)|"
        r"(?:reading time|lesezeit|temps de lecture|tiempo de lectura|tempo de leitura)\s*:?\s*\d+.{0,20}|"
        r"word ?count\s*:?\s*\d+|shares?|\d[\d.,]*\s*[km]?|\d+\s*/\s*\d+|\d+\s+(?:photos|bilder|fotos|images))",
        ("en", "de", "fr", "es", "pt"),
        ["2 min read", "Tempo de leitura: 2 minutos", "Wordcount: 717", "Shares", "4553", "1 / 9"],
        ["Shares fell 2% on Monday."],
    ),
    _rule(
        "comments.section",
        "comments",
        r"(?:\[\s*)?\d+\s+(?:comments?|kommentare?|commentaires?|comentarios?|antworten|réactions?)(?:\s*\])?|"
        r"(?:top rated|newest|oldest|latest|reader|user|most liked) comments|"
        r"\d+ (?:antworten|réponses|respuestas|replies) (?:zu|à|a|to)\b.{0,100}|"
        r"(?:rating|bewertung|votes?)\s*:\s*-?\d+(?:\s+votes?)?|(?:reply|antworten|répondre|responder)|"
        r"(?:schreiben sie einen kommentar|kommentar hinzufügen|ajouter un commentaire|añadir comentario).{0,60}",
        ("en", "de", "fr", "es"),
        ["[ 167 comments ]", "Top Rated Comments", "Rating: 36 Votes", "11 Antworten zu „Lost“"],
        ["167 comments were filed with the agency before the deadline."],
    ),
    _rule(
        "caption.label",
        "caption",
        r"(?:image (?:caption|copyright|source)|file photo|bildunterschrift|légende)\b.{0,300}|"
        r".{0,200}\b(?:REUTERS|AP|AFP|Getty|EPA|dpa|Keystone)\s*/\s*[A-Z][\w.]+(?: [A-Z][\w.]+){0,3}(?: file)?\)?|"
        r".{0,200}\s/\s(?:AP|AFP|Reuters|Getty Images|EPA|dpa)(?: file| photo)?",
        ("en", "de", "fr"),
        [
            "Image caption Scooter Braun has managed Justin Bieber",
            "FILE PHOTO: Traders work on the floor. REUTERS/Brendan McDermid",
            "Dmitry Muratov, periodista ruso y Premio Nobel de la Paz (REUTERS/Denis Balibouse)",
            "Rep. Ilhan Omar, D-Minn., speaks at the Capitol on July 25, 2019.J. Scott Applewhite / AP file",
        ],
        ["The AP reported that the vote was close."],
    ),
    _rule(
        "newsletter.prompt-start",
        "newsletter",
        r"(?:subscribe|sign up|register) (?:to|for|now|today|here)\b.{0,150}|"
        r"i agree (?:that|to)\b.{0,200}\b(?:newsletters?|privacy|terms)\b.{0,100}|"
        r"let our news meet your inbox\b.{0,150}",
        ("en",),
        [
            "Subscribe to AppleInsider on YouTube",
            "Subscribe to WIRED and stay smart with more of your favorite writers.",
        ],
        ["Subscribers to the service rose by 10%."],
    ),
    _rule(
        "navigation.click-here",
        "navigation",
        r"(?:(?:click|tap) here|klicken sie hier|hier klicken|cliquez ici|(?:haga|haz) clic aquí|clicca qui|"
        r"clique aqui)\b[^.!?]{0,100}",
        ("en", "de", "fr", "es", "it", "pt"),
        ["CLICK HERE TO GET THE FOX NEWS APP", "Hier klicken für mehr"],
        ["Clicking here and there, he found the file."],
    ),
    _rule(
        "byline.author-bio",
        "byline",
        r"(?:[A-Z][\w.'’-]+ ){1,3}(?:\([^)]{1,60}\) )?(?:is|was|has been) (?:a|an|the) (?:[\w&-]+ ){0,5}"
        r"(?:founder|co-founder|reporter|editor|writer|correspondent|journalist|contributor|columnist|author|producer|"
        r"editor-in-chief|freelance writer|staff writer)\b.{0,600}|"
        r"(?:[A-Z][\w.'’-]+ ){1,3}has (?:worked|been working) as an? (?:[\w&-]+ ){0,3}"
        r"(?:developer|engineer|journalist|writer|editor|reporter|designer|consultant)\b.{0,600}|"
        r"(?:[A-Z][\w.'’-]+ ){1,3}(?:leitet das ressort|ist (?:freie[rn]? )?redakteur(?:in)?|"
        r"arbeitet als (?:freie[rn]? )?(?:journalist|autor|redakteur)(?:in)?)\b.{0,600}|"
        r"(?:have a tip|got a tip)\?.{0,200}|.{0,60}\bmay be reached at\b.{0,200}",
        ("en",),
        [
            "Phil Helsel is a reporter for NBC News.",
            "Jake is the co-founder of the company and writes about Rust.",
            "Have a tip? Amy Kuperinsky may be reached at akuperinsky@example.com.",
        ],
        [
            "The company is a leading maker of chips, the founder said.",
            "McDonald joined the band in 1975 and initially remained in the lineup until 1982.",
        ],
    ),
    _rule(
        "navigation.actions",
        "navigation",
        r"(?:drucken|artikel drucken|seite drucken|rezept drucken|(?:dieses |diesen )?(?:skript|artikel|beitrag)? ?"
        r"als pdf (?:herunterladen|speichern)|pdf herunterladen|download (?:as )?pdf|imprimer|imprimir|"
        r"entdecken sie (?:jetzt|mehr).{0,60}|jetzt (?:kostenlos )?(?:anmelden|registrieren|testen).{0,60}|"
        r"hier (?:kostenlos )?anmelden|mehr erfahren|weiterlesen|read more|lire la suite|leer más|"
        r"continue reading.{0,80}|zum artikel|zur startseite|zurück zur übersicht|back to (?:overview|top|home)|"
        r"buch bestellen|jetzt (?:bestellen|kaufen)|in den warenkorb|add to (?:cart|basket)|buy now|order now|"
        r"video herunterladen|(?:weitere|mehr) laden)",
        ("en", "de", "fr", "es"),
        [
            "Drucken",
            "Dieses Skript als PDF herunterladen",
            "HIER KOSTENLOS ANMELDEN",
            "Entdecken Sie jetzt",
            "Buch bestellen",
            "Weitere laden",
        ],
        ["Drucken und Kopieren sind seit 2019 verboten, sagte die Ministerin."],
    ),
    _rule(
        "related.inline",
        "related",
        r"(?:vea también|ver también|lea también|lee también|véase también|factbox|weiterführende links|"
        r"mehr zu(?:m)?|lesen sie mehr|lesen sie hier|siehe auch|voir aussi|à voir aussi|"
        r"read also|see also|related|also read|watch)\s*:.{0,200}",
        ("en", "de", "fr", "es"),
        [
            "VEA TAMBIÉN: Entre heces y guaricha",
            "Factbox: Key winners at the SAG awards",
            "Lesen Sie hier: Der Bericht",
        ],
        ["Watch the skies, he said."],
    ),
    _rule(
        "comments.invite",
        "comments",
        r"(?:we want to hear what you think.{0,200}|what do you think\?.{0,100}|"
        r"(?:was )?(?:ist|sind) ihre meinung\?.{0,100}|diskutieren sie mit.{0,100}|"
        r"donnez votre avis.{0,100}|deja tu comentario.{0,100})",
        ("en", "de", "fr", "es"),
        ["We want to hear what you think about this article.", "Diskutieren Sie mit!"],
        ["What do you think the court will decide, she asked."],
    ),
    _rule(
        "newsletter.paywall",
        "newsletter",
        r"(?:möchten sie weiterlesen\??|wählen sie ihren zugang\b.{0,60}|ja\. ich (?:bin abonnent|benötige ein abo)\.?|"
        r"exklusiv für abonnenten|mit [\w+]{2,20} weiterlesen|"
        r"(?:sie sind bereits|bereits) (?:digital-)?abonnent\?.{0,60}|"
        r"(?:subscribe|log ?in|sign ?in|register) to (?:continue|keep) reading\b.{0,80}|"
        r"already (?:a subscriber|have an account)\?.{0,80}|"
        r"this (?:article|content|story) is (?:only available|exclusive|reserved) (?:to|for) "
        r"(?:subscribers|members)\b.{0,80}|"
        r"abonnez-vous pour lire la suite\b.{0,60}|la suite est réservée aux abonnés\b.{0,60}|"
        r"contenido exclusivo para suscriptores\b.{0,60})",
        ("en", "de", "fr", "es"),
        [
            "Möchten Sie weiterlesen?",
            "Wählen Sie Ihren Zugang und lesen Sie weiter:",
            "Ja. Ich bin Abonnent.",
            "Mit top+ weiterlesen",
            "Subscribe to continue reading",
            "Already a subscriber? Log in",
        ],
        [
            "Sie möchten weiterlesen, sagte die Lehrerin, und das taten die Kinder bis in die Nacht.",
            "Already a subscriber of the paper, she said she would not renew.",
        ],
    ),
    _rule(
        "related.see-more",
        "related",
        r"(?:explore further|(?:das|dieses) (?:thema )?könnte (?:dich|sie) (?:auch )?interessieren|"
        r"auch lesen|lies auch|"
        r"le puede interesar|te puede interesar|puede interesarte|mira|leia mais|leggi anche|weiterlesen)"
        r"\s*(?::.{0,200}|\.{3}|…)?",
        ("en", "de", "es", "pt", "it"),
        [
            "Explore further",
            "Das Thema könnte dich auch interessieren:",
            "Auch lesen: Diese 3 Sternzeichen verschenken ihr Herz an den Falschen",
            "Le puede interesar: JEP abrirá tres nuevos macrocasos",
            "MIRA: Madre se acerca a conocer los motivos de captura de su hijo",
            "Weiterlesen:",
        ],
        [
            "Mira contó que la reunión terminó tarde.",
            "Explore further afield, the guide suggests, and you find quiet bays.",
        ],
    ),
    _rule(
        "byline.about-author",
        "byline",
        r"(?:über (?:den autor|die autorin|die autoren|die autorinnen)|about the authors?|à propos de l'auteur|"
        r"à propos de l’auteur|sobre (?:el autor|la autora|o autor|a autora)|sull'autore|l'autore)\s*:?",
        ("en", "de", "fr", "es", "pt", "it"),
        ["Über den Autor", "About the author", "Sobre el autor:"],
        ["About the author of the letter nothing is known, the archivist said."],
    ),
    _rule(
        "share.like-widget",
        "share",
        r"(?:gefällt mir|like|j'aime|j’aime|me gusta|mi piace|curtir)\s*(?:wird geladen|loading|chargement|cargando|"
        r"caricamento|carregando)\s*(?:…|\.{3})?|(?:teilen mit|compartir esto|condividi questo articolo|"
        r"compartilhe isso|share this)\s*:",
        ("en", "de", "fr", "es", "it", "pt"),
        ["Gefällt mir Wird geladen...", "Like Loading...", "Teilen mit:", "Share this:"],
        ["Like loading a truck, the work took all day."],
    ),
    _rule(
        "share.follow-us",
        "share",
        r"(?:folgen sie uns|folge uns|follow us|suivez-nous|síguenos|seguici|siga-nos)"
        r"(?: auf| on| sur| en| su| no)?\s*:?",
        ("en", "de", "fr", "es", "it", "pt"),
        ["Folgen Sie uns auf", "Follow us on", "Suivez-nous sur :"],
        ["Follow us on the road to Damascus, the pilgrims said."],
    ),
    _rule(
        "cookie.embed-consent",
        "cookie",
        r"(?:(?:empfohlener )?externer inhalt|external content)|"
        r".{0,120}\b(?:ohne (?:dein|ihr) einverständnis keine verbindung zu\b|"
        r"(?:externe inhalte|inhalte von drittanbietern) (?:laden|anzeigen|zulassen)\b|"
        r"i agree to (?:load|show|display) (?:external|third-party) content\b).{0,300}",
        ("en", "de"),
        [
            "Externer Inhalt",
            "Wir respektieren deine Privatsphäre und stellen deshalb ohne dein Einverständnis keine Verbindung zu "
            "Twitter her.",
        ],
        ["Ohne ihr Einverständnis wurde das Haus verkauft, sagte die Mieterin."],
    ),
    _rule(
        "caption.credit-end",
        "caption",
        r"(?:photograph|photo|image|foto|bild)s? (?:by|von|par|de|di) "
        r"(?-i:[A-Z])[\w.'’-]+(?: (?-i:[A-Z])[\w.'’-]+){0,3}"
        r"(?:\s*[,/]\s*.{0,80})?|"
        r".{0,300}\b(?:photograph|photo|foto|bild|image)s?\s*:\s*(?-i:[A-Z])[\w.'’-]+(?: (?-i:[A-Z])[\w.'’-]+){0,3}"
        r"(?:\s*/\s*[\w .]+)?|"
        r".{0,300}\((?:photograph|photo|foto|bild|image|quelle)s?\s*:\s*[^()]{1,60}\)",
        ("*",),
        [
            "Photograph by Ed Marshall, Redonda Restoration Programme",
            "Instagram is happy to help.Photograph: Jeenah Moon",
            "Golf im TV: Die Übertragungszeiten der großen Turniere im Überblick. (Foto: Getty)",
        ],
        [
            "Photo by photo, the exhibit builds a portrait of the city.",
            "The photo: a crowd in the square, he said, was taken on Monday.",
        ],
    ),
    _rule(
        "advert.disclosure",
        "advert",
        r".{0,150}\b(?:we may (?:receive|earn) compensation|advertisers do not influence|"
        r"advertising disclos(?:ure|ures)|affiliate disclosure|handelt es sich um affiliate[- ]links)\b.{0,300}",
        ("en", "de"),
        [
            "Advertising disclosure: We may receive compensation for some of the links in our stories.",
            "We recommend the best products through an independent review process, and advertisers do not "
            "influence our picks.",
            "Letzte Aktualisierung am 2.02.2022 / Bei den Verlinkungen handelt es sich um Affiliate Links",
        ],
        ["The firm said it may receive compensation from the state next year."],
    ),
    _rule(
        "newsletter.box",
        "newsletter",
        r"(?:[\w.&'’-]+ ){1,3}newsletter|"
        r".{0,100}\b(?:never miss\b.{0,80}\b(?:newsletter|by e-?mail|sign(?:ing)? up)|"
        r"enter your e-?mail(?: address)? (?:below|here|to)\b).{0,200}",
        ("en", "de"),
        [
            "PC Gamer Newsletter",
            "Never miss the latest news by signing up to our newsletter today!",
            "Missing out on the latest WordPress.com developments? Enter your email below to receive future "
            "announcements.",
        ],
        ["The newsletter of the club was printed on Monday.", "Never miss a chance to vote, the mayor said."],
    ),
    _rule(
        "legal.personal-use",
        "legal",
        r".{0,200}\bfor (?:your )?personal,? non-?commercial use only\b.{0,300}",
        ("en",),
        ["This copy is for your personal, non-commercial use only. Distribution is governed by our agreement."],
        ["The licence was for commercial use, the court found."],
    ),
    _rule(
        "comments.register",
        "comments",
        r"(?:para comentar (?:debes|tienes que|es necesario) (?:registrarte|iniciar sesión|estar registrado)\b.{0,100}|"
        r"comment by .{1,60}\s[—–-]\s.{0,40}\d{4}.{0,30}|"
        r"um (?:zu )?kommentieren,? (?:müssen sie|musst du) (?:sich |dich )?"
        r"(?:anmelden|einloggen|registrieren)\b.{0,60})",
        ("en", "de", "es"),
        [
            "Para comentar debes registrarte y completar los datos generales.",
            "Comment by Mirko Lange — 17.07, 2011 @ 13:04",
        ],
        ["Comment by comment, the board reviewed the plan in 2011."],
    ),
    _rule(
        "caption.figure",
        "caption",
        r"(?:abbildung|abb\.|figure|fig\.|grafik|beitragsbild|titelbild|symbolbild)\s*\d*[a-z]?\s*:\s*.{1,400}|"
        r".{10,300}\((?:symbolbild|archivbild|symbolfoto|archivfoto)\)\.?",
        ("en", "de"),
        [
            "Abbildung 4: klassische Schwachschicht. Der Unterschied in der Kornform ist deutlich.",
            "Beitragsbild: Titelseite der FAZ vom 2.4.2019, Ausriss.",
            "Wer die Äste immer wieder auf die Wege zieht, ist unklar (Symbolbild).",
        ],
        ["Figure skating: the season starts in October, the federation said."],
    ),
    _rule(
        "navigation.search-labels",
        "navigation",
        r"(?:meist gesucht|meistgesucht|most searched|popular searches|beliebte suchen|trending searches)\s*:?",
        ("en", "de"),
        ["Meist gesucht:", "Popular searches"],
        ["Most searched terms this year were about the election, the company said."],
    ),
    _rule(
        "navigation.form-labels",
        "navigation",
        r"(?:von|an|from|to|betreff|subject|nachricht|message|ihr name|your name|ihre e-?mail(?:-adresse)?|"
        r"your e-?mail(?: address)?|e-?mail-adresse|website|webseite)\s*\*?\s*:?",
        ("en", "de"),
        ["Von:", "From", "To", "Message", "Your email address *"],
        ["From Monday, the trams run every ten minutes.", "Message received, the minister said."],
    ),
    _rule(
        "newsletter.consent",
        "newsletter",
        r".{0,150}\b(?:willige ich|ich willige)\b.{0,1500}|"
        r".{0,100}\bby (?:submitting|clicking|signing up|subscribing|entering)\b.{0,80}"
        r"\b(?:you agree|you consent|you accept|i agree)\b.{0,300}",
        ("en", "de"),
        [
            "Mit Absenden meiner E-Mail-Adresse willige ich bis auf Widerruf ein, den Newsletter zu erhalten.",
            "By submitting your email, you agree to our Terms and Privacy Policy.",
        ],
        ["By signing up for the course, students learn to code, the teacher said."],
    ),
    _rule(
        "legal.license",
        "legal",
        r".{0,150}\b(?:licensed under|steh(?:t|en) unter|est mis à disposition selon les termes de) "
        r"(?:a |the |einer |der |la )?(?:licence |license |lizenz )?(?:creative commons|cc[ -]by)\b.{0,300}",
        ("en", "de", "fr"),
        [
            "Texte auf dieser Webseite stehen unter einer Creative Commons Namensnennung 3.0 Lizenz.",
            "This work is licensed under a Creative Commons Attribution 4.0 International License.",
        ],
        ["The licence under which the software was sold expired in 2019, the court said."],
    ),
    _rule(
        "navigation.post-links",
        "navigation",
        r"(?:nachfolgebeitrag|vorgängerbeitrag|vorheriger beitrag|nächster beitrag|previous post|next post|older post|"
        r"newer post|article précédent|article suivant|entrada anterior|entrada siguiente)(?:\s*[:»›→-]\s*.{0,150})?|"
        r".{1,120}\s→|←\s.{1,120}",
        ("en", "de", "fr", "es"),
        [
            "Nachfolgebeitrag: Was passiert hier eigentlich noch?",
            "Previous post",
            "Steuerdarling – Die PARTEI als Ehestifter →",
        ],
        ["Next posts were filled by the board, the company said.", "The rate rose from 2% → 3% in 2019, he said."],
    ),
    _rule(
        "related.teaser-more",
        "related",
        r".{20,600}[.!?…][\"'”’»)]*\s+(?:mehr|more|read more|weiterlesen|mehr lesen|lire la suite|en savoir plus|"
        r"leer más|leia mais|continua a leggere)\s*[»›→>]*",
        ("en", "de", "fr", "es", "pt", "it"),
        [
            "Was gibt es Neues? Regelmäßig beantwortet Christian Drosten in einem Podcast Fragen. mehr",
            "The council approved the tram plan on Monday after a long debate. Read more »",
        ],
        ["The council approved the plan on Monday. More than 300 people attended.", "He said he wanted more."],
    ),
    _rule(
        "caption.credit-tail",
        "caption",
        r".{10,500}?©\s*\S+(?:\s+\S+){0,5}(?<![.;:,])",
        ("*",),
        [
            "Das Bundeskabinett bei seiner Klausurtagung am 21. Januar© Bundesregierung/Steffen Kugler",
            "Stapel mit Mauerziegeln: Ein Eigentumsvorbehalt wird häufig verwendet. - © jollier_ - stock.adobe.com",
            "Regenerative Energien und moderne Stadtkonzepte sollen helfen. © Thinkstock",
        ],
        [
            "Der Schriftzug Foo© wurde 1990 eingetragen, sagte er.",
            "Die Marke Foo © gehört seit 2019 dem Konzern, der sie für 40 Millionen Euro kaufte.",
        ],
    ),
    _rule(
        "caption.zoom-label",
        "caption",
        r"vergrößern\s+(?!sie\b)(?-i:[A-ZÄÖÜ„\"]).{0,300}",
        ("de",),
        ["Vergrößern Eine kleine runde Aussparung für die Facetime-Kamera im Display des iPhones 14."],
        ["Vergrößern Sie das Bild mit einem Doppelklick.", "Vergrößern lässt sich das Foto nicht, sagte er."],
    ),
    _rule(
        "byline.author-box",
        "byline",
        r"(?:über|about|à propos de|sobre|o)\s+(?-i:[A-ZÄÖÜÉ])[\w.'’-]+(?:\s+(?-i:[A-ZÄÖÜÉ])[\w.'’-]+){0,2}"
        r"(?:\s+\d+\s+(?:artikel|beiträge|articles|posts|artículos))?|"
        r"(?:[\w-]+\s+)?(?:autor|autorin|author|auteur|autora|autore|autorka)|"
        r"(?:mehr|more|alle beiträge|all posts|tous les articles) (?:vom|von|from|by|de) (?:diese[rm] )?"
        r"(?:autor|autorin|author|auteur)\s*[:»›→]?",
        ("en", "de", "fr", "es", "pt", "pl"),
        ["Über Creeny", "Über Steffi 1009 Artikel", "incurvy Autorin", "Autor", "About Jane Doe", "Mehr vom Autor"],
        ["Über uns", "Über Berlin zog am Abend ein Gewitter auf.", "The author said he would write again."],
    ),
    _rule(
        "byline.role",
        "byline",
        r"(?:freie[rn]? )?(?:redakteur|redakteurin|korrespondent|korrespondentin|volontär|volontärin|"
        r"ressortleiter|ressortleiterin) (?:in|im|für|der|des|bei) [^.!?]{1,80}\.?",
        ("de",),
        ["Redakteur in der Wirtschaft.", "Redakteurin im Feuilleton", "Korrespondent für Wirtschaft in Brüssel."],
        ["Redakteur in der Wirtschaft war er zehn Jahre lang, bevor er 2010 zur Konkurrenz wechselte, sagte sie."],
    ),
    _rule(
        "related.arrow-link",
        "related",
        r"(?:>>\s*)?\S.{3,200}?\s*<<",
        ("*",),
        [">> Wegen Corona: Danni Büchner muss Kult-Lokal „Faneteria“ auf Mallorca schließen <<"],
        ["Er nannte den Vorschlag »Unsinn«", "The ratio a >> b holds << always, he said."],
    ),
    _rule(
        "share.own-channel",
        "share",
        r".{0,60}\b(?:nuestro canal de youtube|unseren youtube[- ]kanal|our youtube channel|notre chaîne youtube|"
        r"nosso canal (?:no|do) youtube)\b.{0,60}",
        ("en", "de", "fr", "es", "pt"),
        [
            "¡Mira lo que tiene nuestro canal de YouTube!",
            "Abonniert unseren YouTube-Kanal",
            "Subscribe to our YouTube channel for more videos",
        ],
        ["The video on the ministry's YouTube channel was watched 3,000 times by Monday evening."],
    ),
    _rule(
        "advert.shop-promo",
        "advert",
        r"(?:jetzt neu[!:]?\s*)?(?:besuchen sie|besuche|visit|visitez|visita) (?:unseren|unsere|our|notre|nuestra) "
        r"(?:[\w]+[ -])?(?:shop|online-?shop|store|boutique|tienda)[.!]?",
        ("en", "de", "fr", "es"),
        ["Jetzt neu! Besuchen Sie unseren Fan-Shop!", "Visit our online store", "Visitez notre boutique"],
        ["Visit our shop in Berlin and you will see why, she said, pointing at the queue outside."],
    ),
    _rule(
        "newsletter.by-email",
        "newsletter",
        r"[^.!?]{3,80}\b(?:per e-?mail|by e-?mail|in your inbox|straight to your inbox|direkt in dein(?:en)? "
        r"postfach|ins postfach|par e-?mail|por e-?mail|por correo)\s*[!]?",
        ("en", "de", "fr", "es"),
        ["Tipps, Hilfe und Schnäppchen für dein Tier per E-Mail", "The best stories, straight to your inbox"],
        ["Die Stadt informierte die Anwohner per E-Mail.", "She sent the file by email."],
    ),
    _rule(
        "legal.contact-form",
        "legal",
        r".{0,120}\b(?:kontaktformular|contact form|formulaire de contact|formulario de contacto)\b.{0,400}"
        r"\b(?:gespeichert|verarbeitet|stored|processed|conservées|traitées|almacenados|tratados)\b.{0,800}",
        ("en", "de", "fr", "es"),
        [
            "Wenn Sie uns per Kontaktformular Anfragen zukommen lassen, werden Ihre Angaben aus dem Anfrageformular "
            "zwecks Bearbeitung der Anfrage bei uns gespeichert.",
            "Data you enter in the contact form is stored for six months.",
        ],
        ["The contact form on the website of the council has been down since Monday, a spokesman said."],
    ),
    _rule(
        "legal.review-notice",
        "legal",
        r"(?:dieser (?:text|artikel|beitrag) (?:entspricht|wurde) .{0,200}\b(?:geprüft|überprüft)\b.{0,60}|"
        r"(?:this article (?:was|has been) )?(?:medically|fact[- ]checked and medically) reviewed by .{1,120}|"
        r"disclaimer\s*(?:\([^)]{0,80}\))?\s*:.{0,1000})",
        ("en", "de"),
        [
            "Dieser Text entspricht den Vorgaben der ärztlichen Fachliteratur, medizinischen Leitlinien sowie "
            "aktuellen Studien und wurde von Medizinern geprüft.",
            "Medically reviewed by Jane Doe, MD",
            "Disclaimer (varies based on content, section, category, etc.): News articles on this site may contain "
            "opinions of the author.",
        ],
        ["Dieser Text wurde im Landtag lange diskutiert, bevor er 2019 beschlossen wurde."],
    ),
    _rule(
        "comments.submit-letter",
        "comments",
        r"(?:submit|send) (?:us )?(?:your|a) (?:letter|letter to the editor|news tip|tip|story idea)\b[^,]{0,150}",
        ("en",),
        ["Submit your letter to the editor via this form. Read more Letters to the Editor."],
        ["Send your letter to the editor, the teacher told the pupils, and they did so the same afternoon."],
    ),
)


# Words that occur (lower-cased) in every line a rule matches. Plain substring tests cost
# far less than the patterns, whose leading ".{0,150}" backtracks on every long line.
_TRIGGERS: dict[str, tuple[str, ...]] = {
    "cookie.notice": (
        "cookie", "necessary", "always enabled", "notwendig", "immer aktiv", "privacy overview",
        "datenschutz-übersicht",
    ),
    "legal.copyright": (
        "©", "(c)", "copyright", "rights reserved", "rechte vorbehalten", "droits réservés", "derechos reservados",
        "diritti riservati", "direitos reservados",
    ),
    "legal.reproduction": (
        "may not be", "constitutes", "reproduction", "nachdruck", "vervielfältigung", "reproducción", "riproduzione",
    ),
    "caption.label": ("image", "file photo", "bildunterschrift", "légende", "/"),
    "caption.credit": (":", "getty", "shutterstock", "istock", "ap photo", "picture alliance", "imago"),
    "newsletter.consent": (
        "willige", "by submitting", "by clicking", "by signing up", "by subscribing", "by entering",
    ),
    "legal.license": ("creative commons", "cc by", "cc-by"),
    "related.teaser-more": (
        "mehr", "more", "weiterlesen", "lire la suite", "savoir plus", "leer más", "leia mais", "leggere",
    ),
    "caption.credit-tail": ("©",),
    "related.arrow-link": ("<<",),
    "share.own-channel": ("youtube",),
    "advert.shop-promo": ("shop", "store", "boutique", "tienda"),
    "newsletter.by-email": ("mail", "inbox", "postfach", "correo"),
    "legal.contact-form": ("kontaktformular", "contact form", "formulaire de contact", "formulario de contacto"),
    "legal.review-notice": ("geprüft", "reviewed", "disclaimer"),
    "comments.submit-letter": ("submit", "send"),
    "caption.zoom-label": ("vergrößern",),
    "advert.disclosure": ("compensation", "advertis", "affiliate"),
    "newsletter.box": ("newsletter", "never miss", "enter your"),
    "legal.personal-use": ("personal",),
    "cookie.embed-consent": ("extern", "einverständnis", "drittanbietern", "i agree"),
    "caption.credit-end": ("photo", "image", "foto", "bild", "quelle"),
    "advert.affiliate": (
        "link", "commission", "sponsor", "paid", "partner", "promoted", "ad by", "ads by", "publicidade",
        "pubblicità", "reklama", "mainos", "contain",
    ),
    "newsletter.signup": ("newsletter", "inbox", "mail", "alert", "briefing", "abonn", "inscri", "suscr", "receba"),
    "byline.author-bio": (
        " is ", " was ", " has been ", "tip?", "reached at", " has worked", " has been working", "ressort",
        "redakteur", "arbeitet als",
    ),
    "share.follow": ("follow", "like", "join", "folgen", "suivez", "síguenos", "seguici", "siga"),
    "related.inline": (":",),
    "navigation.tags": (
        "tag", "topic", "filed", "keyword", "schlagw", "themen", "mots", "étiquettes", "etiquetas", "temas",
    ),
}  # fmt: skip


# Lines whose rule is remembered per process, and the longest such line: menu and footer lines
# are short, prose rarely repeats; at most about 5 MB a process.
MATCH_CACHE_LINES = 1 << 14
MATCH_CACHE_MAX_CHARS = 200


class RuleSet(tuple):
    """Rules in the order they are tried, with what makes trying them cheap.

    Most lines are article text that no rule matches, and trying every pattern in turn cost
    about 70 µs a line, a third of the cleaning. Here the trigger words of all rules are looked
    for once per line, in one Aho-Corasick pass (pyahocorasick: 3 µs a line, where testing
    each word took 17) that yields, for each word found, the positions of the rules it triggers;
    the rules without triggers are candidates only when one regex made of all of them matches.
    Only the candidates are tried, in rule order, so the first rule that matches is the same;
    a line of a menu or of prose names two or three candidates of a hundred rules (checking
    every rule's triggers in turn cost 10 µs a line by itself).

    The screen regex is tried in a copy cut down to the alternatives that can begin with the
    line's first character (:mod:`.screen`: 4 µs a line where the whole screen cost 11), and the
    lines rules are for repeat: a site's menus, share bars and footers come back on every page
    of it (on the benchmark's pages, three lines in four had been seen before). So the answers
    for short lines are kept, in a bounded LRU per process: a pure function of the line, so
    caching changes no result.
    """

    def __new__(cls, rules: Iterable[Rule] = ()) -> RuleSet:
        import ahocorasick

        self = super().__new__(cls, rules)
        by_word: dict[str, list[int]] = {}
        for i, rule in enumerate(self):
            for word in rule.trigger:
                by_word.setdefault(word, []).append(i)
        self._finder = ahocorasick.Automaton()
        for word in sorted(by_word):
            self._finder.add_word(word, frozenset(by_word[word]))
        if len(self._finder):
            self._finder.make_automaton()
        self._free = frozenset(i for i, r in enumerate(self) if not r.trigger)
        # (kept: a tuple of rules hashes every rule each time, where a cache keyed on the set would ask)
        self.categories = frozenset(r.category for r in self)
        free = [r.pattern.pattern for r in self if not r.trigger]
        self._screen = re.compile("|".join(f"(?:{p})" for p in free), re.IGNORECASE) if free else None
        self._first_char_screen = FirstCharScreen(self._screen) if self._screen is not None else None
        self._cached = functools.lru_cache(maxsize=MATCH_CACHE_LINES)(self._match)
        return self

    def match(self, line: str) -> Rule | None:
        """The first rule whose pattern matches the whole (undecorated) line, if any."""
        return self._cached(line) if len(line) <= MATCH_CACHE_MAX_CHARS else self._match(line)

    def _match(self, line: str) -> Rule | None:
        core = strip_decoration(line)
        if not core:
            return None
        candidates: set[int] = set()
        if len(self._finder):
            for _, rules in self._finder.iter(core.lower()):
                candidates.update(rules)
        if self._first_char_screen is not None and self._first_char_screen.match(core):
            candidates.update(self._free)
        for i in sorted(candidates):
            if self[i].pattern.match(core) is not None:
                return self[i]
        return None


RULES = RuleSet(dataclasses.replace(r, trigger=_TRIGGERS[r.id]) if r.id in _TRIGGERS else r for r in RULES)


def strip_decoration(line: str) -> str:
    """A line without the bullets and pipes around it.

    >>> strip_decoration("- Related News")
    'Related News'
    >>> strip_decoration("| Join the GlobalSecurity.org mailing list |")
    'Join the GlobalSecurity.org mailing list'
    >>> strip_decoration("filter_none WEITERE BEITRÄGE ZU DIESEM ARTIKEL")
    'WEITERE BEITRÄGE ZU DIESEM ARTIKEL'
    """
    core = line.lstrip(_LEAD).rstrip(_TRAIL)
    if "_" in core:
        core = _ICON_NAME.sub("", core)
    return core


def compile_rules(
    disabled_categories: Iterable[str] = (), extra_patterns: Mapping[str, Iterable[str]] | None = None
) -> RuleSet:
    """The active rules: built-ins minus disabled categories, plus site-specific patterns."""
    off = set(disabled_categories)
    rules = [r for r in RULES if r.category not in off]
    for category, patterns in sorted((extra_patterns or {}).items()):
        for i, pattern in enumerate(patterns):
            rules.append(_rule(f"site.{category}.{i}", category, pattern, ("*",)))
    return RuleSet(rules)


def match_line(line: str, rules: Iterable[Rule] = RULES) -> Rule | None:
    """The first rule whose pattern matches the whole (undecorated) line, if any."""
    return (rules if isinstance(rules, RuleSet) else RuleSet(rules)).match(line)
