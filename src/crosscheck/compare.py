"""Comparison: claims with their independent support, and the places where outlets differ.

Requires: the ``AnnotatedArticle``s of one story, its aligned ``Statement``s, and the story's duplicate groups.
Produces: ``Claim``s (support, upstream sources, origins, independent-source count, status), ``Discrepancy``s,
and the story's quotes, attributions and entities with speakers and names unified across articles.

The origin of a statement is the person it is credited to, else the outlet, agency or body credited ("according
to Reuters", "police said"), else the reporting outlet; outlets and credited sources share one key space
(``attributions.outlet_keys``), so an outlet's own report and another's credit to it are one origin. Syndicated
copies speak with their canonical article's voice. ``independent_sources`` counts distinct origins. ``status`` is ``disputed`` when a discrepancy touches the claim, ``corroborated`` when
two or more outlets print it (a syndicated copy's outlet among them: it printed it, from its original's
voice), else ``single_source``; a claim carried by several outlets from one
origin is therefore corroborated with ``independent_sources == 1``, which the brief reports as relayed.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from crosscheck.align import STOPWORDS, Statement, Unit, is_quoted, share_in_order
from crosscheck.annotate.attributions import (
    compact_key,
    display_source,
    is_dateline,
    outlet_keys,
    source_key,
)
from crosscheck.annotate.dates import names_day
from crosscheck.annotate.quotes import ROLE_WORDS, people_among
from crosscheck.clean import fold
from crosscheck.model import (
    AnnotatedArticle,
    Article,
    Attribution,
    Claim,
    Discrepancy,
    DiscrepancyKind,
    DuplicateGroup,
    Entity,
    EntityMention,
    Quantity,
    Quote,
    Span,
)
from crosscheck.settings import Settings, get_settings
from crosscheck.wording import edited, quoted_stretch, spoken_hours

WORD = re.compile(r"[\w'’-]+")
NEGATION = re.compile(r"^(?:not|no|never|neither|nor|denied|denies|deny|without)$|n['’]t$", re.IGNORECASE)
# Verbs that deny by meaning: "failed to return" against "did not return" is no difference. They only answer a
# plain negation on the other side; alone ("refused" against "declined", "failed" against "stalled") they are
# wording.
DENYING_VERB = re.compile(
    r"^(?:fail|fails|failed|refuse|refuses|refused|decline|declines|declined|unable)$", re.I
)
# Two mentions are the same fact told two ways only when they fill the same place in statements that are
# otherwise much the same: the differing stretch holding them is short and the words around it agree. Two
# weekdays or two counts anywhere in two aligned sentences were most often two different events (a shooting
# on Monday, an arraignment on Wednesday): on 90 discrepancies of real coverage, 78 were of that kind.
NAME_LABELS = frozenset({"PERSON", "GPE", "LOC", "ORG"})
SLOT_MIN_RATIO = 0.5
SLOT_CONTEXT = 2
# Words a mention brings with it in one wording and not the other: "yesterday" against "on Monday".
SLOT_FRAME_WORDS = frozenset(
    "on in at by of the a last this next early late about some around nearly".split()
)
CALENDAR_WORD = re.compile(
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|today|tonight|january|february|march|april|may|june|"
    r"july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
)
# The fewest letters of a shortened first name ("Jon" for "Jonathan"; "J" is an initial).
SHORT_FORM_MIN_LETTERS = 3
# Two quotations this alike, word for word, are one quotation, whoever each outlet credits it to.
SAME_QUOTATION_RATIO = 0.8
# How much of a quotation an explanation shows to name it.
QUOTED_OPENING_WORDS = 8
# A sentence of this many words that two outlets print this alike was copied, not reported twice. Across the
# Multi-News validation clusters, 130 sentence pairs of 8 to 14 words (no quotation marks) are printed this alike
# by two articles; of 40 read, every one was copied text ("They then set fire to the vehicle and escaped in
# another car.", printed alike by five reports of one heist) or one speaker's words, none two reporters' own
# wording. (It was 15, and such copies counted as independent sources.)
COPIED_MIN_WORDS = 8
COPIED_MIN_RATIO = 0.9
# A long sentence printed this alike is copied too, reworded a little ("In 1989, he joined up with a short-lived
# Airplane reunion tour …" / "In 1989, he participated in the short-lived Jefferson Airplane reunion tour …",
# 0.84). Of the Multi-News validation pairs of 20 words or more printed 0.75 to 0.9 alike, every one read was one
# source reworded or one speaker's words.
COPIED_LONG_WORDS = 20
COPIED_LONG_RATIO = 0.8
# A quotation printed alike by two outlets is one speaker's words from this many words on ("As most of his fans
# know, Prodigy battled the disease since birth."); the share of a unit that must lie inside quotation marks.
QUOTED_COPY_MIN_WORDS = 6
# Counts written as a word for "many": "dozens killed" against "40 killed" is no disagreement.
VAGUE_COUNTS = frozenset({"dozens", "hundreds", "thousands"})
# How far apart two counts of one thing may be and still agree, as a share of the larger: a figure rounded.
COUNT_ROUNDING = 0.05
FRAMING_WORDS = {"increment": "an increase", "level": "a level (the new total)", "ratio": "a ratio"}


@dataclass(frozen=True)
class StoryPeople:
    """Person names unified across a story's articles: a name stands for the fullest form of the one person the
    story calls so ("Stoltenberg" → "Jens Stoltenberg"). A family name that two people of the story bear
    ("Ali": the grandfather Salah Ali and the baby Areej Ali) stays as written: each article has already named
    its speakers by position, and a story-wide guess put one relative's words in the other's mouth."""

    uses: Counter[str]
    surnames: frozenset[str]
    tagged: frozenset[tuple[str, ...]] = frozenset()
    """The persons the tagger found, as lowercase words (not the speakers, which may be bodies)."""
    _resolved: dict[str, str] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, annotated: Sequence[AnnotatedArticle]) -> StoryPeople:
        # Only persons: a quote's speaker may be a described group ("company officials"), never a name.
        tagged = [
            re.sub(r"['’]s$", "", e.text).strip()
            for a in annotated
            for e in a.entities
            if e.label == "PERSON"
        ]
        names = tagged + [re.sub(r"['’]s$", "", s).strip() for a in annotated for s in a.speakers.values()]
        uses: Counter[str] = Counter(name for name in names if name and not name[0].islower())
        return cls(
            uses,
            frozenset(name.split()[-1].lower() for name in uses),
            frozenset(tuple(name.casefold().split()) for name in tagged if name),
        )

    def is_tagged_person(self, speaker: str | None) -> bool:
        """Whether a speaker is a person the tagger found in the story, not a body or a description ("The Trump
        administration", "a White House official"): the speaker's words end a person's name, or a person's name
        ends the speaker's."""
        if not speaker:
            return False
        words = tuple(speaker.casefold().split())
        return any(words[-len(name) :] == name or name[-len(words) :] == words for name in self.tagged)

    def canonical(self, name: str) -> str:
        if not name or name[0].islower():
            return name  # an anonymous description ("a Czech defense source") stays as written
        clean = re.sub(r"['’]s$", "", name).strip()
        if not clean:
            return name
        if clean not in self._resolved:
            words = clean.lower().split()
            longer = [
                form
                for form in self.uses
                if len(form.split()) > len(words) and form.lower().split()[-len(words) :] == words
            ]
            people = people_among(longer)
            # One person: the form the story uses most, then the longest (an epithet used once does not rename).
            self._resolved[clean] = (
                max(people[0], key=lambda form: (self.uses[form], len(form))) if len(people) == 1 else clean
            )
        return self._resolved[clean]


# Words an organisation's initials may skip ("DNC": Democratic National Committee; "NYT": New York Times).
INITIALS_SKIP = frozenset({"of", "the", "and", "for", "&"})


def _initials(name: str) -> set[str]:
    """The ways a name may be written as initials: its words' first letters, each of the little words kept or
    skipped ("DNC": Democratic National Committee; "DOB": Department of Buildings)."""
    forms = {""}
    for word in name.split():
        taken = {form + word[0] for form in forms}
        forms = taken | forms if word in INITIALS_SKIP else taken
    return forms


# The shortest first name whose spelling two outlets may differ in by a letter and still name one person:
# "Jon"/"Jan" may be two people, "Lindsey"/"Lindsay" is one.
SPELLING_MIN_LETTERS = 5


# What an outlet is, printed after its name by one outlet and not another: "Star magazine" and "Star" are one.
MEDIUM_WORDS = frozenset({"magazine", "newspaper", "tabloid", "website", "weekly"})


def _same_origin(short: str, full: str, names: Sequence[str]) -> bool:
    """Whether two origin names of one claim name one origin: a name's last words ("trump" of "donald trump",
    "times" of "new york times") unless two origins of the claim end in them; one name with and without its
    initials ("rodney scott", "rodney s. scott"); an outlet with and without what it is ("star", "star magazine");
    or an organisation's initials ("nyt", "dnc")."""
    short_words, full_words = short.split(), full.split()
    if full_words[:-1] == short_words and full_words[-1] in MEDIUM_WORDS:
        return True
    if len(short_words) < len(full_words) and full_words[-len(short_words) :] == short_words:
        bearers = {
            frozenset(_without_initials(n))
            for n in names
            if n != short and n.split()[-len(short_words) :] == short_words
        }
        return len(bearers) == 1
    # A name that is all initials ("4", "a" of outlets named by their files) has nothing left to compare.
    bare = _without_initials(short)
    if short != full and bare and bare == _without_initials(full):
        return True
    if len(short_words) >= 2 and len(full_words) >= 2 and short_words[-1] == full_words[-1]:
        # One person under a short and a full first name, whatever titles come before: "acting police chief
        # lt. jon hubbard" and "ipswich police lt. jonathan hubbard".
        given = sorted((short_words[-2].strip("."), full_words[-2].strip(".")), key=len)
        if given[0] != given[1] and len(given[0]) >= SHORT_FORM_MIN_LETTERS and given[1].startswith(given[0]):
            return True
        # One person with and without a middle name: "Sarah Sanders" and "Sarah Huckabee Sanders".
        if len(short_words) == 2 and len(full_words) > 2 and short_words[0] == full_words[0]:
            return True
        # One first name spelled two ways by two outlets: "Lindsey Graham" and "Lindsay Graham".
        if len(given[0]) >= SPELLING_MIN_LETTERS and _one_letter_apart(given[0], given[1]):
            return True
    return len(short_words) == 1 and short.isalpha() and len(short) >= 2 and short in _initials(full)


def _one_letter_apart(first: str, second: str) -> bool:
    """Whether two words of one length differ in one letter, or one has a letter more ("Lindsey", "Lindsay"),
    not at the end: "Mario" and "Maria", "Roberto" and "Roberta" are two people of one family."""
    if first == second or abs(len(first) - len(second)) > 1 or first[-1] != second[-1]:
        return False
    if len(first) == len(second):
        return sum(a != b for a, b in zip(first, second, strict=True)) == 1
    shorter, longer = sorted((first, second), key=len)
    return any(longer[:k] + longer[k + 1 :] == shorter for k in range(len(longer)))


def _without_initials(name: str) -> list[str]:
    return [w.strip(".") for w in name.split() if len(w.strip(".")) > 1]


def fold_origins(origins: set[str]) -> list[str]:
    """A claim's origin names with the names of one origin folded into the fullest: within one statement, the
    outlets that credit "Trump" and "Donald Trump", or "The Times" and "The New York Times", rest on one
    origin."""
    names = sorted(origins, key=lambda n: (-len(n), n))
    kept: list[str] = []
    for name in names:
        if not any(_same_origin(name, fuller, names) for fuller in kept):
            kept.append(name)
    return sorted(kept)


def _id(prefix: str, *parts: str) -> str:
    return prefix + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:12]


