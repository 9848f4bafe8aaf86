"""Attributions: the outlets, agencies and organisations an article credits, and which sentences each covers.

Requires: an ``Article``, its ``Sentence``s, ``EntityMention``s, and from the quote annotator the map of uncued
quote sentences to the cued sentence they continue. Produces: ``Attribution``s with a normalised ``source``
("the Telegraph" and "The Telegraph" are one) and the sentences in scope.

Scope rule: a credit covers its own sentence, and every sentence of a quotation that continues, without a cue
of its own, a quotation in that sentence (the same interview). It does not reach other sentences.
"""

from __future__ import annotations

import re

from crosscheck.annotate.dates import MONTHS, WEEKDAYS
from crosscheck.annotate.speech import DATELINE, OUTLET_ANAPHORS, mask_quotes
from crosscheck.model import AnnotatedArticle, Article, Attribution, EntityMention, Sentence

WORD = re.compile(r"[\w'’-]+")
# A credit's clause shorter than this is no statement ("Reuters reported." alone).
MIN_CONTENT_WORDS = 3
_SOURCE_WORD = r"[A-Z][\w'’&.-]*"
# A broadcaster's name may end on its channel number ("Channel 11", "Fox 5").
_SOURCE = rf"(?:[Tt]he\s+)?{_SOURCE_WORD}(?:\s+(?:{_SOURCE_WORD}|\d{{1,3}}|of|and|&|for|on)(?=\s|$|[,.;:]))*"
_WEEKDAY = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTH = (
    r"(?:Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\.|January|February|March|April|May|June|July|August|September|"
    r"October|November|December"
)
_ANAPHOR = "|".join(re.escape(a) for a in sorted(OUTLET_ANAPHORS, key=len, reverse=True))
CREDIT_BEFORE_SOURCE = re.compile(
    # The cue may open the sentence: "According to Reuters, the minister resigned." ("Via Rail" is a company.)
    rf"(?:\b(?P<cue>per|according to|citing|cited by|reported by|as reported by|via|told|tells|telling|"
    # A report credited by its noun ("Tuesday's report by The New York Times"), a statement sent to an outlet
    # ("sent a statement to CNBC"), a blogger's hat tip ("h/t OpposingViews").
    # ("investigation by" is left out: "under investigation by the Texas Rangers" credits no report.)
    rf"(?:report|story|disclosure)\s+by|statement\s+to|h/t|hat\s+tip\s+to|obtained\s+by|"
    # Words said on the air: "in an interview on The Peter Schiff Show", "appearing on Fox News Sunday",
    # "according to footage aired on NBC's Today".
    rf"(?:interview|appearance|appearing|speaking)\s+on|"
    rf"according\s+to\s+(?:an?\s+)?(?:footage|video|broadcast|recording|interview)\s+(?:aired|broadcast|posted)\s+(?:on|by)|"
    rf"in an interview with|an interview with|interview with|speaking to|speaking with|"
    # The words between "said" and "to" are how or when ("said in a statement to", "confirmed on Monday to"),
    # never a new clause's subject or verb ("said Price had gone to the Simms Car Wash").
    rf"(?:confirmed|said|revealed|disclosed)"
    rf"(?:\s+(?!(?:had|has|have|was|were|is|are|would|will|could|did|went|gone|goes|go)\b)"
    rf"(?:[a-z][\w'’]*|\d{{1,2}}|{_WEEKDAY}|{_MONTH})){{0,4}}?\s+to)"
    # A capital "Per" after a comma is a given name as often ("CNN's Jo Shelley, Per Nyberg, …"): only a
    # sentence opens on it as a cue.
    rf"|(?:^|(?<=[,;]\s))(?P<opening>According to|(?<![,;]\s)Per|Citing|In an interview with|Speaking to|"
    rf"Speaking with))\s+"
    rf"(?P<source>{_SOURCE}|the\s+(?:{_ANAPHOR})\b)"
)
# Cues that credit an outlet's assertion, not speech: only a name known as an outlet's is a source after them.
ASSERTING = frozenset({"alleges", "alleged", "claims", "claimed"})
SOURCE_BEFORE_CREDIT = re.compile(
    # A clause's opener capitalised at a sentence's start is no source: "Based on reports of …", "As I said, …".
    rf"(?!(?:Based|As|So|If|When|While|Because|Since|Although|Though|After|Before|I)\s)"
    # The anaphor first: "The magazine claims" is the outlet named before, not "The" and what it is.
    rf"(?P<source>\b[Tt]he\s+(?:{_ANAPHOR})\b|{_SOURCE})"
    # What the outlet is, and a relative clause on it: "Star magazine which recently broke the news of … has
    # reported that …".
    rf"(?:\s+(?:magazine|newspaper|tabloid))?(?:,?\s+(?:which|who)\s+[^,;:\"“”]{{1,80}}?,?)?\s+"
    rf"(?P<cue>reported|reports|has reported|had reported|first reported|is reporting|said|says|wrote|writes|published|"
    # "added" reports speech when a clause or a quotation follows ("the board added that…", '…," it added'),
    # not an amount ("the county Board of Supervisors added another $20,000").
    rf"revealed|quoted|cited|noted|added(?=\s*(?:[,.;:\"“]|that\b|$))|"
    # What a tabloid asserts ("Life & Style alleges that …"), a credit only where the name is an outlet's.
    rf"{'|'.join(sorted(ASSERTING))}|"
    # A wire's note at the foot of a story: "The Associated Press contributed to this report."
    rf"contributed(?:\s+reporting)?\s+to\s+this\s+(?:report|story|article))\b"
)
# "told HuffPost on Thursday": the weekday or date after "on" says when, not who.
_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
WHEN_AFTER_SOURCE = re.compile(
    # "told CNN on Monday", "told MSNBC Thursday night"; not the paper "The Mail on Sunday".
    rf"(?:(?<!Mail)(?<!Independent)\s+on\s+(?:{_WEEKDAY}|{'|'.join(sorted(MONTHS, key=len, reverse=True))})\b.*"
    rf"|(?<! on)\s+(?:{_WEEKDAY})(?:\s+(?:morning|afternoon|evening|night))?)$",
    re.IGNORECASE,
)
# Where a post was made, after "via": a medium, no source relied on ("fired back hours later via Twitter").
SOCIAL_MEDIA = frozenset(
    {"twitter", "facebook", "instagram", "youtube", "social media", "snapchat", "tiktok"}
)
# A place's name before what kind of outlet it has, then the outlet's own name.
DESCRIBED_OUTLET = re.compile(
    r"\s+(?:(?:television|TV|radio|news)\s+)?(?:station|newspaper|network|channel|affiliate|broadcaster|magazine)"
    r"\s+(?P<name>[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*)*)"
)
# What the text calls the name after it: "U.S. magazine Life & Style", "the tabloid Star".
MEDIUM_BEFORE = re.compile(
    r"\b(?:magazine|newspaper|tabloid|paper|website|outlet|broadcaster)\s+$", re.IGNORECASE
)
# A place's name before a body of it: "Elkhart police", "Houston officials".
BODY_AFTER_PLACE = re.compile(
    r"\s+(?:police|officials|authorities|investigators|prosecutors|detectives|deputies|firefighters|residents|"
    r"officers|troopers)\b"
)
# What comes before "via" when it credits a picture or a post, not a report: an opening bracket, or the
# picture itself ("image via", "photo via").
PICTURE_CREDIT = re.compile(
    r"(?:[(\[]|\b(?:image|photo|photograph|picture|video|graphic|illustration|screenshot|footage|gif)s?)\s*$",
    re.IGNORECASE,
)
# Cues that credit a broadcast or a paper only when what follows is named like one.
ON_AIR = ("interview on", "appearance on", "appearing on", "speaking on")
# Words that name a broadcast, a programme or a paper: "The Peter Schiff Show", "NBC's Today", "CBS News", "Fox 8".
OUTLET_WORDS = re.compile(
    r"\b(?:News|Show|TV|Television|Radio|Today|Tonight|Live|Network|Channel|Hour|Minutes|Sunday|Report|Daily"
    r"|Podcast|Times|Post|Journal|Press|Tribune|Herald|Telegraph|Guardian|Magazine|Gazette|Star|Mail|Chronicle"
    r"|Observer|Independent|Reuters|Bloomberg)\b|\b\d{1,3}$"
)
ACRONYM = re.compile(r"[A-Z]{2,6}")
# Whom someone speaks before, not a report relied on: "Lavrov had told the State Duma", "told Congress".
AUDIENCES = frozenset(
    "duma congress parliament senate house assembly council committee court commission cabinet knesset "
    "bundestag lords commons legislature jury".split()
)
# A name after a preposition is a place or a companion, not the one that reports: "visited Putin in the Kremlin
# on Thursday and said", "Carol Morello in Crimea contributed to this report".
PLACE_BEFORE = re.compile(r"\b(?:in|at|from|into|inside|outside|near|with)\s+$", re.IGNORECASE)
# A programme named in quotation marks, which the quotation masking hides from the patterns above: "said on
# 'Fox News Sunday'", "Appearing on NBC's 'Meet the Press'", "said on CNN's 'State of the Union'".
QUOTED_PROGRAMME = re.compile(
    r"\b(?i:said|says|saying|spoke|speaking|appeared|appearing|appearance|interview|interviewed)\s+on\s+"
    r"(?:(?P<network>[A-Z][\w&.-]*)['’]s\s+)?[\"“‘'](?P<source>[A-Z][^\"“”‘’']{2,40}?)[,.]?[\"”’']"
)


