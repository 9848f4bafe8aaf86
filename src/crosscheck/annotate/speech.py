"""Who speaks in a sentence and what they said: reporting cues, the source phrase, and the reported content.

Shared by the quote and attribution annotators. Works on plain strings with the article's entity mentions, so
that it costs no parsing. The source is found next to the cue: before it ("the minister said"), after it in the
inverted order ('"...," said Stoltenberg', "..., said a spokesman", "according to X"), or, for a participle
(", saying ...") or a coordinated verb ("... and said"), as the sentence's subject. ``report_content`` gives the
material a cue governs: what follows it ("said (that) ..."), what precedes it ("..., officials said"), or both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from crosscheck.annotate.dates import MONTHS, WEEKDAYS

# Stances on what someone else said or did; the content is what follows ("criticized the decision to ...").
STANCE_CUES = (
    "called for",
    "calls for",
    "calling for",
    "called on",
    "called",
    "criticized",
    "criticised",
    "praised",
    "endorsed",
    "accused",
    "defended",
    "rejected",
    "questioned",
    "cited",
    "citing",
    "blasted",
    "denounced",
    "dismissed",
    "blamed",
    "reiterated",
    "condemned",
    "decried",
    "touted",
    "vowed",
    "vows",
    "vowing",
    "pledged",
    "promised",
    "promising",
    "proposed",
    "declined",
    "refused",
    "expressed",
    "described",
    "describes",
    "urged",
    "urging",
    "urges",
    "assured",
    "asserted",
    "lamented",
    "slammed",
    "mocked",
    "supported",
    "opposed",
    "sought",
    "offered",
    "asking",
    "mentioned",
    "discussed",
    "talked about",
    "ordered",
    "suggest",
    "acknowledge",
    "explain",
    "highlighted",
    "pointing to",
    "pointed to",
    "referring to",
    "referred to",
    "recalling",
    "hoping",
    "joked",
    "requested",
    "voiced",
    "portrayed",
    "accusing",
    "describing",
    "criticizing",
    "denouncing",
    "defending",
    "praising",
    "blaming",
    "announcing",
    "declaring",
    "stating",
    "tweeting",
    "questioning",
    "attacking",
    "reiterating",
)
# Reporting verbs and phrases. Longer phrases first so that "is quoted as saying" wins over "saying".
CUE_PHRASES = (
    "is quoted as saying",
    "was quoted as saying",
    "was quoted as telling",
    "said in a statement",
    "told reporters",
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "explained",
    "explains",
    "noted",
    "notes",
    "stated",
    # Only after a document's name ("the lawsuit states"): elsewhere "states" is the noun (``DOCUMENT_STATES``).
    "states",
    "suggested",
    "suggests",
    "warned",
    "warns",
    "argued",
    "argues",
    "insisted",
    "insists",
    "claimed",
    "claims",
    "wrote",
    "writes",
    "confirmed",
    "confirms",
    "announced",
    "announces",
    "declared",
    "asked",
    "continued",
    "stressed",
    "emphasized",
    "emphasised",
    "acknowledged",
    "admitted",
    "recalled",
    "replied",
    "responded",
    "remarked",
    "observed",
    "predicted",
    "urged",
    "cautioned",
    "testified",
    "tweeted",
    "posted",
    "reported",
    "reports",
    "revealed",
    "estimated",
    "believes",
    "believed",
    "thought",
    "thinks",
    "vowed",
    "pledged",
    "promised",
    "denied",
    "disputed",
    "countered",
    "conceded",
    # Participles and further forms: ", saying ...", "has argued ...".
    "saying",
    "adding",
    "noting",
    "arguing",
    "telling",
    "explaining",
    "warning",
    "insisting",
    "claiming",
    "suggesting",
    "asks",
    # A question someone means to put ('"What did you know?" Mr. Mueller planned to ask'), listed before "wants".
    "planned to ask",
    "plans to ask",
    "wanted to ask",
    "wants to ask",
    "replies",
    "argue",
    "claim",
    "insist",
    "warn",
    "note",
    "contended",
    "contends",
    # Voice verbs that carry a quotation ('"Hands up, don't shoot," protesters chanted').
    "commented",
    "shouted",
    "shouts",
    "yelled",
    "yells",
    "chanted",
    "chanting",
    "screamed",
    "exclaimed",
    "quipped",
    "mused",
    "put it",
    "boasted",
    "bragged",
    "scoffed",
    "recounted",
    "recounts",
    "marveled",
    "marvelled",
    "griped",
    "fumed",
    "texted",
    # A reply in kind ('"They're all here because …," Bennett shot back'): before, the last speaker took it.
    "shot back",
    "fired back",
    "hit back",
    "retorted",
    "clarified",
    "clarifies",
    "answered",
    "pleaded",
    "whispered",
    "wondered",
    "admits",
    "acknowledges",
    "recalls",
    "maintained",
    "maintains",
    "complained",
    "alleged",
    "alleges",
    "agreed",
    "agrees",
    "pointed out",
    "points out",
    "learned",
    "has learned",
    # Belief, wish and evidence: PolNeAR counts these as attributions ("polls show", "she believes").
    "believe",
    "think",
    "expects",
    "expect",
    "hopes",
    "hope",
    "wants",
    "want",
    "fears",
    "fear",
    "worried",
    "predicts",
    "estimates",
    "concluded",
    "concludes",
    "found",
    "finds",
    "shows",
    "showed",
    "indicated",
    "indicates",
    *STANCE_CUES,
    # The source follows: "according to Reuters, ...".
    "according to",
    "According to",
    # Inverted at the start of a sentence: "Said Ellis: ...".
    "Said",
    "Says",
)
CUE = re.compile(
    r"\b(?:"
    # "was quoted by Iranian state television as saying": the medium that quoted stands inside the cue.
    r"(?:is|was)\s+quoted\s+by\s+[^,.;:\"“”]{1,60}?\s+as\s+saying|"
    + "|".join(re.escape(c) for c in CUE_PHRASES)
    + r")\b"
)
# Heads of role descriptions that stand for a person ("the alliance's chief", "a defense source").
ROLE_NOUNS = (
    "chief",
    "head",
    "leader",
    "secretary-general",
    "secretary general",
    "secretary",
    "minister",
    "prime minister",
    "president",
    "vice president",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "director",
    "chairman",
    "chairwoman",
    "chair",
    "ceo",
    "executive",
    "official",
    "officials",
    "commander",
    "commissioner",
    "general",
    "ambassador",
    "governor",
    "mayor",
    "senator",
    # "the former House speaker said", "a speaker at the rally said", "the Republican presidential contender".
    "speaker",
    "contender",
    "lawmaker",
    "representative",
    "adviser",
    "advisor",
    "aide",
    "source",
    "sources",
    "officer",
    "envoy",
    "premier",
    "chancellor",
    "king",
    "queen",
    "founder",
    "analyst",
    "expert",
    "professor",
    "researcher",
    "economist",
    "witness",
    "resident",
    "candidate",
    "nominee",
    "attorney",
    "lawyer",
    "judge",
    "prosecutor",
    "investigator",
    "diplomat",
    "negotiator",
    "manager",
    "coach",
    "captain",
    "doctor",
    "scientist",
    "worker",
    "activist",
    "protester",
    "demonstrator",
    "organizer",
    "owner",
    # Campaigns, media and family: who else news quotes by description ("Obama's former campaign strategist").
    "strategist",
    "consultant",
    "pollster",
    "operative",
    "columnist",
    "commentator",
    "reporter",
    "editor",
    "host",
    "historian",
    "author",
    "wife",
    "husband",
    "widow",
    "mother",
    "father",
    "son",
    "daughter",
    "brother",
    "sister",
    "niece",
    "nephew",
    "friend",
    "partner",
    "colleague",
    # Anyone a reporter met and quoted by what they are, not by name ('"…!" one person tweeted'): without these,
    # such a quotation after a question or exclamation mark had no speaker at all.
    "person",
    "man",
    "woman",
    "voter",
    "supporter",
    "critic",
    "opponent",
    "fan",
    "user",
    "member",
    "neighbor",
    "neighbour",
    "student",
    "teacher",
    "parent",
    "passenger",
    "victim",
    "survivor",
    "employee",
    "volunteer",
    "delegate",
    "attendee",
    "caller",
    "viewer",
    "visitor",
    "relative",
    "cousin",
    "uncle",
    "aunt",
    "grandmother",
    "grandfather",
    "classmate",
    "teammate",
    "player",
    "nurse",
    "paramedic",
    "firefighter",
    "driver",
    "pilot",
    # Writers and presenters of their own channels, quoted by what they are ("Another blogger, Brandy Willans,
    # writes on her channel: …").
    "writer",
    "journalist",
    "blogger",
    "vlogger",
    "youtuber",
    "influencer",
    "podcaster",
    "presenter",
    "anchor",
    "pundit",
)
# Nouns that stand for an outlet already credited ("the newspaper said").
OUTLET_ANAPHORS = (
    "newspaper",
    "paper",
    "outlet",
    "news agency",
    "agency",
    "broadcaster",
    "network",
    "magazine",
    "website",
    "publication",
    "tabloid",
    "daily",
    "wire service",
    "news site",
    "channel",
    "station",
)
# Cues in a participle clause (", saying ..."): their source is the subject of the sentence.
PARTICIPLE_CUES = frozenset(c for c in CUE_PHRASES if c.endswith("ing") and " " not in c)
# Cues after which an object comes before the content ("told reporters that ...", "asked him whether ...").
OBJECT_CUES = frozenset(
    {"told", "tells", "tell", "telling", "asked", "asks", "warned", "warning", "reminded"}
)
# Heads of plural or collective sources that are not one person ("many voters say", "polls show").
GROUP_NOUNS = (
    "people",
    "voters",
    "critics",
    "supporters",
    "opponents",
    "observers",
    "members",
    "residents",
    "leaders",
    "authorities",
    "police",
    "poll",
    "polls",
    "survey",
    "surveys",
    "study",
    "studies",
    "report",
    "reports",
    "data",
    "figures",
    "records",
    "documents",
    "statement",
    # Court papers and letters speak as documents do ('"…," the suit states').
    "lawsuit",
    "suit",
    "complaint",
    "filing",
    "indictment",
    "memo",
    "letter",
    "ruling",
    "campaign",
    "government",
    "administration",
    "committee",
    "court",
    "department",
    # A government's and a broadcaster's bodies: '"…," the foreign ministry said', "state television said".
    "ministry",
    "embassy",
    "parliament",
    "commission",
    "military",
    "army",
    "television",
    "agency",
    "company",
    "group",
    "party",
    "council",
    "fund",
    "bank",
    "office",
    "team",
    "researchers",
    "scientists",
    "investigators",
    "prosecutors",
    "lawmakers",
    "officials",
    "sources",
    "analysts",
    "experts",
    "economists",
    "aides",
    "advisers",
    "allies",
    "others",
    "many",
    "some",
    "both",
    "all",
)
# Group nouns that name one body of a place ("the government in Seoul"), not people found there.
GROUP_BODIES = frozenset(
    {"government", "administration", "ministry", "court", "council", "parliament", "embassy"}
)
PASSIVE = re.compile(r"\b(?:was|were|is|are|be|been|being)\s+(?:(?:\w+ly|also|not|never|still)\s+)?$")
# A sentence opening on a subordinate clause up to its comma: a cue inside it ("When reporters asked about the
# deal, Trump walked away, saying …") is not the sentence's voice.
SUBORDINATE_OPENING = re.compile(
    r"\s*(?:When|After|Although|Though|As|If|Because|While|Before|Since|Once|Unless|Until)\b[^,]*,"
)
# A determiner right before a participle makes it an adjective ("the alleged victim", "its reported losses"),
# an adverb between them too ("The widely discussed letter"). "her" is left out: "doctors who treated her
# confirmed" has it as an object.
DETERMINER_BEFORE = re.compile(
    r"\b(?:the|a|an|this|that|these|those|his|its|their|our|whose)\s+"
    r"(?:(?!(?:family|ally|assembly|rally|supply|italy|july|daily|weekly|monthly|quarterly|folly|bully)\b)[a-z]{2,}ly\s+)?$",
    re.IGNORECASE,
)
ANONYMITY = re.compile(r"\s+(?:not\s+to\s+be\s+(?:named|identified)|for\s+anonymity)\b")
# "helped found Fox News", "to found": founding, not finding.
HELPED = re.compile(r"\b(?:help|helped|helps|to)\s+$")
# A cue right after a closing quotation mark (and its comma), and one coordinated with an earlier verb.
AFTER_QUOTE = re.compile(r"(?:[\"”]|''),?\s*$")
# "and said", "and has repeatedly denied", "and later told": a verb coordinated with the sentence's first, whose
# subject it shares (an adverb alone, "and repeatedly says", is left as it was: PolNeAR reads it as its own report).
AND_BEFORE = re.compile(
    r"\band\s+(?:(?:has|have|had|is|was|were|will|would|also|then|later|again)\s+(?:[a-z]+ly\s+)*)*$"
)
# How far back from a cue those checks look, in characters: each matches a few words at most.
CUE_LOOKBACK = 120
# A day or a time left on a source's phrase: "according to media reports Tuesday", "Protect Democracy on Friday",
# "MSNBC Thursday night".
TRAILING_WHEN = re.compile(
    r"(?:\s+(?:on|this|last|early|late))?(?:\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|morning|afternoon|evening|night|week|weekend))+$"
)
# A document before "states": what it says is reported ('"…," the suit states', "The lawsuit states that …").
DOCUMENT_STATES = re.compile(
    r"\b(?:lawsuit|suit|complaint|report|statement|filing|indictment|letter|memo|document|ruling|order|release"
    r"|affidavit|motion|brief|website|policy|law|bill|agreement|contract|court papers|post|tweet)"
    r"\s+(?:also\s+|further\s+|clearly\s+|explicitly\s+)?$"
)
# "found himself in ...": the verb of finding oneself somewhere, not of a finding.
REFLEXIVE = re.compile(r"\s+(?:himself|herself|themselves|itself|ourselves|myself|yourself)\b")
# An opening quotation mark: "called" reports speech when it names something in quotes ('called it a "hoax"').
QUOTE_MARK = re.compile(r"[\"“]|''")
# What a subject issued before a participle's cue: "… issued a statement saying", "released a video on Friday saying".
ISSUED_BEFORE = re.compile(
    r"\s+(?:(?:has|had|have|also)\s+)?(?:issued|released|put\s+out|sent|posted|published|shared)\s+(?:a|an|the)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:statement|letter|release|note|memo|message|video|post)s?"
    r"(?:\s+(?:on|to|in|late|early|this|last)\s+[^,;:]{1,40}?)?\s*,?\s*$"
)
# A phrase opening on a participle ("issuing a statement Monday").
PARTICIPLE_LED = re.compile(r"[a-z]+ing\b")
# Cues whose source follows them.
SOURCE_AFTER = frozenset({"according to", "According to", "In"})
# Cues whose object follows them, whatever stands before: in '"Sessions," referring to Attorney General Jeff
# Sessions', the attorney general is who was meant, not who spoke.
OBJECT_AFTER = frozenset({"referring to", "referred to", "pointing to", "pointed to", "recalling"})
# "In the poll, ...", "In a Gallup survey released Monday, ...": a sentence opening with the survey that reports
# what follows, which is its source, as after "according to". (Statements, interviews and reports opening a
# sentence this way were measured too: on PolNeAR train most of what follows them is not their content.)
DOCUMENT_SOURCE = re.compile(
    r"^\s*(In)\s+((?:[\w/.'’&-]+\s+){0,6}?(?i:poll|polls|survey|surveys|study|studies)\b[^,;:\"“”]{0,60}),"
)
# Material a report's content needs to be a statement rather than a phrase.
MIN_CONTENT_WORDS = 3
PRONOUNS = {"he": "male", "she": "female", "they": "plural", "i": "self", "we": "self"}

_ROLE = "|".join(re.escape(r) for r in sorted(ROLE_NOUNS, key=len, reverse=True))
_ANAPHOR = "|".join(re.escape(r) for r in sorted(OUTLET_ANAPHORS, key=len, reverse=True))
NAME_CONNECTORS = frozenset({"of", "de", "van", "von", "al", "bin", "la", "le", "del", "da", "and", "&"})
_NAME_WORD = r"[A-Z][\w'’.-]*"
# A connector is a whole word: "University of Texas law professor" must not read "la" into the name.
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|(?:of|for|de|van|von|al|bin|la|le|del|da|and)\b|&))*"
# A lawmaker's party and state after the name ("R-Ky.", "D-N.Y."), which is not who spoke.
PARTY_TAG = re.compile(r"[RDI]-[A-Z][\w.]{1,6}")
# An aside's words, with any short name in quotation marks it holds ('wearing "Ted Cruz" campaign pins').
_ASIDE_WORDS = r"(?:[^,\"“”]|[\"“][^\"“”,]{1,40}[\"”]){1,120}"
# Optional material between a speaker and the cue: an adverb, an apposition or relative clause in commas.
_GAP = (
    # Up to two asides: "Jean-Marc Ayrault, the foreign minister of France, a permanent member of the Council, said".
    rf"(?:,\s+(?:who|which|whose|a|an|the|[a-z][\w-]*|[A-Z][\w-]*['’]s)\b{_ASIDE_WORDS}"
    r"(?:,\s+(?:who|which|whose|a|an|the)\b[^,\"“”]{1,120})?,|,\s+\d{1,3},"
    # A lawmaker's party and state: "Mitch McConnell, R-Ky., said".
    r"|,\s+" + PARTY_TAG.pattern + ","
    # A name in apposition to a role: "The state's campaign chairman, Phil Lovas, said".
    rf"|,\s+(?P<appos>{_NAME_WORD}\s+{_NAME}),)?"
    r"(?:\s+(?:\w+ly|has|have|had|also|later|still|would|will|did|does|do|not|never|again|then|now|long|once|often"
    r"|too|first|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))*\s+"
)
_GROUP = "|".join(re.escape(g) for g in sorted(GROUP_NOUNS, key=len, reverse=True))
_DETERMINER = (
    r"(?:[Tt]he|[Aa]n?|[Mm]any|[Ss]ome|[Mm]ost|[Tt]hose|[Tt]hese|[Tt]his|[Tt]hat|[Ss]everal|[Oo]ther|[Hh]is|[Hh]er"
    r"|[Tt]heir|[Ii]ts|[Oo]ur|[Bb]oth|[Aa]ll|[Tt]wo|[Tt]hree|\d[\d,]*|[\w-]+['’]s?)"
)

# The words between "said" and a role before its holder's name describe the holder ("former Republican National
# Committee chairman Michael Steele"); a preposition or a determiner there starts someone else ("said lawyers for
# former campaign chairman Paul Manafort", "said Obama of the late senator John McCain").
_FILLER = r"(?!(?:of|for|to|about|with|close|at|on|in|the|his|her|their|its|a|an|from|by|and|or)\b)"
# Someone the article describes only by what they know or whom they are close to: "someone close to Mr. Schumer",
# "a person familiar with the talks", "two people briefed on the plan". An anonymous source, credited as described:
# the name in the phrase is whom they are close to, never the speaker.
_UNNAMED_PERSON = (
    r"(?:[Ss]omeone|[Ss]omebody|(?:[Aa]|[Oo]ne|[Aa]nother)\s+person|(?:(?:[Tt]wo|[Tt]hree|[Ff]our|[Ss]everal|[Ss]ome"
    r"|[Oo]ther)\s+)?people)(?:\s+[\w-]+ly)?\s+(?:close|familiar|briefed|involved|knowledgeable|with\s+"
    r"(?:direct\s+|first-?hand\s+)?knowledge)\s+(?:to|with|on|in|about|of)"
    r"(?:\s+(?:[A-Z][a-z]{0,3}\.|[\w'’-]+)){1,6}"
)
UNNAMED_PERSON = re.compile(_UNNAMED_PERSON)
# A role description ("the White House spokesman"); it may name where it serves ("Israel's ambassador to the
# United States").
_ROLE_PHRASE = (
    rf"(?:[Tt]he|[Aa]n?|[Aa]nother|{_NAME_WORD}['’]s)\s+(?:[\w'’-]+\s+){{0,4}}?(?:{_ROLE})"
    # Whom the role serves, maybe described first: "a spokesman for Bridgeport law firm Koskoff, Koskoff and Bieder".
    rf"(?:\s+(?:to|at|for|of)\s+(?:the\s+)?(?:(?:{_NAME_WORD}|[a-z][\w-]*)\s+){{0,3}}?{_NAME}(?:,\s+{_NAME})?)?"
)

SPEAKER_BEFORE = re.compile(
    # "It" is an organisation or a document the article named before ("…," it said in a statement).
    rf"(?P<np>(?P<pron>\b(?:[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e|[Ii]t))"
    rf"|(?P<anaphor>\b[Tt]he\s+(?:{_ANAPHOR}))"
    rf"|(?P<role>\b(?:{_UNNAMED_PERSON}|{_ROLE_PHRASE}))"
    rf"|(?P<name>{_NAME})"
    # "Officials there said": where the group is stays with it.
    rf"|(?P<group>\b(?:{_DETERMINER}\s+)?(?:[\w'’-]+\s+){{0,3}}?(?:{_ROLE}|{_GROUP})s?(?:\s+there)?))"
    rf"(?:['’]s?)?(?:\s+\([A-Z][^()]{{0,20}}\))?{_GAP}$"
)
SPEAKER_AFTER = re.compile(
    rf"^\s*(?P<np>(?P<anaphor>[Tt]he\s+(?:{_ANAPHOR}))\b"
    # A role of several role words is whole: "the company's chief executive", not "the company's chief".
    rf"|(?P<role>{_UNNAMED_PERSON}|(?:[Tt]he|[Aa]n?|{_NAME_WORD}['’]s)\s+(?:[\w'’-]+\s+){{0,4}}?(?:{_ROLE})"
    rf"(?:\s+(?:{_ROLE}))*)\b"
    # An organisation's name before its holder's roles is the holder's description: "said Facebook founder and
    # CEO, Mark Zuckerberg" is Zuckerberg, not Facebook.
    rf"|(?P<titled>(?:{_FILLER}[\w'’-]+\s+){{0,5}}?(?:{_ROLE})(?:\s+(?:and|&)\s+(?i:{_ROLE}))?,?\s+"
    rf"(?P<holder>{_NAME}))"
    rf"|(?P<name>{_NAME})"
    rf"|(?P<group>(?:{_DETERMINER}\s+)?(?:[\w'’-]+\s+){{0,3}}?(?:{_ROLE}|{_GROUP})s?)\b)"
)
_ADVERBIAL = (
    r"(?:on|this|last|late|early|earlier|next)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week"
    r"|month|year|night|morning|afternoon|evening|weekend)(?:\s+(?:morning|afternoon|evening|night))?"
    r"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?"
    r"|in\s+(?:a|an|his|her|their)\s+(?:statement|interview|speech|email|e-mail|letter|post|tweet|report|op-ed|"
    r"filing|memo|note|radio\s+interview|television\s+interview|TV\s+interview)(?:\s+(?:with|to|on)\s+[^,]{1,40}?)?"
    r"|earlier|later|recently|yesterday|today|tonight|repeatedly|publicly|privately|again|also|too|previously"
)
# What may stand between a cue and its content: adverbials, a comma, "that".
LEAD_IN = re.compile(
    rf"^(?:(?:,?\s+(?:{_ADVERBIAL}))*,?(?P<that>\s+that\b)|(?:,?\s+(?:{_ADVERBIAL}))*,?(?=\s|[.,;:!?]|$))"
)
# "said at a campaign stop in Toledo, Ohio, that ...": a "that" a few words on still opens the content.
LATE_THAT = re.compile(
    r"^,?\s+(?:at|in|on|during|after|before|to|with|from|while|when|earlier|later|last|this|Monday|Tuesday|Wednesday"
    r"|Thursday|Friday|Saturday|Sunday)\b(?:,?\s+[\w'’.-]+){0,8}?,?\s+that\b"
)
CONTENT_END = re.compile(
    r",\s+(?:which|who|as|while|when|after|before|because|although|though|even\s+as)\b|\s+[—–]\s+"
    r"|,\s+(?!including\b)[a-z]+ing\b"
)
SOURCE_PHRASE = re.compile(
    r"\s+((?:[^,;:.\"“”(]|\.(?=\S)|(?<=\b(?:Mr|Ms|Dr|St|Jr|Sr))\.|(?<=\bMrs)\.|(?<=\b(?:Sen|Rep|Gov|Gen))\.){2,160}?)"
    r"\s*(?=[,;:(]|(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bMrs)(?<!\bSen)(?<!\bRep)(?<!\bGov)(?<!\bGen)\.|$)"
)
# What may follow an inverted cue's speaker before the sentence ends: a party tag, an apposition.
SPEAKER_TAIL = re.compile(r"^\s*(?:\([^()]{1,30}\))?(?:,[^\"“”]{0,160})?[\s.!?\"”’]*$")
# "told a young woman at the rally that ...": the person told, then "that".
# The words may be a programme's quoted name ("told ABC's “Good Morning America” that", its words masked).
OBJECT_THAT = re.compile(r"^(?:\s+[\w'’.“”\"-]+){1,6}?(?=\s+that\b)")
# The person told or asked ("told reporters", "told The Telegraph", "asked him").
LEAD_IN_OBJECT = re.compile(
    r"^\s+(?:reporters|journalists|him|her|them|us|me|supporters|police|investigators|detectives|officers|"
    r"authorities|deputies|officials|prosecutors|jurors|lawmakers|voters|the\s+[\w'’-]+(?:\s+[A-Z][\w'’&.-]*)*"
    r"|[A-Z][\w'’&.-]*(?:\s+(?:[A-Z][\w'’&.-]*|of|the))*)"
    # A programme, by its quoted name (masked), maybe after its network's: 'told CNN's "State of the Union"'.
    r"(?:\s+[\"“]_+(?:\s+_+)*[\"”])?|^\s+[\"“]_+(?:\s+_+)*[\"”]"
)
NOT_A_CLAUSE = re.compile(
    r"^\s+(?:during|in|on|at|to|with|after|before|of|for|by|from|as|while|last|this|earlier|later|"
    r"recently|yesterday|today|about|it\s+(?:was|is)\s+\w+ed\b|so|yes|no|and|but|or)\b|^\s*[.!?;:]",
    re.IGNORECASE,
)
# Up to five words before a cue, back to punctuation or a clause opener.
BARE_SOURCE = re.compile(
    r"(?:^|[,;:(—–]|\b(?:[Aa]nd|[Bb]ut|[Oo]r|[Bb]ecause|[Ww]hile|[Aa]s|[Ii]f|[Ww]hen|[Ss]ince|[Aa]lthough|[Aa]fter"
    r"|[Bb]efore|[Oo]nce)\b)((?:\s*[\w'’%$.-]+){1,5})\s+$"
)
# How far back from a cue the bare source (five words and their opener) can start, in characters.
BARE_SOURCE_REACH = 240
# Words that end a phrase which is no source ("it is said", "as was said").
NOT_A_SOURCE_END = frozenset(
    "for by to of in on at with from about and but or now then just even who".split()
) | frozenset("it is was were be been being has have had this there what which that also not".split())
# Adverbs, prepositions and participles that open a sentence, capitalised there, and are no one's name: "Also
# revealed was …", "Regarding the attention …, Bundy said", "Earlier on Thursday, Bundy tried …, saying". Words
# that open company names ("Under Armour", "Indeed") are left out.
OPENING_WORDS = frozenset(
    """
    Also Earlier Later Regarding Separately Afterward Afterwards Instead Initially Previously Recently Finally
    Ultimately Elsewhere Besides Moreover Furthermore Additionally Asked Speaking Following During Despite Unlike
    Amid Among Without Upon Through Throughout Here There Nonetheless Nevertheless
    """.split()
)
# Conjunctions that open a subordinate clause before the main one, how far on its last comma may stand, and the
# kinds of phrase that are a main clause's subject rather than an apposition.
SUBORDINATORS = frozenset("When While After Before Since Although Though Because Once Until If".split())
SUBORDINATE_REACH = 250
NAMED_KINDS = ("name", "pronoun")
# Leading words of a capitalised run that are titles or sentence openers, not part of a name.
NOT_NAME_START = re.compile(
    r"^(?:(?:The|A|An|And|But|As|In|On|At|For|If|When|While|Then|So|After|Before|Since|Although|Because|Meanwhile"
    r"|However|Still|Yet|Now|Today|Yesterday|Last|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|This|That|These|Those|Our|Her|His|Its|Their|What|" + "|".join(sorted(OPENING_WORDS)) +
    # Where an organisation is based describes it: "the Washington-based Center for Strategic … Studies".
    r"|[A-Z][\w.'’-]*-based)"
    r"(?:\s+|$))+"
)

# Capitalised words of the calendar that follow a cue as its time, never its speaker: the date reader's days and
# months, without their short forms, and "May", which stays a name.
CALENDAR_WORDS = (
    frozenset(WEEKDAYS)
    | frozenset(month for month in MONTHS if len(month) > 4 and month != "may")
    | {"june", "july", "today", "yesterday", "tonight"}
)

LISTED_NOUNS = frozenset(ROLE_NOUNS) | frozenset(GROUP_NOUNS)


def _calendar(word: str) -> bool:
    """Whether a word of a capitalised run names a day or a month ("Tuesday.", "August,")."""
    # "Tuesday's reports that …": a day's possessive is a day too.
    return re.sub(r"['’]s$", "", word.rstrip(".,")).lower() in CALENDAR_WORDS


SpeakerKind = Literal["name", "pronoun", "role", "anaphor", "group"]


@dataclass(frozen=True)
class Cue:
    """A reporting cue in a sentence and the noun phrase credited with it (offsets relative to the text)."""

    start: int
    end: int
    text: str
    speaker: str | None
    speaker_start: int
    speaker_end: int
    kind: SpeakerKind | None
    inverted: bool
    negation: str = ""
    """The words that deny the report, as printed before the cue ("did not", "never", "didn't"), or empty."""

    @property
    def phrase(self) -> str:
        """The cue as a reader is shown it: with its negation ("never said"), so a denied report never reads as
        a statement."""
        return f"{self.negation} {self.text}" if self.negation else self.text


# A quotation in double marks, or one a double mark opens and two apostrophes close; one no double mark closes
# ends at ’’ or ″, as some papers print it; or one in two apostrophes.
QUOTED = re.compile(
    # A straight double mark closed by two apostrophes after the remark's last punctuation or a space, as wires
    # and tokenised corpora print it ("No comment, '' he said"): not an inch mark ("2''x4''"), nor inside curly
    # marks.
    r"\"(?:(?!'')[^\"“”])*[,.!?\s]\s?''(?=\s|$)"
    # A quotation that another opens after a sentence's end, in text printed without paragraphs, ends there
    # unclosed ('… a reboot. "This fix …'; ``quotes.reopens``).
    r"|[\"“][^\"“”]*(?:(?<=[.!?]\s)(?=\"[A-Z])|[\"”])"
    r"|[\"“](?:(?!’’)[^\"“”″])*(?:″|’’)|(?<![\w'])''(?:(?!'')[^\"“”])*''"
)


def mask_quotes(text: str) -> str:
    """The text with quoted material blanked out (same length), so cues inside quotations are not found."""
    chars = list(text)
    for match in QUOTED.finditer(text):
        opening = 2 if match.group(0).startswith("''") else 1
        closing = 2 if match.group(0).endswith(("''", "’’")) else 1 if match.group(0)[-1] in '"”″' else 0
        for i in range(match.start() + opening, match.end() - closing):
            chars[i] = " " if chars[i] == " " else "_"
    return "".join(chars)


# A wire dateline opening an article or a sentence: "DENVER (AP) —", "LONDON, April 10 (Reuters) -",
# "KATHMANDU, Nepal (AP) —". Where the report was filed and by whom (``attributions`` credits the agency), never
# who speaks in the sentence.
DATELINE = re.compile(
    # The place in capitals, or capitalised before an agency's initials ("Washington (AFP) –").
    r"\s*(?P<place>(?:[A-Z][A-Z.'’ -]{1,40}|[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}(?=\s*\([A-Z]{2,}\)))"
    # Its country or state, and the day: "FLORENCE, Italy, Feb. 25 (UPI) --".
    r"(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?(?:\s+\d{1,2})?){0,2})\s*"
    r"\((?P<agency>[A-Z][\w.&' -]{0,40})\)\s*[—–-]+\s*"
)


# Everything up to the last comma before a subordinate clause's opener, inside a source phrase.
CLAUSE_BEFORE_SOURCE = re.compile(
    r".*,\s+(?=(?:after|before|when|while|because|since|although|though|if|until|unless|once|where|as)\s)"
)


# "Having said that," and "That said,": a turn of the writer's argument.
SAID_IDIOM = re.compile(r"\b(?:[Hh]aving\s+said\s+that|[Tt]hat\s+said)\s*,")
# A subordinate clause's opener inside a source phrase, with no comma before it: what follows is the source.
SUBORDINATOR_IN_SOURCE = re.compile(
    r"^.*\b(?:because|although|though|whereas|unless|while|after|before|when|if|since|as)\s+", re.IGNORECASE
)
# The last word in a source phrase that opens a clause embedding the cue ("installed what officials said").
EMBEDDING_WORD = re.compile(r"^.*\b(?:what|that|which)\s+")
# A "that" after a cue of its own opens that cue's report ("found that most voters want"): a nested report, left
# alone as before.
CUE_THEN_THAT = re.compile(CUE.pattern + r"\s+that\s+$")
# "there are some economists who argue": the existential opening is no part of the source.
THERE_ARE = re.compile(r"^[Tt]here\s+(?:are|were|is|was)\s+")
# A cue inside a relative clause: "Barkley, who said he votes Democratic, …", "voters who say …".
RELATIVE_WHO = re.compile(
    r",?\s+who(?:\s+(?:also|has|had|have|once|later|first|then|long|never|still|always|often|already|[a-z]+ly))*\s+$"
)


def _speaker_before(prefix: str) -> tuple[str, int, SpeakerKind] | None:
    relative = RELATIVE_WHO.search(prefix)
    if relative:
        # Whoever the relative pronoun stands for speaks: the source right before it, and of a list of names the
        # last ("Patti LaBelle and Stevie Wonder, who joked").
        antecedent = _speaker_before(prefix[: relative.start()] + " ")
        if antecedent is not None and antecedent[2] == "name" and " and " in antecedent[0]:
            name, at = antecedent[0], antecedent[1]
            last = name.rindex(" and ") + len(" and ")
            return name[last:], at + last, "name"
        return antecedent
    match = SPEAKER_BEFORE.search(prefix[-200:])
    if match is None:
        return None
    offset = max(0, len(prefix) - 200)
    np = match["np"]
    start = offset + match.start("np")
    kind: SpeakerKind
    if match["pron"]:
        kind = "pronoun"
    elif match["anaphor"]:
        kind = "anaphor"
    elif match["role"] or match["group"]:
        if match["appos"]:
            # The role's holder is named beside it: the name is the speaker.
            return match["appos"], offset + match.start("appos"), "name"
        kind = "role" if match["role"] else "group"
        there = THERE_ARE.match(np)
        if there:
            np, start = np[there.end() :], start + there.end()
        embedded = EMBEDDING_WORD.search(np)
        if embedded and not CUE_THEN_THAT.search(np[: embedded.end()]):
            # "Korea installed what officials said was …", "a goal that many analysts believe …": the free words
            # ran back over the clause the source's cue is embedded in; the source starts after its opener.
            np, start = np[embedded.end() :], start + embedded.end()
        clause = CLAUSE_BEFORE_SOURCE.match(np)
        if clause:
            # "Flynn was fired Feb. 13, 2017, after White House officials said": the free words ran back over a
            # comma into the clause before; the source starts at the subordinate clause's opener.
            np, start = np[clause.end() :], start + clause.end()
        subordinate = SUBORDINATOR_IN_SOURCE.match(np)
        if subordinate and subordinate.end() < len(np):
            # "a civil suit because the committee believed": the source starts after the clause's opener.
            np, start = np[subordinate.end() :], start + subordinate.end()
        opener = SOURCE_OPENER.match(np)
        if opener:
            # "And the agency said", "when another scientist said": the clause's opener is not the source.
            np, start = np[opener.end() :], start + opener.end()
        if not plausible_source(np):
            return None  # "found that most voters want": the free words ran into the clause before
    else:
        kind = "name"
        lead = NOT_NAME_START.match(np)
        if lead:
            np, start = np[lead.end() :], start + lead.end()
        if not np or "_" in np:
            return None
        if np.split()[-1] in NAME_CONNECTORS:
            return None  # "Charlotte and", "Democrats al": a name cannot end with a connector
        if _calendar(np.split()[-1]):
            return None  # "a poll released in late August found": a time, not who found
        head = prefix[:start].rstrip()
        where = PLACE_OF_SPEAKER.search(head)
        if where:
            # "a diplomat in New York said", "Police in Houston say": the place says where the speaker is. A body
            # keeps it, as the one it names ("the government in Seoul").
            before = _speaker_before(head[: where.start()] + " ")
            if before is not None and before[2] == "group" and before[0].split()[-1].lower() in GROUP_BODIES:
                return prefix[before[1] : start + len(np)], before[1], "group"
            return before
        if PARTY_TAG.fullmatch(np) and head.endswith(","):
            # "Paul Ryan, R-Wis., despite admitting …, said": the lawmaker named before the party tag.
            return _speaker_before(head[:-1] + " ")
    return np.rstrip("'’s") if kind == "name" and np.endswith(("'s", "’s")) else np, start, kind


# A preposition that makes the name after it a place, not the one who speaks. ("From" is left out: "a report
# from Human Rights Watch said" is the organisation's word.)
PLACE_OF_SPEAKER = re.compile(r"(?<=[\w'’])\s+(?:in|at|on)$")
APPOSITIVE_NAME = re.compile(rf",\s+(?P<name>{_NAME})(?=\s*[,.;]|\s*$)")
# A place or body named before a role and the person holding it: "said Troy police Lt. Gerry Scherlinck",
# "said Genesee County sheriff Robert Pickell". The person speaks, not the place.
HOLDER_AFTER_ROLE = re.compile(
    rf"\s+(?:{_FILLER}[a-z][\w'’-]*\s+){{0,3}}(?:{_ROLE}|{_GROUP})s?\s+(?:[A-Z][a-z]{{0,3}}\.\s+)?(?P<name>{_NAME})"
)


# '"I can't believe it," said a devastated Salah Ali': the speaker named after how the writer saw them; not a body
# ("said the federal Department of Health").
BODY_WORDS = (
    "Department|Ministry|Office|Agency|Bureau|Council|Committee|Commission|Court|Government|Police|Board"
)
MOOD_BEFORE_NAME = re.compile(
    rf"^\s*(?:[Aa]n?|[Tt]he)\s+(?:(?:visibly|clearly|obviously|still|very)\s+)?"
    rf"(?:[a-z]+(?:ed|ing|ful|ous|ive|less|al|en)\s+){{1,2}}(?!(?:{BODY_WORDS})\b)(?P<name>{_NAME})"
)
# '"…," said a statement from Judiciary Chairman Bob Goodlatte, …': the statement's author speaks.
STATEMENT_FROM = re.compile(
    rf"^\s*(?:[Aa]n?|[Tt]he)\s+(?:joint\s+|written\s+)?(?:statement|letter|release)\s+(?:issued\s+)?(?:from|by)\s+"
    rf"(?P<author>(?:[A-Z][\w.'’-]*\s+){{0,4}}{_NAME})"
)


def _speaker_after(suffix: str) -> tuple[str, int, SpeakerKind] | None:
    authored = STATEMENT_FROM.match(suffix)
    if authored:
        return authored["author"], authored.start("author"), "name"
    moved = MOOD_BEFORE_NAME.match(suffix)
    if moved:
        return _without_full_stop(moved["name"]), moved.start("name"), "name"
    match = SPEAKER_AFTER.match(suffix)
    if match is None:
        return None
    if match["name"] and _calendar(match["np"].split()[0]):
        return None  # "..., R-Ky., said Tuesday.": a day, not who spoke
    if match["name"] and (holder := HOLDER_AFTER_ROLE.match(suffix, match.end("np"))):
        return _without_full_stop(holder["name"]), holder.start("name"), "name"
    kind: SpeakerKind = (
        "anaphor" if match["anaphor"] else "role" if match["role"] else "group" if match["group"] else "name"
    )
    if match["role"]:
        # '"…," said Hayes's attorney, John Fuller': the holder named beside the role speaks, not Hayes.
        appos = APPOSITIVE_NAME.match(suffix, match.end("np"))
        if appos:
            return _without_full_stop(appos["name"]), appos.start("name"), "name"
    if match["titled"]:
        # "said 32-year-old protester Paris Kyriakides": the holder named after the role speaks.
        return _without_full_stop(match["holder"]), match.start("holder"), "name"
    if match["name"] and match["np"].endswith(" for"):
        # "said U.S. Attorney for the District of Columbia …": the title, without the word the name stops on. (A
        # name stopping on "and" is the first of two, which the sentence's subject reads on: "Malcolm Turnbull
        # and the country's Trade Minister Steven Ciobo".)
        return match["np"].rsplit(" ", 1)[0], match.start("np"), kind
    if match["name"]:
        return _without_full_stop(match["np"]), match.start("np"), kind
    return match["np"], match.start("np"), kind


def _without_full_stop(name: str) -> str:
    """A name ending the sentence, without its full stop unless that ends an initial or an abbreviation ("Jr.")."""
    return name[:-1] if name.endswith(".") and not re.search(r"\b[A-Z][a-z]?\.$", name) else name


# A dateline without an agency, in capitals before a dash: "WASHINGTON —", "PALM BEACH, Fla. —", "SEOUL, South
# Korea —", "WASHINGTON ―" (HuffPost's horizontal bar). Four capitals or two words at least, and a capital or a
# quotation after the dash ("NATO — the alliance …" is a sentence).
PLACE_DATELINE = re.compile(
    r"\s*(?:[A-Z]{4,}|[A-Z][A-Z.'’-]*(?:\s+[A-Z][A-Z.'’-]*)+)(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?\s*[—–―]+\s*"
    r"(?=[A-Z\"“])"
)


# A participle that says something was not done: "without saying a word", "without commenting".
WITHOUT_BEFORE = re.compile(r"\bwithout\s+(?:\w+ly\s+)?$", re.IGNORECASE)
# A clause's verb after a comma, where an aside on a speaker would stand ("Md., was indicted …, said").
# The comma that closes it stands right before the cue; "Abby Martin, had previously denounced" is the cue's own
# auxiliary.
PREDICATE_ASIDE = re.compile(r"\W{0,3},\s+(?:was|were|is|are|has|have|had|will|would)\s.*,\s*")


def find_cues(text: str) -> list[Cue]:
    """Reporting cues outside quotations, each with the speaker phrase found next to it, if any."""
    dateline = DATELINE.match(text) or PLACE_DATELINE.match(text)
    if dateline is not None:
        # Blanked, not cut: offsets stay those of the sentence.
        text = " " * dateline.end() + text[dateline.end() :]
    masked = mask_quotes(text)
    cues: list[Cue] = []
    for match in CUE.finditer(masked):
        cue_text = match.group(0)
        prefix = masked[: match.start()]
        # The checks of what ends right before the cue search only its last words: searched from the start, a
        # sentence with many cues cost time quadratic in its length.
        near = (max(0, match.start() - CUE_LOOKBACK), match.start())
        if PASSIVE.search(masked, *near) and cue_text not in SOURCE_AFTER:
            continue  # "a device was found", "it is believed": no source speaks
        if cue_text.endswith("ed") and DETERMINER_BEFORE.search(masked, *near):
            continue  # "the alleged victim", "the reported disclosure": an adjective, not a report
        if cue_text == "asked" and ANONYMITY.match(masked, match.end()):
            continue  # "who asked not to be named": a condition of the source, not what was said
        if cue_text == "states" and not DOCUMENT_STATES.search(masked, *near):
            continue  # "voters in swing states", "the United States": the noun
        if cue_text.endswith("ing") and WITHOUT_BEFORE.search(masked, *near):
            continue  # "opened fire without saying a word": nothing was said
        if cue_text in ("found", "finds") and (
            REFLEXIVE.match(masked, match.end()) or HELPED.search(masked, *near)
        ):
            continue  # "Obama found himself in an awkward position", "helped found Fox News": no finding
        if cue_text == "said" and SAID_IDIOM.search(
            masked, max(0, match.start() - 7), min(len(masked), match.end() + 6)
        ):
            continue  # "Having said that, …", "That said, …": the writer turning, no one reported
        if cue_text == "called" and not QUOTE_MARK.search(masked, match.end()):
            continue  # "called police", "a firm called Lenox": naming, unless it names in quotation marks
        # '"...," said Stoltenberg': a cue right after a closing quote takes its speaker from what follows.
        inverted = (
            bool(AFTER_QUOTE.search(masked, *near)) or prefix.strip() == "" or cue_text in SOURCE_AFTER
        ) and cue_text not in OBJECT_AFTER
        coordinated = not inverted and AND_BEFORE.search(masked, *near)
        if coordinated and (subject := _subject(text)) is not None:
            # "Trump visited Charlotte and said ...": coordinated verbs share the sentence's subject.
            speaker, start, kind = subject
            cues.append(
                Cue(match.start(), match.end(), cue_text, speaker, start, start + len(speaker), kind, False)
            )
            continue
        found = _speaker_after(text[match.end() :]) if inverted else _speaker_before(text[: match.start()])
        participle_led = (
            found is not None
            and not inverted
            and cue_text in PARTICIPLE_CUES
            and bool(PARTICIPLE_LED.match(found[0]))
        )
        if participle_led:
            # "Sessions, issuing a statement Monday saying he'd …": a participle's phrase before the cue is what
            # the subject did, not who speaks; the sentence's subject does.
            found = None
        issued = (
            ISSUED_BEFORE.search(text, max(0, match.start() - CUE_LOOKBACK), match.start())
            if not inverted and cue_text in PARTICIPLE_CUES
            else None
        )
        if issued is not None:
            # "The Starrett Corporation, which owns the building, issued a statement saying: …": the one who issued
            # it speaks, not "issued a statement".
            found = _speaker_before(text[: issued.start()].rstrip() + " ")
        if (
            found is not None
            and not inverted
            and PREDICATE_ASIDE.fullmatch(text, found[1] + len(found[0]), match.start())
        ):
            # "…, of Upper Marlboro, Md., was indicted on two counts …, said U.S. Attorney …": what stands
            # between the phrase and the cue is its clause's verb, not an aside on it; the source follows the cue.
            found = None
        if (
            found is not None
            and not inverted
            and cue_text not in PARTICIPLE_CUES
            and cue_text not in OBJECT_CUES
            and prefix.rstrip().endswith(",")
            and "," in text[found[1] + len(found[0]) : match.start()].rstrip().rstrip(",")
        ):
            # "… near Fort Dodge, Iowa, that killed two people, said Iowa State Patrol Sgt. Scott Bright.": a
            # name after the cue that ends the sentence speaks, not a name an aside ran back to.
            after = _speaker_after(text[match.end() :])
            if (
                after is not None
                and after[2] in ("name", "role")
                and SPEAKER_TAIL.match(text[match.end() + after[1] + len(after[0]) :]) is not None
            ):
                found, inverted = after, True
        if found is None and not inverted and (prefix.rstrip().endswith(",") or participle_led):
            if cue_text in PARTICIPLE_CUES:
                # "Bundy said he won't condemn the media, adding …": the participle continues the voice of the
                # sentence's earlier cue, not whatever opens the sentence ("Regarding the attention, …").
                opening = SUBORDINATE_OPENING.match(masked)
                earlier = next(
                    (
                        c
                        for c in reversed(cues)
                        if c.speaker is not None
                        and c.kind != "anaphor"
                        and not c.inverted
                        and c.text not in SOURCE_AFTER
                        and (opening is None or c.start >= opening.end())
                    ),
                    None,
                )
                if earlier is not None:
                    cues.append(
                        replace(earlier, start=match.start(), end=match.end(), text=cue_text, inverted=False)
                    )
                    continue
                # "Trump tweeted on Monday, saying ...": the participle's source is the sentence's subject.
                subject = _subject(text)
                if subject is not None:
                    speaker, start, kind = subject
                    cues.append(
                        Cue(
                            match.start(),
                            match.end(),
                            cue_text,
                            speaker,
                            start,
                            start + len(speaker),
                            kind,
                            False,
                        )
                    )
                    continue
            else:
                # "..., said a spokesman": the inverted order without a quotation.
                found = _speaker_after(text[match.end() :])
                inverted = found is not None
        if found is None and not inverted and cue_text not in PARTICIPLE_CUES:
            found = _bare_source(text[: match.start()], masked[: match.start()])
        if cue_text in SOURCE_AFTER:
            # "according to early results of exit polls, ...": the source runs to the next comma or full stop.
            phrase = SOURCE_PHRASE.match(masked, match.end())
            if phrase:
                # "according to media reports Tuesday": the day says when, not whose.
                source = text[phrase.start(1) : phrase.end(1)]
                source = TRAILING_WHEN.sub("", source) or source
                named = _speaker_after(source)
                source_kind: SpeakerKind = (
                    "name" if named and named[2] == "name" and named[0] == source else "group"
                )
                found = (source, phrase.start(1) - match.end(), source_kind)
        if inverted and found is not None:
            speaker, rel, kind = found
            start = match.end() + rel
        elif found is not None:
            speaker, start, kind = found
        else:
            cues.append(Cue(match.start(), match.end(), cue_text, None, -1, -1, None, inverted))
            continue
        cues.append(
            Cue(match.start(), match.end(), cue_text, speaker, start, start + len(speaker), kind, inverted)
        )
    document = DOCUMENT_SOURCE.match(masked)
    if document is not None:
        source = text[document.start(2) : document.end(2)].rstrip()
        cues.append(
            Cue(
                document.start(1),
                document.end(1),
                "In",
                source,
                document.start(2),
                document.start(2) + len(source),
                "group",
                True,
            )
        )
        cues.sort(key=lambda cue: cue.start)
    # A cue inside an earlier cue's source is part of its name: "according to media reports" is no report by
    # "according to media".
    kept: list[Cue] = []
    for cue in cues:
        if not any(other.speaker_start <= cue.start and cue.end <= other.speaker_end for other in kept):
            kept.append(cue)
    cues = kept
    for n, cue in enumerate(cues):
        denied = negation_before(masked, cue.start)
        if denied and not cue.inverted:
            cues[n] = replace(cue, negation=denied)
    return cues


# "did not say", "never said", "didn't assert": the source denied or withheld the report.
NEGATED_BEFORE = re.compile(
    r"\b((?:(?:did|does|do|has|have|had|would|could|will|was|is|can)\s+not|cannot|never|not\s+to"
    r"|(?:did|does|do|has|have|had|would|could|will|was|is|wo|ca)n['’]t)"
    r"(?:\s+(?:yet|ever|publicly|explicitly|directly))?)\s+$",
    re.IGNORECASE,
)


def negation_before(text: str, start: int) -> str:
    """The words right before a cue at ``start`` that deny its report ("did not", "never"), or ""."""
    denied = NEGATED_BEFORE.search(text, max(0, start - 24), start)
    return denied.group(1) if denied else ""


def _bare_source(prefix: str, masked: str) -> tuple[str, int, SpeakerKind] | None:
    """The few words right before a cue, back to the clause's start ("many of whom say", "63 percent said")."""
    # The phrase is at most five words at the very end: searching only the tail keeps a long sentence with many
    # cues linear (from the start, each cue's search tried every clause opener before it: 44 s for one
    # 19,000-character sentence). "^" does not match at the search's start, only at the text's.
    match = BARE_SOURCE.search(masked, max(0, len(masked) - BARE_SOURCE_REACH))
    if match is None or "_" in match.group(1):
        return None
    words = match.group(1).split()
    if words[-1].lower() in NOT_A_SOURCE_END:
        return None
    start = match.start(1) + len(match.group(1)) - len(match.group(1).lstrip())
    # ", and we haven't said", ", despite the …": the clause's opener is no part of who speaks.
    opener = SOURCE_OPENER.match(prefix, start, match.end(1))
    if opener:
        start = opener.end()
    phrase = prefix[start : match.end(1)]
    # "his aides haven't said": the negated auxiliary belongs to the verb.
    phrase = NEGATED_AUXILIARY.sub("", phrase)
    return (phrase, start, "group") if plausible_source(phrase) else None