# A time of day: "5:06 p.m.", "11 a.m.", "17:06 hours", "10:30 GMT".
# (Tokenised text spaces the colon: "6 : 00 p. m.")
CLOCK_TIME = re.compile(
    r"(?<![\w:.])(?<![:.]\s)(?P<hour>1[0-2]|0?[1-9])(?:\s?:\s?(?P<minute>[0-5]\d))?\s*(?P<half>[ap])\.?\s?m\b\.?"
    r"|(?<![\w:.])(?<![:.]\s)(?P<hour24>[01]?\d|2[0-3])\s?:\s?(?P<minute24>[0-5]\d)(?![\w:])(?!\s*[ap]\.?\s?m\b)",
    re.IGNORECASE,
)


# Two statements of one moment worded apart share this many content words: the one such pair found in 108
# Multi-News and ECB+ stories shares four (the floor, the apartment, the mother and her stroller). On those
# stories the other tests of ``_same_moment`` alone kept every other pair out, so this is a guard for pairs that
# share little else, not a measured boundary.
CLOCK_SHARED_WORDS = 4
# A time on the five minutes may be one said aloud and rounded ("3:30" for "3:33"), so it stands for those five
# minutes either side; "5:06" is no rounding of "5:11". One said "about" stands for a quarter hour either side.
CLOCK_ROUNDING = 5
CLOCK_ESTIMATE = 15
DAY_MINUTES = 24 * 60
# Whole hours up to this apart are most often two time zones (Eastern and Pacific), not two accounts.
MAX_ZONE_SHIFT = 3 * 60
TIME_AFTER = re.compile(r"\b(?:shortly after|just after|after|since|from)\s+$", re.IGNORECASE)
TIME_BEFORE = re.compile(r"\b(?:shortly before|just before|before|by|until|till)\s+$", re.IGNORECASE)


# A time that follows the credit in its clause dates the telling, not the event: "said in a message to the
# campus community at 6 p.m." against "passed away at 5:35 p.m.".
SAID_AT = re.compile(
    r"\b(?:said|says|told|announced|wrote|tweeted|posted|statement|message|briefing|conference)\b[^.;:]{0,60}$",
    re.IGNORECASE,
)


def _clock_range(match: re.Match[str], text: str) -> tuple[float, float]:
    """The minutes of the day a time as worded allows: from it on after "shortly after", up to it after "by",
    a quarter hour either side of "about", and its rounding (``CLOCK_ROUNDING``) otherwise."""
    minutes = _minutes(match)
    before = text[max(0, match.start() - 20) : match.start()]
    if TIME_AFTER.search(before):
        return minutes, DAY_MINUTES
    if TIME_BEFORE.search(before):
        return 0, minutes
    if ESTIMATE.search(before):
        return minutes - CLOCK_ESTIMATE, minutes + CLOCK_ESTIMATE
    rounding = CLOCK_ROUNDING if minutes % CLOCK_ROUNDING == 0 else 0
    return minutes - rounding, minutes + rounding


def _times_contradict(first: re.Match[str], first_text: str, second: re.Match[str], second_text: str) -> bool:
    """Whether two times of day as worded cannot both hold: "around 10:30 a.m." and "around 11:40 a.m." cannot;
    "about 3 p.m." and "about 3:10 p.m." can, and so can two bounds ("shortly after 3 p.m.", "by 4 p.m.")."""
    (low_a, high_a), (low_b, high_b) = _clock_range(first, first_text), _clock_range(second, second_text)
    if (low_a <= 0 or high_a >= DAY_MINUTES) and (low_b <= 0 or high_b >= DAY_MINUTES):
        return False
    return high_a < low_b or high_b < low_a


def _told_time(match: re.Match[str], text: str) -> str:
    """A time as the statement words it: "around 10:30 a.m.", "shortly after 3 p.m.", else "at 5:06 p.m."."""
    before = text[max(0, match.start() - 20) : match.start()]
    marked = TIME_AFTER.search(before) or TIME_BEFORE.search(before) or ESTIMATE.search(before)
    return f"{marked.group(0).strip().lower() if marked else 'at'} {match.group(0)}"


def _minutes(match: re.Match[str]) -> int:
    """Minutes after midnight of a ``CLOCK_TIME`` match."""
    if match["hour24"] is not None:
        return int(match["hour24"]) * 60 + int(match["minute24"])
    hour = int(match["hour"]) % 12 + (12 if match["half"].lower() == "p" else 0)
    return hour * 60 + int(match["minute"] or 0)


# Quotation marks at a word's edge; an apostrophe inside a word ("didn't") stays.
INNER_MARKS = re.compile(r"(?:(?<=\s)|^)[\"'‘’“”]+|[\"'‘’“”]+(?=\s|$)")


def _spoken_words(text: str) -> list[tuple[str, int, int]]:
    """A quotation's words, lowercased, with their offsets; the minutes of a whole hour left out
    (``wording.spoken_hours``)."""
    words = [(m.group(0).lower().replace("’", "'"), m.start(), m.end()) for m in WORD.finditer(text)]
    keys = spoken_hours(text, words, ["".join(ch for ch in word if ch.isalnum()) for word, _, _ in words])
    return [(key, start, end) for key, (_, start, end) in zip(keys, words, strict=True) if key]


def _letters(tokens: list[tuple[str, int, int]]) -> str:
    """The letters and digits of a stretch of words, without the spaces and marks between them, British and
    American spellings made one ("realise" and "realize", "honour" and "honor"): a quotation printed in the
    other spelling is the same quotation."""
    return _one_spelling(
        " ".join("".join(ch for ch in word if ch.isalnum()) for word, _, _ in tokens)
    ).replace(" ", "")


# British spellings and their American forms, word by word: -ise/-ize (and -isation), -our/-or, -tre/-ter,
# -lled/-led, -ogue/-og.
SPELLINGS = (
    (re.compile(r"(?<=\w\w)is(e|es|ed|ing|ation|ations)\b"), r"iz\1"),
    (re.compile(r"(?<=\w\w)our(s|ed|ing|able|hood|hoods|ite|ites|ful|er|ers)?\b"), r"or\1"),
    (re.compile(r"(?<=\w\w[^aeiou\s])re(s|d)?\b"), r"er\1"),
    (re.compile(r"(?<=\w[aeiou])ll(ed|ing|er|ers)\b"), r"l\1"),
    (re.compile(r"(?<=\w\w)ogue(s)?\b"), r"og\1"),
)


def _one_spelling(words: str) -> str:
    for pattern, american in SPELLINGS:
        words = pattern.sub(american, words)
    return words


@lru_cache(maxsize=8192)
def _words(text: str, offset: int = 0) -> tuple[tuple[str, int, int], ...]:
    """Lowercased words with their offsets (plus ``offset``), a contraction's negation apart ("couldn't" →
    "could", "not", both at the word's place), so that the two spellings of one statement align. Kept while a
    story is compared (``StoryComparison`` then clears them): a statement is compared with every other of its
    claim, and re-splitting it each time had cost a second in thirty of a corpus run."""
    words: list[tuple[str, int, int]] = []
    for match in WORD.finditer(text):
        word, start, end = (
            match.group(0).lower().replace("’", "'"),
            offset + match.start(),
            offset + match.end(),
        )
        if not any(c.isalnum() for c in word):
            continue  # a quotation mark written as '' is no word
        if word.endswith("n't") and len(word) > 3:
            stem = {"can't": "can", "won't": "will", "shan't": "shall"}.get(word, word[:-3])
            words += [(stem, start, end), ("not", start, end)]
        else:
            words.append((word, start, end))
    return tuple(words)


# Cues that say who a statement comes from ("police said", "told reporters", "according to"), unlike a stance
# ("insisted", "believed") or an act ("released", "showed") the parse also finds.
SPEECH_CUE = re.compile(
    r"^(?:said|says|say|told|tells|stated|states|announced|announces|reported|reports|added|adds|confirmed|"
    r"confirms|according to|wrote|writes|saying|warned|warns|explained|explains)\b",
    re.IGNORECASE,
)
# What names no source at all: pronouns ("it said" is unresolved) and stray words a parse took for a speaker.
NO_SOURCE = frozenset("it its they them he she we i you this that these those which who one".split())


# Courtesy titles that stand before a family name in place of the given name ("Ms McMeekin", "Dr. Ruiz").
HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame)\.?\s+", re.IGNORECASE)


def _same_name(first: str, second: str) -> bool:
    """Two writings of one name: the same letters ("A.J. Butler", "AJ Butler"), a spelling variant
    ("Gordon Advisers", "Gordon Advisors": nine tenths of the letters agree), an acronym ("U.N.", "the United
    Nations") or a first name shortened ("Jon Hubbard"). "John Whitaker" and "James Whitaker" are two names."""
    a, b = (re.sub(r"[^0-9a-z]", "", name.lower()) for name in (first, second))
    if not a or not b or a == b or difflib.SequenceMatcher(a=a, b=b).ratio() >= 0.9:
        return True

    def initials(name: str) -> str:
        words = [w for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in {"the", "of", "and", "for"}]
        return "".join(w[0] for w in words).lower()

    if a == initials(second) or b == initials(first):
        return True
    # "Ms McMeekin" and "Alice McMeekin": an honorific before the family name names the same person as the
    # full name, as the same article does a paragraph later. ("Mr Smith" and "Ms Smith" are two people.)
    titled = [bool(HONORIFIC.match(name)) for name in (first, second)]
    if titled[0] != titled[1]:
        bare = [HONORIFIC.sub("", name).lower().split() for name in (first, second)]
        if bare[0] and bare[1] and bare[0 if titled[0] else 1] == bare[1 if titled[0] else 0][-1:]:
            return True
    # A short form of the first name: "Jon Hubbard" and "Jonathan Hubbard", "Sam" and "Samantha Power".
    first_words, second_words = first.lower().split(), second.lower().split()
    if len(first_words) == len(second_words) >= 2 and first_words[1:] == second_words[1:]:
        short, long = sorted((first_words[0], second_words[0]), key=len)
        return len(short) >= SHORT_FORM_MIN_LETTERS and long.startswith(short)
    return False


