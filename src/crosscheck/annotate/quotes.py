"""Quotes and speakers: direct, partial and reported speech, each credited to a resolved person or source.

Requires: an ``Article``, its ``Sentence``s and ``EntityMention``s. Produces: ``Quote``s and, per sentence, the
person its statement is credited to. Direct quotes: straight, curly and two-apostrophe marks, quotations split by
their cue, unclosed quotations that run on to the next paragraph, transcript turns ("PENCE: ..."), headline
labels ("Rubio: ..."), quotations introduced by the paragraph before ("He said:"), and vox-pops credited by
a dash after the quotation. Reported speech (``direct=False``):
"X said (that) ...", "..., X said", "..., X said, ...", "according to X, ...", participle cues (", saying ...")
and stance verbs ("vowed to ..."); then whatever the dependency parse finds under a learned cue that these left
uncovered ("called X a disgrace", "criticism of X", see ``syntax``). Speakers are resolved to a full name: a surname to the fullest name in the
article, a pronoun to the latest compatible speaker, a role description ("the alliance's chief") to the person
the article gives that title, else to the latest named speaker. A source that is no one person ("many voters",
"the poll", "Republicans") is credited as described and never enters the per-sentence person map; named
organisations and outlets are left to the attribution annotator.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from crosscheck.annotate.speech import (
    ANONYMITY,
    CALENDAR_WORDS,
    CUE,
    DATELINE,
    GROUP_NOUNS,
    LISTED_NOUNS,
    OPENING_WORDS,
    PLACE_DATELINE,
    PRONOUNS,
    RELATIVE_WHO,
    ROLE_NOUNS,
    TRAILING_WHEN,
    UNNAMED_PERSON,
    Cue,
    SpeakerKind,
    find_cues,
    mask_quotes,
    negation_before,
    plausible_source,
    report_content,
)
from crosscheck.clean import POST_AUTHOR, furniture_sentence, looks_like_headline
from crosscheck.model import AnnotatedArticle, Article, EntityMention, Quote, Sentence, TextRange

# Quoted segments shorter than this are scare quotes ("reset", "wake-up call"), not speech, unless the cue and its
# speaker follow the closing mark at once ('"No," she said.', '"You winning?" Austin said'): PolNeAR train
# content matches 12,554 → 12,561, relation 11,028 → 11,036.
MIN_QUOTE_WORDS = 3
# Parsed content shorter than this is left out. Short stance objects ("endorsed Trump") are real PolNeAR contents;
# the cue model (``syntax.cue_model``) weighs a reading's length, so one word is enough here.
MIN_PARSED_WORDS = 1
# A sentence this much covered by quotes already found is not parsed for more.
COVERED_SHARE = 0.5
# The longest cue clause after a quotation ('," Collins told MSNBC on Sunday.') for the paragraph to be the
# quotation and its cue alone.
MAX_CUE_AFTER = 120
# How far before its sentence's end a cue may stand to voice a quotation opening the next sentence ("…, Schiff
# said on Sunday.").
MAX_TRAILING_CUE = 16
# A sentence's end followed by more words: what follows a quotation is more than its cue clause.
NEXT_SENTENCE = re.compile(r"[.!?][\"'”’)]*\s+\S")
# The longest lead a colon closes ("17-year-old Jared Potts echoed:") in which a person introduces a quotation.
MAX_COLON_LEAD = 80
# An uncued quote this long is still reported, with no speaker, rather than lost.
MIN_UNCUED_QUOTE_WORDS = 6
INDIRECT_CUES = re.compile(
    r"^(?:said|says|told|tells|added|adds|explained|noted|stated|suggested|warned|argued|insisted|claimed|"
    r"confirmed|announced|declared|stressed|acknowledged|admitted|predicted|believes|thinks)$"
)
WORD = re.compile(r"[\w'’-]+")
BARE_CLAUSE_CUES = frozenset(
    {
        "said",
        "says",
        "added",
        "adds",
        "explained",
        "noted",
        "suggested",
        "warned",
        "argued",
        "insisted",
        "claimed",
        "believes",
        "thinks",
        "predicted",
    }
)
NOT_A_CLAUSE = re.compile(
    r"^\s+(?:during|in|on|at|to|with|after|before|of|for|by|from|as|while|when|last|this|earlier|later|"
    r"recently|yesterday|today|on|about|it\s+(?:was|is)\s+\w+ed\b)\b",
    re.IGNORECASE,
)
# A person's name read as a possessor ("Obama's strategist"): the role belongs to someone else.
POSSESSOR = re.compile(r"['’](?:s\b|(?=\s))")
POSSESSIVE_END = re.compile(r"['’]s?$")
_TITLE_WORDS = "|".join(re.escape(r) for r in sorted(ROLE_NOUNS, key=len, reverse=True))
ROLE_WORDS = re.compile(rf"\b(?:{_TITLE_WORDS})\b")
# How many title words may come before a sentence's subject ("Police chief John Doe", "Rep. Michael Grimm").
SUBJECT_MAX_OFFSET_WORDS = 4
# A sentence opening on a title alone, its subject: "The president hinted …", "The former secretary said …".
# A name after the title ("The President Donald Trump said") is the subject as named, and a verb follows a title
# standing alone, in lower case.
TITLED_SUBJECT = re.compile(
    rf"\s*[Tt]he\s+(?P<former>(?i:former|late)\s+)?(?P<role>(?i:{_TITLE_WORDS}))\s+(?=[a-z])"
)
SUBJECT_TITLE_WORDS = frozenset(
    "the former mr mrs ms dr rep sen gov lt sgt gen col capt det prof rev police state county city".split()
    # Adverbs that may open a sentence before its subject: "Even Anastasio is giddy."
    + "even also only now then but and so yet still".split()
    # One of a family told apart by age: "the younger Goodlatte", "the elder Bush".
    + "younger elder older".split()
)
# Someone who speaks for the person named after it: "a spokesperson for Conyers", "an attorney for Smith".
# The person may be described between: "An attorney for senior White House aide Jared Kushner said".
AGENT_OF = re.compile(
    rf"\b(?:[Aa]n?|[Tt]he)\s+(?:[\w'’-]+\s+){{0,2}}?(?:{_TITLE_WORDS}|publicist|agent)s?\s+(?:for|of|to)\s+"
    rf"(?:[\w'’.-]+\s+){{0,5}}$"
)
# People described by whom they are close to: no title anyone holds, so "the father said" is the father, not the
# person last quoted, and "his mother said" is his mother, though no one is named.
KIN = frozenset(
    "wife husband widow widower mother father son daughter brother sister niece nephew friend partner colleague "
    "fiancee fiancée fiance fiancé girlfriend boyfriend grandmother grandfather aunt uncle cousin parents".split()
)
KIN_OF = re.compile(r"^(?:his|her|their|my|our)\s+(?:[\w'’-]+\s+){0,2}?(?P<kin>[\w'’-]+)$", re.IGNORECASE)
# A title its holder no longer has: "former president Barack Obama" is not "the president" of the story.
FORMER = re.compile(r"\b(?:former|late|onetime|one-time)\b|\b(?:ex|then)-", re.IGNORECASE)
# A role phrase that sets its holder apart from the one the article titles so: "the original judge", "another
# senator", "the previous owner".
OTHER_HOLDER = re.compile(r"\b(?:original|previous|earlier|other|another|outgoing)\b", re.IGNORECASE)
# Titles and ranks written short before a name ("Rep. Steve King", "LAPD Det. Christopher Barling"): read past as
# honorifics, and never a person though the tagger may take one for a name.
ABBREVIATED_RANKS = frozenset(
    # "ACM Angus Houston": an Air Chief Marshal, as Australian and British papers abbreviate the rank.
    "mr mrs ms dr prof sen rep gov gen lt col sgt capt det insp supt cpl pvt rev acm adm maj cmdr cdr brig".split()
)
# Words that name an office whose holder's name may follow ("Public Defender Molly O'Neal", "Sheriff Alex
# Villanueva"), beside the role nouns.
OFFICE_WORDS = frozenset(
    "defender sheriff attorney prosecutor commissioner superintendent coroner registrar clerk judge mayor officer "
    "detective captain lieutenant sergeant deputy administrator manager treasurer auditor assessor".split()
)
# Nouns that end the name of an organisation rather than a person ("Sheriff's Office", "Registrar of Voters").
ORGANISATION_ENDS = frozenset(
    "office department agency bureau board council commission committee association authority service "
    "services district court voters".split()
)
TITLE_BEFORE_NAME = re.compile(rf"\b((?:[\w'’-]+\s+){{0,3}}?(?:{_TITLE_WORDS}))\s+$", re.IGNORECASE)


# The longest first paragraph read as a headline ('Poll: Trump Ties Clinton in a Three-Way Contest').
HEADLINE_WORDS = 25
# Labels that file a headline under a column or format ("The Latest: …", "Video: …"), not under a source.
HEADLINE_TAGS = frozenset(
    {
        "the latest",
        "latest",
        "editor's note",
        "editor’s note",
        "video",
        "watch",
        "update",
        "updated",
        "breaking",
        "breaking news",
        "exclusive",
        "analysis",
        "opinion",
        "live",
        "photos",
        "explainer",
        "fact check",
        "factbox",
    }
)
# A transcript's speaker goes on in the first person; "World War I" is no "I".
FIRST_PERSON = re.compile(r"\b(?:I(?=\s+[a-z]|['’])|[Mm]e|[Mm]y|[Ww]e|[Oo]ur|us)\b")
# Any speaker label opening a paragraph, a one-letter "Q:" included.
ANY_LABEL = re.compile(r"\s*[\"“]?[A-Z][\w.'’-]{0,20}(?:\s+[A-Z][\w.'’-]*){0,2}:\s")
# A transcript turn: a speaker's name in capitals and a colon opening the paragraph.
TRANSCRIPT_TURN = re.compile(r"[\"“]?([A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,2}):\s+(\S)")
NAME_COLON = re.compile(r"((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*):\s+(\S)")
LABEL_BEFORE = re.compile(
    r"(?:^|(?<=[.!?]\s))((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*)(?:\s+\([^()]{1,20}\))?:\s*$"
)
# A quotation credited by a dash and a name that end its paragraph ('"…" ― Esther Tapia').
# The name may run to an outlet's ("—The New York Times Book Review") and be followed by what the person is
# ("—Arianna Huffington, editor in chief of The Huffington Post"); a hyphen after a space serves as the dash
# ('"…" -Nulato Mayor Maurice McGinty, on the arrested man').
DASH_CREDIT = re.compile(
    r"[\s,]*(?:[―—–]|(?<=[\s\"”])-)\s*([A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|of|the|and|for|&)){0,6}?)"
    # What the person is, never a sentence of its own: '"It is over" — Meanwhile, the markets fell.' is no credit.
    r"(?:,\s[^\"“”.!?]{1,160})?\.?\s*$"
)
HONORIFICS = re.compile(
    rf"^(?:(?:{'|'.join(sorted(ABBREVIATED_RANKS))}|sir|dame|lord|lady|mayor|judge|{_TITLE_WORDS})\.?\s+)+",
    re.IGNORECASE,
)


def strip_titles(name: str) -> str:
    """A speaker's name without leading titles and trailing punctuation ("Mayor Ana Ruiz." → "Ana Ruiz")."""
    name = name.strip().rstrip(".,;:")
    stripped = HONORIFICS.sub("", name)
    return stripped if stripped else name


@dataclass(frozen=True)
class QuotedSegment:
    start: int
    end: int
    open_mark: int
    close_mark: int | None


def quoted_segments(text: str, start: int, end: int) -> list[QuotedSegment]:
    """Quoted stretches of one paragraph. An unclosed quote runs to the paragraph end (the quote continues)."""
    if not DOUBLE_MARK.search(text, start, end) and "''" not in text[start:end]:
        return _single_marked(text, start, end)
    segments: list[QuotedSegment] = []
    i = start
    while i < end:
        ch = text[i]
        if text.startswith("''", i) and (i == start or not text[i - 1].isalnum()):
            # Some wires and archives write quotation marks as two apostrophes.
            close = text.find("''", i + 2, end)
            if close > 0:
                segments.append(QuotedSegment(i + 2, close, i, close))
                i = close + 2
                continue
        if ch == "“" or (ch == '"' and (i == start or not text[i - 1].isalnum())):
            j = i + 1
            # A double mark closes it, or, after a straight one, two apostrophes where a wire or a corpus closes
            # with them ("In the end, … like the banks, '' said 32-year-old protester Paris Kyriakides"): after
            # the remark's last punctuation and before a space, not an inch mark ("2''x4''").
            while j < end and text[j] not in '”"' and not (ch == '"' and _wire_close(text, j, end)):
                j += 1
            if j < end and reopens(text, j):
                # A quotation that runs on into the next paragraph of a text printed without paragraphs:
                # it ends where the next one opens, unclosed, as at a paragraph's end.
                segments.append(QuotedSegment(i + 1, j, i, None))
                i = j
                continue
            if j == end:
                # No double mark closes it: some papers close a quotation with two right single marks
                # (“Evil Dead’’) or a double prime. Inside one that a double mark closes, the same signs are a
                # height (6′2″) or a quotation within the quotation.
                j = i + 1
                while j < end and text[j] != "″" and not text.startswith("’’", j):
                    j += 1
            if j < end:
                segments.append(QuotedSegment(i + 1, j, i, j))
                i = j + (2 if text.startswith(("’’", "''"), j) else 1)
                continue
            segments.append(QuotedSegment(i + 1, end, i, None))
            break
        i += 1
    return segments


DOUBLE_MARK = re.compile(r"[\"“”″]")
# A left single mark opens a quotation after a space, a bracket, a colon or a dash, before a word ('‘Don’t
# worry’), never before a figure ('‘90s). A straight one, which is as often an apostrophe, opens one only before a
# capital ("said: 'Barack really thinks …'").
SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[:—–-]))(?:‘(?=[^\W\d_]|\.\.\.|…)|'(?=[A-Z]))", re.MULTILINE)
# A right single mark that closes one: before anything but a letter or a figure, so not the apostrophe of
# "don’t"; after an "s" and before a lowercase word it is a plural's possessive ("the players’ union", "the
# Kardashians' show"). A straight one closes a title as often as a remark ("the 'Late Show' host's trip").
SINGLE_CLOSE = {"‘": re.compile(r"’(?![^\W_])"), "'": re.compile(r"'(?![^\W_])")}
PLURAL_POSSESSIVE = re.compile(r"(?<=[sS])[’'](?=\s+[a-z])")


def _single_marked(text: str, start: int, end: int) -> list[QuotedSegment]:
    """Quotations marked by single marks (‘…’, or straight ones), as British papers print them, in a paragraph
    with no double mark. A curly opening mark that nothing closes runs to the paragraph's end when a capital
    follows it (a quotation that goes on in the next paragraph); else it is a stray mark."""
    segments: list[QuotedSegment] = []
    at = start
    while True:
        opening = SINGLE_OPEN.search(text, at, end)
        if opening is None:
            return segments
        i = opening.start()
        close = next(
            (
                m.start()
                for m in SINGLE_CLOSE[text[i]].finditer(text, i + 2, end)
                if not PLURAL_POSSESSIVE.match(text, m.start())
            ),
            None,
        )
        if close is None:
            # A straight mark left open is as likely an apostrophe: only a curly one runs on.
            if text[i] == "‘" and text[i + 1 : i + 2].isupper():
                segments.append(QuotedSegment(i + 1, end, i, None))
            return segments
        segments.append(QuotedSegment(i + 1, close, i, close))
        at = close + 1


def _sentence_cues(sentence: str, opens_inside: bool) -> list[Cue]:
    """The sentence's cues; for a sentence that opens inside a quotation, read as if its opening mark stood
    before it, so that the mark closing the quotation closes it."""
    if not opens_inside:
        return find_cues(sentence)
    return [
        replace(
            cue,
            start=cue.start - 1,
            end=cue.end - 1,
            speaker_start=cue.speaker_start - 1 if cue.speaker_start >= 0 else -1,
            speaker_end=cue.speaker_end - 1 if cue.speaker_end >= 0 else -1,
        )
        for cue in find_cues('"' + sentence)
    ]


def _wire_close(text: str, at: int, end: int) -> bool:
    """Whether two apostrophes at ``at`` close a quotation the way wires and tokenised corpora print it:
    "…banks, '' said", "treated as "potentially suspicious '' ."; not an inch mark ("2''x4''")."""
    return (
        text.startswith("''", at)
        and (at + 2 >= end or text[at + 2].isspace())
        and (text[at - 1 : at] in (",", ".", "!", "?", " "))
    )


def reopens(text: str, at: int) -> bool:
    """Whether the straight double mark at ``at`` opens a quotation although one is open: it follows a sentence's
    end and a space and touches the next word ('… a reboot. "This fix …'). A closing mark touches the sentence
    it closes, or, in tokenised text, has a space on both sides."""
    return (
        text[at : at + 1] == '"'
        and text[at + 1 : at + 2].isupper()
        and text[at - 1 : at].isspace()
        and text[at - 2 : at - 1] in (".", "!", "?")
    )


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "“\"'"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:”\"'"):
        end -= 1
    return start, end