# Words that open a clause, not a source, when they lead the words before a cue.
SOURCE_OPENER = re.compile(
    r"(?:(?:and|but|or|nor|yet|so|then|even|despite|because|while|as|if|when|since|although|though|after|before"
    r"|once|where|whether|than|until|unless|which|who|whose|that)\s+)+",
    re.IGNORECASE,
)
# What no source phrase holds: a word that opens a relative clause or stands for a question, a second reporting
# verb (the phrase spans a clause: "Police said Conyers' girlfriend"), or a contraction ("we haven't").
NOT_IN_SOURCE = re.compile(
    r"^(?:which|who|whose|whom|what|that|this|to|of|by|for|with|in|on|at|from)\b"
    r"|\b(?:said|says|say|told|tells|revealed|reported|found|finds|claimed|added)\b|n['’]t\b|['’]ve\b|^['’]",
    re.IGNORECASE,
)
NEGATED_AUXILIARY = re.compile(r"\s+\w+n['’]t$")
# Single lowercase words that speak for many ("people", "police", "women") though they end in no -s.
PLURAL_SOURCES = frozenset(
    {"people", "police", "women", "men", "children", "staff", "media", "press", "public"}
)


# Words that open a subject of no one: what follows was not said.
NO_ONE = frozenset({"no", "none", "nobody", "neither", "nor"})
# A determiner standing alone before a cue is the start of a noun phrase the cue word belongs to ("The reports").
LONE_DETERMINERS = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her"}
)