def _tells_its_source(quote: Quote) -> bool:
    """Whether a quote's speaker, credited as no one person, is a source: named by a reporting cue, and no
    pronoun."""
    speaker = (quote.speaker or "").strip().lower()
    return bool(speaker) and speaker not in NO_SOURCE and bool(SPEECH_CUE.match(quote.cue or ""))


def _tokens(unit: Unit) -> tuple[tuple[str, int, int], ...]:
    """The unit's words (``_words``), each with its article offsets."""
    return _words(unit.text, unit.start)


def _about_equal(first: float, second: float) -> bool:
    """Two figures one of which may be the other rounded: "20 percent" and "20.6 percent", "35 miles" and "36
    miles"."""
    return abs(first - second) <= COUNT_ROUNDING * max(abs(first), abs(second))


def _count_key(quantity: Quantity) -> tuple[str, bool]:
    """What a figure counts, for telling whether two figures count one thing: its unit, singular or plural
    ("three years", "four year"), and whether it is an increase. A stated total ("a total of 125 people") and a
    bare figure ("144 people were killed") both count the whole."""
    unit = (quantity.unit or "").lower()
    if unit.endswith("s") and not unit.endswith("ss"):
        unit = unit[:-1]
    return unit, quantity.framing == "increment"


def _counted(quantity: Quantity) -> str:
    """The figure as stated ("12 people", "70 percent"), with what it counts unless it says so already."""
    if quantity.unit and not quantity.text.lower().endswith(quantity.unit.lower()):
        return f"{quantity.text} {quantity.unit}"
    return quantity.text


# --- one quantity told two ways --------------------------------------------------------------------------------
# Outlets reword: "relatives of the flight's 153 Chinese passengers" against "relatives of 150 Chinese
# passengers", "which was out of service eight stories below" against "which was six stories below". Two figures
# of one unit are one quantity when the words around them agree (``StoryComparison._same_quantity``), not only
# when the two statements agree in most words (``_same_slot``). What the figure is said to be matters as much:
# "at least three" and "at least 10" killed (a toll as it grew) do not contradict each other; "nearly 100" and
# "more than 200" marchers do.
LOWER_BOUND = re.compile(
    r"\b(?:at least|more than|over|above|in excess of|upwards of|no fewer than|no less than|a minimum of|"
    r"exceeded|exceeding|topped|better than|higher than)\s+$",
    re.IGNORECASE,
)
UPPER_BOUND = re.compile(
    r"\b(?:as many as|up to|less than|fewer than|under|below|at most|no more than|a maximum of)\s+$",
    re.IGNORECASE,
)
ESTIMATE = re.compile(
    r"\b(?:about|around|some|roughly|approximately|estimated|close to|nearly|almost|just under|just over|"
    r"an estimated|or so|circa)\s+$",
    re.IGNORECASE,
)
# A figure's sign and the words "US" before it stand between the figure and the word that frames it.
SIGN_BEFORE = re.compile(r"(?:\s*(?:US|U\.S\.)?\s?[$€£])?\s*$")
# A figure converted in brackets after another ("58km (36 miles)", "2 million euros ($2.6 million)"), or joined
# to one that a bound governs ("better than eight years and $184 million"): it is meant as that one is.
CONVERTED = re.compile(
    r"(?:[$€£]\s?)?(?:\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s*[^\W\d]*\s*"
    r"(?:\(|and)\s*(?:US)?\s?[$€£]?\s?$",
    re.IGNORECASE,
)
# How far an estimate ("about 150", "around six weeks") may stand from the figure it rounds. In 108 Multi-News
# and ECB+ stories, an estimate set against a figure of the same unit in an aligned statement lay within 6.2% of
# it ("about 1,589 miles" and 1,680; "nearly 1,600 points" and "as much as 1,500") or 11% and more away (two
# teams' offers, "nearly 100" and "more than 200" marchers); 0.2 changed nothing reported there.
ESTIMATE_SPREAD = 0.1
# The words either side of a figure, within its statement, that say what it counts and what happened to it;
# how many of them two figures must share when neither the word governing them nor the one after what they count
# agrees ("Paris thieves nab $2.5 million worth of jewellery" against "Thieves in $2.6 million smash-and-grab raid
# on Paris jewelry store" share three). Measured on 108 Multi-News and ECB+ stories: two shared words let in
# three other quantities (a quarterback's 34 passes against his first 17, twice; a 15 percent wholesale tax
# against a 32 percent total), four lost the $2.5 million; a window of five words lost it too, and one of ten
# let in five other quantities (246 passengers against "some 420 passengers and crew", a season's six
# touchdowns against four).
ROLE_WINDOW = 7
ROLE_SHARED_WORDS = 3
# Words that say how a figure is meant ("at least", "about"), not what it counts.
FIGURE_MARKS = frozenset("least about around nearly almost roughly approximately estimated many".split())
# Two figures of one quantity worded apart that outlets print lie within this factor of each other: in 108
# Multi-News and ECB+ stories every pair read as a misreport or a rival estimate did (153 and 150 passengers,
# 200,000 and 120,000 islanders, "nearly 100" and "more than 200" marchers; 1.9 would lose the last). Without
# the cap one more pair passed the other tests, another quantity: 612 killed against a town of 15,000.
MAX_COUNT_RATIO = 3.0
# A figure that opens or closes a range ("between 155 million to 148 million", "20 - 30 people", "10 to 12").
RANGE_BEFORE = re.compile(
    r"\d[\d,.]*(?:\s*(?:thousand|million|billion|bn|m|k))?\s*(?:-|–|to|and)\s*\D{0,2}$", re.I
)
RANGE_AFTER = re.compile(r"\s*(?:-|–|to)\s*\D{0,2}\d")
# A figure counted per something ("$22 million per season") is a rate, not the total another outlet gives.
RATE_AFTER = re.compile(
    r"\s*(?:[\w-]+\s+)?(?:per|each|every|annually|apiece|a\s+(?:year|day|week|month|season|game|head))\b",
    re.IGNORECASE,
)
# What follows a name that makes it the source of the statement, not its subject ("the U.S. Geological Survey
# said"), and what comes before one ("according to the U.S. Geological Survey").
CREDIT_AFTER = re.compile(
    r"\W{0,3}(?:said|says|told|tells|reported|reports|estimated|estimates|confirmed)\b", re.I
)
CREDIT_BEFORE = re.compile(r"\b(?:according to|said|says|told|reported by|per)\s+(?:the\s+)?$", re.IGNORECASE)


def _figure_tokens(tokens: Sequence[tuple[str, int, int]], quantity: Quantity) -> list[int]:
    """The indexes of the statement's words (``_tokens``) that the figure's text overlaps."""
    return [k for k, (_, start, end) in enumerate(tokens) if start < quantity.end and quantity.start < end]


def _stem(word: str) -> str:
    """A word's first five letters, a doubled l made single and an ending ("-ing", "-ed", "-s") cut first:
    "jewellery" and "jewelry", "killed" and "killing" are one word here."""
    word = word.lower().replace("’", "'").removesuffix("'s").replace("ll", "l")
    bare = re.sub(r"(?:ing|ed|es|s)$", "", word)
    return (bare if len(bare) >= 3 else word)[:5]


def _marking(quantity: Quantity, text: str) -> str:
    """How a figure is meant, from the words before it: "lower" ("at least 10"), "upper" ("as many as 125"),
    "estimate" ("about 150") or "" (the figure as counted). A figure converted in brackets after another, or
    joined to one ("about 58km (36 miles)"), is meant as that one is."""
    start = quantity.start
    converted = CONVERTED.search(text, max(0, start - 20), start)
    if converted is not None:
        start = converted.start()
    before = text[max(0, start - 30) : start]
    sign = SIGN_BEFORE.search(before)
    before = before[: sign.start()] + " " if sign else before
    if LOWER_BOUND.search(before):
        return "lower"
    if UPPER_BOUND.search(before):
        return "upper"
    return "estimate" if ESTIMATE.search(before) else ""


def _stated_range(quantity: Quantity, marking: str) -> tuple[float, float]:
    """The values a figure so meant allows: from a lower bound up, up to an upper bound, an estimate within
    ``ESTIMATE_SPREAD``, and a plain figure itself."""
    value = quantity.value
    if marking == "lower":
        return value, float("inf")
    if marking == "upper":
        return 0.0, value
    if marking == "estimate":
        return value * (1 - ESTIMATE_SPREAD), value * (1 + ESTIMATE_SPREAD)
    return value, value


CURRENCY_SIGN = re.compile(r"(?:US|U\.S\.)?\s?[$€£]\s?$")
# The word a figure counts as printed after it, and the next one ("153 Chinese passengers").
COUNTED_WORDS = re.compile(r"\s+(?P<unit>[A-Za-z][\w-]*)(?:\s+(?P<next>[a-z][\w-]*))?")


def _in_range(quantity: Quantity, text: str) -> bool:
    """Whether a figure is one end of a range ("between 155 million to 148 million years ago")."""
    return bool(
        RANGE_BEFORE.search(text, max(0, quantity.start - 25), quantity.start)
        or RANGE_AFTER.match(text, quantity.end)
    )


def _places(quantity: Quantity) -> float:
    """The step of a figure's last written digit, in its own scale: 1 for "153", 0.1 million for "$2.5
    million", 0.1 for "20.6 percent"."""
    digits = re.match(r"[\d,\s]*(?:\.(\d+))?", quantity.text)
    decimals = len(digits.group(1)) if digits and digits.group(1) else 0
    number = re.match(r"[\d,\s]+(?:\.\d+)?", quantity.text)
    written = float(re.sub(r"[,\s]", "", number.group(0))) if number else quantity.value
    scale = quantity.value / written if written else 1.0
    return 10.0**-decimals * scale