def _outlet_like(name: str, acronyms: bool) -> bool:
    """Whether a name reads as an outlet's: a broadcast's or a paper's word in it, a channel's number, or (where
    ``acronyms``) a broadcaster's letters ("CNN", "MSNBC"), which after "obtained by" could as well be the FBI's."""
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    return bool(OUTLET_WORDS.search(name)) or (acronyms and ACRONYM.fullmatch(name) is not None)


# Names after a credit's cue that are a medium or a picture agency, no report relied on.
NOT_OUTLETS = frozenset(
    {
        "internet",
        "web",
        "email",
        "e mail",
        "telephone",
        "phone",
        "video",
        "satellite",
        "video link",
        "mail",
        "getty images",
        "shutterstock",
        "istock",
        "ap images",
        "ap photo",
        "reuters pictures",
        "afp photo",
    }
)
# Entity labels that name people, places or dates: these are never the outlet an article relies on.
NOT_SOURCES = frozenset(
    {"PERSON", "GPE", "NORP", "LOC", "DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"}
)
OPENERS = frozenset(
    {
        "The",
        "A",
        "An",
        "And",
        "But",
        "As",
        "In",
        "On",
        "At",
        "It",
        "This",
        "That",
        "He",
        "She",
        "They",
        "We",
        "I",
        "Its",
        "Their",
        "His",
        "Her",
        # "Having said that, …": the writer's turn of argument.
        "Having",
        # Words that open "Those reports said …", "Reports on Monday said …": reports no one is named for.
        "Those",
        "These",
        "Reports",
        "Report",
        "Sources",
        "Some",
        "Many",
        "Others",
        "Several",
        "Both",
        "Media",
    }
)