def plausible_source(phrase: str) -> bool:
    """Whether words a cue follows can be who spoke: not a clause's opener ("despite the"), not a stretch holding a
    second report ("Law enforcement sources said several"), and, as one lowercase word, a plural or a noun of
    the role and group lists ("investigators", "police"), not "more", "example" or "talking"."""
    words = phrase.split()
    if not words or NOT_IN_SOURCE.search(phrase) or SOURCE_OPENER.match(phrase + " "):
        return False
    if words[0].lower() in NO_ONE and (len(words) == 1 or words[1][:1].islower()):
        return False  # "No other figures have said …": nobody said it ("No 10 said" is Downing Street)
    if len(words) == 1 and words[0].lower() in LONE_DETERMINERS:
        return False  # "The reports were wrong": a noun's determiner, no one who reports
    if len(words) == 1 and words[0].islower():
        word = words[0].strip(".,;:'’")
        return word in PLURAL_SOURCES or word in LISTED_NOUNS or (word.endswith("s") and len(word) > 3)
    return True


# A sentence opening on a participle's phrase and a comma: "Contacted via email, …", "Asked about the vote, …".
OPENING_PARTICIPLE = re.compile(
    r"\s*[A-Z][a-z]+(?:ed|ing)\s+(?:via|by|about|on|in|at|for|with|after|before|from|to|over|during|outside)\b"
    r"[^,]{0,40},"
)