def _given_and_family(name: str) -> frozenset[str]:
    """A name's words without initials ("Donald J. Trump" → {"donald", "trump"})."""
    return frozenset(w.strip(".").lower() for w in name.split() if len(w.strip(".")) > 1)


def people_among(names: Sequence[str]) -> list[list[str]]:
    """Names grouped into people: names whose words one holds all of are one person ("Hillary Clinton",
    "Crooked Hillary Clinton"; "Donald Trump", "Donald J. Trump"); "Salah Ali" and "Areej Ali" are two."""
    people: list[list[str]] = []
    for name in sorted(names, key=len):
        words = _given_and_family(name)
        for forms in people:
            if any(_given_and_family(form) <= words or words <= _given_and_family(form) for form in forms):
                forms.append(name)
                break
        else:
            people.append([name])
    return people


CONTRACTION = re.compile(r"(?:I|We|You|They|He|She|It)['’]\w+$")
# The words between a person's name and a pronoun inside the relative clause that follows the name.
RELATIVE_CLAUSE_SO_FAR = re.compile(r",\s+who\s+[^,;.!?\"“”\n]{0,80}$")
# A role picked out by the clause after it, with no comma between: "the officer who fired the shot".
RESTRICTIVE_WHO = re.compile(r"(?<!,)\s+who\b")
SPOKESPEOPLE = frozenset({"spokesman", "spokeswoman", "spokesperson"})
# Someone described who gave a name: "a man who identified himself as Angelo L.", "a woman who gave her name only as
# Maria".
NAME_GIVEN = re.compile(
    r",?\s+who\s+(?:identified|gave|introduced)\s+(?:himself|herself|themselves|his\s+name|her\s+name|their\s+name)"
    r"\s+(?:only\s+)?as\s+(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*\.?)*)"
)
# A document named by whom it is aimed at: "the lawsuit against AR-15 manufacturer Bushmaster", "a complaint
# about Mr. Smith".
AIMED_AT = re.compile(
    r"^\W*(?:the|a|an|this|that)\s+(?:[\w'’-]+\s+){0,2}?(?:lawsuit|suit|complaint|report|letter|filing|indictment"
    r"|petition|memo|investigation|inquiry|probe|motion|ruling)\s+(?:filed\s+)?(?:against|about|over|into|on|targeting)\b",
    re.IGNORECASE,
)
# The article's "the" right before a capitalised name: a body's name ("The Observatory"), not a person's.
THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
# Roles whose holder a story calls in for what they do, rarely the person it follows: when the article names no
# one so, "the judge" or "the witness" speaks as described.
CALLED_IN = frozenset(
    "source sources judge lawyer attorney prosecutor doctor witness resident expert analyst researcher economist "
    "scientist professor investigator pollster neighbor neighbour".split()
)
# The last word of a building's, a place's or a body's name the tagger may take for a person's ("Trump Tower"):
# such a name is nobody's full name, however it opens.
NAMED_PLACE_NOUNS = frozenset(
    """
    tower towers hotel building center centre plaza square street avenue park foundation organization
    administration university college school hospital airport station bridge stadium arena hall group
    institute company campaign inc corp
    """.split()
)
# Entity labels the tagger gives a first name it takes for a place.
FIRST_NAME_PLACES = frozenset({"GPE", "LOC", "FAC"})
# A description the article says stands for someone unnamed.
UNNAMED_AFTER = re.compile(
    r",\s+who\s+(?:asked|requested|spoke|declined|did\s+not\s+want|was\s+not\s+authori[sz]ed|is\s+not\s+authori[sz]ed)"
    r"\b[^.]{0,40}?\b(?:named|identified|anonymity|anonymously)\b"
)
# A sentence's opening adverbial, before its subject: "On Thursday, in an interview with CNN's Bill Weir, Bundy was
# asked …" is about Bundy, not Weir. Openers are prepositions, adverbs and participles, each phrase up to a comma.
OPENING_PHRASE = re.compile(
    # A time measured from a moment opens as "before" or "after" does: "A day before he tweeted …, the younger
    # Goodlatte had requested donations".
    r"(?:\s*(?:(?:(?i:(?:(?:a|an|one|two|three|four|five|six|several|a few|\d+)\s+(?:minute|hour|day|week|"
    r"month|year)s?\s+(?:after|before))|on|in|at|after|before|during|since|later|"
    + "|".join(sorted(w.lower() for w in OPENING_WORDS))
    + r")\b)[^,\"“”]{0,80}"
    # A subordinate clause, which runs longer: "As he held out the prospect of a deal with Mr. Kim, Mr. Trump
    # repeated his vow" is about Mr. Trump.
    + r"|(?i:as|when|while|although|though|because|if|once|whereas)\s[^,\"“”]{0,140}),)+\s*"
)


# A country named right after a titled name: "President Emmanuel Macron of France".
COUNTRY_AFTER_NAME = re.compile(r"\s+of\s+(?:the\s+)?[A-Z]")
# The offices every country has one of, which a country's name before them ("French President") or after the
# name ("… of France") marks as another country's.
NATIONAL_ROLES = frozenset({"president", "prime minister", "chancellor"})
# What shows a person's pronoun: an honorific right before the name, and "he" or "she" reporting right after the
# person's own cue.
HONORIFIC_BEFORE = re.compile(r"\b(?P<title>Mr|Mrs|Ms|Miss)\.?\s+$")
SUBJECT_PRONOUN = re.compile(
    r"(?:,[^,.;:!?\"“”]{0,80},)?\s+(?:\w+ly\s+)?(?:said|says|added|adds|insisted|explained|argued|wrote|noted)"
    r"\s+(?:that\s+)?(?P<pronoun>he|she)\b"
)
GENDER_REACH = 120
# A name in apposition right after a role: "a neighbour, Mary Jones,".
APPOSED_NAME = re.compile(r",\s+(?:[A-Z][\w'’.-]*\s+)+[A-Z][\w'’.-]*\s*[,.]")