# Wire agencies go by their initials in datelines and by name in the body; both must be one source.
AGENCY_NAMES = {
    "ap": "associated press",
    "afp": "agence france presse",
    "upi": "united press international",
    "dpa": "deutsche presse agentur",
    "pa": "press association",
    "cp": "canadian press",
    "aap": "australian associated press",
    "ians": "indo asian news service",
    "pti": "press trust of india",
}
# An outlet under its new name and its old one, both still in print.
RENAMED_OUTLETS = {"huffpost": "huffington post", "huff post": "huffington post"}


def source_key(name: str) -> str:
    """Outlet names compared without a leading article, case or punctuation ("the Telegraph" = "The Telegraph")."""
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    key = re.sub(r"[^\w&]+", " ", name.lower()).strip()
    key = AGENCY_NAMES.get(key, key)
    return RENAMED_OUTLETS.get(key, key)


def compact_key(key: str) -> str:
    """A source key without its spaces, for telling an outlet's printed name from its web address: "huffington
    post" (HuffPost) and "huffingtonpost" (huffingtonpost.com), "usa today" and "usatoday"."""
    return key.replace(" ", "")


# An outlet named by its web address ("reuters.com", "www.bbc.co.uk"): the name before the suffix.
DOMAIN = re.compile(r"^(?:www\.)?(?P<name>[a-z0-9-]+)(?:\.[a-z]{2,3}){1,2}$", re.IGNORECASE)