# How many opening phrases ("Earlier, on Thursday, in Reno, …") are looked past to a sentence's subject.
MAX_OPENINGS = 4


# A time a sentence opens on, in words the name finder takes for a name: "Hours later, Trump returned the
# compliment, telling Reuters …".
TIME_OPENING = re.compile(
    r"\s*(?:Hours|Days|Weeks|Months|Years|Minutes|Moments|Seconds|Decades)\s+(?:later|earlier|after|before|ago)\b"
)


def _subject(text: str, depth: int = 0) -> tuple[str, int, SpeakerKind] | None:
    pronoun = re.match(r"\s*(He|She|They|We|I|It)\b", text)
    if pronoun:
        return pronoun.group(1), pronoun.start(1), "pronoun"
    found = _speaker_after(text)
    if found is not None and found[2] == "name":
        lead = NOT_NAME_START.match(found[0])
        name, start = (found[0][lead.end() :], found[1] + lead.end()) if lead else found[:2]
        words = name.split()
        # A subordinate clause opening the sentence ("When Davis asked Cosby …, Cosby shook his head and said")
        # holds its own subject; the main clause's follows its comma.
        opener = lead is not None and lead.group(0).split()[0] in OPENING_WORDS | SUBORDINATORS
        if (
            not words
            or _calendar(words[0])
            or (len(words) == 1 and OPENING_PARTICIPLE.match(text))
            or TIME_OPENING.match(text)
            or (opener and found[1] == len(text) - len(text.lstrip()))
        ):
            # "In August, several groups granted …, saying": the subject follows the opening time; so it does an
            # opening participle's phrase ("Contacted via email, Peinovich denied … and said"), and an opening
            # adverb's ("Earlier on Thursday, Bundy tried …, saying"), which may run longer.
            opening = re.match(r"[^,]{1,80}," if opener else r"[^,]{1,40},", text)
            # A name found after an opening adverb ("Later Smith left …, saying") stands when no subject follows
            # a comma; openers are looked past a few at a time, not without end.
            after = _subject(text[opening.end() :], depth + 1) if opening and depth < MAX_OPENINGS else None
            if after is None or opening is None:
                return (name, start, "name") if opener and words else None
            if lead is not None and lead.group(0).split()[0] in SUBORDINATORS and after[2] not in NAMED_KINDS:
                # "When Robby Mook, Clinton's campaign manager was asked …, he laughed and said": a description
                # after the clause's first comma is its subject's apposition; the main clause's subject, a name or
                # a pronoun, follows a later comma.
                for comma in re.finditer(r",", text[opening.end() : opening.end() + SUBORDINATE_REACH]):
                    at = opening.end() + comma.end()
                    pronoun = re.match(r"\s*(he|she|they|we)\b", text[at:])
                    later: tuple[str, int, SpeakerKind] | None = (
                        (pronoun[1], pronoun.start(1), "pronoun")
                        if pronoun
                        else _subject(text[at:], depth + 1)
                    )
                    if later is not None and later[2] in NAMED_KINDS:
                        return later[0], later[1] + at, later[2]
            return after[0], after[1] + opening.end(), after[2]
        if words[-1] == "and":
            # "Malcolm Turnbull and the country's Trade Minister Steven Ciobo welcomed …, and said": the subject
            # runs on to the second name.
            second = SECOND_NAME.match(text, start + len(name))
            if second is None:
                return " ".join(words[:-1]), start, "name"
            return text[start : second.end()], start, "name"
        body = GROUP_AFTER_NAME.match(text, start + len(name))
        if body is not None:
            # "The Trump campaign is seeking …, arguing": the name describes the body that speaks, its head noun.
            return text[found[1] : body.end()], found[1], "group"
        return name, start, "name"
    return found