def _contradict(first: Quantity, first_text: str, second: Quantity, second_text: str) -> bool:
    """Whether two figures of one quantity, as each is worded, cannot both be right. A figure written less
    precisely agrees with one it cuts short ("20 percent" and "20.6 percent"); "150" and "153" passengers, or
    "$2.5 million" and "$2.6 million", disagree."""
    first_marking, second_marking = _marking(first, first_text), _marking(second, second_text)
    if {first_marking, second_marking} <= {"lower", "upper"}:
        # Two bounds ("as many as 125" against "at least 144" killed, "at least three" against "at least 10") are
        # what each outlet could confirm when it wrote, not one figure given two ways.
        return False
    if not first_marking and not second_marking:
        return abs(first.value - second.value) >= max(_places(first), _places(second)) * (1 - 1e-9)
    low_a, high_a = _stated_range(first, first_marking)
    low_b, high_b = _stated_range(second, second_marking)
    return high_a < low_b or high_b < low_a


# A person's age right after the name, in apposition ("Kevin Johnson, 25, and …"), or right before it
# ("27-year-old Kanasho Johns"). A figure after a name that goes on ("Tom Brady, 12 of 20") is a statistic.
AGE_AFTER_NAME = re.compile(r",\s+(?P<age>\d{1,3})(?=\s*[,;)]|\.(?:\s|$)|\s+(?:and|was|is|were|who|from)\b)")
AGE_BEFORE_NAME = re.compile(r"\b(?P<age>\d{1,3})-year-old\s+$")
MAX_AGE = 120
# Two ages of one person further apart than this are two different figures (a score, a count), not an age
# misreported: a report off by a year or two is what a fact-checker meets.
MAX_AGE_GAP = 5