@dataclass
class SpeakerResolver:
    """Maps what an article calls a speaker to a person's fullest name."""

    article: Article
    persons: list[EntityMention]
    others: list[EntityMention] = field(default_factory=list)
    # role noun → (where the titled name stands, the name, whether the title was a former one)
    # role noun → (where the titled name stands, the name, whether the title was a former one, whether it named a
    # country: "French President Emmanuel Macron", "President Emmanuel Macron of France")
    titles: dict[str, list[tuple[int, str, bool, bool]]] = field(default_factory=dict)
    recent: list[tuple[int, str]] = field(default_factory=list)
    # Where an organisation or a body spoke, and as whom: what a later "it said" stands for (``latest_body``).
    bodies: list[tuple[int, str]] = field(default_factory=list)
    # Where people spoke together ("Trump and Abe said"), and who: what a later "they said" stands for.
    together: list[tuple[int, str]] = field(default_factory=list)
    # Where a person opens a sentence outside quotation marks (its likely subject), and who: "he said" after
    # "Rep. Michael Grimm (R-N.Y.), also appearing on the show, said …" is Grimm, though no cue was read there.
    subjects: list[tuple[int, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._starts = [p.start for p in self.persons]
        self._apart: frozenset[str] | None = None
        self._genders: dict[str, str] | None = None
        self._named_persons: dict[str, bool] = {}
        self._opened: dict[str, str] = {}
        self._masked: str | None = None
        for person in self.persons:
            before = self.article.text[max(0, person.start - 60) : person.start]
            title = TITLE_BEFORE_NAME.search(before)
            if title:
                # Keyed by the role noun alone: "the calls by President X" must not make "the" a title.
                former = bool(FORMER.search(title.group(1)))
                for role in ROLE_WORDS.findall(title.group(1).lower()):
                    before_role = title.group(1)[: title.group(1).lower().rfind(role)]
                    abroad = role in NATIONAL_ROLES and bool(
                        re.search(r"\b[A-Z][\w.]*\s*$", before_role)
                        or COUNTRY_AFTER_NAME.match(self.article.text, person.end)
                    )
                    self.titles.setdefault(role, []).append(
                        (person.start, self.full_name(person.text), former, abroad)
                    )

    def full_name(self, name: str, position: int | None = None) -> str:
        """The fullest person name in the article that ends with this name ("Stoltenberg" → "Jens Stoltenberg").

        A name of several words extends only to names ending with all of them ("Bill Clinton" never becomes
        "Hillary Clinton"). Among the longer forms the one the article uses most wins, then the longest: an
        epithet quoted once ("Crooked Hillary Clinton") does not rename the person. When the longer forms are
        different people of one family name ("Salah Ali" and the baby "Areej Ali"), "Ali" at ``position`` is
        the one of them last a sentence's subject before it, else the one named last.
        """
        name = re.sub(r"['’]s$", "", name.strip())
        tokens = name.split()
        if len(tokens) > 1 and tokens[0].rstrip(".").lower() in ABBREVIATED_RANKS:
            # "ACM Houston", "Sgt. Bright": the rank the tagger took into the name is no part of it.
            tokens = tokens[1:]
            name = " ".join(tokens)
        if not tokens:
            return name
        uses: dict[str, int] = {}
        last_before: dict[str, int] = {}
        for person in self.persons:
            candidate = re.sub(r"['’]s$", "", person.text)
            words = candidate.split()
            if len(words) >= len(tokens) and words[-len(tokens) :] == tokens:
                uses[candidate] = uses.get(candidate, 0) + 1
                if position is not None and person.start < position:
                    last_before[candidate] = person.start
        longer = [candidate for candidate in uses if len(candidate) > len(name)]
        if len(tokens) == 1:
            longer = [candidate for candidate in longer if candidate not in self._beside_family_name()]
        if not longer and len(tokens) == 1:
            return self._name_it_opens(name)
        if not longer:
            return name
        if position is not None:
            people = people_among(longer)
            named = [forms for forms in people if any(form in last_before for form in forms)]
            if not named:
                # "said Pasztor" before any Pasztor is named in full: in a story of a mother and her son, the son
                # named later was the wrong guess. The name stays as the article gives it here.
                return name
            if len(people) > 1:
                # The one last heard of as a sentence's subject, then the one named last: "Dunn wrote" after "his
                # parents, Phillip and Sandra Dunn" is still Michael Dunn, of whom the sentences were telling.
                subjects = [(at, who) for at, who in self.subjects if at < position]

                def recency(forms: list[str]) -> tuple[int, int]:
                    heard = max((at for at, who in subjects if who in forms), default=-1)
                    return heard, max(last_before.get(form, -1) for form in forms)

                longer = max(named, key=recency)
        best = max(longer, key=lambda candidate: (uses[candidate], len(candidate)))
        # The name as written stands when the article uses it more often than any longer form.
        return name if uses.get(name, 0) > uses[best] and len(tokens) > 1 else best

    def named_in_apposition(self, role: str) -> str | None:
        """The one person the article names right after "the <role>," ("the district attorney, Dolores Carr,",
        "Hayes's attorney, John Fuller"), wherever in the article; None when no one or two people are named so, or
        the role is a former or another holder's ("the former district attorney, …")."""
        text = self.article.text
        named: set[str] = set()
        for person in self.persons:
            before = text[max(0, person.start - 60) : person.start]
            found = re.search(
                rf"\b(?:[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[A-Z][\w-]*['’]s?)\s+(?P<words>(?:[\w'’-]+\s+){{0,3}}?)"
                rf"{re.escape(role)},\s*$",
                before,
            )
            if found and not (FORMER.search(found["words"]) or OTHER_HOLDER.search(found["words"])):
                named.add(self.full_name(person.text, person.start))
        return next(iter(named)) if len(named) == 1 else None

    def introduced_unnamed(self, role: str, position: int) -> bool:
        """Whether the article brings in someone by ``role`` with no name before ``position``: "An unknown
        witness", "a neighbour", not "a neighbour, Mary Jones," nor "Jane Doe, a neighbour"."""
        text = self.article.text
        for found in re.finditer(
            rf"\b(?:[Aa]n?|[Oo]ne|[Aa]nother)\s+(?:[\w'’.-]+\s+){{0,2}}?{re.escape(role)}\b", text[:position]
        ):
            appended = text[found.start() - 2 : found.start()] == ", " and any(
                p.end == found.start() - 2 for p in self.persons
            )
            if appended or APPOSED_NAME.match(text, found.end()):
                # "Jane Doe, a neighbour", "a neighbour, Mary Jones,": named. A clause's subject after a comma
                # ("… from radar, a U.S. official told CNN") is not.
                continue
            if not any(p.start < found.end() and found.start() < p.end for p in self.persons):
                return True
        return False

    def described_as(self, role: str, position: int) -> str | None:
        """The person last described by ``role`` in apposition before ``position``: "John Kirby, a spokesman for
        the Navy"."""
        text = self.article.text
        found = None
        for person in self.persons:
            if person.start >= position:
                break
            apposition = re.match(
                rf",\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){{0,3}}?{re.escape(role)}\b", text[person.end :]
            )
            if apposition:
                found = self.full_name(person.text, person.start)
        return found

    def _beside_family_name(self) -> frozenset[str]:
        """Full names the article sets beside someone called by the same family name alone, in one sentence:
        in "President Trump and Melania Trump, the first lady, welcomed …" the first lady is not the "Mr. Trump"
        quoted for the rest of the article."""
        if self._apart is None:
            text = self.article.text
            alone: dict[str, list[EntityMention]] = {}
            for person in self.persons:
                words = re.sub(r"['’]s$", "", person.text).split()
                if len(words) == 1:
                    alone.setdefault(words[0], []).append(person)
            apart = set()
            for person in self.persons:
                words = re.sub(r"['’]s$", "", person.text).split()
                if len(words) < 2:
                    continue
                for other in alone.get(words[-1], []):
                    near = text[min(person.start, other.start) : max(person.end, other.end)]
                    if len(near) <= SAME_SENTENCE_REACH and not SENTENCE_END.search(near):
                        apart.add(" ".join(words))
            self._apart = frozenset(apart)
        return self._apart

    def persons_together(self, start: int, end: int) -> str | None:
        """Two or three people a phrase joins by "and" ("Trump and Abe", "Malcolm Turnbull and the country's Trade
        Minister Steven Ciobo"), by their fullest names: they spoke together. None for one person, or none."""
        text = self.article.text
        if " and " not in text[start:end] or SERVED_LIST_BEFORE.search(text, max(0, start - 100), start):
            # "Attorneys for Donald Trump Jr., Paul Manafort and Rick Gates said": the list is whom they serve.
            return None
        named: list[str] = []
        last_end = -1
        for person in self.persons:
            if start <= person.start and person.end <= end:
                if not named and SERVING_BEFORE.search(text, start, person.start):
                    return None  # "attorneys for Trump Jr., Manafort and Gates": whom the speakers serve
                if named and not JOINED_NEXT.fullmatch(text, last_end, person.start):
                    # "Trump's lawyer Rudy Giuliani" is one person; "Cohen, and descriptions in a book by Comey"
                    # runs on past the subject.
                    return None
                name = self.full_name(person.text, person.start)
                if name not in named:
                    named.append(name)
                last_end = person.end
        if not 2 <= len(named) <= 3:
            return None
        return ", ".join(named[:-1]) + " and " + named[-1]

    def _paragraph_before(self, position: int) -> int:
        """Where the paragraph before the one holding ``position`` starts (0 in the first): how far back a
        statement's introduction, a body's or a pair's voice reaches for a later "the statement", "it" or "they"."""
        starts = [p.start for p in self.article.paragraphs if p.start <= position]
        return starts[-2] if len(starts) >= 2 else 0

    def latest_together(self, position: int) -> str | None:
        """Whom "they said" at ``position`` stands for: the people who last spoke together, in the same paragraph
        or the one before, when no one has spoken alone since ("Turnbull and Ciobo welcomed the exemption …
        '…,' they said in a statement"). Otherwise "they" is a group the article may not name."""
        reach = self._paragraph_before(position)
        heard = [(at, names) for at, names in self.together if reach <= at < position]
        if not heard or any(heard[-1][0] < at < position for at, _ in self.recent):
            return None
        return heard[-1][1]

    def person_in(self, start: int, end: int) -> str | None:
        for person in self.persons:
            if person.start < end and start < person.end:
                return self.full_name(person.text, person.start)
        return None

    def _name_it_opens(self, name: str) -> str:
        """The full name a single name opens, when it ends none and opens one person's only: a family name
        written first ("Kim" of "Kim Jong Un", "Moon" of "Moon Jae-in"), or a first name used alone ("Bernie")."""
        if name in self._opened:
            return self._opened[name]  # full_name asks for every cue and every sentence's subject
        opened: dict[str, int] = {}
        for person in self.persons:
            words = re.sub(r"['’]s$", "", person.text).split()
            if len(words) >= 2 and words[0] == name and words[-1].lower() not in NAMED_PLACE_NOUNS:
                opened[" ".join(words)] = opened.get(" ".join(words), 0) + 1
        people = people_among(list(opened))
        full = max(people[0], key=lambda form: (opened[form], len(form))) if len(people) == 1 else name
        self._opened[name] = full
        return full

    def named_body(self, phrase: str, position: int) -> str | None:
        """The organisation a "the X" phrase stands for: the last one named before ``position`` whose name ends
        in X ("the agency" after "the Korean Central News Agency", "the ministry" after "the Foreign Ministry")."""
        noun = BODY_ANAPHOR.fullmatch(phrase)
        if noun is None:
            return None
        word = noun.group(1).lower()
        for mention in reversed(self.others):
            words = mention.text.split()
            if (
                mention.start < position
                and mention.label == "ORG"
                and len(words) > 1
                and words[-1].lower() == word
            ):
                return re.sub(r"^[Tt]he\s+", "", mention.text)
        return None

    def statement_author(self, position: int) -> str | None:
        """Who issued the statement an article last introduced before ``position`` ("The White House issued a
        statement", "In a statement …, Kim Jong Un promised", "a statement from Judiciary Chairman Bob Goodlatte"):
        the person named there, else the organisation as named; None when no statement was introduced."""
        # The statement is introduced in the same paragraph or the one before: further back, another source has
        # usually spoken since ("The French foreign ministry said …. The statement added …" is the ministry's).
        window = max(0, position - STATEMENT_REACH, self._paragraph_before(position))
        found = None
        for pattern in STATEMENT_INTRODUCED:
            for match in pattern.finditer(self.article.text, window, position):
                if found is None or match.start("author") > found.start("author"):
                    found = match
        if found is None:
            return None
        since = mask_quotes(self.article.text[found.end() : position])
        later = re.search(r"[.!?]\s", since)
        if later and CUE.search(since, later.end()):
            return None  # someone has spoken since, whose words "the statement" may be
        person = self.person_in(found.start("author"), found.end("author"))
        if person:
            return person
        # Of the capitalised runs, the last is the name a description leads up to ("North Korean leader Kim").
        names = [m.group(0) for m in NAMED_AUTHOR.finditer(found.group("author"))]
        return names[-1] if names else None

    def latest_body(self, position: int) -> str | None:
        """Whom "it said" at ``position`` stands for: the organisation or body that last spoke before it, in the
        same paragraph or the one before ("The European Commission said … '…,' it said in a statement"). Further
        back, "it" is as likely a report or a plan the writer has turned to."""
        # An organisation or a country that is the sentence's subject is nearer still: "Israel presented on Monday
        # what it said was evidence", "In a trade battle with China, the United States threatened tariffs in
        # retaliation for what it argues …". Another named in the sentence is not: "… on Chinese goods".
        text = self.article.text
        sentence = max(
            (
                m.end()
                for m in SENTENCE_END.finditer(text, max(0, position - SAME_SENTENCE_REACH * 3), position)
            ),
            default=0,
        )
        dateline = DATELINE.match(text, sentence, position) or PLACE_DATELINE.match(text, sentence, position)
        sentence = dateline.end() if dateline else sentence
        opening = OPENING_PHRASE.match(self._masked_text(), sentence, position)
        subject = opening.end() if opening else sentence
        # The tagger's entity may or may not take in the article ("the United States").
        article_word = re.match(r"(?:[Tt]he\s+)?", text[subject:position])
        subjects = {subject, subject + (len(article_word.group(0)) if article_word else 0)}
        for entity in self.others:
            if entity.start in subjects and entity.end <= position and entity.label in BODY_LABELS:
                return entity.text
        reach = self._paragraph_before(position)
        heard = [(at, body) for at, body in self.bodies if at < position]
        if not heard or heard[-1][0] < reach:
            return None
        return heard[-1][1]

    def _possessive(self, start: int, end: int) -> bool:
        """Whether the first person named in ``start:end`` is named as a possessor ("Obama's strategist")."""
        person = next((p for p in self.persons if p.start < end and start < p.end), None)
        if person is None:
            return False
        return bool(POSSESSIVE_END.search(person.text) or POSSESSOR.match(self.article.text, person.end))

    def _person_after_possessor(self, start: int, end: int) -> str | None:
        inside = [p for p in self.persons if p.start < end and start < p.end]
        return self.full_name(inside[1].text, inside[1].start) if len(inside) > 1 else None

    def is_known_person(self, name: str) -> bool:
        last = name.split()[-1:] if name.split() else []
        return any(
            p.text.split()[-1:] == last or re.sub(r"['’]s$", "", p.text).split()[-1:] == last
            for p in self.persons
        )

    def title_holder(self, role: str, position: int, former: bool) -> str | None:
        """Who "the president" (or "the former president") is at this point: the last person titled so before
        it, else the first after. "The president said" is not "former president Barack Obama" named later on."""
        titled = [(at, name, abroad) for at, name, was, abroad in self.titles.get(role, []) if was == former]
        # A title the article gives without a country is the one its bare "the president" means: in a story of
        # President Trump hosting "President Emmanuel Macron of France", the president is Trump.
        home = [(at, name) for at, name, abroad in titled if not abroad]
        holders = home or [(at, name) for at, name, _ in titled]
        before = [name for at, name in holders if at < position]
        if before:
            return before[-1]
        return holders[0][1] if holders else None

    def note_subjects(self, sentences: Sequence[Sentence]) -> None:
        """Record the first person each sentence names outside quotation marks, unless named as a possessor."""
        article_masked = self._masked_text()
        for sentence in sentences:
            # Masked by paragraph, not sentence by sentence: a quotation of several sentences ('"Mike Pompeo met
            # with Kim last week. Meeting went smoothly," he tweeted') leaves its first sentence with an opening
            # mark alone, which a sentence's own masking would not read as a quotation.
            masked = article_masked[sentence.start : sentence.end]
            opening = OPENING_PHRASE.match(masked)
            clause = opening.end() if opening else 0
            # "While Mr. Abe lavished praise on Mr. Trump for the campaign, which he said …, he did not repeat …":
            # an opening subordinate clause's subject is a subject too, before the main clause's.
            subordinate = SUBORDINATE_SUBJECT.match(masked) if opening else None
            if subordinate is not None:
                self._note_subject(sentence, masked, subordinate.end(), clause, titles=False)
            self._note_subject(sentence, masked, clause, len(masked))

    def _note_subject(
        self, sentence: Sentence, masked: str, clause: int, stop: int, titles: bool = True
    ) -> None:
        """Record the person opening the clause from ``clause`` (before ``stop``) of a sentence, if any; with
        ``titles``, also the holder of a title opening it alone."""
        opening_title = TITLED_SUBJECT.match(masked, clause, stop) if titles else None
        if opening_title is not None:
            # "The president hinted that …. He denied …": the holder of the title opens the sentence, and is the
            # next "he" (it had been whoever was named before). Not in an opening subordinate clause: in "When
            # the director replied that it was, the White House chief of staff asked …", the one who asks is
            # read from the main clause.
            holder = self.title_holder(
                opening_title["role"].lower(), sentence.start + clause, former=bool(opening_title["former"])
            )
            if holder is not None:
                self.subjects.append((sentence.start + opening_title.start("role"), holder))
                return
        # Persons are in text order: only those from the sentence's start on are looked at.
        for person in self.persons[bisect_left(self._starts, sentence.start) :]:
            offset = person.start - sentence.start
            if person.start >= sentence.end or offset >= stop:
                break
            if masked[offset] == "_" or offset < clause:
                continue  # quoted (the speaker's words), or inside the opening adverbial: not the subject
            # A subject opens its sentence; "…," he said, alluding to what Fallin had mentioned' does not
            # make Fallin the next "he".
            before = WORD.findall(masked[clause:offset].replace("_", ""))
            # Only titles may come before a subject ("Rep. Michael Grimm", "Police chief John Doe"): not a
            # verb ("Officers arrested Mark Smith") nor a preposition ("Like Barack Obama before him").
            titled = [
                word.lower() in SUBJECT_TITLE_WORDS or bool(ROLE_WORDS.fullmatch(word.lower()))
                for word in before
            ]
            # An organisation's name may stand before the role ("NWSL Commissioner Jeff Plush", "Reign coach
            # Laura Harvey"): capitalised words, then the role right before the name.
            opens = len(before) <= SUBJECT_MAX_OFFSET_WORDS and (
                all(titled)
                or (
                    bool(ROLE_WORDS.fullmatch(before[-1].lower()))
                    and all(t or word[:1].isupper() for word, t in zip(before, titled, strict=True))
                )
            )
            reports = REPORTED_BY.match(masked[person.end - sentence.start :].lstrip())
            if opens and not reports and not self._possessive(person.start, person.end):
                self.subjects.append((person.start, self.full_name(person.text, person.start)))
            break

    def _relative_clause_subject(self, position: int) -> str | None:
        """The person a relative clause holding ``position`` follows: in "Sean Hannity, who has ripped what he
        called …", "he" is Hannity, whoever spoke last."""
        index = bisect_right(self._starts, position) - 1
        if index < 0:
            return None
        person = self.persons[index]
        between = self.article.text[person.end : position]
        return self.full_name(person.text, person.start) if RELATIVE_CLAUSE_SO_FAR.match(between) else None

    def latest_speaker(self, position: int, pronoun: str | None = None) -> str | None:
        """Whom a pronoun at ``position`` stands for: the last speaker heard, unless a sentence since opened on
        another person. For "he" or "she", only a person the article does not show to be the other (a woman
        had taken a man's "he said" because she spoke last)."""

        def fits(name: str) -> bool:
            return pronoun is None or (self.gender_of(name) in (None, pronoun) and self.names_a_person(name))

        subject = next(
            ((at, name) for at, name in reversed(self.subjects) if at < position and fits(name)), None
        )
        for at, name in reversed(self.recent):
            if at <= position and fits(name):
                return subject[1] if subject and subject[0] > at else name
        last_heard = max((at for at, _ in self.recent if at <= position), default=-1)
        if subject and subject[0] > last_heard:
            return subject[1]
        if last_heard >= 0:
            # Everyone heard so far is the other: the one meant was never heard, and a person merely named
            # earlier is a guess; no speaker is better than a wrong one.
            return None
        # The last person named before the pronoun, outside quotation marks: in '"Mike Pompeo met with Kim last
        # week," he tweeted', the name opening the quotation is whom the speaker spoke of, not the speaker.
        masked = self._masked_text()
        for person in reversed(self.persons[: bisect_right(self._starts, position)]):
            if masked[person.start] != "_":
                name = self.full_name(person.text)
                return name if fits(name) else None
        return None

    def _masked_text(self) -> str:
        """The article with every quotation masked (``mask_quotes``), paragraph by paragraph, read once. Masked
        whole, one stray mark would pair every later quotation mark wrongly."""
        if self._masked is None:
            text = self.article.text
            masked = list(text)
            for paragraph in self.article.paragraphs:
                masked[paragraph.start : paragraph.end] = mask_quotes(text[paragraph.start : paragraph.end])
            self._masked = "".join(masked)
        return self._masked

    def gender_of(self, name: str) -> str | None:
        """Whether the article shows the person as "he" or "she"; None when it does not."""
        if self._genders is None:
            self._genders = self._read_genders()
        return self._genders.get(name)

    def _read_genders(self) -> dict[str, str]:
        """Each person's pronoun, as the article shows it: an honorific before the name ("Mr.", "Ms."), two votes,
        or "he" or "she" right after the person's own cue ("Rubilio Mendez said he fled …", "Warren, a Democrat,
        said she …"), outside quotation marks and before another person is named, one vote. A person the
        evidence splits on gets none. The first "he" or "she" anywhere after a name was tried: it took the
        pronoun of whoever else the sentence spoke of ("Warren asked whether he would resign")."""
        masked = self._masked_text()
        votes: dict[str, Counter[str]] = {}
        full_names: dict[str, set[str]] = {}
        for person in self.persons:
            if len(person.text.split()) >= 2:
                full_names.setdefault(person.text.split()[-1], set()).add(person.text)
        for n, person in enumerate(self.persons):
            if len(person.text.split()) == 1 and len(full_names.get(person.text, ())) > 1:
                continue  # "Trump" beside Donald and Ivanka Trump: whose evidence it is cannot be told
            name = self.full_name(person.text, person.start)
            honorific = HONORIFIC_BEFORE.search(self.article.text, max(0, person.start - 6), person.start)
            if honorific:
                votes.setdefault(name, Counter())["he" if honorific["title"] == "Mr" else "she"] += 2
            stop = self.persons[n + 1].start if n + 1 < len(self.persons) else len(masked)
            window = masked[person.end : min(stop, person.end + GENDER_REACH)].split("\n", 1)[0]
            pronoun = SUBJECT_PRONOUN.match(window)
            if pronoun:
                votes.setdefault(name, Counter())[pronoun["pronoun"]] += 1
        genders = {}
        for name, counted in votes.items():
            (best, most), *rest = counted.most_common()
            if not rest or most >= 2 * rest[0][1]:
                genders[name] = best
        return genders

    def resolve(self, cue: Cue, offset: int, speech: bool = True) -> str | None:
        """The person a cue's speaker phrase names, or None when it names an outlet or nobody. ``speech`` is
        False for a cue of an act or a stance the parse found, whose unresolved role is not the last speaker."""
        if cue.speaker is None or cue.kind is None or cue.kind == "anaphor":
            return None
        start, end = offset + cue.speaker_start, offset + cue.speaker_end
        if cue.kind == "pronoun":
            if cue.speaker.lower() == "they":
                return self.latest_together(start)
            if cue.speaker.lower() in PLURAL_PRONOUNS or cue.speaker.lower() == "it":
                return None  # several people, the writer, or a body ("it", ``latest_body``): no one person
            gendered = cue.speaker.lower() if cue.speaker.lower() in ("he", "she") else None
            return self._relative_clause_subject(start) or self.latest_speaker(start, gendered)
        # Names in an aside or a relative clause after the phrase's head are not the speaker's ("jurors who oppose
        # Judge Aaron Persky's decision"): only the head is read from here on.
        end = start + len(_head_before_aside(cue.speaker))
        if self._possessive(start, end):
            # "Paul Conroy's wife", "Colvin's mother, Rosemarie": someone close to the person named, who speaks
            # in their own name when the phrase gives it, else as described; never the person named.
            return self._person_after_possessor(start, end) or cue.speaker
        if cue.kind == "group":
            kin = KIN_OF.match(cue.speaker)
            if kin and kin["kin"].lower() in KIN:
                return cue.speaker  # "his father": someone close to a person, credited as described
            # "many voters", "the poll": no one person. Nor is a group headed by its noun a person named in it
            # ("the Trump administration", "Clinton aides"), which only describes it. Words run on after a name
            # ("Mr. Flynn has since") are that person.
            # The head is the last word before any aside: "Other lawmakers, grasping the … Trump crisis took on
            # Tuesday" are lawmakers, not Trump.
            head = _head_before_aside(cue.speaker)
            if head.split() and _singular(head.split()[-1].lower()) in GROUP_HEADS:
                return None
            if AIMED_AT.search(cue.speaker):
                # "the lawsuit against … Bushmaster": whom a document is aimed at never speaks in it.
                return None
            return self.person_in(start, end)
        if cue.kind in ("role", "group"):
            # "said a man who identified himself as Angelo L.": the name he gave speaks.
            gave = NAME_GIVEN.match(self.article.text, end)
            if gave is not None:
                return gave["name"].rstrip(".")  # "Angelo L", as the name reads when he is named again
        if cue.kind == "role":
            if UNNAMED_PERSON.match(cue.speaker):
                return cue.speaker  # "someone close to Mr. Schumer": an anonymous source, as described
            # "A spokesperson for Conyers", "the son of Donald Trump": the person after the role's preposition is
            # whom the speaker serves, never the speaker, who stands as described.
            complement = ROLE_COMPLEMENT.search(cue.speaker)
            head_end = start + complement.start() if complement else end
            named = self.person_in(start, head_end)
            if named:
                return named
            if complement and self.person_in(head_end, end):
                return cue.speaker
            words = WORD.findall(cue.speaker.lower())
            if (
                (words and words[0] in {"a", "an", "another"})
                or bool({"sources", "officials"} & set(words))
                or UNNAMED_AFTER.match(self.article.text, end)
                or RESTRICTIVE_WHO.match(self.article.text, end)
                or RESTRICTIVE_WHO.search(cue.speaker)
            ):
                # An anonymous source is a person, credited as described: "said the lawyer, who asked not to be
                # named" is no lawyer named before, and "the officer who fired the shot says" is the one the
                # clause picks out, not the last person quoted.
                return cue.speaker
            former = bool(FORMER.search(cue.speaker))
            # "The original judge in the case ruled": another holder of the title than the one the article
            # titles so ("Judge Aaron Persky"), whom the title would name.
            other = OTHER_HOLDER.search(cue.speaker) is not None
            for role in reversed(ROLE_WORDS.findall(cue.speaker.lower())):
                holder = None if other else self.title_holder(role, start, former)
                if holder:
                    return holder
                # "the Santa Clara County district attorney announced …", and later "the district attorney,
                # Dolores Carr, told …": the role named in apposition anywhere in the article.
                named = None if other or former else self.named_in_apposition(role)
                if named:
                    return named
            if other:
                return cue.speaker
            if words[-1:] and words[-1] in KIN:
                return cue.speaker  # "the father responded": a relative, not whoever spoke last
            if words[-1:] and words[-1] in SPOKESPEOPLE:
                # "the Navy spokesman said": a spokesperson speaks for someone, and is not whoever spoke last (a
                # ship's name had taken the words). The one the article described so ("John Kirby, a spokesman
                # for the Navy") speaks; with no one so described, the description stands.
                return self.described_as(words[-1], start) or cue.speaker
            # The person a role stands beside in apposition: "McConnell, now the Senate majority leader, who …".
            beside = next((p for p in self.persons if p.end < start <= p.end + 3), None)
            if beside is not None and self.article.text[beside.end : start].strip() == ",":
                return self.full_name(beside.text, beside.start)
            if not speech:
                # "the FBI director reportedly refused": an act the parse found, not a turn in a run of quotes,
                # so whoever spoke last is no guess for its subject (it made the President refuse himself); the
                # one the article described so is.
                return next(
                    (
                        who
                        for role in ROLE_WORDS.findall(cue.speaker.lower())
                        if (who := self.described_as(role, start))
                    ),
                    cue.speaker,
                )
            if any(self.introduced_unnamed(role, start) for role in ROLE_WORDS.findall(cue.speaker.lower())):
                # "An unknown witness is also heard …" and then '"…," the witness said': the one the article
                # brought in unnamed speaks, as described, not the lawyer quoted last.
                return cue.speaker
            if words[-1:] and words[-1] in CALLED_IN:
                # "the judge said", "the source said" with no one the article titles or describes so: someone
                # brought in for what they do is no story's protagonist under an epithet ("the Republican nominee",
                # "the senator", "the alliance's chief"), and whoever spoke last is no guess for them.
                return cue.speaker
            return self.latest_speaker(start)
        joint = self.persons_together(start, end)
        if joint:
            return joint
        inside = [p for p in self.persons if p.start < end and start < p.end]
        between = self.article.text[inside[0].end : inside[-1].start] if len(inside) >= 2 else ""
        if TITLE_BEFORE_NAME.search(between) and not re.search(r"[,;—–(]|\band\b", between):
            # "Ferris State President David Eisler said", "Clinton campaign spokesman Brian Fallon said": the
            # one the title names speaks, not the body or the employer before it (the tagger took "Ferris State"
            # for a person). Not in an apposition or a list ("Chelsea Clinton, 35, the daughter of …").
            return self.full_name(inside[-1].text, inside[-1].start)
        named = self.person_in(start, end)
        agent = AGENT_OF.search(self.article.text, max(0, start - 60), start)
        if named and agent:
            # "a spokesperson for Conyers told": the spokesperson speaks, for Conyers.
            return self.article.text[agent.start() : end]
        if named:
            return named
        name = strip_titles(cue.speaker)
        if not name or _not_a_person(name):
            return None
        if self.is_known_person(name):
            return self.full_name(name, start)
        words = name.split()
        if self.entity_in(start, end):
            # "Santa Clara County Public Defender Molly O’Neal": a place and an office before two capitalised
            # words no entity covers are that office's holder, named.
            tail = " ".join(words[-2:])
            office = re.sub(r"['’]s?$", "", words[-3].lower()) if len(words) >= 3 else ""
            if (
                len(words) >= 4
                and (office in OFFICE_WORDS or ROLE_WORDS.fullmatch(office) is not None)
                and words[-1].lower() not in ORGANISATION_ENDS
                and all(w[:1].isupper() and not w.isupper() for w in words[-2:])
                and not self.entity_in(end - len(tail), end)
                and not any(p.start < end and end - len(tail) < p.end for p in self.persons)
                and self.article.text[end - len(tail) : end] == tail
            ):
                return tail
            places = [e for e in self.others if e.start < end and start < e.end]
            if (
                2 <= len(words) <= 3
                and all(w[:1].isupper() and not w.isupper() for w in words)
                and words[-1].lower() not in ORGANISATION_ENDS
                and all(e.label in FIRST_NAME_PLACES and e.start == start and e.end < end for e in places)
            ):
                # A place read on the first word only of a capitalised name ("Paris" of "Paris Kyriakides") is
                # the tagger taking a first name for a place: the name is a person's. A nationality ("Syrian
                # Observatory") or an organisation read on part of it is no such slip.
                return name
            return None  # an organisation or place speaking: an attribution, not a person
        # No entity at all: a short capitalised name next to a reporting verb is a person ("Ruiz said"), or a
        # common noun opening its sentence ("Aides said"), which ``names_a_person`` tells apart. Not one the
        # article calls "the" ("The Observatory said"): a body, whose "it" may speak next.
        if (
            1 <= len(words) <= 3
            and all(w[:1].isupper() and not w.isupper() for w in words)
            and not THE_BEFORE.search(self.article.text, max(0, start - 4), start)
        ):
            return name
        return None

    def names_a_person(self, name: str) -> bool:
        """Whether a resolved speaker can be the "he" or "she" of a later sentence: not a common noun that opened
        its sentence ("Aides said", "Officials say": one word, no family name of the article, and a plural, a
        listed group noun or a word the article also writes in lower case), which the tagger may even take for a
        person. Heard as one, "Aides" became the next "he said"."""
        words = name.split()
        if len(words) != 1:
            return True
        if name not in self._named_persons:
            word = words[0].lower()
            # A family name the article gives in full ("Jones" of "Tom Jones") is a person's, plural or not.
            family = any(len(p.text.split()) >= 2 and p.text.split()[-1] == words[0] for p in self.persons)
            common = (
                _plural(word)
                or word in LISTED_NOUNS
                or re.search(rf"\b{re.escape(word)}\b", self.article.text) is not None
            )
            # "The Avaaz group", "campaign group Avaaz": the article calls it a body, which is no later "she"
            # (a BBC sidebar's "Campaign group Avaaz … Says it co-ordinated …" took Clinton's next "She told").
            body = (
                re.search(
                    rf"\b(?:{BODY_NOUNS})\s+{re.escape(words[0])}\b|\b{re.escape(words[0])}\s+(?:{BODY_NOUNS})\b",
                    self.article.text,
                    re.IGNORECASE,
                )
                is not None
            )
            self._named_persons[name] = family or not (common or body)
        return self._named_persons[name]

    def labels_in(self, start: int, end: int) -> set[str]:
        return {e.label for e in self.others if e.start < end and start < e.end}

    def entity_in(self, start: int, end: int) -> bool:
        return any(e.start < end and start < e.end for e in self.others)

    def heard(self, position: int, name: str) -> None:
        self.recent.append((position, name))


def find_quotes(
    article: Article, sentences: list[Sentence], entities: list[EntityMention]
) -> tuple[list[Quote], dict[int, str], dict[int, int]]:
    """Quotes, the person credited per sentence, and for uncued quote sentences the sentence they inherit from.

    The third result lets attributions carry over: a quote with no cue of its own continues the interview of
    the cued quote it inherits its speaker from.
    """
    found = find_quotes_with_mentions(article, sentences, entities)
    return found.quotes, found.speakers, found.continues


@dataclass(frozen=True)
class FoundQuotes:
    """``find_quotes``'s results, plus the phrase each quote's speaker goes by in the text ("he", "the chief")."""

    quotes: list[Quote]
    speakers: dict[int, str]
    continues: dict[int, int]
    mentions: dict[tuple[int, int], str]


def speaker_mentions(annotated: AnnotatedArticle) -> dict[tuple[int, int], str]:
    """(start, end) of each quote → the phrase that names its speaker in the article."""
    found = find_quotes_with_mentions(annotated.article, annotated.sentences, annotated.entities)
    return found.mentions


def _narrated(cue: Cue) -> bool:
    """Whether a cue in a paragraph after a transcript turn is the writer's, not the speaker going on: someone
    named it at the paragraph's level ("Reporters asked"), or the newsroom reported it ("As we reported on
    Thursday"). The speaker's own "I said" or "how people responded" goes on with the speaker."""
    speaker = cue.speaker or ""
    named_other = speaker[:1].isupper() and speaker.lower() not in {"i", "we"}
    return named_other or cue.text.lower().startswith("report")


def find_quotes_with_mentions(
    article: Article, sentences: list[Sentence], entities: list[EntityMention]
) -> FoundQuotes:
    text = article.text
    # A rank written short that the tagger took for a person, or for a person's last name, right before the name
    # it titles ("LAPD Det. Christopher Barling": "Det", "LAPD Det"), is no one. "Steve King" and "Amartya Sen"
    # are people: their last word is no rank written short before another name.
    # The tagger also takes a capitalised contraction inside a quotation ("I've", "We're") for a person.
    # A name that is the first half of a compound is a modifier, no one: "Oscar-winner Emma Stone", "a
    # Trump-backed candidate".
    named = [
        e
        for e in entities
        if e.label == "PERSON"
        and not _not_a_person(e.text)
        and not (text[e.end : e.end + 1] == "-" and text[e.end + 1 : e.end + 2].islower())
    ]
    persons = [
        e
        for e in named
        if not (
            e.text.split()[-1].lower() in ABBREVIATED_RANKS
            and text[e.end : e.end + 1] == "."
            and any(0 < other.start - e.end <= 3 for other in named)
        )
    ]
    resolver = SpeakerResolver(article, persons, [e for e in entities if e.label != "PERSON"])
    resolver.note_subjects(sentences)
    sentence_starts = [s.start for s in sentences]

    def sentence_at(position: int) -> int:
        return max(0, bisect_right(sentence_starts, position) - 1)

    cues_by_sentence: dict[int, list[tuple[Cue, str | None]]] = {}

    def opening_cue(index: int) -> tuple[Cue, str] | None:
        """The cue a sentence opens on, with its speaker before it, and the person: "Cummings said he …", also
        after a phrase set off by a comma ("His former partner, Lawrence Cummings, said he …")."""
        return next(
            (
                (cue, person)
                for cue, person in cues_by_sentence.get(index, [])
                if person
                and 0 <= cue.speaker_start < cue.start
                and bool(LEAD_BEFORE_SPEAKER.fullmatch(sentences[index].text[: cue.speaker_start]))
            ),
            None,
        )

    speakers: dict[int, str] = {}
    # Named organisations that speak a quotation: the quotation is theirs, but they stay out of the per-sentence
    # person map, where their words would read as a person's and hide the outlet credits the attribution
    # annotator gives them ("The Times wrote that …").
    organisations: set[str] = set()
    # Sentences that open inside a quotation of their paragraph ('Big, big mistake," she said, pointing back to
    # a "Colbert Report" interview'): read alone, the closing mark would open a quotation and hide the cue.
    # Each paragraph's quotations, read once for this and for the quotations' speakers below.
    segments_of = [quoted_segments(text, paragraph.start, paragraph.end) for paragraph in article.paragraphs]
    inside: set[int] = set()
    for segments in segments_of:
        for segment in segments:
            k = bisect_right(sentence_starts, segment.open_mark)
            while k < len(sentences) and sentences[k].start < segment.end:
                inside.add(sentences[k].index)
                k += 1
    for sentence in sentences:
        found: list[tuple[Cue, str | None]] = []
        heard_here = False
        for cue in _sentence_cues(sentence.text, sentence.index in inside):
            person = resolver.resolve(cue, sentence.start)
            body = None if person or found else _described_source(cue, sentence.start, resolver)
            if body is not None and (cue.kind != "group" or _one_body(body)):
                # Only the sentence's first voice: "The lawsuit alleges that Russia found …" is the lawsuit's.
                resolver.bodies.append((sentence.start + cue.start, body))
            if person and not cue.negation:
                # A voice that said nothing ("Police have not said whether …, which Betty Evans said she made") is
                # not the one a later "she said" continues.
                together = person in (names for _, names in resolver.together) or bool(
                    resolver.persons_together(
                        sentence.start + cue.speaker_start, sentence.start + cue.speaker_end
                    )
                )
                if together:
                    # People speaking together are a later "they", never a "he" or "she".
                    resolver.together.append((sentence.start + cue.start, person))
                elif not heard_here and resolver.names_a_person(person) and not REPORTED_BY.match(cue.text):
                    # The sentence's first person to speak is the one a later "he said" continues; a cue further
                    # on ("…," he said, alluding to what Fallin had mentioned') is reported inside it. A body
                    # speaking first does not count: after "Police said Stinson told them …", "She said" is
                    # Stinson.
                    resolver.heard(sentence.start + cue.start, person)
                    heard_here = True
                speakers.setdefault(sentence.index, person)
            found.append((cue, person))
        cues_by_sentence[sentence.index] = found

    quotes: list[Quote] = []
    # Direct quotes whose nearest cue has a speaker the patterns did not read: quote index → (sentence, cue).
    voiceless: dict[int, tuple[int, Cue]] = {}
    # The voice of a quotation left open at a paragraph's end, for the paragraph that continues it.
    carried: tuple[str | None, str | None, int, str | None] | None = None
    voiced: tuple[str | None, str | None, int, str | None] | None = None
    inherited: dict[int, int] = {}
    mentions: dict[tuple[int, int], str] = {}
    paragraphs = article.paragraphs
    # The speaker of the last transcript turn, while the paragraphs after it go on in the first person.
    turn_voice: str | None = None
    for number, paragraph in enumerate(paragraphs):
        turn = TRANSCRIPT_TURN.match(text, paragraph.start, paragraph.end)
        if turn is not None and number == 0 and _shouted_label(turn.group(1), turn.start(1), resolver):
            # "DESPERATION: DNC files …" opening the article: a headline's cry, not a transcript's speaker.
            turn = None
        if turn is not None and turn.group(1).lower() in HEADLINE_TAGS:
            # "UPDATE: Just after midnight, the firm released a statement: …": an editor's tag, not a speaker;
            # the paragraph's own cues say who speaks in it.
            turn = None
        if turn is None and turn_voice is not None:
            body = text[paragraph.start : paragraph.end]
            if (
                not ANY_LABEL.match(body)  # "Q: Mr. President, …": the next voice
                and not segments_of[number]
                and FIRST_PERSON.search(body)
                and not any(_narrated(cue) for cue in find_cues(body))
            ):
                # A transcript runs on without a label until the next speaker: "THE PRESIDENT: I wanted …",
                # then "The reason I actually wanted to come out today …" is still the President.
                start, end = _trim(text, paragraph.start, paragraph.end)
                quotes.append(
                    _quote(
                        article,
                        start,
                        end,
                        speaker=turn_voice,
                        cue=":",
                        direct=True,
                        sentence=sentence_at(start),
                    )
                )
                for index in range(sentence_at(start), sentence_at(max(start, end - 1)) + 1):
                    speakers.setdefault(index, turn_voice)
                continue
            turn_voice = None
        headline = titled = False
        if turn is None:
            # 'Rubio: I Still Believe …' — a headline or lead that credits a person by name and colon. A headline
            # credits anyone that way ('Poll: Trump Ties Clinton', 'NY Post: …'), and names no one verbatim.
            labelled = NAME_COLON.match(text, paragraph.start, paragraph.end)
            if (
                labelled
                and resolver.person_in(labelled.start(1), labelled.end(1))
                and not (number == 0 and _shouted_label(labelled.group(1), labelled.start(1), resolver))
            ):
                turn = labelled
                # A headline's words under a person's name ("George Takei: Terrorist Trump must resign now", a
                # link to another story) are the editor's paraphrase, not a quotation.
                titled = looks_like_headline(text[paragraph.start : paragraph.end], HEADLINE_WORDS)
            elif (
                labelled
                and number == 0
                and len(text[paragraph.start : paragraph.end].split()) <= HEADLINE_WORDS
                and labelled.group(1).lower() not in HEADLINE_TAGS
            ):
                turn, headline = labelled, True
        if turn:
            # "PENCE: Well, look, …": a transcript turn is the speaker's words, quotation marks or not.
            start, end = _trim(text, turn.start(2), paragraph.end)
            label = turn.group(1).title()
            roles = ROLE_WORDS.findall(label.lower())
            # "THE PRESIDENT:" is whoever the article titles president.
            known = (
                None
                if headline
                else resolver.person_in(turn.start(1), turn.end(1))
                or (resolver.title_holder(roles[-1], turn.start(1), False) if roles else None)
            )
            turn_speaker = None if headline else known or resolver.full_name(label)
            mentions[(start, end)] = turn.group(1)
            quotes.append(
                _quote(
                    article,
                    start,
                    end,
                    speaker=turn_speaker,
                    cue=":",
                    direct=not headline and not titled,
                    sentence=sentence_at(start),
                )
            )
            if turn_speaker is not None:
                for index in range(sentence_at(start), sentence_at(max(start, end - 1)) + 1):
                    speakers.setdefault(index, turn_speaker)
            # Only a known person's turn runs on: "UPDATE: …" names no one whose words the next paragraphs are,
            # and a headline under a name is no turn of a transcript.
            turn_voice = None if titled else known
            carried = voiced = None
            continue
        segments = segments_of[number]
        credited: list[tuple[int, str | None, str | None, int]] = []
        mention_of: list[str | None] = []
        unvoiced: list[tuple[int, Cue] | None] = []
        tight: list[bool] = []
        for segment in segments:
            first, last = sentence_at(segment.start), sentence_at(max(segment.start, segment.end - 1))
            best: tuple[int, Cue, str | None] | None = None
            cue_sentence = -1
            looked = {first, last}
            following = last + 1
            close = segment.close_mark
            if (
                close is not None
                and following < len(sentences)
                and text[close - 1 : close] in ("?", "!")
                and not text[close + 1 : sentences[following].start].strip()
                and sentences[following].start < paragraph.end
            ):
                # '"Who would have believed it?" Trump said.': the question mark ended the sentence for the
                # splitter, and the cue is the next one's opening.
                looked.add(following)
            for index in sorted(looked):
                sentence = sentences[index]
                for cue, person in cues_by_sentence.get(index, []):
                    at = sentence.start + cue.start
                    if segment.start <= at < segment.end:
                        continue
                    distance = min(abs(at - segment.end), abs(at - segment.start))
                    clause = sentence.start + _clause_start(cue)
                    if (
                        person is not None
                        and close is not None
                        and text[close - 1 : close] == ","
                        and close < clause
                        and not text[close + 1 : clause].strip()
                    ):
                        # '…found "several individuals …," Tschopp said': the voiced cue right after the closing
                        # comma is the quotation's, before a verb of the writer's sentence that opens it.
                        distance = -1
                    if best is None or distance < best[0]:
                        best = (distance, cue, person)
                        cue_sentence = index
            lead_sentence = -1
            if best is None and number > 0 and not text[paragraph.start : segment.open_mark].strip():
                # 'He said:' or 'The Times reports:' closing the paragraph before introduces this quotation.
                lead = paragraphs[number - 1]
                if text[lead.start : lead.end].rstrip().endswith(":"):
                    lead_sentence = sentence_at(max(lead.start, lead.end - 1))
                    leading = cues_by_sentence.get(lead_sentence, [])
                    if leading:
                        cue, person = max(leading, key=lambda found: found[0].start)
                        best = (0, cue, person)
            speaker = best[2] if best else None
            cue_text = best[1].phrase if best else None
            if best is not None and speaker is None and best[1].kind == "role" and best[1].speaker:
                speaker = best[1].speaker
            if (
                best is not None
                and speaker is None
                and best[1].kind in ("anaphor", "group", "pronoun")
                and cue_sentence >= 0
            ):
                # '"…," the statement said', '"…," the agency added': whoever issued the statement, or the
                # organisation the article last named so, speaks.
                speaker = _body_speaking(best[1], sentences[cue_sentence].start, resolver)
                if speaker is not None and not resolver.is_known_person(speaker):
                    organisations.add(speaker)
            if best is not None and speaker is None and best[1].kind == "name" and cue_sentence >= 0:
                # '"…," the Kremlin said': a named organisation speaks, as it does in reported speech; readers had
                # found such quotations shown with no speaker. (A group's phrase is left alone: the patterns read
                # clauses there, "replacing it with softer language".)
                speaker = _described_source(best[1], sentences[cue_sentence].start, resolver)
                if speaker is not None:
                    organisations.add(speaker)
            if (
                best is not None
                and speaker is None
                and best[1].kind == "group"
                and best[1].speaker is not None
                and cue_sentence >= 0
                and _beside(text, segment, sentences[cue_sentence].start, best[1])
                and len(best[1].speaker.split()) >= 2
                and best[1].speaker.split()[-1].lower() not in QUANTIFIERS
            ):
                # '"We will win," the Trump campaign said': a body speaks as the article describes it when its cue
                # stands right at the quotation. Further off, the group pattern reads clauses too ("replacing it
                # with softer language"), and a bare "some" or "many" describes no one.
                speaker = best[1].speaker
                organisations.add(speaker)
            mention = best[1].speaker if best else None
            label = (
                None
                if best or segment.open_mark < 2
                else LABEL_BEFORE.search(text, paragraph.start, segment.open_mark)
            )
            if label:
                # 'Rep. Ana Ruiz (D-Calif.): "…"' or a tweet quoted after its author's name.
                mention = label.group(1)
                person = resolver.person_in(label.start(1), label.end(1))
                speaker, cue_text = person or resolver.full_name(strip_titles(mention)), ":"
                best = (0, Cue(label.start(), label.end(), ":", mention, -1, -1, "name", False), speaker)
            # A question the credit says was put to the speaker ('"…" — Julie Bowen, asked where she's going to put
            # her statuette') is no cue of theirs: the dash credits them.
            put_to = best is not None and best[2] is None and best[1].text.lower() == "asked"
            dash = (
                None
                if (best and not put_to) or segment.close_mark is None
                else DASH_CREDIT.match(text, segment.close_mark + 1, paragraph.end)
            )
            if dash:
                # '"…" ― Esther Tapia': a vox-pop credited by a dash after the quotation.
                best = None
                mention = dash.group(1)
                speaker, cue_text = resolver.full_name(strip_titles(mention)), dash.group(0).strip()[:1]
            colon = (
                None
                if best or dash
                else _colon_lead(
                    text, paragraph, paragraphs[number - 1] if number else None, segment, resolver
                )
            )
            if colon is not None:
                # '17-year-old Jared Potts echoed:' or 'Stated Stone:' then the quotation: the person named right
                # before the colon speaks it, whatever the verb.
                speaker, mention = colon
                cue_text = ":"
            source_sentence = lead_sentence if lead_sentence >= 0 and best else last
            credited.append(
                (segment.start, speaker, cue_text, source_sentence if (best or dash or colon) else -1)
            )
            # The speaker's cue stands right after the closing mark ('"No," she said'), or right before the opening
            # one ('the judge said, "I understand."'): even a word or two is speech.
            tight.append(
                speaker is not None
                and best is not None
                and cue_sentence >= 0
                and _beside(text, segment, sentences[cue_sentence].start, best[1])
            )
            mention_of.append(mention)
            # A cue whose speaker phrase the patterns do not read ('"…," the New York businessman said'): the
            # parse may still find its subject, once the paragraph is done.
            unvoiced.append(
                (cue_sentence, best[1])
                if best is not None and speaker is None and lead_sentence < 0 and best[1].speaker is None
                else None
            )
        for k, segment in enumerate(segments):
            start, end = _trim(text, segment.start, segment.end)
            words = len(WORD.findall(text[start:end]))
            if (words < MIN_QUOTE_WORDS and not tight[k]) or (
                _titled_work(text[start:end]) and credited[k][2] not in VOICED_CUES
            ):
                continue
            _, speaker, cue_text, source_sentence = credited[k]
            mention = mention_of[k]
            opens_sentence = text[sentences[sentence_at(start)].start : segment.open_mark].strip() == ""
            if speaker is None and opens_sentence:
                # An uncued quote that opens its sentence continues the nearest cued quote of the paragraph;
                # a partial quote inside an uncued sentence is an expression, not a continuation.
                neighbours = sorted(
                    (abs(j - k), j) for j, c in enumerate(credited) if c[1] is not None and j != k
                )
                if neighbours:
                    _, speaker, cue_text, source_sentence = credited[neighbours[0][1]]
                    mention = mention_of[neighbours[0][1]]
                elif k == 0 and segment.open_mark == paragraph.start and carried is not None:
                    # The previous paragraph's quotation was left open: this one goes on with the same voice.
                    speaker, cue_text, source_sentence, mention = carried
                elif (
                    k == 0
                    and segment.open_mark == paragraph.start
                    and voiced is not None
                    and cue_text is None
                ):
                    # '"…," Collins told MSNBC.' then a paragraph that is a quotation with no cue: the same
                    # speaker goes on, as news writing has it. A cue of its own ('they said in a statement') that
                    # named no one is not overruled.
                    speaker, cue_text, source_sentence, mention = voiced
                else:
                    # 'Kerry negotiates with Russia, Schiff said. "The other factor …"': the sentence before,
                    # in the same paragraph, ends on its cue; the quotation goes on with that speaker.
                    before = sentence_at(start) - 1
                    trailing = [
                        (cue, person)
                        for cue, person in cues_by_sentence.get(before, [])
                        if person
                        and sentences[before].start >= paragraph.start
                        and len(sentences[before].text.rstrip()) - cue.end <= MAX_TRAILING_CUE
                    ]
                    if trailing:
                        cue, speaker = trailing[-1]
                        cue_text, source_sentence, mention = cue.phrase, before, cue.speaker
                    elif before >= 0 and sentences[before].start >= paragraph.start:
                        # 'His partner, Lawrence Cummings, said he was a master at deals. "He showed again and
                        # again …"': the sentence before opens on its speaker and cue, and the quotation goes on
                        # with that speaker.
                        opening = opening_cue(before)
                        if opening is not None:
                            cue, speaker = opening
                            cue_text, source_sentence, mention = cue.phrase, before, cue.speaker
            if speaker is None and words < MIN_UNCUED_QUOTE_WORDS:
                continue
            pending = unvoiced[k]
            if speaker is None and pending is not None:
                voiceless[len(quotes)] = pending
            first = sentence_at(start)
            if mention:
                mentions[(start, end)] = mention
            quotes.append(
                _quote(
                    article,
                    start,
                    end,
                    speaker=speaker,
                    cue=cue_text,
                    direct=True,
                    sentence=first,
                )
            )
            if speaker and speaker not in organisations:
                for index in range(first, sentence_at(max(start, end - 1)) + 1):
                    speakers.setdefault(index, speaker)
                    if source_sentence >= 0 and index != source_sentence:
                        inherited.setdefault(index, source_sentence)
        last_segment = segments[-1] if segments else None
        carried = None
        voiced = None
        if (
            last_segment is not None
            and last_segment.close_mark is not None
            and quotes
            and quotes[-1].speaker
            and quotes[-1].direct
            and paragraph.start <= quotes[-1].start
            and text[paragraph.start : segments[0].open_mark].strip() == ""
            and len(text[last_segment.close_mark : paragraph.end]) <= MAX_CUE_AFTER
            # The cue clause alone: a second sentence may bring in someone else ("Jane Doe disagreed.").
            and not NEXT_SENTENCE.search(text, last_segment.close_mark, paragraph.end)
        ):
            # A paragraph that is one quotation and its cue: its voice carries to an uncued quotation after it.
            q = quotes[-1]
            voiced = (q.speaker, q.cue, q.sentence, mentions.get((q.start, q.end)))
        elif sentence_at(paragraph.start) == sentence_at(max(paragraph.start, paragraph.end - 1)):
            # A paragraph of one sentence that opens on its speaker and cue ("A British government spokeswoman said
            # the extension was 'positive,' but …"): an uncued quotation after it is the same speaker's, too.
            only = sentence_at(paragraph.start)
            opening = opening_cue(only)
            if opening is not None and (last_segment is None or last_segment.close_mark is not None):
                cue, person = opening
                voiced = (person, cue.phrase, only, cue.speaker)
        if last_segment is not None and last_segment.close_mark is None and credited[-1][1] is not None:
            carried = (credited[-1][1], credited[-1][2], credited[-1][3], mention_of[-1])
        elif last_segment is not None and last_segment.close_mark is None and quotes and quotes[-1].speaker:
            # An uncued continuation that itself runs on: keep the voice it inherited.
            q = quotes[-1]
            carried = (q.speaker, q.cue, q.sentence, mentions.get((q.start, q.end)))
        del number

    if voiceless:
        quotes = _voice_from_parse(article, sentences, quotes, voiceless, speakers, mentions, resolver)
    quotes.extend(_indirect_quotes(article, sentences, cues_by_sentence, quotes, mentions, resolver))
    quotes.extend(_parsed_quotes(article, sentences, quotes, mentions, resolver))
    quotes = _one_report_per_span(article.text, _outer_reports(quotes, mentions))
    quotes = [q for q in quotes if not _only_a_credit(q)]
    quotes = _embedded_posts(article, sentences, quotes, speakers)
    quotes = _interview_answers(article, quotes, speakers, resolver)
    for n, quote in enumerate(quotes):
        if _asked_by_no_one(article.text, sentences, quote):
            quotes[n] = quote.model_copy(update={"speaker": None})
            mentions.pop((quote.start, quote.end), None)  # the one who answered is no mention of the asker
    quotes.sort(key=lambda q: (q.start, q.end))
    tidy = {index: tidy_speaker(name) for index, name in speakers.items()}
    return FoundQuotes(quotes, {index: name for index, name in tidy.items() if name}, inherited, mentions)


# A phrase before a speaker, set off by a comma: an apposition ("His former partner at Lenox,") or an opening
# phrase ("In 2015,"), or nothing.
LEAD_BEFORE_SPEAKER = re.compile(r"\s*(?:[^,\"“”]{1,80},\s*)?")


# The words before a person that make them the one spoken to or of: "to Senator X", "told X", "about X".
ADDRESSED = re.compile(
    r"\b(?:to|for|with|from|about|against|at|on|of|by|told|asked|urged|thanked|wrote)\s+"
    r"(?:(?:the|a|an|his|her|their)\s+)?(?:[A-Z][\w.]*\s+)?$"
)


# A work's title in quotation marks is short and capitalises every longer word: "Keeping Up with the Kardashians",
# "Survival of the Fittest", "Fare Thee Well: Celebrating 50 Years of Grateful Dead". Nobody said it. A chant in
# capitals ("THEY LOSE, WE WIN") or an exclamation is still speech.
TITLE_MAX_WORDS = 10
# The words a title leaves in lower case.
TITLE_SMALL_WORDS = frozenset(
    "a an the and or but nor for of on in at to by with from into over upon than as vs via".split()
)


# Cues that voice what they quote whatever its case: "'Black Lives Matter,' the protesters chanted".
VOICED_CUES = frozenset(
    "chanted chanting chant chants shouted shouting shout shouts yelled yelling screamed sang singing".split()
)


def _plural(word: str) -> bool:
    """Whether a lower-case noun reads as a plural ("aides", "officials"; not "press")."""
    return word.endswith("s") and not word.endswith("ss")


def _one_body(phrase: str) -> bool:
    """Whether a group's phrase is one body a later "it" may stand for ("the Trump administration"), not several
    people ("many voters", "some")."""
    last = phrase.split()[-1].lower()
    return len(phrase.split()) >= 2 and last not in QUANTIFIERS and not _plural(last)


def _beside(text: str, segment: QuotedSegment, offset: int, cue: Cue) -> bool:
    """Whether a cue (in the sentence starting at ``offset``) stands right at a quotation: its clause right after
    the closing mark ('"No," she said'), or the cue right before the opening one ('the judge said, "I …"')."""
    close = segment.close_mark
    cue_at, cue_end = offset + _clause_start(cue), offset + cue.end
    return (
        (
            close is not None
            # A space may stand before the closing mark ('… Russia's help, ” the lawsuit states').
            and text[max(0, close - 2) : close].rstrip()[-1:] in (",", "?", "!")
            and close < cue_at
            and not text[close + 1 : cue_at].strip()
        )
        or (cue_end <= segment.open_mark and text[cue_end : segment.open_mark].strip() in ("", ",", ":"))
    )


def _not_a_person(name: str) -> bool:
    """A tagger's person that is no one: a contraction inside a quotation ("I've", "We're"), or lowercase."""
    return not name[:1].isupper() or CONTRACTION.match(name) is not None


def _titled_work(quoted: str) -> bool:
    """Whether quoted words read as a work's title (``TITLE_MAX_WORDS``), not as anything said."""
    words = WORD.findall(quoted)
    longer = [w for w in words if w.lower() not in TITLE_SMALL_WORDS and not w[0].isdigit()]
    return (
        len(words) <= TITLE_MAX_WORDS
        and len(longer) >= 2
        and all(w[0].isupper() for w in longer)
        and not quoted.isupper()
        and not quoted.rstrip(" .,’'\"”").endswith(("!", "?"))
    )


def _colon_lead(
    text: str,
    paragraph: TextRange,
    previous: TextRange | None,
    segment: QuotedSegment,
    resolver: SpeakerResolver,
) -> tuple[str, str] | None:
    """The person named in the clause a colon closes right before a quotation (in its paragraph, or ending the
    paragraph before it): their full name and the words the article used."""
    before = text[paragraph.start : segment.open_mark].rstrip()
    if before.endswith(":"):
        floor, colon = paragraph.start, paragraph.start + len(before) - 1
    elif not before and previous is not None and text[previous.start : previous.end].rstrip().endswith(":"):
        floor, colon = previous.start, previous.start + len(text[previous.start : previous.end].rstrip()) - 1
    else:
        return None
    # The clause before the colon: back to the sentence's start, and no further than a short lead.
    start = max(floor, colon - MAX_COLON_LEAD, text.rfind(". ", floor, colon) + 1)
    # Whoever is addressed ("In a letter to Senator John Barrasso:") is not who speaks.
    named = [
        p
        for p in resolver.persons
        if start <= p.start
        and p.end <= colon
        and not ADDRESSED.search(text, max(start, p.start - 12), p.start)
    ]
    if not named:
        # "The Trump administration is denying …, writing in an unsigned statement:" then the statement: the
        # body the lead's sentence opens on speaks, as described, when the lead says it wrote or said something.
        lead = text[text.rfind(". ", floor, colon) + 1 if ". " in text[floor:colon] else floor : colon]
        body = BODY_LEAD.match(lead)
        # The body must be who speaks: not "The court released a statement written by the victim's family:".
        if body is None or not SPEECH_IN_LEAD.search(lead) or WRITTEN_BY_OTHER.search(lead):
            return None
        return body["body"], body["body"]
    return resolver.full_name(named[-1].text), named[-1].text


# A body opening the sentence a colon closes before a quotation, and the words that tell it spoke there.
BODY_LEAD = re.compile(
    r"\s*(?P<body>(?:[Tt]he\s+)?(?:[A-Z][\w.&'’-]*\s+){0,4}(?:administration|government|ministry|department"
    r"|agency|company|campaign|committee|police|office|spokesman|spokeswoman|spokesperson|White House|Kremlin"
    r"|Pentagon|State Department|commission|council|court|board|union|party|group|organi[sz]ation|embassy))\b"
)
# A document the lead says someone else wrote or sent: "a statement written by the victim's family".
WRITTEN_BY_OTHER = re.compile(
    r"\b(?:statement|letter|post|tweet|message|note|email|e-mail)\s+(?:\w+\s+)?(?:by|from|of)\b",
    re.IGNORECASE,
)
SPEECH_IN_LEAD = re.compile(
    r"\b(?:said|says|saying|wrote|writes|writing|stated|statement|tweeted|tweet|posted|post|told|added|adding"
    r"|explained|elaborated|responded|replied|reads?)\b"
)


# A sentence opening on a subordinate clause, up to where its subject would stand ("While Mr. Abe lavished …").
SUBORDINATE_SUBJECT = re.compile(
    r"\s*(?i:as|when|while|although|though|because|once|whereas|after|before)\s+"
)
# A comma and the main clause's predicate after a relative clause: ", has repeatedly attacked", ", said".
MAIN_PREDICATE = re.compile(
    r",\s+(?:(?:also|then|later|now|still|has|have|had|is|was|are|were|will|would|did|does|[a-z]+ly)\s+)*"
    r"(?:has|have|had|is|was|are|were|will|would|can|could|did|does|[a-z]+ed|said|says|told)\b"
)


def _indirect_quotes(
    article: Article,
    sentences: list[Sentence],
    cues_by_sentence: dict[int, list[tuple[Cue, str | None]]],
    direct: list[Quote],
    mentions: dict[tuple[int, int], str],
    resolver: SpeakerResolver,
) -> list[Quote]:
    """Reported speech without quotation marks ("X said (that) ...", "..., officials said", "according to X, ..."),
    credited to the person, or to the group as described ("many voters", "the poll") when it is no person.

    Sources that are named organisations or outlets are left to the attribution annotator.
    """
    found: list[Quote] = []
    for sentence in sentences:
        for cue, person in cues_by_sentence.get(sentence.index, []):
            if cue.speaker is None:
                continue
            speaker = person or _described_source(cue, sentence.start, resolver)
            if (
                speaker is None
                and cue.kind != "pronoun"
                and not WHO_AFTER.match(article.text, sentence.start + cue.speaker_end)
            ):
                # A named organisation: the attribution annotator credits it. After "who" someone unnamed
                # speaks, as after an unresolved "he".
                continue
            others = [c for c, _ in cues_by_sentence[sentence.index] if c is not cue]
            # In a relative clause ("Barkley, who said …") the sentence names the speaker by its pronoun.
            relative = RELATIVE_WHO.search(sentence.text, 0, cue.start)
            for rel_start, rel_end in report_content(sentence.text, cue):
                rel_end = _before_next_cue(sentence.text, rel_start, rel_end, others)
                if relative and cue.speaker_end <= cue.start:
                    # "The president, who has long denied allegations of collusion, has repeatedly attacked …":
                    # the comma before the main clause's predicate closes the relative clause and its report.
                    closing = MAIN_PREDICATE.search(mask_quotes(sentence.text), rel_start, rel_end)
                    rel_end = closing.start() if closing else rel_end
                start, end = sentence.start + rel_start, sentence.start + rel_end
                start, end = _trim(article.text, start, end)
                end = _closing_mark_kept(article.text, start, end)
                if len(WORD.findall(article.text[start:end])) < MIN_QUOTE_WORDS:
                    continue
                if any(q.start <= start and end <= q.end for q in direct):
                    continue
                mentions[(start, end)] = "who" if relative and cue.speaker_end <= cue.start else cue.speaker
                found.append(
                    _quote(
                        article,
                        start,
                        end,
                        speaker=speaker,
                        cue=cue.phrase,
                        direct=False,
                        sentence=sentence.index,
                    )
                )
    return found


def _outer_reports(quotes: list[Quote], mentions: dict[tuple[int, int], str]) -> list[Quote]:
    """The quotes without the reported speech that lies inside another reported speech's content.

    "Clinton told reporters that she believes the deal is dead" holds two cues, and each found its report: the
    outer one ("that she believes the deal is dead") and the inner one ("the deal is dead"). The inner report is
    part of what the outer speaker said, and it is theirs: in "the campaign manager said Trump believes …", Trump
    said nothing; the manager said what Trump believes. PolNeAR's annotators mark such a pair once, as the outer
    report: where crosscheck reported both on train, the outer matched a gold content 218 times and the inner
    74 times, and gold never holds both. A direct quotation inside reported speech stays: its words are printed
    as spoken.
    """
    reported = [q for q in quotes if not q.direct]
    inner = {
        id(q)
        for q in reported
        if any(
            o is not q and o.start <= q.start and q.end <= o.end and (o.start, o.end) != (q.start, q.end)
            for o in reported
        )
    }
    for q in quotes:
        if id(q) in inner:
            mentions.pop((q.start, q.end), None)
    return [q for q in quotes if id(q) not in inner]


# Reported speech that is only the credit of what was said, or only the news passed on and to whom: in
# '"…," Stoltenberg said, per The Telegraph' and "Stoltenberg confirmed the news to The Telegraph" the parse took
# "per The Telegraph" and "the news to The Telegraph" for what he said. The credit is the attribution
# annotator's; what he said is the quotation or the sentence's report.
CREDIT_ONLY = re.compile(
    r"(?:per|according to|via|citing)\s+[^,;]{1,60}"
    r"|(?:the\s+)?(?:news|report|reports|story|information|details|announcement)\s+(?:to|with)\s+[^,;]{1,60}",
    re.IGNORECASE,
)


def _only_a_credit(quote: Quote) -> bool:
    return not quote.direct and CREDIT_ONLY.fullmatch(quote.text.strip().rstrip(".,;")) is not None


# What stands before a passive "asked": the question was put to the sentence's subject, by someone unnamed. A
# clause's opener, a passive's auxiliary, or a comma after their name ("— Claire Danes, asked how she'll tell her
# unborn child").
ASKED_PASSIVE_BEFORE = re.compile(
    r"(?:^|\b(?:when|if|after|before|being|was|were|is|are|been|be|get|got)|(?<=[\w.'’)]),)\s*$", re.I
)


def _interview_answers(
    article: Article, quotes: list[Quote], speakers: dict[int, str], resolver: SpeakerResolver
) -> list[Quote]:
    """An interview printed as questions and answers: a paragraph that is only a question ("Did you anticipate
    anything like this happening?"), then a quotation opening the next paragraph with no cue. The answer is
    the interviewee's: the speaker of the answer right before, else the one the narration before the question
    tells of answering or the last speaker heard (``_interviewee``). A reader had found every answer of such an
    interview without a speaker."""
    text = article.text
    paragraphs = article.paragraphs
    starts = [p.start for p in paragraphs]
    interviewee: str | None = None
    # The paragraph of the last answer: a question right after it goes to the same person, while narration
    # between ("Reign Coach Laura Harvey also addressed the issue.") may turn to another.
    last_answer = -1
    answered: list[Quote] = []
    for quote in sorted(quotes, key=lambda q: q.start):
        number = bisect_right(starts, quote.start) - 1
        if not quote.direct or number < 1:
            answered.append(quote)
            continue
        paragraph, question = paragraphs[number], paragraphs[number - 1]
        asked = text[question.start : question.end].strip()
        if (
            text[paragraph.start : quote.start].strip(" \"“‘'")
            or not asked.endswith("?")
            or quoted_segments(text, question.start, question.end)
        ):
            answered.append(quote)
            continue
        if last_answer != number - 2:
            interviewee = None
        last_answer = number
        if quote.speaker:
            interviewee = quote.speaker
        elif quote.cue is None:
            narration = paragraphs[number - 2] if number >= 2 else None
            interviewee = interviewee or _interviewee(text, narration, question, resolver)
            if interviewee is not None:
                quote = quote.model_copy(update={"speaker": interviewee, "cue": "answered"})
                speakers.setdefault(quote.sentence, interviewee)
        answered.append(quote)
    return answered


# What a narration says of the one about to answer: "Megan Rapinoe responded to …", "Reign Coach Laura Harvey
# also addressed the issue", "He answered a few questions".
ANSWERING = re.compile(
    r"\b(?:responded|responds|answered|answers|addressed|addresses|spoke|speaks|talked|talks|said|says|told"
    r"|tells|explained|explains|reacted|reacts|discussed|discusses|sat down)\b"
)


def _interviewee(
    text: str, narration: TextRange | None, question: TextRange, resolver: SpeakerResolver
) -> str | None:
    """Who answers the first question after a narration: the person the narration's paragraph opens a sentence
    on while telling of speech ("Reign Coach Laura Harvey also addressed the issue."), else the last speaker
    heard before the question. Not the last person merely named: "Her sister Rachael Rapinoe watched from the
    stands" asks nothing of her."""
    if narration is not None and ANSWERING.search(text, narration.start, narration.end):
        subject = next(
            (who for at, who in reversed(resolver.subjects) if narration.start <= at < narration.end), None
        )
        if subject is not None:
            return subject
    heard = [(at, who) for at, who in resolver.recent if at < question.start]
    return heard[-1][1] if heard else None


def _asked_by_no_one(text: str, sentences: Sequence[Sentence], quote: Quote) -> bool:
    """Whether the quote is a question put to someone, which has no speaker: in "Asked if Trump's comments had
    rattled them, Ryan said …" and "she appeared uneasy when asked about her daughter's work", Ryan and she
    answered; the asker, a reporter, is unnamed. The parse and the participle rules had credited the question
    to the one who answered it."""
    cue = (quote.cue or "").lower()
    if quote.direct or not cue.startswith(("asked", "being asked")):
        return False
    opening = sentences[quote.sentence].start if quote.sentence < len(sentences) else 0
    at = text.lower().rfind(cue, opening, quote.start)
    return at >= 0 and ASKED_PASSIVE_BEFORE.search(text[opening:at]) is not None


def _one_report_per_span(text: str, quotes: list[Quote]) -> list[Quote]:
    """One reported speech per content: of two cues that found the same words, the one nearer before them.

    '"I'm optimistic …," Pompeo told the committee last week, noting that such talks could achieve an outcome'
    gave "such talks could achieve …" to both "told" and "noting"; "told" reports the quotation before it.
    """

    def distance(quote: Quote) -> int:
        before = text.rfind(quote.cue or "", 0, quote.start) if quote.cue else -1
        return quote.start - before if before >= 0 else len(text)

    best: dict[tuple[int, int], Quote] = {}
    for quote in quotes:
        if quote.direct:
            continue
        key = (quote.start, quote.end)
        if key not in best or distance(quote) < distance(best[key]):
            best[key] = quote
    return [q for q in quotes if q.direct or best[(q.start, q.end)] is q]


def _shouted_label(label: str, start: int, resolver: SpeakerResolver) -> bool:
    """Whether a headline's label in capitals names no one the article names elsewhere: "DESPERATION: DNC files
    …" is the editor's cry, which the tagger took for a person's name."""
    if not label.isupper():
        return False
    last = label.split()[-1].lower()
    return not any(
        last in (word.lower() for word in person.text.split())
        for person in resolver.persons
        if person.start != start
    )


def _without_dateline(text: str) -> str:
    """A sentence with the dateline that opens it blanked (offsets kept), for the parser, which took "PALM BEACH,
    Fla." for the subject of "President Trump began meetings … by saying"."""
    dateline = DATELINE.match(text) or PLACE_DATELINE.match(text)
    return " " * dateline.end() + text[dateline.end() :] if dateline else text


def _parsed_speaker(
    sentence: Sentence,
    cue: tuple[int, int],
    source: tuple[int, int],
    resolver: SpeakerResolver,
    speech: bool = True,
) -> str | None:
    """Who the source phrase the parse found for a cue names (offsets relative to the sentence): a person,
    resolved as the speaker patterns' phrases are, else a group or organisation credited as described. Callers
    pass a relative pronoun's antecedent in its place ("an architect who said …" credits the architect); the
    article's own word ("who") stays the mention."""
    phrase = sentence.text[source[0] : source[1]]
    parsed = Cue(
        cue[0],
        cue[1],
        sentence.text[cue[0] : cue[1]],
        phrase,
        source[0],
        source[1],
        _phrase_kind(phrase, resolver, sentence.start + source[0]),
        source[0] > cue[0],
    )
    speaker = resolver.resolve(parsed, sentence.start, speech)
    if speaker is None and parsed.kind != "pronoun":
        # A group is credited by its head, without the aside or the relative clause that follows it ("Other
        # lawmakers, grasping …", "Some voters who were once intrigued by Trump").
        head = _head_before_aside(phrase).strip() if parsed.kind == "group" else phrase
        if head and _names_a_source(head):
            return head
    return speaker


def _clause_start(cue: Cue) -> int:
    """Where a cue's clause begins in its sentence: at its speaker when the speaker comes first."""
    return min(cue.start, cue.speaker_start) if cue.speaker_start >= 0 else cue.start


def _voice_from_parse(
    article: Article,
    sentences: list[Sentence],
    quotes: list[Quote],
    voiceless: dict[int, tuple[int, Cue]],
    speakers: dict[int, str],
    mentions: dict[tuple[int, int], str],
    resolver: SpeakerResolver,
) -> list[Quote]:
    """Give a direct quote the subject the dependency parse finds for its cue, when the speaker patterns read
    none ('"We need change now," the New York businessman said, arguing …': a role they do not list). A quote
    the parse cannot voice either stays without a speaker. Only these sentences are parsed: a handful an
    article at most. PolNeAR relation F1 dev 0.622 → 0.626, train 0.590 → 0.595, content unchanged; voicing
    short quotes too (kept only when voiced) cost train content 0.002."""
    from crosscheck.annotate.syntax import sentence_entities, sentence_relations

    wanted = sorted({index for index, _ in voiceless.values()})
    mentions_all = [*resolver.persons, *resolver.others]
    relations_of = sentence_relations(
        [_without_dateline(sentences[i].text) for i in wanted],
        entities=[sentence_entities(mentions_all, sentences[i].start, sentences[i].end) for i in wanted],
    )
    relations_at = dict(zip(wanted, relations_of, strict=True))
    kept: list[Quote] = []
    voiced: set[int] = set()
    for number, quote in enumerate(quotes):
        pending = voiceless.get(number)
        if pending is None:
            kept.append(quote)
            continue
        index, cue = pending
        sentence = sentences[index]
        speaker, phrase = None, None
        for relation in relations_at[index]:
            if relation.source is None or not (relation.cue[0] <= cue.start < relation.cue[1]):
                continue
            phrase = sentence.text[relation.source[0] : relation.source[1]]
            if NOT_A_PARSED_SOURCE.search(phrase):
                phrase = None
                continue
            speaker = _parsed_speaker(
                sentence, relation.cue, relation.antecedent or relation.source, resolver
            )
            break
        if speaker is None:
            kept.append(quote)
            continue
        if phrase:
            mentions[(quote.start, quote.end)] = phrase
        speakers.setdefault(quote.sentence, speaker)
        kept.append(quote.model_copy(update={"speaker": speaker}))
        voiced.add(len(kept) - 1)
    # An uncued quotation that opens its sentence continues the voice of the paragraph's quotation before it,
    # as in the paragraph loop, which could not see these voices yet.
    text = article.text
    for number in sorted(voiced):
        before = kept[number]
        paragraph = next((p for p in article.paragraphs if p.start <= before.start < p.end), None)
        if paragraph is None:
            continue
        for later in range(number + 1, len(kept)):
            quote = kept[later]
            if quote.start >= paragraph.end or quote.speaker is not None:
                break
            opening = text[sentences[quote.sentence].start : quote.start].strip(" \"“‘'")
            if quote.cue is not None or not quote.direct or opening:
                break
            kept[later] = quote.model_copy(update={"speaker": before.speaker, "cue": before.cue})
            speakers.setdefault(quote.sentence, str(before.speaker))
    return kept


# The share of a sentence's letters in capitals from which it is written in capitals, not in sentence case.
CAPITALS_SHARE = 0.8


def _in_capitals(sentence: str) -> bool:
    letters = [c for c in sentence if c.isalpha()]
    return len(letters) >= 20 and sum(c.isupper() for c in letters) >= CAPITALS_SHARE * len(letters)


def _parsed_quotes(
    article: Article,
    sentences: list[Sentence],
    found: list[Quote],
    mentions: dict[tuple[int, int], str],
    resolver: SpeakerResolver,
) -> list[Quote]:
    """Reported content the dependency parse finds under a learned cue ("called X a disgrace", "criticism of
    X", "X was endorsed by Y"), where no quote found so far covers it. See ``syntax``.
    """
    from crosscheck.annotate.syntax import sentence_entities, sentence_relations

    text = article.text
    taken = [_letters(text, q.start, q.end) for q in found]
    quoted = [q.direct for q in found]
    # A sentence the quotation-mark and reporting-verb annotators already mostly cover has nothing left for the
    # parse to add; skipping it saves the parser about a third of its work on news text.
    reported = frozenset().union(*taken) if taken else frozenset()
    covered = {
        n
        for n, s in enumerate(sentences)
        if (letters := _letters(text, s.start, s.end))
        and len(letters & reported) >= COVERED_SHARE * len(letters)
    }
    # A sentence in capitals (a post's shout, "… STILL HITS MY SOUL LIKE THE VERY FIRST TIME …") is parsed as a
    # run of names: its cues and subjects are the tagger's guesses ("MY SOUL" speaking "LIKE").
    covered |= {n for n, s in enumerate(sentences) if _in_capitals(s.text)}
    # Page furniture cleaning left in a paragraph ("By signing up you agree to receive email newsletters …") has
    # no one's words: the parse would find "agree" and its content.
    covered |= {n for n, s in enumerate(sentences) if furniture_sentence(s.text)}
    mentions_all = [*resolver.persons, *resolver.others]
    entities = [sentence_entities(mentions_all, s.start, s.end) for s in sentences]
    relations_of = sentence_relations(
        [_without_dateline(s.text) for s in sentences], skip=covered, entities=entities
    )
    added: list[Quote] = []
    for sentence, relations in zip(sentences, relations_of, strict=True):
        for relation in relations:
            rel_start, rel_end = max(relation.content, key=lambda r: r[1] - r[0])
            start, end = _trim(text, sentence.start + rel_start, sentence.start + rel_end)
            end = _closing_mark_kept(text, start, end)
            if (
                len(WORD.findall(text[start:end])) < MIN_PARSED_WORDS
                or ANONYMITY.match(" " + text[start:end])
                or NO_COMMENT.match(text[start:end])
                or WHERE_SAID.fullmatch(text[start:end])
            ):
                # Too short to be said, the condition a source set ("asked not to be named"), or what a request
                # asked for ("Persky requests: ‹for comment›").
                continue
            letters = _letters(text, start, end)
            # Already reported (by the regex cues or an earlier parsed cue), or holding one that was: the first
            # finding stands.
            if not letters or any(
                len(letters & other) * 2 >= len(letters)
                or len(letters & other) >= 0.3 * len(letters | other)
                or (len(letters & other) >= 0.8 * len(other) and not direct)
                for other, direct in zip(taken, quoted, strict=True)
            ):
                continue
            speaker, phrase = None, None
            if relation.source is not None:
                phrase = sentence.text[relation.source[0] : relation.source[1]]
                found_speaker = _parsed_speaker(
                    sentence,
                    relation.cue,
                    relation.antecedent or relation.source,
                    resolver,
                    speech=bool(SAYING.fullmatch(sentence.text[relation.cue[0] : relation.cue[1]])),
                )
                # An unresolved pronoun still credits someone the article named: kept, shown without a name.
                pronoun = found_speaker is not None and found_speaker.lower() in PRONOUN_WORDS
                speaker = found_speaker if pronoun else tidy_speaker(found_speaker)
            if speaker is None:
                # The parse found a cue but no one behind it ("the commitment to defend itself"): a reader is
                # told who said what, so an unsourced finding is left out rather than shown without a voice.
                continue
            taken.append(letters)
            quoted.append(False)
            if phrase:
                mentions[(start, end)] = phrase
            added.append(
                _quote(
                    article,
                    start,
                    end,
                    speaker=speaker,
                    cue=_with_condition(
                        sentence.text, relation.cue[0], _with_negation(sentence.text, *relation.cue)
                    ),
                    direct=False,
                    sentence=sentence.index,
                )
            )
    return added


# A request's object the parse takes for what was requested ("requests for comment"): who did not answer is
# told by the cue "did not respond" and its content, which stay.
NO_COMMENT = re.compile(r"(?:for|seeking)\s+(?:comments?|interviews?)\W*$", re.IGNORECASE)
# The programme something was said on, which the parse may take for what was said: "on CNN's "State of the
# Union."".
WHERE_SAID = re.compile(
    r"(?:on|in|at|during)\s+(?:[A-Z][\w.&'’-]*\s+){0,3}[\"“][^\"”]{1,60}[\"”][.!?]?[\"”]?"
)
# Verbs of saying, whose subject may continue a run of quotations ("the NATO chief said" after Stoltenberg spoke);
# the parse's other cues are acts and stances ("refused", "lauded").
SAYING = re.compile(
    r"(?i:say|says|said|saying|tell|tells|told|add|adds|added|write|writes|wrote|note|notes|noted|explain|explains"
    r"|explained|state|states|stated|declare|declared|insist|insists|insisted|argue|argues|argued|claim|claims"
    r"|claimed|reply|replied|respond|responded|tweet|tweeted|announce|announced|warn|warned|continue|continued"
    r"|ask|asks|asked|urge|urges|urged|suggest|suggests|suggested|acknowledge|acknowledged|admit|admits|admitted"
    r"|deny|denies|denied|recall|recalls|recalled|report|reports|reported)"
)
# A condition's opening, at the sentence's start ("If", "Unless", an inverted "Had Mr. Obama proposed") or within
# it ("… he would go if the court ruled"); its clause runs to the next comma or semicolon.
CONDITION_OPENING = re.compile(r"(?:^\s*(?:Had|Were|Should)\s|\b(?:[Ii]f|[Uu]nless)\s)")


def _with_condition(sentence: str, at: int, cue: str) -> str:
    """The cue with the condition it stands in, when it stands in one: "If Trump allies fail to paint Comey as
    …" is "if … paint", "Had Mr. Obama proposed a permanent cut …" is "had … proposed". What a condition supposes
    was neither said nor done, and a reader must see so."""
    openings = list(CONDITION_OPENING.finditer(sentence, 0, at))
    if not openings or re.search(r"[,;]", sentence[openings[-1].end() : at]):
        return cue
    return f"{openings[-1].group().strip().lower()} … {cue}"


# A parsed source phrase that runs into a verb or stops on a function word is a stretch of the sentence the
# parse took for a subject ("Part of the plan will be", "the commitment to"), not someone who spoke.
NOT_A_PARSED_SOURCE = re.compile(
    # Verbs in lower case only: "Theresa May" and "Will Hurd" are names.
    r"\b(?:will|would|is|are|was|were|be|been|has|have|had|can|could|should|may|might|must)\b"
    r"|\b(?i:to|of|the|a|an|and|or|for|with|in|on|at|by|that|which)$"
    # A phrase that opens with a preposition is an adjunct the parse took for a subject ("on Tuesday").
    r"|^(?i:on|in|at|to|for|with|from|during|after|before|since|until|into|of)\b"
)


def _head_before_aside(phrase: str) -> str:
    """A phrase without the aside a comma opens in lowercase ("Other lawmakers, grasping the … crisis" →
    "Other lawmakers") or the relative clause after its noun ("At least 10 prospective jurors who oppose Judge
    Aaron Persky's decision" → "At least 10 prospective jurors"); a name in apposition stays ("Another critic,
    Laurence H. Tribe")."""
    relative = RELATIVE_AFTER_HEAD.search(phrase)
    if relative is not None:
        phrase = phrase[: relative.start()]
    head, comma, aside = phrase.partition(",")
    return head if comma and aside.strip()[:1].islower() else phrase


# A relative clause after a noun phrase's head, whose names are not the head's: "jurors who oppose Judge Persky".
RELATIVE_AFTER_HEAD = re.compile(r"(?<=[a-z])\s+(?:who|whom|whose|that|which)\s")


def _singular(noun: str) -> str:
    """A plural noun's singular, as the group heads are listed: "allies" → "ally", "officials" → "official"."""
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    return noun.removesuffix("s")


# A group's head nouns, singular (as a plural is made singular to look one up).
GROUP_HEADS = frozenset(_singular(noun) for noun in GROUP_NOUNS)
# What joins the next person of a subject to the one before: a comma or "and", and a few words describing them
# ("and the country's Trade Minister Steven Ciobo", "Mr. Claros and Mr. Rodriguez").
JOINED_NEXT = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:[\w'’.-]+\s+){0,4}")
# A preposition before the first person of a phrase: the people are whom the speakers serve or speak of.
SERVING_BEFORE = re.compile(r"\b(?:for|of|to|with|by|about)\s")
# The same before a list the phrase ends ("Attorneys for Donald Trump Jr., Paul Manafort and …").
SERVED_LIST_BEFORE = re.compile(r"\b(?:for|of|to|with|by|about)\s+(?:[^.;:!?\"“”]|\.(?!\s+[A-Z])){1,80},\s*$")
# Entity labels of a body "it" may stand for: an organisation, a country or city, a nationality's group.
BODY_LABELS = frozenset({"ORG", "GPE", "NORP"})
# Group words that describe no one on their own ("some said").
QUANTIFIERS = frozenset({"many", "some", "both", "all", "others", "most", "several"})
# Pronouns a parsed source may be, resolved or not ("it" for a report, "who" for the person before it).
PRONOUN_WORDS = frozenset(PRONOUNS) | {"it", "you", "who"}
# A phrase that only says when ("1995", "the weekend", "late August"): the parse took a time for a subject.
TIME_ONLY = re.compile(
    r"(?:(?:the|this|that|last|next|late|early|mid|over)\s+)*"
    r"(?:\d[\d,.]*|"
    + "|".join(sorted(CALENDAR_WORDS, key=len, reverse=True))
    + r"|weekend|week|month|year|day|night|morning|afternoon|evening)(?:\s+\d[\d,.]*)?",
    re.IGNORECASE,
)
# Object and possessive pronouns, resolved as their subject forms are ("his plan" credits "he").
OBJECT_PRONOUNS = frozenset({"him", "his", "her", "them", "their", "me", "my", "us", "our"})
# Pronouns of several people or of the writer: no one person to resolve to.
PLURAL_PRONOUNS = frozenset({"i", "we", "they", "them", "their", "me", "my", "us", "our"})


def _names_a_source(phrase: str) -> bool:
    """Whether a parsed source phrase reads as someone who spoke, and not as a piece of the sentence."""
    bare = phrase.strip().rstrip(".,;:'’\"”")
    if bare.lower() in PRONOUN_WORDS:
        return True  # unresolved, a pronoun still credits someone the article named
    return not NOT_A_PARSED_SOURCE.search(bare) and not TIME_ONLY.fullmatch(bare) and plausible_source(bare)


def _letters(text: str, start: int, end: int) -> frozenset[int]:
    return frozenset(i for i in range(start, end) if text[i].isalnum())


def _phrase_kind(phrase: str, resolver: SpeakerResolver, start: int) -> SpeakerKind:
    """How a parsed source phrase names its source: a pronoun, a person's name, a role, or a group."""
    if phrase.lower() in PRONOUNS or phrase.lower() in OBJECT_PRONOUNS:
        return "pronoun"
    # A name or a role in an aside or a relative clause after the head ("Other lawmakers, grasping the … Trump
    # crisis", "jurors who oppose Judge Aaron Persky's decision") is not who speaks, and a name before a group's
    # noun only says whose the group is ("Trump allies").
    head = _head_before_aside(phrase)
    if resolver.person_in(start, start + len(head)):
        last = _singular(head.split()[-1].lower()) if head.split() else ""
        return "group" if last in GROUP_HEADS and not ROLE_WORDS.fullmatch(last) else "name"
    if ROLE_WORDS.search(head.lower()):
        return "role"
    return "group"


# Two mentions this close, with no sentence's end between them, stand in one sentence.
SAME_SENTENCE_REACH = 120
SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s|\n")
# An auxiliary or an adverb after a name: the rest is the predicate ("Trump has oftentimes dismissed").
PREDICATE_AFTER_NAME = re.compile(r"(?:^|\s+)(?:has|have|had|is|was|are|were|will|would|also|then)\b.*$")
# One capitalised word that opens a sentence without naming anyone ("Few in Israel said", "With the migrants
# on the doorstep, Mr. Trump … vowing"). Not every word in -ing: Sterling and Manning are names.
NOT_A_SPEAKER_WORD = re.compile(
    r"(?:Few|Many|Most|Some|Several|Both|All|None|New|With|Over|Foremost|Under|Against|Denying|Saying|Another"
    r"|One|Others?|Each|Any|Every|No|Such|Neither|Either)"
    # An item of a list that "asks" or "reads" ('"When did you become aware …?" one question asks'): the list's
    # author speaks, whom the phrase does not name.
    r"|(?i:(?:one|another|a|the)(?:\s+of\s+the)?\s+(?:questions?|quer(?:y|ies)))"
)


# What someone said, standing for them as a sentence's subject: "Mr. Trump's comments suggested he backed that
# effort. '…,' he said" is Mr. Trump.
WORDS_OF = re.compile(
    r"(?P<who>[A-Z].*?)['’]s?\s+(?:comments?|remarks?|statements?|words|tweets?|letter|memo|testimony|message"
    r"|speech|post)"
)


# The post's links and hashtags at its end, before its author line (``clean.POST_AUTHOR``), are no words of it.
POST_TAIL = re.compile(r"(?:\s*(?:https?://\S+|pic\.twitter\.com/\S+|#\w+))+$")


def _embedded_posts(
    article: Article, sentences: list[Sentence], quotes: list[Quote], speakers: dict[int, str]
) -> list[Quote]:
    """``quotes`` with each embedded post's words as a direct quotation of its author, who speaks its sentences.

    A post the page embeds is printed as a paragraph of its own, with no quotation marks, ending on its author;
    several outlets embedding one post relay one source. A post that quotes someone ('"He's a good kid,"
    -Nulato Mayor …') is left to the quotation rules."""
    text = article.text
    starts = [s.start for s in sentences]
    posts: list[Quote] = []
    for paragraph in article.paragraphs:
        author_line = POST_AUTHOR.search(text, paragraph.start, paragraph.end)
        if author_line is None or author_line.end() != paragraph.end:
            continue
        author = author_line["author"].strip()
        body = text[paragraph.start : author_line.start()]
        end = paragraph.start + len(POST_TAIL.sub("", body).rstrip())
        start = paragraph.start + len(body) - len(body.lstrip())
        if not author[:1].isupper() or end <= start or not any(c.isalpha() for c in text[start:end]):
            continue
        if any(q.direct and q.start < end and start < q.end for q in quotes):
            continue
        first = max(0, bisect_right(starts, start) - 1)
        posts.append(
            Quote(
                article_id=article.id,
                start=start,
                end=end,
                text=text[start:end],
                speaker=author,
                cue="posted",
                direct=True,
                sentence=first,
            )
        )
        for sentence in sentences[first:]:
            if sentence.start >= end:
                break
            speakers[sentence.index] = author
    if not posts:
        return quotes
    covered = [(p.start, p.end) for p in posts]
    kept = [q for q in quotes if not any(s <= q.start and q.end <= e for s, e in covered)]
    return kept + posts


def tidy_speaker(speaker: str | None) -> str | None:
    """A speaker as a reader should see it: no trailing day or predicate, no opening word taken for a name, the
    person for their words; None when nothing of a name is left ("has long", "With") or only a pronoun no one
    was found for ("It")."""
    if speaker is None:
        return None
    tidy = PREDICATE_AFTER_NAME.sub("", TRAILING_WHEN.sub("", speaker.strip()))
    words_of = WORDS_OF.fullmatch(tidy)
    if words_of:
        tidy = strip_titles(words_of["who"])
    if (
        not tidy
        or not tidy[0].isalpha()
        or NOT_A_SPEAKER_WORD.fullmatch(tidy)
        or tidy.lower() in PRONOUN_WORDS
    ):
        return None
    return tidy


# The punctuation and closing mark right after reported speech that ends inside a quotation ('in “serious
# trouble.”').
CLOSING_MARK = re.compile(r"[,.!?]?(?:”|\"|'')")
# The first closing mark after a reported sentence whose quotation runs on, and how far on it may stand.
LATER_CLOSING_MARK = re.compile(r"”|\"|''")
QUOTATION_REACH = 600


def _ends_inside_quotation(stretch: str) -> bool:
    """Whether the last quotation mark of a stretch opens a quotation: a curly one by its shape, a straight one by
    where it stands (after a space or at the start, before a word). A stretch that starts inside a quotation
    (‘half a ton" of evidence’) holds only its closing mark."""
    if stretch.rfind("“") > stretch.rfind("”"):
        return True
    last = max(stretch.rfind('"'), stretch.rfind("''"))
    if last < 0 or last < stretch.rfind("”"):
        return False
    after = last + (2 if stretch.startswith("''", last) else 1)
    return (
        (last == 0 or stretch[last - 1] in " \t(—–") and after < len(stretch) and not stretch[after].isspace()
    )


def _closing_mark_kept(text: str, start: int, end: int) -> int:
    """Where reported speech ends once a quotation it opened is closed again: trimming its end strips the
    closing mark ('is in “serious trouble.'), which leaves the reader a quotation that never ends; and a
    quotation that goes on past the reported sentence ('said he’ll “need a lot of help and support. So we’ll see
    how it works.”') is reported to its closing mark, when that stands in the same paragraph."""
    if not _ends_inside_quotation(text[start:end]):
        return end
    closing = CLOSING_MARK.match(text, end)
    if closing:
        return closing.end()
    paragraph_end = text.find("\n", end)
    window_end = min(len(text) if paragraph_end < 0 else paragraph_end, end + QUOTATION_REACH)
    later = LATER_CLOSING_MARK.search(text, end, window_end)
    if later is None or "“" in text[end : later.start()]:
        return end
    return later.end()


def _with_negation(text: str, start: int, end: int) -> str:
    """The cue at ``text[start:end]``, with the words before it that deny the report ("did not assert")."""
    denied = negation_before(text, start)
    return f"{denied} {text[start:end]}" if denied else text[start:end]


# How far back the statement a "the statement said" refers to may have been introduced, in characters.
STATEMENT_REACH = 1500
_DOCUMENT = r"(?:statement|announcement|letter|release|communiqu[eé])"
# A statement introduced with its author; "author" spans the words that name them (a person's name is found in
# them, else the capitalised name is the author).
STATEMENT_INTRODUCED = (
    # "The White House issued a statement", "Pompeo released a two-page letter"
    re.compile(
        rf"(?P<author>(?:[Tt]he\s+)?(?:[A-Z][\w'’.-]*\s+){{0,5}}[A-Z][\w'’.-]*)\s+(?:(?:has|have|had)\s+)?"
        rf"(?:issued|released|put\s+out|sent|published|posted)\s+(?:a|an)\s+(?:[\w-]+\s+){{0,2}}?{_DOCUMENT}"
    ),
    # "Pompeo said in a statement"
    re.compile(
        rf"(?P<author>(?:[Tt]he\s+)?(?:[A-Z][\w'’.-]*\s+){{0,5}}[A-Z][\w'’.-]*),?\s+(?:said|says|wrote)\s+in\s+"
        rf"(?:a|an)\s+(?:[\w-]+\s+){{0,2}}?{_DOCUMENT}"
    ),
    # "a statement from Judiciary Chairman Bob Goodlatte", "an announcement by the Foreign Ministry"
    re.compile(
        rf"\b{_DOCUMENT}\s+(?:issued\s+)?(?:from|by)\s+(?P<author>(?:the\s+)?(?:[\w'’.-]+\s+){{0,4}}[A-Z][\w'’.-]*)"
    ),
    # "In a statement published by KCNA, North Korean leader Kim Jong Un promised"
    re.compile(
        rf"\b[Ii]n\s+(?:a|an|its|his|her|their)\s+(?:[\w-]+\s+){{0,2}}?{_DOCUMENT}\b[^.;]{{0,100}}?,\s+"
        rf"(?P<author>(?:[\w'’.-]+\s+){{0,5}}?[A-Z][\w'’.-]*)\s+(?:{CUE.pattern})"
    ),
)
# The capitalised name in an author's words ("the Foreign Ministry" of "by the Foreign Ministry").
NAMED_AUTHOR = re.compile(r"(?:[Tt]he\s+)?[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|of|for|and))*")
# "the agency", "the ministry": an organisation spoken of by the last word of its name.
BODY_ANAPHOR = re.compile(r"[Tt]he\s+([a-z]+)")
# A statement spoken of as the source of words: "the statement said", "the announcement concluded".
DOCUMENT_ANAPHOR = re.compile(rf"[Tt]he\s+(?:\w+\s+)?{_DOCUMENT}")


# What an outlet or its reporter does: "Breitbart London reported …, when he said" is not the outlet's "he" (the
# tagger may take an outlet's name for a person's), and a reporter is not whom the story's pronouns follow.
REPORTED_BY = re.compile(r"(?:(?:has|had|is|was|first)\s+)?report(?:ed|s|ing)\b")


# Where a role names whom or where it serves: "ambassador to the United States", "spokesperson for Conyers".
ROLE_COMPLEMENT = re.compile(r"\s+(?:to|at|for|of)\s+(?:the\s+)?[A-Z]")


def _quote(
    article: Article,
    start: int,
    end: int,
    *,
    speaker: str | None,
    cue: str | None,
    direct: bool,
    sentence: int,
) -> Quote:
    """A quote of ``article.text[start:end]``, its text always that span verbatim."""
    return Quote(
        article_id=article.id,
        start=start,
        end=end,
        text=article.text[start:end],
        speaker=tidy_speaker(speaker),
        cue=cue,
        direct=direct,
        sentence=sentence,
    )


def _before_next_cue(text: str, start: int, end: int, others: list[Cue]) -> int:
    """Content ends where the next report begins (", adding ...", "— and he noted ...")."""
    for other in sorted(others, key=lambda c: c.start):
        opening = min(other.start, other.speaker_start) if other.speaker_start >= 0 else other.start
        if opening <= start and text[: other.start].rstrip().endswith(","):
            # "Barkley, who said he votes Democratic, said …": the main clause's cue, its subject before the
            # relative clause, opens right after the comma that closes it. (A cue coordinated with this one, "he
            # called her “disgusting” and referred to …", goes on with the same report.)
            opening = other.start
        if start < opening < end:
            boundary = max(text.rfind(mark, start, opening) for mark in (",", "—", ";", " and "))
            if boundary > start:
                return boundary
    return end


# Nouns by which an article calls a name a body, not a person ("the Avaaz group").
BODY_NOUNS = (
    "group|organi[sz]ation|movement|network|coalition|charity|foundation|institute|party|company|firm"
)


# A relative "who" right after a source phrase: the source is whom it stands for.
WHO_AFTER = re.compile(r",?\s+who\b")


def _described_source(cue: Cue, offset: int, resolver: SpeakerResolver) -> str | None:
    """A source that is not one named person, as the article describes it ("many voters", "Republicans")."""
    if cue.speaker is None or cue.kind is None:
        return None
    if cue.kind in ("anaphor", "pronoun"):
        # "The agency said …": the organisation the article last named so; else the outlet the attribution
        # annotator credits. "It said …": the body that spoke last; "he" or "she" unresolved: no one.
        return _body_speaking(cue, offset, resolver)
    if cue.kind == "name":
        labels = resolver.labels_in(offset + cue.speaker_start, offset + cue.speaker_end)
        # A group named by nationality or party, or an organisation, speaks as described; an outlet's
        # report ("Reuters reported") is the attribution annotator's.
        if cue.text.startswith("report") or cue.text.lower() == "according to":
            return None
        # A building speaks for who works in it ("the White House", "Downing Street"), which the tagger reads
        # as a facility or, capitalised before a verb, as a title. A name the tagger left alone that the article
        # calls "the" ("The Observatory said") is a body too.
        start = offset + cue.speaker_start
        called_the = THE_BEFORE.search(resolver.article.text, max(0, start - 4), start) is not None
        if (not labels and not called_the) or not labels <= {"NORP", "ORG", "GPE", "FAC", "WORK_OF_ART"}:
            return None
        if labels <= {"GPE", "FAC"} and WHO_AFTER.match(resolver.article.text, offset + cue.speaker_end):
            # "located the son-in-law south of Crane Beach, who told police …": "who" stands for a person,
            # never the place the clause before it ended on, though a country or a building may speak.
            return None
        return cue.speaker
    return _body_speaking(cue, offset, resolver) or cue.speaker


def _body_speaking(cue: Cue, offset: int, resolver: SpeakerResolver) -> str | None:
    """Whom a "the X" or "it" source stands for, or None: a statement's author as the article introduced it
    ("The statement added …"), else the organisation the article last named by that word ("The ministry said …");
    for "it", the body that last spoke."""
    if cue.speaker is None:
        return None
    position = offset + cue.speaker_start
    if cue.kind == "pronoun":
        return resolver.latest_body(position) if cue.speaker.lower() == "it" else None
    if DOCUMENT_ANAPHOR.fullmatch(cue.speaker):
        return resolver.statement_author(position)
    return resolver.named_body(cue.speaker, position)