# The second of two names a subject joins by "and", across a few words describing it ("and the country's Trade
# Minister Steven Ciobo").
SECOND_NAME = re.compile(rf"(?:\s+(?:the\s+)?[\w'’-]+){{0,4}}?\s+{_NAME_WORD}(?:\s+{_NAME_WORD})+")
# A group's head noun right after a name, and no name after it: the name describes the group ("the Trump
# campaign", "the Obama administration").
GROUP_AFTER_NAME = re.compile(rf"\s+(?:{_GROUP})\b(?!\s+[A-Z])")


def report_content(text: str, cue: Cue) -> list[tuple[int, int]]:
    """The reported material a cue governs, as ranges of ``text`` (one sentence): indirect speech, not quotations.

    "X said (that) CLAUSE" and "according to X, CLAUSE" give what follows; "CLAUSE, X said" what precedes;
    "CLAUSE, X said, CLAUSE" both parts. Material that is wholly one quotation is left to the quote finder.
    """
    masked = mask_quotes(text)
    clause_end = max(cue.end, cue.speaker_end) if cue.inverted else cue.end
    clause_start = min(cue.start, cue.speaker_start) if cue.speaker_start >= 0 else cue.start
    described = ROLE_BEFORE_NAME.search(masked[:clause_start]) if cue.kind == "name" else None
    if described is not None:
        # "…, the White House spokesman, Josh Earnest, said": the name speaks, and the role before it is part of
        # the source, not the end of the content.
        clause_start = described.start("role")
    rest = masked[clause_end:]
    lead = (OBJECT_THAT.match(rest) or LEAD_IN_OBJECT.match(rest)) if cue.text in OBJECT_CUES else None
    offset = lead.end() if lead else 0
    lead = LEAD_IN.match(rest[offset:])
    that = bool(lead and lead.group("that"))
    # "vowed to take the fight to the states that ...": after a stance verb, "to" opens its infinitive, and the
    # "that" further on a relative clause, not the content.
    infinitive = cue.text in STANCE_CUES and re.match(r"\s+to\b", rest[offset:])
    late = None if that or infinitive else LATE_THAT.match(rest[offset:])
    if late and "_" not in late.group(0):
        offset, that = offset + late.end(), True
    else:
        offset += lead.end() if lead else 0
    pieces: list[tuple[int, int]] = []
    before = masked[:clause_start]
    comma_before = COMMA_BEFORE_SOURCE.search(before)
    after_text = rest[offset:]
    ends = not after_text.strip(' .!?;:,"”’)\n') or bool(
        cue.inverted and cue.speaker_start > cue.start and SPEAKER_TAIL.match(rest)
    )
    # "…, top black lawmakers said Friday afternoon, as they …": when it was said stands before the comma.
    when = WHEN_BEFORE_COMMA.match(rest)
    told = rest[when.end() :] if when else rest
    middle = told.lstrip().startswith(",") and not ends
    if middle:
        after_text = told
    if middle and QUOTE_OPENS.match(rest):
        # "When the man was led away, Mr. Trump yelled, 'Out!'": the cue introduces the quotation, which the quote
        # finder reports; the clause before it is the writer's narration.
        return pieces
    if comma_before and (ends or middle):
        # The content starts after the sentence's dateline ("WASHINGTON ― Donald Trump's obsession …, they said").
        dateline = DATELINE.match(text) or PLACE_DATELINE.match(text)
        start, end = _trim(text, dateline.end() if dateline else 0, comma_before.start())
        if _statement(masked, start, end):
            pieces.append((start, end))
        if (
            after_text.lstrip().startswith(",")
            and cue.text not in SOURCE_AFTER
            and not WRITERS_CLAUSE.match(after_text.lstrip()[1:])
            and not _narrated(after_text)
        ):
            begin = clause_end + len(rest) - len(after_text.lstrip()) + 1
            start, end = _trim(text, begin, len(text))
            if _statement(masked, start, end):
                pieces.append((start, end))
        return pieces
    if cue.inverted and cue.text not in SOURCE_AFTER:
        return pieces
    if not that and QUOTE_CLOSES.search(before) and (not rest.lstrip().startswith(",") or _narrated(rest)):
        # '"...," Obama told a town hall in Saigon': the quotation is what the cue reports; what follows it is
        # whom and where (but '"...," he said, adding that ...' goes on to a second statement).
        return pieces
    if cue.text in SOURCE_AFTER:
        # "according to X, CONTENT": the content follows the comma that closes the source.
        if not rest.lstrip().startswith(","):
            return pieces
        offset = len(rest) - len(rest.lstrip()) + 1
    elif not that and (
        NOT_A_CLAUSE.match(after_text) or re.match(r"\s*(?:to|of|about|for|with|by)\b", after_text)
    ):
        return pieces
    start, end = _trim(text, clause_end + offset, len(text))
    # A non-restrictive relative clause, a dash aside or a trailing adverbial clause is the writer's, not the
    # source's: annotators end the content before it.
    aside = _content_end(masked, start, end)
    if aside > start:
        end = aside
    for pattern in (COORDINATED_CUE, NEW_CLAUSE):
        second = pattern.search(masked, start, end)
        if second is not None and second.start() > start:
            end = second.start()
    appended = TRAILING_APPOSITION.search(masked[:end], start)
    if appended is not None and appended.start() > start:
        end = appended.start()
    if _statement(masked, start, end):
        pieces.append((start, end))
    return pieces


