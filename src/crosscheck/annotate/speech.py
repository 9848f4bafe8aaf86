"""Who speaks in a sentence: reporting cues ("said", "told The Telegraph") and the speaker noun phrase.

Shared by the quote and attribution annotators. Works on plain strings with the article's entity mentions, so
that it costs no parsing; the speaker is found next to the cue (before it, or after it in the inverted order
of '"...," said Stoltenberg').
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

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
    "tell",
    "added",
    "adds",
    "explained",
    "explains",
    "noted",
    "notes",
    "stated",
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
    "thinks",
    "thought",
    "vowed",
    "pledged",
    "promised",
    "denied",
    "disputed",
    "countered",
    "conceded",
)
CUE = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in CUE_PHRASES) + r")\b")
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
    "general",
    "ambassador",
    "governor",
    "mayor",
    "senator",
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
    "organizer",
    "owner",
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
PRONOUNS = {"he": "male", "she": "female", "they": "plural", "i": "self", "we": "self"}

_ROLE = "|".join(re.escape(r) for r in sorted(ROLE_NOUNS, key=len, reverse=True))
_ANAPHOR = "|".join(re.escape(r) for r in sorted(OUTLET_ANAPHORS, key=len, reverse=True))
_NAME_WORD = r"[A-Z][\w'’.-]*"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|of|de|van|von|al|bin|la|le|del|da|and|&))*"
# Optional material between a speaker and the cue: an adverb, an apposition or relative clause in commas.
_GAP = r"(?:,\s+(?:who|which|whose|a|an|the)\b[^,\"“”]{1,120},\s*|\s+\w+ly\s+|\s+)"

SPEAKER_BEFORE = re.compile(
    rf"(?P<np>(?P<pron>\b(?:[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e))"
    rf"|(?P<anaphor>\b[Tt]he\s+(?:{_ANAPHOR}))"
    rf"|(?P<role>\b(?:[Tt]he|[Aa]n?|{_NAME_WORD}['’]s)\s+(?:[\w'’-]+\s+){{0,4}}?(?:{_ROLE}))"
    rf"|(?P<name>{_NAME}))"
    rf"(?:['’]s?)?{_GAP}$"
)
SPEAKER_AFTER = re.compile(
    rf"^\s*(?P<np>(?P<anaphor>[Tt]he\s+(?:{_ANAPHOR}))\b"
    rf"|(?P<role>(?:[Tt]he|[Aa]n?)\s+(?:[\w'’-]+\s+){{0,4}}?(?:{_ROLE}))\b"
    rf"|(?P<name>{_NAME}))"
)
# Leading words of a capitalised run that are titles or sentence openers, not part of a name.
NOT_NAME_START = re.compile(r"^(?:(?:The|A|An|And|But|As|In|On|At|For|If|When|While|Then|So)\s+)+")

SpeakerKind = Literal["name", "pronoun", "role", "anaphor"]


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


def mask_quotes(text: str) -> str:
    """The text with quoted material blanked out (same length), so cues inside quotations are not found."""
    chars = list(text)
    for match in re.finditer(r"[\"“][^\"“”]*[\"”]", text):
        for i in range(match.start() + 1, match.end() - 1):
            chars[i] = " " if chars[i] == " " else "_"
    return "".join(chars)


def _speaker_before(prefix: str) -> tuple[str, int, SpeakerKind] | None:
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
    elif match["role"]:
        kind = "role"
    else:
        kind = "name"
        lead = NOT_NAME_START.match(np)
        if lead:
            np, start = np[lead.end() :], start + lead.end()
        if not np or "_" in np:
            return None
    return np.rstrip("'’s") if kind == "name" and np.endswith(("'s", "’s")) else np, start, kind


def _speaker_after(suffix: str) -> tuple[str, int, SpeakerKind] | None:
    match = SPEAKER_AFTER.match(suffix)
    if match is None:
        return None
    kind: SpeakerKind = "anaphor" if match["anaphor"] else "role" if match["role"] else "name"
    return match["np"], match.start("np"), kind


def find_cues(text: str) -> list[Cue]:
    """Reporting cues outside quotations, each with the speaker phrase found next to it, if any."""
    masked = mask_quotes(text)
    cues: list[Cue] = []
    for match in CUE.finditer(masked):
        prefix = masked[: match.start()]
        # '"...," said Stoltenberg': a cue right after a closing quote takes its speaker from what follows.
        inverted = bool(re.search(r"[\"”],?\s*$", prefix)) or prefix.strip() == ""
        found = _speaker_after(text[match.end() :]) if inverted else _speaker_before(text[: match.start()])
        if inverted and found is not None:
            speaker, rel, kind = found
            start = match.end() + rel
        elif found is not None:
            speaker, start, kind = found
        else:
            cues.append(Cue(match.start(), match.end(), match.group(0), None, -1, -1, None, inverted))
            continue
        cues.append(
            Cue(
                match.start(),
                match.end(),
                match.group(0),
                speaker,
                start,
                start + len(speaker),
                kind,
                inverted,
            )
        )
    return cues