def outlet_keys(outlet: str) -> list[str]:
    """The source keys an outlet may be credited under, its own first: "The Telegraph" → ["telegraph"];
    "reuters.com" → ["reuters com", "reuters"]; "thetimes.co.uk" → ["thetimes co uk", "thetimes", "times"].
    The web address alone is no name: "independent.co.uk" and "independent.ie" are two outlets, so the bare
    names are for matching a credit the story actually gives, not keys of their own."""
    keys = [source_key(outlet)]
    domain = DOMAIN.match(outlet.strip())
    if domain:
        name = domain["name"].lower()
        keys.append(name)
        if name.startswith("the") and len(name) > 5:
            keys.append(name[3:])
    return keys


def dateline_credit(article: Article, sentences: list[Sentence]) -> Attribution | None:
    """A wire dateline credits the agency for the whole article: every sentence not credited otherwise."""
    match = DATELINE.match(article.text)
    if match is None or not sentences:
        return None
    start, end = match.start("agency") - 1, match.end("agency") + 1
    return Attribution(
        source=display_source(match["agency"]),
        article_id=article.id,
        start=start,
        end=end,
        text=article.text[start:end],
        sentences=[s.index for s in sentences],
    )


def is_dateline(article: Article, attribution: Attribution) -> bool:
    """Whether the credit is the article's wire dateline ("NEW YORK (AP) —"), not a sentence's own."""
    match = DATELINE.match(article.text)
    return match is not None and attribution.start == match.start("agency") - 1


def display_source(name: str) -> str:
    name = name.strip().rstrip(".,;:")
    name = re.sub(r"^(?:the\s+)+(?=the\s)", "", name, flags=re.IGNORECASE)  # "the The Associated Press"
    return "The " + name[4:] if name.lower().startswith("the ") else name


def _is_anaphor(name: str) -> bool:
    return bool(re.fullmatch(rf"[Tt]he\s+(?:{_ANAPHOR})", name.strip()))


# A month or a day before "said" is when, not who ("The Indian Navy in November said").
CALENDAR_NAME = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+\d{1,2})?"
    # A named day ("until Election Day and said", "on Christmas Day said"), never the paper "The Day".
    r"|(?!The\s)(?:[A-Z][a-z]+\s+){1,2}Day"
)