# A role in apposition before the name that speaks, after the content's comma or a quotation's closing mark
# (masked): ', the White House spokesman, Josh Earnest, said', '"…," the White House spokesman, Josh Earnest, said'.
ROLE_BEFORE_NAME = re.compile(rf"(?:,|[\"”]|'')\s+(?P<role>{_ROLE_PHRASE}),\s*$")
# A time right after a cue, before a comma: "said Friday afternoon,", "said on Monday,".
WHEN_BEFORE_COMMA = re.compile(
    r"\s+(?:on\s+|last\s+|early\s+|late\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today"
    r"|yesterday|tonight)(?:\s+(?:morning|afternoon|evening|night))?(?=\s*,)"
)
# A clause after the cue's closing comma that is the writer's, not the rest of the report: "…, officials said, as
# they bristled at …". ("while" goes on with the report as often: "200 have crossed, organizers said, while
# another 150 have yet to decide".)
WRITERS_CLAUSE = re.compile(r"\s*as\b")
PAIRED_DASH = re.compile(r"\s+[—–]\s+")
# The comma that closes the reported clause before a source: "…, Republicans said", and across up to two words the
# source's name leaves out ("…, veteran Republicans said"), none of them a clause's opener ("…, and Smith said").
COMMA_BEFORE_SOURCE = re.compile(
    r"[,—–](?:[\"”’]|'')?\s*(?:(?!(?:and|but|or|so|then|yet|as|when|while|because|if|although|though|which|who|"
    r"whom|that|after|before|since|until|where|once)\b)[a-z][\w'’-]*\s+){0,2}$"
    # A place or a body before the source's title: "…, San Bernardino police Chief Jarrod Burguan said".
    r"|[,—–]\s*(?:[A-Z][\w'’.-]*\s+){1,3}(?:[a-z][\w'’-]*\s+){1,2}$"
)
# A quotation opening right after the comma that follows a cue's clause (', "Out!"'), on the masked text.
QUOTE_OPENS = re.compile(r"\s*,\s*(?:[\"“]|'')")
# A quotation closing right before a cue's clause ('"...," Obama told'), on the masked text (its words and inner
# punctuation blanked, its marks kept).
QUOTE_CLOSES = re.compile(r"(?:[\"”]|'')\s*,?\s*$")
# "X said (that) the plan failed and warned that ...": a second cue coordinated with the first ends its content
# (the source goes on to a second statement, which its own cue reports).
_SECOND_CUES = sorted(
    {c for c in CUE_PHRASES if c.islower() and " " not in c and not c.endswith("ing")} | {"also"}, key=len
)[::-1]
COORDINATED_CUE = re.compile(r",?\s+and\s+(?:then\s+|later\s+)?(?:" + "|".join(_SECOND_CUES) + r")\b")
# ", a longstanding provision that ...", ", the latter a reference to ...": a noun phrase the writer appends to the
# end of the sentence, with no comma after it (one closed by a comma is an apposition inside the content).
TRAILING_APPOSITION = re.compile(r",\s+(?:a|an|the)\s+[^,;:]*$")
NEW_CLAUSE = re.compile(
    r",\s+(?:and|but)\s+(?:the|a|an|this|those|these|its|his|her|their)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:is|was|are|were|has|have|had|will)\b"
    # "…, but he did not name them", "…, but she declined to say": what the speaker then did not say is the
    # writer's.
    r"|,\s+(?:and|but)\s+(?:he|she|they)\s+(?:did\s+not|didn['’]t|declined|refused|would\s+not|wouldn['’]t"
    r"|could\s+not|couldn['’]t|gave\s+no|offered\s+no|provided\s+no)\b"
)