class StoryComparison:
    """Everything ``compare`` derives for one story; built once, read by the pipeline."""

    def __init__(
        self,
        annotated: Sequence[AnnotatedArticle],
        statements: Sequence[Statement],
        duplicates: Sequence[DuplicateGroup] = (),
        settings: Settings | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        self.annotated = {a.article.id: a for a in annotated}
        self.articles: dict[str, Article] = {a.article.id: a.article for a in annotated}
        self.people = StoryPeople.of(annotated)
        self.canonical_of = {
            c: g.canonical for g in duplicates for c in g.copies if g.canonical in self.articles
        }
        self.quotes = self._quotes()
        # Each article's direct quotations with a speaker, for the statements that hold them.
        self.direct_quotes: dict[str, list[Quote]] = defaultdict(list)
        for quote in self.quotes:
            if quote.direct and quote.speaker:
                self.direct_quotes[quote.article_id].append(quote)
        self.attributions = [a for an in annotated for a in an.attributions]
        # Every outlet or agency some article of the story credits, as source keys.
        self.credited = {source_key(a.source) for a in self.attributions}
        # The same keys without spaces, in order, for matching an outlet's web address (``outlet_origin``).
        self._credited_compact = [(compact_key(key), key) for key in sorted(self.credited)]
        self.discrepancies: list[Discrepancy] = []
        statements = [part for s in statements for part in self._parted_by_counts(s)]
        claims = [self._claim(s) for s in statements]
        self.discrepancies.extend(self._quote_wording())
        for statement, claim in zip(statements, claims, strict=True):
            self.discrepancies.extend(self._statement_discrepancies(statement, claim.id))
        disputed = {d.claim_id for d in self.discrepancies if d.claim_id}
        self.claims = [c.model_copy(update={"status": "disputed"}) if c.id in disputed else c for c in claims]
        self.discrepancies.extend(self._age_discrepancies())
        self._attach_story_discrepancies()
        self.entities = self._entities()
        # The split words serve this story's comparisons only; a long-lived process must not keep them.
        _words.cache_clear()

    # --- who is behind a statement -------------------------------------------------------------------------
    def voice(self, article_id: str) -> str:
        """The article a report speaks with: its original when it is a syndicated copy, else itself."""
        return self.canonical_of.get(article_id, article_id)

    def outlet(self, article_id: str) -> str:
        """The outlet a report speaks for (a copy's original's): whose voice counts as a source."""
        return self.articles[self.voice(article_id)].outlet

    def printer(self, article_id: str) -> str:
        """The outlet that printed this very article: the one a discrepancy names beside the span it cites."""
        return self.articles[article_id].outlet

    def _one_per_wording(self, units: Sequence[Unit]) -> list[Unit]:
        """One unit per voice and wording, the original's own first: a syndicated copy that repeats its
        original word for word would only repeat each difference, but a copy that changed a name or a figure
        ("Mayor James Whitaker" for "Mayor John Whitaker") differs from its original and is compared too."""
        ordered = sorted(units, key=lambda unit: self.voice(unit.article_id) != unit.article_id)
        chosen: dict[tuple[str, str], Unit] = {}
        for unit in ordered:
            chosen.setdefault(
                (self.voice(unit.article_id), " ".join(w for w, _, _ in _words(unit.text))), unit
            )
        return sorted(chosen.values(), key=units.index)

    def credits(self, unit: Unit) -> list[Attribution]:
        annotated = self.annotated[unit.article_id]
        return [a for a in annotated.attributions if unit.sentence in a.sentences]

    def origin(self, unit: Unit) -> str:
        """Who a statement rests on: the person it is credited to; else the outlet, agency or body credited
        ("according to Reuters", "police said"); else the reporting outlet itself. Outlets and credited sources
        share one key space, so Reuters' own report and another outlet's "according to Reuters" are one
        origin."""
        annotated = self.annotated[unit.article_id]
        speaker = annotated.speakers.get(unit.sentence)
        if speaker:
            return "person:" + self.people.canonical(speaker).lower()
        body = self._body_speaking(unit)
        if body and self._wire_relay(unit) is not None:
            # A wire dateline credits the agency with the whole article, but a sentence that names its own
            # source ("…, police said") rests on that source, as it does in any other outlet that heard it
            # (``_wire_relay`` keeps the agency as the way it came).
            return "source:" + source_key(self.people.canonical(body))
        credits = self.credits(unit)
        if credits:
            # A person credited as a source ("Stallone said in a statement", where the article names no one
            # else) is the story's full form of the name, so that one person is one origin.
            return "source:" + source_key(self.people.canonical(credits[0].source))
        if body:
            # Speech credited to no one person ("the regional government said", "police said"), or to a
            # person the speaker patterns did not take ("Stallone said" beside "Sylvester Stallone"): the
            # story's full form of a name, so that one person is one origin.
            return "source:" + source_key(self.people.canonical(body))
        return "source:" + self.outlet_origin(self.outlet(unit.article_id))

    def _wire_relay(self, unit: Unit) -> str | None:
        """The agency, as an origin key, whose dateline alone credits a unit whose sentence names its own
        source ("DENVER (AP) — …, officials confirmed"): the statement rests on that source and came by that
        agency, so another outlet's reworded copy of the agency's story, which dropped "officials confirmed",
        rests on it too."""
        credits = self.credits(unit)
        article = self.articles[unit.article_id]
        if not credits or not all(is_dateline(article, c) for c in credits):
            return None
        if self.annotated[unit.article_id].speakers.get(unit.sentence) or not self._body_speaking(unit):
            return None
        return "source:" + source_key(self.people.canonical(credits[0].source))

    def _body_speaking(self, unit: Unit) -> str | None:
        """Who the unit's sentence says spoke, when the quotes annotator read a source there but no person."""
        quotes = self.annotated[unit.article_id].quotes
        return next(
            (
                q.speaker
                for q in quotes
                # A quotation's later sentences are its speaker's too: '"… in this manner. They are not designed,
                # tested or approved for this purpose," the company said' rests on the company throughout.
                if (q.sentence == unit.sentence or (q.direct and q.start <= unit.start < q.end))
                and _tells_its_source(q)
            ),
            None,
        )

    def _copied_origin(self, unit: Unit, units: Sequence[Unit]) -> str:
        """A unit's origin. An outlet's own, uncredited statement that another outlet earlier in the claim
        printed at least ``COPIED_MIN_RATIO`` alike rests on that outlet's origin: two outlets carrying the same
        long sentence took it from one place (a wire paragraph or a press release pasted in)."""
        origin = self.origin(unit)
        if origin != "source:" + self.outlet_origin(self.outlet(unit.article_id)):
            return origin
        words = [w for w, _, _ in _words(unit.text)]
        if len(words) < COPIED_MIN_WORDS:
            return origin
        for earlier in units[: units.index(unit)]:
            if self.outlet(earlier.article_id) == self.outlet(unit.article_id):
                continue
            theirs = [w for w, _, _ in _words(earlier.text)]
            if len(theirs) < COPIED_MIN_WORDS:
                continue
            alike = difflib.SequenceMatcher(None, words, theirs, autojunk=False).ratio()
            long = min(len(words), len(theirs)) >= COPIED_LONG_WORDS
            if alike >= COPIED_MIN_RATIO or (long and alike >= COPIED_LONG_RATIO):
                return self._copied_origin(earlier, units)
        # An outlet's sentence that stands nearly whole inside another outlet's credited one ("The Coast Guard
        # reminds the public that water temperatures …" within "The Coast Guard added in a news release today
        # that it wanted to remind the public that 'water temperatures …'") is the credited source's words,
        # printed from its release without the credit.
        own = set(words)
        for other in units:
            if self.outlet(other.article_id) == self.outlet(unit.article_id):
                continue
            theirs = [w for w, _, _ in _words(other.text)]
            # Most pairs fail on their words alone; those are not worth an origin or an alignment of words.
            if len(theirs) <= len(words) or len(own & set(theirs)) < COPIED_MIN_RATIO * len(own):
                continue
            credited = self.origin(other)
            if credited == "source:" + self.outlet_origin(self.outlet(other.article_id)):
                continue
            # The longer is the other's: the share is of this unit's words.
            if share_in_order(words, theirs) >= COPIED_MIN_RATIO:
                return credited
        return origin

    def _quoted(self, unit: Unit) -> bool:
        """Whether the unit's words stand inside a direct quotation of its article."""
        quotes = [(q.start, q.end) for q in self.annotated[unit.article_id].quotes if q.direct]
        return is_quoted(unit, quotes)

    def _quoted_copies(self, origin_of: dict[Unit, str]) -> dict[Unit, str]:
        """One quotation that outlets print alike is one speaker's words, whoever each credits with it: the
        statement a publicist "sent to XXL" and the one "the statement read" in another outlet have one origin,
        the person named if one is, else the first outlet's. Two outlets naming two different people keep two
        origins: that is a difference of who spoke, which ``_speaker_discrepancies`` reports."""
        quoted = [u for u in origin_of if self._quoted(u)]
        words = {u: [w for w, _, _ in _words(u.text)] for u in quoted}
        group = {u: n for n, u in enumerate(quoted)}
        for i, first in enumerate(quoted):
            for second in quoted[i + 1 :]:
                if (
                    self.outlet(first.article_id) != self.outlet(second.article_id)
                    and min(len(words[first]), len(words[second])) >= QUOTED_COPY_MIN_WORDS
                    and difflib.SequenceMatcher(None, words[first], words[second], autojunk=False).ratio()
                    >= COPIED_MIN_RATIO
                ):
                    old, new = group[second], group[first]
                    group = {u: new if g == old else g for u, g in group.items()}
        folded = dict(origin_of)
        for n in set(group.values()):
            members = [u for u in quoted if group[u] == n]
            people = {origin_of[u] for u in members if origin_of[u].startswith("person:")}
            if len(members) < 2 or len(people) > 1:
                continue
            shared = next(iter(people)) if people else origin_of[members[0]]
            for unit in members:
                folded[unit] = shared
        return folded

    def _joined_by_relays(self, origin_of: dict[Unit, str]) -> list[str]:
        """The claim's origins, one per set of units whose ways back meet: a unit's origin, and for a sentence
        a wire story credits to its own source, the agency it came by too (``_wire_relay``). Units sharing a
        key are one origin, named by the key all of them share when there is one: an agency's "officials
        confirmed" and another outlet's copy of the agency's story are the agency's; the agency's "police said"
        and another outlet's "police said" are the police's."""
        keys = {u: {origin} for u, origin in origin_of.items()}
        for unit in keys:
            relay = self._wire_relay(unit)
            if relay is not None:
                keys[unit].add(relay)
        groups: list[tuple[set[str], list[Unit]]] = []
        for unit, held in keys.items():
            met = [g for g in groups if g[0] & held]
            merged: tuple[set[str], list[Unit]] = (set(held), [unit])
            for group in met:
                merged[0].update(group[0])
                merged[1].extend(group[1])
                groups.remove(group)
            groups.append(merged)
        names = []
        for _, members in groups:
            shared = set.intersection(*(keys[u] for u in members))
            names.append(min(shared) if shared else origin_of[members[0]])
        return names

    def outlet_origin(self, outlet: str) -> str:
        """An outlet's own origin key: the name another article of the story credits it under, when one does
        ("reuters.com" meets "according to Reuters"), else its own full name."""
        keys = outlet_keys(outlet)
        # Without spaces, as the attribution annotator compares them: "HuffPost" names huffingtonpost.com.
        compact = {compact_key(key) for key in keys}
        return next((key for spaceless, key in self._credited_compact if spaceless in compact), keys[0])

    def _claim(self, statement: Statement) -> Claim:
        units = statement.units
        upstream: dict[str, str] = {}
        for unit in units:
            for credit in self.credits(unit):
                upstream.setdefault(source_key(credit.source), display_source(credit.source))
        origin_of = self._quoted_copies({u: self._copied_origin(u, units) for u in units})
        # Counted by name: "police" heard as a person in one outlet and as a body in another is one origin.
        origins = fold_origins({origin.split(":", 1)[1] for origin in self._joined_by_relays(origin_of)})
        # The outlets that printed it: a syndicated copy speaks with its original's voice (its origin), but
        # what the copy alone printed is still the copy's outlet's, and a wire story reprinted is carried by
        # two outlets from one source (relayed, not one outlet's alone).
        outlets = sorted({self.printer(u.article_id) for u in units})
        spans = statement.spans()
        # The claim reads as the first whole statement: a relative clause ("which was first reported by …")
        # shown alone leaves the reader to guess what it is about.
        reading = next((u for u in units if not u.clause), units[0])
        return Claim(
            id=_id("c", *(f"{s.article_id}:{s.start}:{s.end}" for s in spans)),
            text=reading.text,
            status="corroborated" if len(outlets) >= 2 else "single_source",
            support=spans,
            upstream_sources=sorted(upstream[key] for key in fold_origins(set(upstream))),
            origins=origins,
            independent_sources=len(origins),
            outlets=outlets,
        )

    # --- quotes and their wording ---------------------------------------------------------------------------
    def _quotes(self) -> list[Quote]:
        out = []
        for annotated in self.annotated.values():
            for quote in annotated.quotes:
                speaker = self.people.canonical(quote.speaker) if quote.speaker else None
                out.append(quote.model_copy(update={"speaker": speaker}))
        return out

    def _quote_wording(self) -> list[Discrepancy]:
        """The same speaker's quotation worded differently by different outlets: show the word difference."""
        found: list[Discrepancy] = []
        # Originals' quotes first, so that a copy's identical quotation is the one passed over.
        direct = sorted(
            (q for q in self.quotes if q.direct and q.speaker),
            key=lambda q: self.voice(q.article_id) != q.article_id,
        )
        compared: set[tuple[str, str]] = set()
        for i, left in enumerate(direct):
            for right in direct[i + 1 :]:
                if left.speaker != right.speaker or self.voice(left.article_id) == self.voice(
                    right.article_id
                ):
                    continue
                pair = (left.text, right.text)
                if pair in compared or (right.text, left.text) in compared:
                    continue  # the same two wordings, through a copy
                compared.add(pair)
                found.extend(self._compare_quotes(left, right))
        found.extend(self._unvoiced_quote_wording(direct, compared))
        # The same two wordings told apart once, whichever outlets print them: copies of one wire story that
        # the copy finder did not join (each edited a little) had repeated one difference for every pair.
        told: set[frozenset[str]] = set()
        once = []
        for discrepancy in found:
            wordings = frozenset(fold(side.text) for side in discrepancy.sides)
            if wordings not in told:
                told.add(wordings)
                once.append(discrepancy)
        return once

    def _unvoiced_quote_wording(
        self, voiced: Sequence[Quote], compared: set[tuple[str, str]]
    ) -> list[Discrepancy]:
        """A quotation no speaker was found for, worded differently from another outlet's quotation of one
        speaker: nearly the same words are that speaker's ("That's why I looked at Faye, and at you." beside
        Beatty's "That's why I took such a long look at Faye and at you."). One that reads as the quotations of
        two speakers is left alone."""
        found: list[Discrepancy] = []
        # A statement credited to a body or a description ("a White House official", "The Trump administration")
        # is named differently by each outlet that prints it: its wording is compared as an unvoiced one's is.
        unvoiced = [q for q in self.quotes if q.direct and not self.people.is_tagged_person(q.speaker)]
        # Two quotations need this many words in common, in any order, before their words are aligned: in a
        # story of many outlets most pairs have not, and aligning them all cost more than the rest of compare.
        bags = {q.text: Counter(word for word, _, _ in _spoken_words(q.text)) for q in (*unvoiced, *voiced)}
        least = self.settings.quote_min_common_words
        for quote in unvoiced:
            differences: dict[str, list[Discrepancy]] = {}
            for other in voiced:
                if (
                    self.voice(other.article_id) == self.voice(quote.article_id)
                    or other.speaker == quote.speaker
                ):
                    continue
                if (other.text, quote.text) in compared or (quote.text, other.text) in compared:
                    continue
                if (bags[quote.text] & bags[other.text]).total() < least:
                    continue
                voiced_copy = quote.model_copy(update={"speaker": other.speaker})
                told = self._compare_quotes(other, voiced_copy)
                if told:
                    differences.setdefault(other.speaker or "", []).extend(told)
            # Differences from the quotations of several speakers are kept only when they tell one change: the
            # same statement credited to "a White House official" and to "the White House".
            changes = {d.diff for told in differences.values() for d in told}
            if len(differences) == 1 or len(changes) == 1:
                found.extend(next(iter(differences.values())))
        return found

    def _compare_quotes(self, left: Quote, right: Quote) -> list[Discrepancy]:
        lt = _spoken_words(left.text)
        rt = _spoken_words(right.text)
        matcher = difflib.SequenceMatcher(a=[w for w, _, _ in lt], b=[w for w, _, _ in rt], autojunk=False)
        blocks = [b for b in matcher.get_matching_blocks() if b.size]
        if sum(b.size for b in blocks) < self.settings.quote_min_common_words:
            return []
        # Outside the stretch both render, the quotes simply differ in extent (one outlet quoted more), which is
        # not a change of wording.
        a0, a1, b0, b1 = quoted_stretch(blocks, len(lt), len(rt))
        common = sum(b.size for b in blocks)
        if common == (a1 - a0) == (b1 - b0):
            return []
        ratio = 2 * common / ((a1 - a0) + (b1 - b0))
        if ratio < self.settings.quote_match_ratio:
            return []
        # Narrow the sides to the sentence-sized stretch around the first difference, so each side reads alone.
        sub = difflib.SequenceMatcher(
            a=[w for w, _, _ in lt[a0:a1]], b=[w for w, _, _ in rt[b0:b1]], autojunk=False
        )

        # The diff shows the words as printed: compared folded, but a quotation is never shown lowercased.
        def printed(quote: Quote, tokens: list[tuple[str, int, int]]) -> str:
            return " ".join(quote.text[start:end] for _, start, end in tokens)

        diff_parts: list[str] = []
        for tag, i1, i2, j1, j2 in sub.get_opcodes():
            if tag == "equal":
                diff_parts.append(printed(left, lt[a0 + i1 : a0 + i2]))
            else:
                if i2 > i1:
                    diff_parts.append("[-" + printed(left, lt[a0 + i1 : a0 + i2]) + "-]")
                if j2 > j1:
                    diff_parts.append("{+" + printed(right, rt[b0 + j1 : b0 + j2]) + "+}")
        # A change of spacing or punctuation only ("I'm" against "I ’ m") is the same wording, and so are words one
        # outlet cut and marked with an ellipsis, or replaced by an editor's note in brackets ("[expletive]").
        changes = [
            (tag, i1, i2, j1, j2)
            for tag, i1, i2, j1, j2 in sub.get_opcodes()
            if tag != "equal"
            and _letters(lt[a0 + i1 : a0 + i2]) != _letters(rt[b0 + j1 : b0 + j2])
            and not edited(left.text, lt, a0 + i1, a0 + i2, alone=j1 == j2)
            and not edited(right.text, rt, b0 + j1, b0 + j2, alone=i1 == i2)
        ]
        if not changes:
            return []
        first = changes[0]
        la, lb = self._sentence_window(left, lt, a0 + first[1], a0, a1)
        ra, rb = self._sentence_window(right, rt, b0 + first[3], b0, b1)
        left_span = self._span(left.article_id, left.start + la, left.start + lb)
        right_span = self._span(right.article_id, right.start + ra, right.start + rb)

        # Each change with a word of context either side, as a reader would quote it: "a more longer-term"
        # against "a longer-term". A quotation mark inside the stretch (a quotation within the quotation) is
        # left out: shown between the explanation's own marks, "'said ‘the' against 'said that 'the'" reads as
        # a broken quotation.
        def phrase(tokens: list[tuple[str, int, int]], text: str, lo: int, hi: int, base: int) -> str:
            lo, hi = max(base, lo - 1), min(len(tokens), hi + 1)
            return INNER_MARKS.sub("", text[tokens[lo][1] : tokens[hi - 1][2]])

        pairs = [
            (phrase(lt, left.text, a0 + i1, a0 + i2, a0), phrase(rt, right.text, b0 + j1, b0 + j2, b0))
            for _, i1, i2, j1, j2 in changes
        ]
        wording = "; ".join(f"'{a}' against '{b}'" for a, b in pairs[:3])
        explanation = (
            f"{left.speaker}'s quotation is worded differently by {self.printer(left.article_id)} and "
            f"{self.printer(right.article_id)}: {wording}."
        )
        return [
            Discrepancy(
                kind="quote_wording",
                explanation=explanation,
                sides=[left_span, right_span],
                diff=" ".join(p for p in diff_parts if p),
            )
        ]

    @staticmethod
    def _sentence_window(
        quote: Quote, tokens: list[tuple[str, int, int]], at: int, lo: int, hi: int
    ) -> tuple[int, int]:
        """Character range, within the quote, of the sentence of the aligned stretch that holds token ``at``."""
        text = quote.text
        start = tokens[lo][1]
        for k in range(min(at, hi - 1), lo, -1):
            gap = text[tokens[k - 1][2] : tokens[k][1]]
            if re.search(r"[.!?]", gap):
                start = tokens[k][1]
                break
        end = tokens[hi - 1][2]
        for k in range(min(at, hi - 1), hi - 1):
            gap = text[tokens[k][2] : tokens[k + 1][1]]
            if re.search(r"[.!?]", gap):
                end = tokens[k][2]
                break
        return start, end

    def _span(self, article_id: str, start: int, end: int) -> Span:
        return Span(
            article_id=article_id, start=start, end=end, text=self.articles[article_id].text[start:end]
        )

    def _age_discrepancies(self) -> list[Discrepancy]:
        """One person given two ages by two outlets ("Kevin Johnson, 25" against "Kevin Deon Johnson, 24"),
        wherever in the story each names them: the sentences need not align for a fact-checker to want this."""
        stated: list[tuple[str, int, Span]] = []
        for article_id, annotated in self.annotated.items():
            text = annotated.article.text
            for person in annotated.entities:
                if person.label != "PERSON" or len(person.text.split()) < 2:
                    continue
                after = AGE_AFTER_NAME.match(text, person.end)
                before = AGE_BEFORE_NAME.search(text, max(0, person.start - 30), person.start)
                if after:
                    age, start, end = int(after["age"]), person.start, after.end("age")
                elif before:
                    age, start, end = int(before["age"]), before.start(), person.end
                else:
                    continue
                if 0 < age <= MAX_AGE:
                    span = Span(article_id=article_id, start=start, end=end, text=text[start:end])
                    stated.append((person.text, age, span))
        if not stated:
            return []
        group_of = {
            name: n for n, forms in enumerate(people_among(sorted({s[0] for s in stated}))) for name in forms
        }
        found: list[Discrepancy] = []
        by_person: dict[int, list[tuple[str, int, Span]]] = defaultdict(list)
        for entry in stated:
            by_person[group_of[entry[0]]].append(entry)
        for entries in by_person.values():
            first_name, first_age, first_span = entries[0]
            other = next(
                (
                    e
                    for e in entries
                    if e[1] != first_age
                    and abs(e[1] - first_age) <= MAX_AGE_GAP
                    and self.outlet(e[2].article_id) != self.outlet(first_span.article_id)
                ),
                None,
            )
            if other is None:
                continue
            name, age, span = other
            fullest = max((first_name, name), key=len)
            explanation = (
                f"{self.printer(first_span.article_id)} gives {fullest}'s age as {first_age}; "
                f"{self.printer(span.article_id)} gives {age}."
            )
            found.append(Discrepancy(kind="number", explanation=explanation, sides=[first_span, span]))
        return found

    def _attach_story_discrepancies(self) -> None:
        """Tie each discrepancy found across the story (a quotation's wording, a person's age) to the claim whose
        support overlaps its sides, and dispute it."""
        updated = []
        disputed: set[str] = set()
        for d in self.discrepancies:
            if d.claim_id is None:
                for claim in self.claims:
                    hits = sum(
                        any(
                            s.article_id == side.article_id and s.start < side.end and side.start < s.end
                            for s in claim.support
                        )
                        for side in d.sides
                    )
                    if hits == len(d.sides):
                        d = d.model_copy(update={"claim_id": claim.id})
                        disputed.add(claim.id)
                        break
            updated.append(d)
        self.discrepancies = updated
        self.claims = [
            c.model_copy(update={"status": "disputed"}) if c.id in disputed else c for c in self.claims
        ]

    # --- statements whose counts disagree ------------------------------------------------------------------
    def _counts_disagree(self, left: Unit, right: Unit) -> bool:
        """Whether two statements count one thing and share none of its figures, and no `number` difference
        can be read from them (the figures fill no same place): "As many as 125 people died across Syria on
        Monday" against "The opposition network estimates that 9,000 people have been killed since March". Each
        figure then rests on its own outlet; neither confirms the other."""
        counted: dict[tuple[str, bool], tuple[list[Quantity], list[Quantity]]] = {}
        for side, unit in enumerate((left, right)):
            for q in self._quantities(unit):
                if q.unit and q.text.split()[0].lower() not in VAGUE_COUNTS:
                    counted.setdefault(_count_key(q), ([], []))[side].append(q)
        for lq, rq in counted.values():
            if not lq or not rq or any(_about_equal(a.value, b.value) for a in lq for b in rq):
                continue
            if not any(
                self._same_slot(left, right, (a.start, a.end), (b.start, b.end))
                or self._same_quantity(left, right, a, b)
                for a in lq
                for b in rq
            ):
                return True
        return False

    def _parted_by_counts(self, statement: Statement) -> list[Statement]:
        """The statement, or its units in groups whose counts agree: a unit joins the first group (in the
        statement's order) whose every unit it agrees with, else starts one."""
        if len(statement.units) < 2:
            return [statement]
        groups: list[list[Unit]] = []
        for unit in statement.units:
            home = next((g for g in groups if not any(self._counts_disagree(u, unit) for u in g)), None)
            if home is None:
                groups.append([unit])
            else:
                home.append(unit)
        if len(groups) == 1:
            return [statement]
        return [Statement(units=g) for g in groups]

    # --- numbers, dates, names, negation in aligned statements ----------------------------------------------
    def _statement_discrepancies(self, statement: Statement, claim_id: str) -> list[Discrepancy]:
        found: list[Discrepancy] = []
        units = self._one_per_wording(statement.units)
        for i, left in enumerate(units):
            for right in units[i + 1 :]:
                found.extend(self._number_discrepancies(left, right, claim_id))
                found.extend(self._date_discrepancies(left, right, claim_id))
                found.extend(self._clock_discrepancies(left, right, claim_id))
                found.extend(self._wording_discrepancies(left, right, claim_id))
                found.extend(self._speaker_discrepancies(left, right, claim_id))
        return found

    def _speaker_discrepancies(self, left: Unit, right: Unit, claim_id: str) -> list[Discrepancy]:
        """One quotation credited to two different people: "Rodriguez told…" in one outlet, "Vasiliades said" in
        another, for the same words. Listed as confirmed, it read as two people's independent word."""
        quoted = []
        for unit in (left, right):
            quote = next(
                (q for q in self.direct_quotes.get(unit.article_id, ()) if unit.start <= q.start < unit.end),
                None,
            )
            if (
                quote is None
                or not quote.speaker
                or not all(w[:1].isupper() for w in quote.speaker.split())
                or self._titled_only(unit.article_id, quote.speaker)
            ):
                # Only a name: "A spokesperson for Conyers" and "Alaska Governor" are descriptions, not rival
                # credits.
                return []
            quoted.append(quote)
        first, second = quoted
        assert first.speaker and second.speaker
        if {w.lower() for w in first.speaker.split()} & {w.lower() for w in second.speaker.split()}:
            return []  # one person named two ways, or a name beside its description
        # Only names each outlet prints beside the words, and the other outlet does not: a speaker this tool
        # inferred ("he said") or two people credited together ("Zadan and Meron said") is no outlets' dispute.
        left_text, right_text = fold(left.text).lower(), fold(right.text).lower()
        first_name, second_name = (
            fold(first.speaker.split()[-1]).lower(),
            fold(second.speaker.split()[-1]).lower(),
        )
        if not (
            re.search(rf"\b{re.escape(first_name)}\b", left_text)
            and re.search(rf"\b{re.escape(second_name)}\b", right_text)
            and not re.search(rf"\b{re.escape(first_name)}\b", right_text)
            and not re.search(rf"\b{re.escape(second_name)}\b", left_text)
        ):
            return []
        words = difflib.SequenceMatcher(
            a=[w for w, _, _ in _words(first.text)], b=[w for w, _, _ in _words(second.text)], autojunk=False
        )
        if words.ratio() < SAME_QUOTATION_RATIO:
            return []
        lo, ro = self.printer(left.article_id), self.printer(right.article_id)
        opening = first.text.split()
        words_shown = " ".join(opening[:QUOTED_OPENING_WORDS]) + (
            "…" if len(opening) > QUOTED_OPENING_WORDS else ""
        )
        explanation = f"{lo} credits '{words_shown}' to {first.speaker}; {ro} credits it to {second.speaker}."

        return [self._between("entity", explanation, left, right, claim_id)]

    def _titled_only(self, article_id: str, speaker: str) -> bool:
        """Whether a speaker is a title and no name ("Alaska Governor"): it ends on a role word that ends no
        person's name in the article ("Peter King" is a name)."""
        last = speaker.split()[-1]
        return bool(ROLE_WORDS.fullmatch(last.lower())) and not any(
            e.label == "PERSON" and e.text.split()[-1:] == [last] for e in self.annotated[article_id].entities
        )

    def _quantities(self, unit: Unit) -> list[Quantity]:
        return [
            q
            for q in self.annotated[unit.article_id].quantities
            if unit.start <= q.start and q.end <= unit.end
        ]

    def _unit_span(self, unit: Unit) -> Span:
        return Span(article_id=unit.article_id, start=unit.start, end=unit.end, text=unit.text)

    def _number_discrepancies(self, left: Unit, right: Unit, claim_id: str) -> list[Discrepancy]:
        lq, rq = self._quantities(left), self._quantities(right)
        found: list[Discrepancy] = []
        lo, ro = self.printer(left.article_id), self.printer(right.article_id)
        for a in lq:
            for b in rq:
                same_value = abs(a.value - b.value) <= 1e-9 * max(1.0, abs(a.value))
                if same_value and {a.framing, b.framing} == {"increment", "level"}:
                    inc, lev = (a, b) if a.framing == "increment" else (b, a)
                    inc_outlet, lev_outlet = (lo, ro) if inc is a else (ro, lo)
                    before = ""
                    if lev.ratio and lev.ratio > 1:
                        before = f", implying about {lev.value / lev.ratio:,.0f} before"
                    explanation = (
                        f"{inc_outlet} reports {inc.text} as an increase ('{self._context(inc)}'); {lev_outlet} "
                        f"reports {lev.text} as the new total ('{self._context(lev)}'{before})."
                    )
                    found.append(self._between("number_framing", explanation, left, right, claim_id))
                elif (
                    not same_value
                    and a.unit
                    and b.unit
                    and _count_key(a) == _count_key(b)
                    and (
                        self._same_slot(left, right, (a.start, a.end), (b.start, b.end))
                        or self._same_quantity(left, right, a, b)
                    )
                    and _contradict(a, self.articles[a.article_id].text, b, self.articles[b.article_id].text)
                ):
                    explanation = f"{lo} gives {self._told_figure(a)}; {ro} gives {self._told_figure(b)}."
                    found.append(self._between("number", explanation, left, right, claim_id))
        return found

    def _told_figure(self, quantity: Quantity) -> str:
        """A figure as its outlet printed it, with the words that bound it, its currency sign and what it counts:
        "$2.5 million", "nearly 100 people", "153 Chinese passengers" (a capitalised word after the figure
        describes what is counted; the noun follows), else as ``_counted`` says it."""
        text = self.articles[quantity.article_id].text
        sign = CURRENCY_SIGN.search(text, max(0, quantity.start - 5), quantity.start)
        start = quantity.start if sign is None else sign.start()
        before = text[max(0, start - 30) : start]
        marked = LOWER_BOUND.search(before) or UPPER_BOUND.search(before) or ESTIMATE.search(before)
        told = marked.group(0).strip() + " " if marked else ""  # "nearly 100 people", "more than 200 people"
        words = COUNTED_WORDS.match(text, quantity.end)
        if sign is not None:
            told += text[start : quantity.end].strip()
        elif quantity.unit and words and words["unit"].lower() == quantity.unit:
            end = words.end("next") if words["unit"][0].isupper() and words["next"] else words.end("unit")
            told += text[quantity.start : end]
        else:
            told += _counted(quantity)
        return told

    def _same_quantity(self, left: Unit, right: Unit, a: Quantity, b: Quantity) -> bool:
        """Whether figure ``a`` of ``left`` and figure ``b`` of ``right``, counting one unit, give one quantity
        worded apart. Each is its statement's only figure of that unit and neither statement holds the other's
        figure uncounted (the 64 of "including 64 at a checkpoint" beside 144 killed; "18 injured and 12
        arrested" may still dispute "12 injured");
        neither ends a range ("between 155 million and 148 million years ago"); both or neither are counted per
        something; they lie within ``MAX_COUNT_RATIO`` of each other; the words around them agree (the word that
        governs the figure or the one after what it counts, "missed 10 games" and "missed nine games", or three
        words within ``ROLE_WINDOW``); another count both statements give does not differ as well (12 magazines
        and 300 rounds in one raid against 31 and 923 over five); and no name stands in each statement that the
        other lacks ("the Nationals have offered $160 million" against "the Red Sox have made a $200 million
        offer"), the sources credited with it aside."""
        if a.text.split()[0].lower() in VAGUE_COUNTS or b.text.split()[0].lower() in VAGUE_COUNTS:
            return False
        low, high = sorted((a.value, b.value))
        if low <= 0 or high > MAX_COUNT_RATIO * low:
            return False
        key = _count_key(a)
        lq, rq = self._quantities(left), self._quantities(right)
        if sum(_count_key(q) == key for q in lq) != 1 or sum(_count_key(q) == key for q in rq) != 1:
            return False
        if any(q.value == b.value and (not q.unit or _count_key(q) == key) for q in lq) or any(
            q.value == a.value and (not q.unit or _count_key(q) == key) for q in rq
        ):
            return False
        ltext, rtext = self.articles[left.article_id].text, self.articles[right.article_id].text
        if _in_range(a, ltext) or _in_range(b, rtext):
            return False
        if bool(RATE_AFTER.match(ltext, a.end)) != bool(RATE_AFTER.match(rtext, b.end)):
            return False
        (l_near, l_heads), (r_near, r_heads) = self._role_words(left, a), self._role_words(right, b)
        if not (l_heads & r_heads) and len(l_near & r_near) < ROLE_SHARED_WORDS:
            return False
        for other in {_count_key(q) for q in lq if q.unit} & {_count_key(q) for q in rq if q.unit} - {key}:
            if not any(
                _about_equal(x.value, y.value)
                for x in lq
                if _count_key(x) == other
                for y in rq
                if _count_key(y) == other
            ):
                return False
        return not (self._own_names(left, right, a) and self._own_names(right, left, b))

    def _role_words(self, unit: Unit, quantity: Quantity) -> tuple[set[str], set[str]]:
        """The content words (``_stem``) within ``ROLE_WINDOW`` words of a figure in its statement, what it counts
        and other figures aside; and its heads: the nearest content word before the figure ("missed" of
        "missed 10 games", passing over "at least" and "about") and the nearest after what it counts ("below"
        of "six stories below")."""
        tokens = _tokens(unit)
        inside = _figure_tokens(tokens, quantity)
        if not inside:
            return set(), set()
        counted = _stem(quantity.unit or "")

        def content(word: str) -> bool:
            return (
                word not in STOPWORDS
                and word not in FIGURE_MARKS
                and len(word) >= 3
                and not word[0].isdigit()
                and _stem(word) != counted
            )

        first, last = min(inside), max(inside)
        around = [*range(max(0, first - ROLE_WINDOW), first), *range(last + 1, last + 1 + ROLE_WINDOW)]
        near = {_stem(tokens[k][0]) for k in around if k < len(tokens) and content(tokens[k][0])}
        heads = set()
        before = next((w for w, _, _ in reversed(tokens[:first]) if content(w)), None)
        if before is not None:
            heads.add("<" + _stem(before))
        rest = [w for w, _, _ in tokens[last + 1 :]]
        if rest and _stem(rest[0]) == counted:
            rest = rest[1:]
        after = next((w for w in rest[:3] if content(w)), None)
        if after is not None:
            heads.add(">" + _stem(after))
        return near, heads

    def _own_names(self, unit: Unit, other: Unit, quantity: Quantity) -> list[str]:
        """The names of ``unit`` none of whose words ``other`` uses: those the entity annotator found
        (``_subject_names``), and capitalised words within ``ROLE_WINDOW`` words of the figure, which it may have
        missed ("the Nationals have offered … $160 million")."""
        stems = {_stem(w) for w, _, _ in _tokens(other)}
        sources = self._credited_names(unit)
        names = self._subject_names(unit, sources)
        credited = {w for name in sources for w in WORD.findall(name)}
        tokens = _tokens(unit)
        inside = _figure_tokens(tokens, quantity)
        text = self.articles[unit.article_id].text
        for k in range(
            max(1, min(inside, default=0) - ROLE_WINDOW), max(inside, default=0) + 1 + ROLE_WINDOW
        ):
            if 0 < k < len(tokens) and k not in inside:
                word = text[tokens[k][1] : tokens[k][2]]
                if word[:1].isupper() and word not in credited and not CALENDAR_WORD.fullmatch(word.lower()):
                    names.append(word)
        return [
            name
            for name in names
            if not any(_stem(w) in stems for w in WORD.findall(name.lower()) if w not in STOPWORDS)
        ]

    def _subject_names(self, unit: Unit, credited: set[str]) -> list[str]:
        """The people, places and organisations a statement names, leaving out those it credits as its source
        (``_credited_names``)."""
        return [
            e.text
            for e in self.annotated[unit.article_id].entities
            if unit.start <= e.start
            and e.end <= unit.end
            and e.label in NAME_LABELS
            and e.text not in credited
        ]

    def _credited_names(self, unit: Unit) -> set[str]:
        """The names a statement credits as its source: "the U.S. Geological Survey said", "according to
        police"."""
        text = self.articles[unit.article_id].text
        return {
            e.text
            for e in self.annotated[unit.article_id].entities
            if unit.start <= e.start
            and e.end <= unit.end
            and (CREDIT_AFTER.match(text, e.end) or CREDIT_BEFORE.search(text, max(0, e.start - 20), e.start))
        }

    def _same_slot(self, left: Unit, right: Unit, a: tuple[int, int], b: tuple[int, int]) -> bool:
        """Whether mention ``a`` (article offsets, in ``left``) and mention ``b`` (in ``right``) fill the same
        place: the statements agree in most words, every word of ``a`` is aligned with ``b`` or replaced by
        words of ``b``, the two are worded differently, and the ``SLOT_CONTEXT`` words either side of each
        agree (figures and days aside: "on Tuesday, killing 12" against "on Wednesday, killing 14"). "Shot
        three people on Monday" against "was arraigned on Wednesday" fails the last test: another verb stands
        before."""
        lt, rt = _tokens(left), _tokens(right)
        matcher = difflib.SequenceMatcher(a=[w for w, _, _ in lt], b=[w for w, _, _ in rt], autojunk=False)
        if matcher.ratio() < SLOT_MIN_RATIO:
            return False
        inside_a = {k for k, (_, s, e) in enumerate(lt) if s < a[1] and a[0] < e}
        inside_b = {k for k, (_, s, e) in enumerate(rt) if s < b[1] and b[0] < e}
        if not inside_a or not inside_b:
            return False
        aligned_a: set[int] = set()
        aligned_b: set[int] = set()
        differs = False
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                aligned_a.update(range(i1, i2))
                aligned_b.update(range(j1, j2))
                if any(i in inside_a and j1 + (i - i1) not in inside_b for i in range(i1, i2)):
                    return False  # a word of the one mention is another word of the other statement
            elif inside_a & set(range(i1, i2)) or inside_b & set(range(j1, j2)):
                beyond = [lt[k][0] for k in range(i1, i2) if k not in inside_a]
                beyond += [rt[k][0] for k in range(j1, j2) if k not in inside_b]
                if any(word not in SLOT_FRAME_WORDS for word in beyond):
                    return False  # the differing stretch runs beyond the mentions (their "on", "last" aside)
                differs = True

        def agreed(tokens: Sequence[tuple[str, int, int]], inside: set[int], aligned: set[int]) -> bool:
            around = [
                *range(min(inside) - SLOT_CONTEXT, min(inside)),
                *range(max(inside) + 1, max(inside) + 1 + SLOT_CONTEXT),
            ]
            return all(
                k in aligned
                or tokens[k][0][:1].isdigit()
                or CALENDAR_WORD.fullmatch(tokens[k][0])
                or tokens[k][0] in SLOT_FRAME_WORDS
                for k in around
                if 0 <= k < len(tokens)
            )

        return differs and agreed(lt, inside_a, aligned_a) and agreed(rt, inside_b, aligned_b)

    def _between(
        self, kind: DiscrepancyKind, explanation: str, left: Unit, right: Unit, claim_id: str
    ) -> Discrepancy:
        """A discrepancy of two aligned statements, citing each whole."""
        return Discrepancy(
            kind=kind,
            explanation=explanation,
            sides=[self._unit_span(left), self._unit_span(right)],
            claim_id=claim_id,
        )

    def _context(self, quantity: Quantity) -> str:
        text = self.articles[quantity.article_id].text
        before = text[max(0, quantity.start - 30) : quantity.start].split()[-3:]
        # The word after names what is counted ("troops"); a function word ("since") adds nothing.
        after = [w for w in text[quantity.end : quantity.end + 20].split()[:1] if w.lower() not in STOPWORDS]
        return " ".join([*before, quantity.text, *after]).strip(" ,.;")

    def _date_discrepancies(self, left: Unit, right: Unit, claim_id: str) -> list[Discrepancy]:
        def dates(unit: Unit) -> dict[str, tuple[str, str, tuple[int, int]]]:
            out: dict[str, tuple[str, str, tuple[int, int]]] = {}
            for d in self.annotated[unit.article_id].dates:
                if unit.start <= d.start and d.end <= unit.end and d.normalized:
                    kind = (
                        "weekday"
                        if d.normalized.startswith("weekday")
                        else "day"
                        if names_day(d.normalized)
                        else ""
                    )
                    if kind:
                        out.setdefault(kind, (d.text, d.normalized, (d.start, d.end)))
            return out

        ld, rd = dates(left), dates(right)
        found = []
        for kind in ld.keys() & rd.keys():
            (lt, ln, lspan), (rt, rn) = ld[kind], rd[kind][:2]
            if ln[-5:] != rn[-5:] and self._same_slot(left, right, lspan, rd[kind][2]):
                if lt.lower() == rt.lower():
                    # The same words ("Tuesday") read against different publication days: give the days.
                    lt, rt = f"{lt} ({ln})", f"{rt} ({rn})"
                lo, ro = self.printer(left.article_id), self.printer(right.article_id)
                explanation = f"{lo} dates it {lt}; {ro} dates it {rt}."
                found.append(self._between("date", explanation, left, right, claim_id))
        return found

    def _clock_discrepancies(self, left: Unit, right: Unit, claim_id: str) -> list[Discrepancy]:
        """The same event put at different times of day ("at 5:06 p.m." against "at 5:11 p.m."), in the same
        place of much the same statement (``_same_slot``), or as the one time of two statements of one moment
        worded apart (``_same_moment``): a difference of when, told as a date is."""
        found = []
        times = list(CLOCK_TIME.finditer(left.text)), list(CLOCK_TIME.finditer(right.text))
        for a in times[0]:
            for b in times[1]:
                if _minutes(a) == _minutes(b):
                    continue
                slot = self._same_slot(
                    left,
                    right,
                    (left.start + a.start(), left.start + a.end()),
                    (right.start + b.start(), right.start + b.end()),
                )
                if not _times_contradict(a, left.text, b, right.text):
                    continue
                if slot or (len(times[0]) == len(times[1]) == 1 and self._same_moment(left, right, a, b)):
                    lo, ro = self.printer(left.article_id), self.printer(right.article_id)
                    first, later = _told_time(a, left.text), _told_time(b, right.text)
                    explanation = f"{lo} puts it {first}; {ro} {later}" + ("" if later.endswith(".") else ".")
                    found.append(self._between("date", explanation, left, right, claim_id))
        return found

    def _same_moment(self, left: Unit, right: Unit, a: re.Match[str], b: re.Match[str]) -> bool:
        """Whether the one time of day of each of two statements worded apart tells one moment two ways: the
        statements share ``CLOCK_SHARED_WORDS`` content words ("waiting with the stroller on the 23rd floor …
        around 11:40 a.m." against "headed out with her mother around 10:30 a.m. on the 23rd floor"), neither
        time dates the telling (``SAID_AT``), and the times as worded cannot both hold (``_clock_range``). A shift of whole hours is a time
        zone, not a dispute: "kickoff scheduled for 1:30 p.m." against "Saturday at 4:30 p.m."."""
        shift = abs(_minutes(a) - _minutes(b))
        if shift % 60 == 0 and shift <= MAX_ZONE_SHIFT:
            return False

        if SAID_AT.search(left.text, 0, a.start()) or SAID_AT.search(right.text, 0, b.start()):
            return False

        def words(unit: Unit) -> set[str]:
            return {
                _stem(w)
                for w, _, _ in _tokens(unit)
                if w not in STOPWORDS and w not in FIGURE_MARKS and len(w) >= 3 and not w[0].isdigit()
            }

        return len(words(left) & words(right)) >= CLOCK_SHARED_WORDS

    def _wording_discrepancies(self, left: Unit, right: Unit, claim_id: str) -> list[Discrepancy]:
        """Near-identical statements that differ in a name or in a negation."""
        lt, rt = _tokens(left), _tokens(right)
        lw, rw = [w for w, _, _ in lt], [w for w, _, _ in rt]
        matcher = difflib.SequenceMatcher(a=lw, b=rw, autojunk=False)
        if matcher.ratio() < 0.6:
            return []
        found = []
        lo, ro = self.printer(left.article_id), self.printer(right.article_id)
        # A negation counts only inside the statements' shared frame, in a differing stretch with agreeing
        # words on both sides ("has [not] resigned"): one trailing "and have no further comment" is a clause
        # the other outlet left out, not a denial, and "could not" against "couldn't" is no difference.
        l_neg = r_neg = 0
        opcodes = matcher.get_opcodes()
        where: tuple[int, int, int, int] | None = None
        for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
            if tag == "equal" or n == 0 or n == len(opcodes) - 1:
                continue
            here = (
                sum(1 for w in lw[i1:i2] if NEGATION.search(w)),
                sum(1 for w in rw[j1:j2] if NEGATION.search(w)),
            )
            if here[0] % 2 != here[1] % 2:
                # The side without a plain negation may deny by its verb.
                other = rw[j1:j2] if here[0] % 2 else lw[i1:i2]
                if any(DENYING_VERB.match(w) for w in other):
                    here = (0, 0)
            l_neg, r_neg = l_neg + here[0], r_neg + here[1]
            if where is None and here[0] % 2 != here[1] % 2:
                where = (i1, i2, j1, j2)
        if l_neg % 2 != r_neg % 2:
            # The two wordings with a word either side, so the reader sees what is denied: "did not return"
            # against "did return home".
            i1, i2, j1, j2 = where or (0, len(lt), 0, len(rt))
            left_words = left.text[
                lt[max(0, i1 - 1)][1] - left.start : lt[min(len(lt), i2 + 1) - 1][2] - left.start
            ]
            right_words = right.text[
                rt[max(0, j1 - 1)][1] - right.start : rt[min(len(rt), j2 + 1) - 1][2] - right.start
            ]
            negative, positive = (lo, left_words), (ro, right_words)
            if not l_neg % 2:
                negative, positive = positive, negative
            found.append(
                self._between(
                    "negation",
                    f"{negative[0]} says '{negative[1]}' where {positive[0]} says '{positive[1]}'.",
                    left,
                    right,
                    claim_id,
                )
            )
        # A name changed in place, whole ("Reuters" for "AFP") or in part ("James Whitaker" for "John
        # Whitaker"): the differing words lie inside a name of the same kind on each side, and neither name
        # appears in the other statement.
        told: set[tuple[str, str]] = set()
        for tag, i1, i2, j1, j2 in opcodes:
            if tag != "replace":
                continue
            la = self._name_around(left, lt[i1][1], lt[i2 - 1][2])
            lb = self._name_around(right, rt[j1][1], rt[j2 - 1][2])
            if la is None or lb is None or la.label != lb.label or (la.text, lb.text) in told:
                continue
            if (
                _same_name(la.text, lb.text)
                or fold(la.text) in fold(right.text)
                or fold(lb.text) in fold(left.text)
            ):
                continue
            told.add((la.text, lb.text))
            found.append(
                self._between(
                    "entity", f"{lo} names {la.text} where {ro} names {lb.text}.", left, right, claim_id
                )
            )
        return found

    def _name_around(self, unit: Unit, start: int, end: int) -> EntityMention | None:
        """The person, place or organisation mention of ``unit`` that holds ``start:end``, if any."""
        for entity in self.annotated[unit.article_id].entities:
            inside = unit.start <= entity.start and entity.end <= unit.end
            if inside and entity.label in NAME_LABELS and entity.start <= start and end <= entity.end:
                return entity
        return None

    # --- entities across the story --------------------------------------------------------------------------
    def _entities(self) -> list[Entity]:
        credited = {source_key(a.source) for a in self.attributions}
        labels: dict[str, Counter[str]] = defaultdict(Counter)
        shown: dict[str, str] = {}
        articles: dict[str, set[str]] = defaultdict(set)
        mentions: Counter[str] = Counter()
        for annotated in self.annotated.values():
            for e in annotated.entities:
                name = (
                    re.sub(r"^the\s+", "", e.text.strip(), flags=re.I) if e.label != "ORG" else e.text.strip()
                )
                label = e.label
                last = name.split()[-1].lower() if name.split() else ""
                if label == "PERSON" or (last in self.people.surnames and len(name.split()) == 1):
                    name, label = self.people.canonical(name), "PERSON"
                key = source_key(name)
                if key in credited:
                    label = "ORG"
                if len(name) > len(shown.get(key, "")):
                    shown[key] = name
                labels[key][label] += 1
                articles[key].add(annotated.article.id)
                mentions[key] += 1
        for a in self.attributions:
            key = source_key(a.source)
            shown.setdefault(key, a.source)
            labels[key]["ORG"] += 1
            articles[key].add(a.article_id)
        entities = [
            Entity(
                text=shown[k],
                label=labels[k].most_common(1)[0][0],
                article_ids=sorted(articles[k]),
                mentions=mentions[k],
            )
            for k in shown
        ]
        entities.sort(key=lambda e: (-len(e.article_ids), -e.mentions, e.text))
        return entities


def compare_story(
    annotated: Sequence[AnnotatedArticle],
    statements: Sequence[Statement],
    duplicates: Sequence[DuplicateGroup] = (),
    settings: Settings | None = None,
) -> StoryComparison:
    return StoryComparison(annotated, statements, duplicates, settings)