def find_attributions(
    article: Article,
    sentences: list[Sentence],
    entities: list[EntityMention],
    speakers: dict[int, str],
    continues: dict[int, int],
) -> list[Attribution]:
    text = article.text
    labels: list[tuple[int, int, str]] = [(e.start, e.end, e.label) for e in entities]
    person_words = {w for e in entities if e.label == "PERSON" for w in e.text.split()}
    person_words |= {w for name in speakers.values() for w in name.split()}
    person_words = {w for w in person_words if w[:1].isupper() and w not in OPENERS}
    found: list[Attribution] = []
    latest_outlet: str | None = None
    # "HuffPost" in huffingtonpost.com and "USA TODAY" in usatoday.com are the article's own outlet.
    own = {compact_key(key) for key in outlet_keys(article.outlet)}

    def usable(name: str, start: int, outlet: bool = False) -> bool:
        """Whether a name after or before a credit's cue is a source; ``outlet`` where the text calls it one
        ("U.S. magazine Life & Style alleges")."""
        if name in OPENERS or not name.strip() or CALENDAR_NAME.fullmatch(name.strip()):
            return False
        if source_key(name) in NOT_OUTLETS:
            return False  # "via the Internet", "NFL via Getty Images": a medium or a picture agency
        end = start + len(name)
        if re.match(r"\s+who\b", text[end : end + 5]):
            return False  # "People who live near the scene said": people, described, and no magazine
        overlapping = [lab for s, e, lab in labels if s < end and start < e]
        if overlapping and all(lab in NOT_SOURCES for lab in overlapping):
            return False
        if (outlet or _outlet_like(name, acronyms=False)) and "PERSON" not in overlapping:
            # "Star reports that …": the quote finder also takes an outlet for a speaker, but it is no person.
            return True
        # A person's name credited ("told Stoltenberg") is a speaker, not an outlet.
        return not set(name.split()) & person_words

    for sentence in sentences:
        masked = mask_quotes(sentence.text)
        hits: list[tuple[int, int, str]] = []
        for pattern in (CREDIT_BEFORE_SOURCE, SOURCE_BEFORE_CREDIT):
            for match in pattern.finditer(masked):
                raw = sentence.text[match.start("source") : match.end("source")].rstrip(".,;:")
                raw = re.sub(r"['’]s?$", "", raw)
                raw = WHEN_AFTER_SOURCE.sub("", raw)
                # "told The New York Times and then CNN": the connector belongs to what follows, not the name.
                raw = re.sub(r"(?:\s+(?:and|&|of|for|on))+$", "", raw)
                cue = (match.group("cue") or "").lower()
                on_air = cue.startswith(ON_AIR) or (
                    cue.startswith("according to") and cue.endswith((" on", " by"))
                )
                if (on_air or cue.startswith("obtained")) and not _outlet_like(
                    raw, acronyms=not cue.startswith("obtained")
                ):
                    # "speaking on Capitol Hill", "obtained by the FBI": a place or an agency, not a report.
                    continue
                end_of_credit = match.end()
                after = sentence.text[match.end("source") :]
                described = DESCRIBED_OUTLET.match(after)
                if described:
                    # "an interview with Fort Wayne television station WANE": the station is WANE.
                    raw, end_of_credit = described["name"], match.end("source") + described.end("name")
                elif BODY_AFTER_PLACE.match(after):
                    continue  # "revealed to Elkhart police": the town's police, a body and no outlet relied on
                if "_" in masked[match.start("source") : match.end("source")]:
                    continue
                if pattern is SOURCE_BEFORE_CREDIT and PLACE_BEFORE.search(masked[: match.start("source")]):
                    continue
                if cue.startswith(("told", "tells", "telling")) and raw.split()[-1].lower() in AUDIENCES:
                    continue
                if (match.group("cue") or "").lower() == "via" and (
                    PICTURE_CREDIT.search(masked[: match.start()]) or source_key(raw) in SOCIAL_MEDIA
                ):
                    # "(via Facebook)", "[image via Shutterstock]": where a picture or a post was found, no
                    # source relied on.
                    continue
                absolute = sentence.start + match.start("source")
                called_outlet = MEDIUM_BEFORE.search(masked[: match.start("source")]) is not None
                if cue in ASSERTING and not (
                    called_outlet or _is_anaphor(raw) or _outlet_like(raw, acronyms=True)
                ):
                    continue  # "Trump claims": a person's or a body's assertion, no report relied on
                if _is_anaphor(raw):
                    if latest_outlet is None:
                        continue
                    source = latest_outlet
                elif usable(raw, absolute, called_outlet):
                    source = display_source(raw)
                else:
                    continue
                # "reported by NBC News and The Washington Post": two outlets, each credited; "Health and Human
                # Services" or "Procter and Gamble" is one name.
                joined = source.split(" and ")
                sources = (
                    joined
                    if len(joined) == 2 and all(_outlet_like(p, acronyms=True) for p in joined)
                    else [source]
                )
                hits.extend(
                    (sentence.start + match.start(), sentence.start + end_of_credit, s) for s in sources
                )
        for programme in QUOTED_PROGRAMME.finditer(sentence.text):
            # The network when it is named, as "told CBS's 'Face the Nation'" credits CBS; else the programme.
            name = (programme["network"] or programme["source"]).strip()
            if programme["network"] is None and not _outlet_like(name, acronyms=False):
                continue  # "said on 'Sunday'": a programme is told by its network or by a broadcast's word
            if not usable(
                name, sentence.start + programme.start("network" if programme["network"] else "source")
            ):
                continue
            hits.append(
                (sentence.start + programme.start(), sentence.start + programme.end(), display_source(name))
            )
        for start, end, source in sorted(hits):
            if compact_key(source_key(source)) in own:
                continue  # "told the Evening Post" in the Evening Post: its own reporting, not a relay
            # One credit may name two outlets over one span; another credit inside a span found is the same.
            if any(
                a.start <= start < a.end and ((a.start, a.end) != (start, end) or a.source == source)
                for a in found
            ):
                continue
            scope = sorted(
                {sentence.index} | {s for s, origin in continues.items() if origin == sentence.index}
            )
            found.append(
                Attribution(
                    source=source,
                    article_id=article.id,
                    start=start,
                    end=end,
                    text=text[start:end],
                    sentences=scope,
                )
            )
            latest_outlet = source
    # Last, so that a sentence's own credit is the one ``compare`` takes first.
    wire = dateline_credit(article, sentences)
    if wire is not None:
        found.append(wire)
    return found