def _narrated(after: str) -> bool:
    """Whether what follows a cue's comma opens on a participle that reports no speech: "…, he said, cutting off
    a reporter", '"…," Kerry said, referring to the country's name': what the speaker did while saying it is the
    writer's account. A reporting participle ("adding he would never …") goes on with the content, and so does
    "including"."""
    opening = after.lstrip()[1:].lstrip()
    cue = CUE.match(opening)
    # "referring to" is in the cue list for whom a quotation means, not for anything said.
    reporting = cue is not None and cue.group(0) not in OBJECT_AFTER
    return bool(PARTICIPLE_LED.match(opening)) and not opening.startswith("including") and not reporting


def _content_end(masked: str, start: int, end: int) -> int:
    """Where the writer's aside begins, or ``end``. A dash that a second dash closes sets off an aside inside
    the content ("that the call — itself a rebuttal — was an inferior slogan"), which annotators keep."""
    at = start
    while True:
        aside = CONTENT_END.search(masked, at, end)
        if aside is None:
            return end
        if aside.group(0).strip() in "—–":
            closing = PAIRED_DASH.search(masked, aside.end(), end)
            if closing is not None and masked[closing.end() : end].strip(" .!?;:,"):
                at = closing.end()
                continue
        return aside.start()


def _statement(masked: str, start: int, end: int) -> bool:
    """Whether a stretch is a statement of its own: three words or more, and not one whole quotation."""
    stretch = masked[start:end]
    if len(re.findall(r"[\w'’-]+", stretch)) < MIN_CONTENT_WORDS:
        return False
    # Wholly quoted material is the quote finder's (its marks are kept, its words blanked).
    return len(re.sub(r"[_\s\"“”,.!?]", "", stretch)) > 0


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.!?—–-"):
        end -= 1
    return start, end