def attribution_content(
    annotated: AnnotatedArticle, attribution: Attribution
) -> tuple[tuple[int, int], ...] | None:
    """The clause a credit governs: its sentence without the credit phrase ("according to Reuters, X" → X).

    None when what is left is too short to be a statement (the credit is the whole sentence).
    """
    text = annotated.article.text
    sentence = next((s for s in annotated.sentences if s.start <= attribution.start < s.end), None)
    if sentence is None:
        return None
    before_end, after_start = attribution.start, attribution.end
    if SPOKEN_TO.match(attribution.text):
        # "Months later, Donald Trump tells Fox News anchor Megyn Kelly that people …": the words before the
        # credit say who spoke and when, and what was said opens at the "that" after whom they spoke to. When
        # nothing is said after the credit, it is the clause the writer closed before the speaker ('"…," Smith
        # told Reuters', "The plan failed, Smith told Reuters on Monday").
        told = OBJECT_THEN_THAT.match(text, attribution.end, sentence.end)
        if told:
            after_start = told.end()
        said_after = _trim_clause(text, after_start, sentence.end)
        if len(WORD.findall(text[said_after[0] : said_after[1]])) >= MIN_CONTENT_WORDS:
            before_end = sentence.start
        else:
            closed = CLAUSE_CLOSE.search(text, sentence.start, attribution.start)
            before_end = closed.start() if closed else sentence.start
    pieces = []
    for start, end in ((sentence.start, before_end), (after_start, sentence.end)):
        start, end = _trim_clause(text, start, end)
        if len(WORD.findall(text[start:end])) >= MIN_CONTENT_WORDS:
            pieces.append((start, end))
    return tuple(pieces) or None


# Credits that name the outlet someone spoke to, with the speaker before them ("told", "in an interview with").
SPOKEN_TO = re.compile(
    r"(?:told|tells|telling|said|says|confirmed|revealed|disclosed|speaking|in an interview|an interview|interview)\b"
)
# The last comma or closing quotation mark before a credit's speaker (at most eight words of them).
CLAUSE_CLOSE = re.compile(r"(?:,|[\"”](?:\s*,)?|'')(?=(?:\s+[\w'’.-]+){1,8}\s*$)")
# Whom the source was told to, then "that" ("told The Post and Courier newspaper of Charleston on Saturday that").
OBJECT_THEN_THAT = re.compile(r"(?:\s+[\w'’.,-]+){0,8}?\s+that\b")


def _trim_clause(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    lead = re.match(r"that\s+", text[start:end])
    if lead:
        start += lead.end()
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.!?—–-"):
        end -= 1
    return start, end
