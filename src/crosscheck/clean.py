"""Cleaning: turn a reader's ``Document`` into an ``Article`` whose ``text`` is the body alone.

Requires: a ``Document`` (raw lines). Produces: an ``Article`` with title and standfirst recognised, page
furniture removed (template markers, calls to action, share/subscribe prompts, repeated paragraphs, lines an
outlet prints on every page), and every removal recorded in ``Article.removed`` with its reason.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from itertools import pairwise
from typing import Literal
from urllib.parse import SplitResult, urlsplit

from crosscheck.model import Article, Document, Removed, TextRange
from crosscheck.settings import Settings, get_settings

# Client-side template syntax that leaked into the page text: {{#rendered}}, {% if %}, <%= x %>, ${x}, and a
# sign-in widget's {* loginWidget *}.
TEMPLATE_MARKER = re.compile(
    r"\{\{[^{}]{0,200}\}\}|\{%[^{}]{0,200}%\}|<%[^%]{0,200}%>|\$\{[^{}]{0,100}\}|\{\*[^{}]{0,200}\*\}"
)

# Imperatives that open a call to action. A short line that starts with one is furniture, not reporting.
CALL_TO_ACTION = re.compile(
    r"^(click|tap|sign up|sign in|log ?in|subscribe|download|get (the|our)|follow (us|@)|join (us|our)|listen (to|on)|"
    r"watch( the)? (video|live|more|report|clip)|read more|read next|see also|related( articles?| stories)?:|"
    r"share (this|on)|like us|support (our|us)|donate|register (now|here|for)|already a subscriber|"
    r"don't miss|do not miss|never miss|want more|for more (news|stories))(?:\b|(?<=:))",
    re.IGNORECASE,
)
# Standing lines that are never reporting, whatever their case.
STANDING_FURNITURE = re.compile(
    r"^(advertisement|advertising|sponsored( content)?|story continue[sd] below|continue reading|"
    r"scroll to continue|skip (to|advertisement)|tweet with a location|image:|photo:|video:|"
    r"(copyright|©)\s.{0,80}|(copyright|©)\s*(©\s*)?\d{4}.{0,120}\ball rights reserved\b.{0,240}|all rights reserved\.?|"
    r"this article was (originally )?published.{0,120}|"
    # A player's or a page's technical notice, a picture's credit line, a bare date stamp, a section link.
    r"(please |you (must|need to) )?enable javascript.{0,80}|javascript is (required|disabled).{0,80}|"
    r"media playback is (un|not )supported on your device.{0,300}|"
    # A gallery's caption under its counter: "1 of 12. Lieutenant Clayton Hunt … pilot a P-8A Poseidon …".
    r"\d{1,3} of \d{1,3}\.\s.{0,600}|"
    r"(photo|image|picture|video)s?( credit)?: .{1,60}|[\[(]\s*(image|photo|picture)s? (via|by|from|courtesy)\b.{1,60}[\])]|"
    r"(published|posted|updated)( on)? [a-z]{3,9}\.? \d{1,2},? \d{4}.{0,30}|"
    r"more (videos?|stories|news|photos)\s*:?|(\w+\s+){0,4}more\s*(>>|»)|"
    # A newsletter's sign-up box, a video player's playlist ("JUST WATCHED … Replay More Videos"), a share
    # box, a tip line, a related link ("More: …", "RELATED …", "(Also on POLITICO: …)"), an update stamp, a
    # social module ("Join the conversation on …", "A post shared by …", "Follow Ynetnews on Facebook").
    r"email sign ?up\b.{0,300}|by signing up\b.{0,300}|you can unsubscribe at any time\.?|"
    r"just watched\b.{0,300}|read or share this story:.{0,120}|have a tip\b.{0,120}|"
    r"more: [^.!?]{1,160}\??|(?-i:RELATED)\s.{1,160}|\(also on [^()]{1,160}\)|"
    # A newsletter box printed as one line ("Newsletter Sign Up Continue reading the main story Please verify
    # you're not a robot …"), a picture's caption with its credit ("Image The White House's spokeswoman … Credit
    # Doug Mills/The New York Times"), an illustration's credit, a wire's caption opening on its date ("In this
    # Saturday, July 1, 2017, photo, people line up …").
    r"newsletter sign ?up\b.{0,1200}|image\s.{10,600}\scredit\s[^.!?]{1,80}|photo illustration by .{1,200}|"
    r"in this (?:[\w.]+,?\s+){1,6}?(?:file\s+)?(?:photo|image|picture)s?,\s.{0,1200}|"
    # A related story's headline and teaser after "Related" ("Related Prodigy: 10 Essential Tracks From the Mobb
    # Deep MC …"): five capitalised words at least, where a sentence about Related Companies ("Related Companies
    # Chairman Stephen Ross said") turns to lowercase sooner.
    r"(?-i:Related (?:[A-Z0-9‘'\"][\w'’‘\"-]*:?\s+(?:(?:of|the|to|and|in|on|for|a|an|from|with|at|by)\s+)?){5}).{0,400}|"
    r"last updated( at| on)? .{1,60}|join the conversation\b.{0,120}|a post shared by .{1,160}|"
    r"stay with .{1,40} for (the latest|updates|more)\b.{0,80}|file photo:.{1,300}|"
    # An update stamp and a byline's update ("This post has been updated.", "/ Updated By Ken Dilanian …"), a
    # staff credit line ("Contributing: Associated Press"), a newsletter box ("Breaking News Emails Get breaking
    # news alerts …"), a type-size control, and the notices of an embedded video or post that did not load.
    r"this (post|story|article|report) has been updated\.?|/?\s*updated by .{1,120}|contributing: .{1,120}|"
    r"breaking news emails\b.{0,300}|text size\b.{0,20}|reset|loading\W{0,3}|"
    r"(the )?interactive transcript could not be loaded\.?|rating is available when the video has been rented\.?|"
    r"this feature is not available right now\.?.{0,60}|you can add location information to your tweets\b.{0,300}|"
    r"want more stories like this\?.{0,300}|"
    # An editor's note about the article itself ("Update: Some wording in this piece has been changed …",
    # "Update 2: We've added a later statement …"); an update that reports news stays.
    r"update( \d{1,2})?: .{0,200}\b(this (piece|post|story|article)|we('ve| have) (added|updated|changed|corrected))"
    r"\b.{0,200}|"
    # A registration wall's lines: "Welcome back. Please sign in", "Why are we asking this?", "By submitting your
    # registration information …", "We look forward to seeing you on [website]".
    r"welcome back\.? please (sign|log) ?in\b.{0,80}|why are we asking (for )?this\??|"
    r"by submitting your registration\b.{0,300}|we look forward to seeing you on\b.{0,120}|"
    # A video player's caption line, opened by its close button: "CLOSE USA TODAY's Bryan Alexander … give
    # their observations …".
    r"(?-i:CLOSE) .{1,400}|"
    # A photo gallery printed as one line ("Photos: Crisis in Ukraine … Hide Caption 1 of 132 …"), a page's
    # highlight box ("Story highlights …"), a related story's link ("STORY: Timeline: Key events in Ukraine"), a
    # picture's caption and credit line ("Image copyright Getty Images Image caption …"), a wire's staff note
    # ("(Additional reporting by …; Writing by …; Editing by …)"), and a video player's script.
    r"photos?: .*\bhide caption\b.*|story highlights\b.{0,400}|(?-i:STORY|Story): .{1,160}|"
    r"image (caption|copyright)\b.{0,400}|\((additional reporting|reporting|writing|editing) by\b.{0,400}|"
    r"additional reporting by\b.{0,400}|"
    r".{0,40}\bfunction\s*\(\s*\)\s*\{.*|"
    # A picture's caption paragraph, which names how the picture came ("In this image released by Turner Classic
    # Movies, …"; "In this photo, taken by a neighbor, the suspect …" is reporting), an illustration's or a
    # picture's credit, a syndication note, a site's sign-off, a related story's link in square brackets on a line
    # of its own (a bracketed sentence, correction or update is the story's).
    r"in this (undated |file |handout )?(image|photo|picture|video still) (released|provided|taken|made|dated|shot"
    r"|from|of|courtesy|obtained|posted|distributed|supplied|issued)\b.{0,400}|"
    r"illustration: .{1,60}|credit: .{1,60}|original article on .{1,80}|become a fan of .{1,300}|"
    # A science site's pointers under the story ("Explore further: Newly discovered catalyst …", "More
    # information: Electroreduction of carbon monoxide …, Nature, dx.doi.org/…"), and the Internet Archive's notes
    # on its crawls, which a page saved from the Wayback Machine may hold and nothing else.
    r"explore further: .{1,200}|more information: .{1,400}|"
    r"starting in 1996, alexa internet has been donating their crawl data\b.{0,400}|"
    r"these crawls are part of an effort to archive pages\b.{0,1200}|crawl of outlinks from \S+ started\b.{0,1200}|"
    r"[–-]?\s*follow (us|the [\w.@-]+|[\w.@-]+)( [\w.@-]+){0,2} on (facebook|twitter|instagram)\b.{0,60}|"
    r"want to add to this story\?.{0,300}|"
    # A related story's link under an arrow ("► Related: Wayne State suspect has history …", "► Update: Man
    # charged …"), a bare section label ("More:", "ALSO:", "Read: Local News Headlines …"), a rule of underscores,
    # a newspaper's advertisement slot run into its "Continue reading the main story", a topic widget ("Interested
    # in ? Add as an interest …"), a reporter's contact line ("Bassem Mroue can be reached on twitter at …"), and a
    # reporting credit of names alone ("With Edgar Sandoval, John Annese, Rocco Parascandola").
    r"[►▶»]\s*(?:related|update|read|watch|more|see|video|photos?|gallery|listen)\b.{0,300}|"
    r"(?:more|also|related|read more):?|read: .{1,160}|_{3,}|are you there\? send us your .{1,60}|"
    r"(?:photo\s+)?(?:advertisement\s+)?continue reading the main story|"
    r"interested in .{0,80}\badd as an interest\b.{0,300}|"
    r"(?-i:[A-Z][\w'’-]+(?: [A-Z][\w'’.-]+){1,3}) can be reached (?:at|on|by|via)\b.{0,200}|"
    r"(?-i:With (?:[A-Z][\w'’.-]+ ){1,3}[A-Z][\w'’.-]+(?:,(?: and)? (?:[A-Z][\w'’.-]+ ){1,3}[A-Z][\w'’.-]+)+)|"
    # A picture's caption run into the highlight box after it: "… over Boulder, Colo., on Wednesday. (Photo:
    # Brennan Linsley AP) Story Highlights Parts of Iowa …".
    r".{0,600}[(\[](?:photo|image|picture)s?: [^()\[\]]{1,80}[)\]]\s+story highlights\b.{0,400}|"
    r"\[(?!(editor'?s'? note|update|updated|correction|clarification)\b)[^\[\]]{1,160}(\[[^\[\]]{0,40}\][^\[\]]{0,80})?"
    r"(?<![.!?])\]|\d{1,3} (second|minute|hour|day|week|month|year)s? ago|"
    # A related story's headline with its link: "Stanford sexual assault case: the statement in full Read more".
    r"[^.!?]{1,160}\sread more)$",
    re.IGNORECASE,
)
# A highlight box's first line: its later points follow one a line.
STORY_HIGHLIGHTS = re.compile(r"\bstory highlights\b", re.IGNORECASE)
# A picture's caption ends on its credit in brackets: "(AP Photo/Evan Vucci)", "(Photo by Jane Doe/Getty Images)",
# "(REUTERS/Kevin Lamarque)", "[Chip Somodevilla/AFP]". A caption describes a picture the reader cannot see and
# is no statement of the story; left in, "President Trump speaks during an event" became a claim of its own.
PHOTO_CAPTION = re.compile(
    r"[(\[]\s*(?:AP|AFP|EPA|UPI|Xinhua|Reuters|REUTERS)\s+(?i:photo)s?[)\]]"
    r"|[(\[]\s*(?:(?:AP|AFP|EPA|UPI|Xinhua|Reuters|REUTERS)\s+)?(?i:photo|photograph|picture)s?"
    r"\s*(?:/|:|(?i:by|credit|courtesy)\b)[^()\[\]]{0,80}[)\]]"
    r"|[(\[](?:[^()\[\]]{0,60}/\s*)?(?:Getty Images|Shutterstock|iStock)[^()\[\]]{0,20}[)\]]"
    # An agency credit names its photographer: "(Kevin Lamarque/Reuters)", "(REUTERS/Kevin Lamarque)"; a
    # poll or a pair of agencies ("(Reuters/Ipsos)", "(Bloomberg/AP)") names none and ends prose.
    r"|[(\[]\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+)+\s*/\s*(?:AP|AFP|EPA|Reuters|REUTERS|Bloomberg|Xinhua|PA)[)\]]"
    # A newspaper's staff photographer: "(Victoria Walker/The Washington Post)", "(Jane Doe/For The Times)"; not
    # a joint poll ("(ABC News/The Washington Post)"), whose first side is an outlet.
    r"|[(\[]\s*(?![^/()\[\]]*\b(?:News|Times|Post|Mail|Press|Journal|Daily|Herald|Tribune|Telegraph)\b)"
    r"[A-Z][a-z][\w.'’-]*(?:\s+[A-Z][a-z][\w.'’-]*){1,3}\s*/\s*(?:[Ff]or\s+)?The(?:\s+[A-Z][\w.&'’-]+){1,4}"
    # … and the agency that sent it on: "(Jason Doiy/The Recorder via Associated Press)".
    r"(?:\s+via\s+(?:the\s+)?[A-Z][\w.&'’-]+(?:\s+[A-Z][\w.&'’-]+){0,3})?\s*[)\]]"
    r"|[(\[]\s*(?:REUTERS|Reuters|AFP|EPA|Xinhua)\s*/\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+)+\s*[)\]]"
    # … and without "The": "(Todd Maisel/New York Daily News)", its second side a newspaper's name.
    r"|[(\[]\s*(?![^/()\[\]]*\b(?:News|Times|Post|Mail|Press|Journal|Daily|Herald|Tribune|Telegraph)\b)"
    r"[A-Z][a-z][\w.'’-]*(?:\s+[A-Z][a-z][\w.'’-]*){1,2}\s*/\s*(?:[A-Z][\w.&'’-]+\s+){0,3}"
    r"(?:News|Times|Post|Herald|Tribune|Journal|Press|Chronicle|Gazette|Globe|Register|Examiner|Inquirer|Observer)"
    r"\s*[)\]]"
    # A picture taken from a social network: "(via Facebook)", ending the caption with no full stop after it (a
    # sentence may end "… on Facebook (via Facebook).").
    r"|[(\[]\s*via (?:Facebook|Twitter|Instagram|YouTube)\s*[)\]](?!\.)"
    # A staff picture: "(Washington Post Staff Photo/Andrea Bruce)".
    r"|[(\[][^()\[\]]{0,60}\b(?i:photo)\s*/\s*[^()\[\]]{1,60}[)\]]"
)
# Without brackets, a caption's last words are the photographer and the agency: "… on September 20, 2005. Michael
# Nagle/Getty Images".
BARE_PHOTO_CREDIT = (
    r"[.!?]\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*/\s*(?:Getty Images|AFP|AP|EPA|Reuters|REUTERS|Bloomberg)"
    r"(?:\s+via\s+Getty\s+Images)?"
)
# A picture sent on by an agency, credited in brackets: "(Joe Ellis/The Clarion Ledger, via AP, File)".
VIA_AGENCY_CREDIT = (
    r"[(\[][^()\[\]]{1,80}/[^()\[\]]{1,80}\bvia (?:AP|Getty Images|Reuters|AFP)(?:,\s*File)?[)\]]"
    # A slideshow's caption cut short, then its agency: "… pose as they arrive for the screening of … at the...
    # (Associated Press)".
    r"|(?:\.\.\.|…)\s*\((?:Associated Press|AP|Reuters|AFP)\)"
)
# A caption's credit may be followed by the agency that sent the picture: "(Photo by Matt Sayles/Invision/AP)
# (Associated Press)", or by its credit printed again.
PHOTO_CAPTION_AT_END = re.compile(
    r"(?:" + PHOTO_CAPTION.pattern + "|" + BARE_PHOTO_CREDIT + "|" + VIA_AGENCY_CREDIT + r")\.?"
    r"(?:\s*\((?:Associated Press|AP|Reuters|AFP|Getty Images)\)|\s*[(\[][^()\[\]]{1,80}/[^()\[\]]{1,80}[)\]])?$"
)
# A paragraph's first letter printed as a line of its own; not "A" or "I", which are words ("A" over "man was
# shot" is "A man").
DROP_CAP = re.compile(r"[B-HJ-Z]")
# A line that is only a date ("April 10th, 2016", "20 June 2017"): a letter's or a page's stamp, no title.
DATE_LINE = re.compile(
    r"(?:[A-Z][a-z]+day,?\s+)?(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4})\.?"
    # A page's relative stamp: "2 years ago", "5 hours ago".
    r"|\d{1,3}\s+(?:second|minute|hour|day|week|month|year)s?\s+ago"
)


# Sentences of page furniture that line cleaning left inside a paragraph: they neither enter the brief nor become
# claims. Furniture is told by what it asks of the reader (enable JavaScript, accept cookies, sign up for a
# newsletter, follow an account), not by its words alone: a story about cookie rules, or one that names the
# council's website, is news.
FURNITURE_SENTENCE = re.compile(
    r"\b(?:enable|turn on|requires?)\s+javascript\b|\bjavascript (?:is )?(?:disabled|required)\b"
    r"|^(?:accept|manage|allow)(?: all)? cookies\b|\b(?:this (?:site|website) uses|we use) cookies\b"
    r"|\bour cookie (?:policy|settings|notice)\b"
    r"|\b(?:sign up|subscribe)\b.{0,40}\bnewsletters?\b|\bour newsletters?\b|\b(?:you can )?unsubscribe at any time\b"
    r"|\bfollow us\b|\bfollow (?:him|her|me|them) on (?:Twitter|X|Facebook|Instagram|TikTok)\b|^\s*@\w+"
    r"|\b(?:email|e-mail) (?:us|me) at\b"
    # A magazine's promotion of its print issue: "pick up a copy of this week's issue, on newsstands Friday".
    r"|\bpick up a copy of\b|\bon newsstands\b"
    # A tip line ("Call 323-786-5113 with information about the crime."), a reporter's dateline note
    # ("Branigin reported from Washington."), a gallery's caption counter.
    r"|^call\b.{0,40}\d{3}[-.)\s]{1,2}\d{3}[-.\s]\d{4}|^(?-i:(?:[A-Z][\w'’-]+\s+){1,3}reported from [A-Z][\w'’-]*(?:[ ,]+[A-Z][\w'’-]*){0,3}\.?)$"
    r"|\bhide caption\b"
    # A pointer to what the page embeds ("Check out the posts below.", "Watch the trailer above."), a paywall's
    # offer ("Read Now, Pay Later", "Subscriptions also available"), a columnist's contact line.
    r"|^(?:check out|see|watch|view|listen to|take a look at|read)\b.{0,60}\b(?:below|above)\W*$"
    r"|\bread now,? pay later\b|\bsubscriptions? (?:are )?also available\b"
    r"|^you can (?:e-?mail|reach|contact) (?:him|her|them|me|us) (?:at|via|on)\b"
    # A reporter's contact line ("Contact Tracey Kaplan at 408-278-3482.", "Follow her at Twitter.com/…"), a
    # newsletter's box ("Sign up here for POLITICO Huddle …", "Breaking News Alerts Get breaking news …", "By
    # signing up you agree to receive email newsletters …"), a site's pointer ("Visit amnh.org for more …").
    r"|^contact (?-i:[A-Z][\w'’-]+)(?: (?-i:[A-Z][\w'’.-]+)){0,3}(?: at\b|:)"
    r"|\bcan be reached (?:at|on|by|via)\b.{0,80}(?:@|https?://|\btwitter\b|\d{3}[-.)\s]{1,2}\d{3})"
    # A broadcaster's call for pictures ("Are you there? Send us your images or video."), a tip line ("Send your
    # Newswire tips to …"), a pointer to a link ("Read Hockley's letter to herself here."), and a live story's
    # note ("This is a developing story. Stay with tampabay.com for updates.").
    r"|^are you there\?|\bsend us your (?:photos?|images?|pictures?|videos?|tips?|stories)\b"
    r"|^send (?:us )?your\b.{0,40}\btips?\b"
    r"|^(?:read|watch|see|view|listen to)\b.{0,80}\bhere\W*$"
    r"|^this (?:is a developing story|story is developing)\b|^stay with \S+ for (?:updates|the latest|more)\b"
    r"|\bfollow (?:him|her|me|them|us) at (?:twitter|x|facebook|instagram)\.com\b"
    r"|^sign up here\b|^breaking news alerts\b|\bagree to receive\b.{0,40}\b(?:newsletters?|alerts)\b"
    r"|\bplease verify you'?re not a robot\b|\byou must select a newsletter\b|^thank you for subscribing\b"
    r"|^an error has occurred\b|^please try again later\b|^invalid email address\b|\byou may opt[- ]out at any time\b"
    r"|^(?:visit|go to) \S+\.(?:com|org|net|gov|edu)\b.{0,30}\bfor more\b"
    # An opinion page's disclaimer ("The views expressed by this author are their own and are not the views of
    # The Hill."), and a prompt to comment ("… then share your own thoughts on the ceremony in the comments.").
    r"|^the views expressed (?:by|in|here)\b.{0,80}\b(?:their|his|her|the author'?s) own\b"
    r"|\b(?:share|tell us|let us know|sound off|leave)\b.{0,80}\bin the comments\b"
    # A broadcaster's note on its transcripts: "NPR transcripts are created on a rush deadline by …".
    r"|\btranscripts? (?:are|is) created on a rush deadline\b|^accuracy and availability may vary\b",
    re.IGNORECASE,
)
# The author line cleaning leaves after an embedded post's words, for the quote finder: "… let's do this!
# https://t.co/x — Bobby Goodlatte (@rsg)", "S.I.P King! HNIC! A post shared by AZ (@quietazmoney)"
# (``POST_SIGNATURE``).
POST_AUTHOR = re.compile(
    r"(?:\s[—–-]|(?:^|\s)A post shared by)\s(?P<author>[^—–()]{1,80}?)\s*\(@[\w.]{1,30}\)$"
)
# Photo captions, credits and sharing prompts that survive cleaning: sentences, but never the story's news. A
# staff line ("… contributed to this report.") credits reporters, and states nothing of the story.
CAPTION_SENTENCE = re.compile(
    r"\bfile photo\b|\bclick here\b|toggle caption|\bcaption:|\bemail sign up\b|\bsign up for (?:our|free)\b"
    r"|\byour Tweets?\b|\bTweet with a location\b|\bAP Photo\b|Getty Images|^\(?Photos?:|photos?\)$"
    r"|\ball rights reserved\b|©|\bcopyright \d{4}\b|^Image (?:taken|courtesy)|^In this (?:undated )?(?:image|photo)"
    r"|^Image copyright\b|\b(?:Image|Media) caption\b|\bcontributed (?:reporting )?to this (?:report|story|article)\b"
    # An embedded post's author line, which cleaning leaves for the quote finder: "— Bobby Goodlatte (@rsg)".
    r"|" + POST_AUTHOR.pattern,
    re.IGNORECASE,
)
WEB_ADDRESS = re.compile(r"https?://\S+|www\.\S+")
# A sentence that is more web address than words is a link that escaped cleaning.
MAX_ADDRESS_SHARE = 1 / 3


def furniture_sentence(text: str) -> bool:
    """Whether a sentence is page furniture, a caption or a link that line cleaning left in a paragraph."""
    if sum(len(m) for m in WEB_ADDRESS.findall(text)) > MAX_ADDRESS_SHARE * len(text):
        return True
    return bool(FURNITURE_SENTENCE.search(text) or CAPTION_SENTENCE.search(text))


TERMINAL_PUNCTUATION = re.compile(r"[.!?…:;][\"'”’)\]]*$")
WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Case, quote and whitespace folded, for comparing lines rather than showing them."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[\"'“”‘’«»]", "", text)
    return re.sub(r"\s+", " ", text).strip()


# Terminal escape sequences (colour, cursor, OSC links) and the other control characters: no news text holds
# them, and left in, an untrusted feed could drive a reader's terminal (``show``, ``search``) or forge the
# search snippets' match markers (\x02, \x03). The controls that separate text (vertical tab, form feed, the
# information separators, next line) become spaces, as whitespace folding always made them: a PDF's page break
# must not glue two words together.
TERMINAL_ESCAPE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\)")
SEPARATING_CONTROL = re.compile(r"[\x0b\x0c\x1c-\x1f\x85]")
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
# Bidirectional overrides, embeddings and isolates reorder what follows them on screen: "evil\u202eexe.txt"
# reads as "eviltxt.exe", and an override left open in a quoted span carries on into the report around it.
# Right-to-left text needs none of them to display (the marks U+200E and U+200F stay).
BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")


def plain(value: str) -> str:
    """Text without terminal escape sequences or control characters (tabs, line breaks and the separating
    controls stay whitespace)."""
    return BIDI_CONTROL.sub("", CONTROL.sub("", SEPARATING_CONTROL.sub(" ", TERMINAL_ESCAPE.sub("", value))))


def terminal_line(value: str) -> str:
    """``value`` fit to print inside one line of a message on a terminal: ``plain``, and no line breaks (a
    path, URL or record id from an input could otherwise forge a message line of its own)."""
    return re.sub(r"[\n\r]+", " ", plain(value))


def _normalise_line(line: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", plain(line))).strip()


def _plain_field(value: str | None) -> str | None:
    return _normalise_line(value) or None if value is not None else None


def _word_count(line: str) -> int:
    return len(WORD.findall(line))


def _is_shouting(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) / len(letters) > 0.85


# Hard-wrapped text (an e-mail, a wire feed, a terminal capture) breaks lines at a fixed width, mid-sentence.
# It is recognised by its line lengths: nine lines in ten at most ``WRAP_MAX_WIDTH`` characters (and the tenth
# longest at least ``WRAP_MIN_WIDTH``: a list of short lines is no wrapped paragraph), and at least
# ``WRAP_MIN_SOFT_BREAKS`` lines (and ``WRAP_MIN_SOFT_SHARE`` of all breaks between lines) ending near that
# width without ending a sentence. Its lines are joined back into paragraphs; a line well short of the width
# (a headline, a paragraph's last line) or ending a sentence still ends its paragraph.
WRAP_MAX_WIDTH = 100
WRAP_MIN_WIDTH = 50
# A headline line over a single paragraph is taken as the title when the paragraph has at least these words.
TITLED_PARAGRAPH_WORDS = 25
WRAP_NEAR_WIDTH = 0.8
# A line opening a list item starts a line of its own, however long the one before it.
LIST_ITEM = re.compile(r"\s*(?:[-*•–]|\d{1,2}[.)])\s")
WRAP_MIN_SOFT_BREAKS = 3
WRAP_MIN_SOFT_SHARE = 0.3
SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*$")


def unwrap(text: str) -> str:
    """Hard-wrapped plain text with its lines joined back into paragraphs; any other text as it is."""
    lines = text.split("\n")
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < WRAP_MIN_SOFT_BREAKS + 1:
        return text
    width = lengths[min(len(lengths) - 1, int(0.9 * len(lengths)))]
    if not WRAP_MIN_WIDTH <= width <= WRAP_MAX_WIDTH:
        return text

    def soft(line: str, following: str) -> bool:
        line = line.rstrip()
        heading = len(following.rstrip()) < WRAP_NEAR_WIDTH * width and not SENTENCE_END.search(
            following.rstrip()
        )
        return (
            bool(following.strip())
            # A short line that ends no sentence is a heading of its own, and a list item opens its own line.
            and not heading
            and not LIST_ITEM.match(following)
            and len(line) >= WRAP_NEAR_WIDTH * width
            and not SENTENCE_END.search(line)
        )

    pairs = [(a, b) for a, b in pairwise(lines) if a.strip() and b.strip()]
    breaks = sum(soft(a, b) for a, b in pairs)
    if breaks < WRAP_MIN_SOFT_BREAKS or breaks < WRAP_MIN_SOFT_SHARE * len(pairs):
        return text
    joined: list[str] = []
    for index, line in enumerate(lines):
        if joined and index > 0 and soft(lines[index - 1], line):
            joined[-1] = joined[-1].rstrip() + " " + line.strip()
        else:
            joined.append(line)
    return "\n".join(joined)


def furniture_reason(line: str, settings: Settings) -> str | None:
    """Why a whole line is page furniture, or None when it may be reporting."""
    if not WORD.search(line):
        return "no words"
    if STANDING_FURNITURE.match(line):
        return "standing page furniture"
    words = _word_count(line)
    if words <= settings.photo_caption_max_words and PHOTO_CAPTION_AT_END.search(line):
        return "photo caption"
    if words <= settings.call_to_action_max_words and CALL_TO_ACTION.match(line):
        return "call to action"
    if (
        words <= settings.call_to_action_max_words
        and _is_shouting(line)
        and not TERMINAL_PUNCTUATION.search(line)
    ):
        # A short all-caps line with no sentence ending is a banner ("CLICK HERE TO GET THE ... APP").
        return "call to action"
    return None


def looks_like_headline(line: str, max_words: int) -> bool:
    """Headlines and standfirsts are short and carry no sentence-final punctuation."""
    return 0 < _word_count(line) <= max_words and not TERMINAL_PUNCTUATION.search(line)


# The paths of a site's front page: none, "/", or its index file.
FRONT_PATH = re.compile(r"/?(?:index\.\w+)?", re.IGNORECASE)


def url_parts(url: str | None) -> SplitResult | None:
    """The URL split into its parts, or None when there is none or it cannot be split.

    URLs come from the pages and dumps themselves, so they are untrusted: ``urlsplit`` raises on some (an
    unclosed "[" in the host, a bad port), and one bad address must not fail the article that carries it.
    """
    if not url:
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a malformed port raises here rather than in a later caller
    except ValueError:
        return None
    return parts


def front_page(url: str) -> bool:
    """A site's front page (no path beyond an index file, no query but a campaign tag): no one article's
    address. An address that cannot be split is taken as the page's own: it still tells pages apart."""
    parts = url_parts(url)
    if parts is None:
        return False
    query = [p for p in parts.query.split("&") if p and not p.lower().startswith("utm_")]
    return FRONT_PATH.fullmatch(parts.path) is not None and not query


IdBasis = Literal["id", "outlet and URL", "outlet and text"]


def id_basis(document: Document) -> IdBasis:
    """What ``article_id`` keys the document's id on (and what two documents of one id share)."""
    if document.id:
        return "id"
    if document.url is not None and not front_page(document.url):
        return "outlet and URL"
    return "outlet and text"


def article_id(document: Document, body: str) -> str:
    """Stable: the source's own id, else a hash of outlet and URL, else of outlet and normalised body.

    The outlet is part of the key so that a syndicated copy printed by another outlet stays its own article
    (dedup then folds it into the original) instead of vanishing as the same id. A site's front page is no
    article's URL (pages and feeds that only know the site give it), so the body identifies those articles.
    """
    if document.id:
        return document.id
    by_url = id_basis(document) == "outlet and URL"
    # The outlet as the article stores it: " Reuters" and "Reuters" are one outlet, and one article.
    key = f"{_plain_field(document.outlet) or ''}\n{document.url if by_url else fold(body)}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


LineFilter = Callable[[str], str | None]


def refused_unclean(document: Document, limit: int | None = None) -> str | None:
    """Why a document is refused before cleaning, or None: raw text so far over the article limit
    (``max_article_chars`` unless given) that cleaning could not bring it under and would only cost memory."""
    limit = limit or get_settings().max_article_chars
    if len(document.text) > 4 * limit:
        return f"document of {len(document.text)} characters, far over the {limit}-character article limit"
    return None


def oversized(article: Article, limit: int | None = None) -> str | None:
    """Why a clean article is too long to analyse (over ``max_article_chars`` unless given), or None."""
    limit = limit or get_settings().max_article_chars
    if len(article.text) > limit:
        return (
            f"article text of {len(article.text)} characters is over the {limit}-character limit "
            "(CROSSCHECK_MAX_ARTICLE_CHARS)"
        )
    return None


# The line an embedded post ends on, which the page printed after the post's words: a picture link, then "—
# Kyle Hopkins (@kylehopkinsAK) March 13, 2016". It names who posted and when, and is no statement of the
# story; left in, the post's date became an event of the story.
# An Instagram post ends the same way: "A post shared by AZ (@quietazmoney) on Jun 20, 2017 at 1:45pm PDT".
# The author's name and handle stay ("A post shared by" with them), the picture link and the date go: the quote
# finder credits the post's words to the one who posted them ("— Bobby Goodlatte (@rsg)"), as a quotation of theirs that several outlets relay.
POST_SIGNATURE = re.compile(
    r"(?P<link>\s*pic\.twitter\.com/\w+)?(?P<author>\s*[—–-]\s*[^—–()]{1,80}\(@\w{1,15}\))(?P<date>\s+"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},\s+\d{4})"
    r"\s*$"
    r"|(?P<shared>\s*\bA post shared by [^()]{1,80}\(@[\w.]{1,30}\))(?P<when>\s+on\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2},"
    r"\s+\d{4}(?:\s+at\s+\d{1,2}:\d{2}\s*[ap]m(?:\s+[A-Z]{2,4})?)?)\s*$"
)


# A picture's caption and credit run together with the headline under it, as some pages print them: "Congressman
# Bob Goodlatte's son made the surprise announcement on Twitter Sunday night. | Manuel Balce Ceneta/AP Photo
# Goodlatte's son donates to Democrat running to replace him". The caption and credit go; the headline stays.
CAPTION_BEFORE_HEADLINE = re.compile(
    r"(?P<caption>.{10,400}?[.!?][\"'”’)]*\s*\|\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*/\s*"
    r"(?:AP|AFP|EPA|Reuters|REUTERS|Getty Images|Bloomberg)(?:\s+Photo)?)\s+(?P<headline>[A-Z\"'“‘].+)"
)


# A picture's credit printed before the paragraph under the picture: "Tom Williams/Getty Images Rep. Jackie Speier
# (D-Calif.) will host …". The credit goes, the paragraph stays (it had become the story's title).
LEADING_PHOTO_CREDIT = re.compile(
    r"(?:[A-Z][\w.'’-]+\s+){1,3}[A-Z][\w.'’-]+\s*/\s*(?:Getty Images|AFP(?:\s*/\s*Getty Images)?|AP(?: Photo)?|EPA"
    r"|Reuters|REUTERS|Bloomberg(?: News)?|Shutterstock)(?:\s+via\s+Getty\s+Images)?\s+(?=[A-Z\"“])"
)


def clean(
    document: Document,
    settings: Settings | None = None,
    outlet_furniture: LineFilter | None = None,
) -> Article:
    """Clean one document. ``outlet_furniture`` names lines a fitted per-outlet model knows as furniture."""
    settings = settings or get_settings()
    removed: list[Removed] = list(document.removed)
    lines: list[str] = []
    highlights = False  # the line before was a highlight box's
    points: set[str] = set()  # the box's later points
    for raw in document.text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _normalise_line(raw)
        if not line:
            continue
        markers = TEMPLATE_MARKER.findall(line)
        if markers:
            stripped = _normalise_line(TEMPLATE_MARKER.sub(" ", line))
            if not WORD.search(stripped):
                removed.append(Removed(text=line, reason="template marker"))
                continue
            removed.extend(Removed(text=m, reason="template marker") for m in markers)
            line = stripped
        signature = POST_SIGNATURE.search(line)
        if signature:
            body = line[: signature.start()].rstrip()
            author = signature["author"] or signature["shared"]
            if author and WORD.search(body):
                gone = " ".join(
                    part.strip() for part in (signature["link"], signature["date"], signature["when"]) if part
                )
                removed.append(Removed(text=gone, reason="embedded post signature"))
                line = body + " " + author.strip()
            else:
                removed.append(Removed(text=signature.group().strip(), reason="embedded post signature"))
                line = body
            if not WORD.search(body):
                continue
        credit = LEADING_PHOTO_CREDIT.match(line)
        if credit is not None:
            removed.append(Removed(text=credit.group().strip(), reason="photo credit"))
            line = line[credit.end() :]
        captioned = CAPTION_BEFORE_HEADLINE.fullmatch(line)
        if captioned:
            removed.append(Removed(text=captioned["caption"], reason="photo caption"))
            line = captioned["headline"]
        reason = furniture_reason(line, settings)
        if reason is None and outlet_furniture is not None:
            reason = outlet_furniture(line)
        if reason is not None:
            highlights = reason == "standing page furniture" and STORY_HIGHLIGHTS.search(line) is not None
            removed.append(Removed(text=line, reason=reason))
            continue
        if highlights and looks_like_headline(line, settings.title_max_words):
            # The box's later points, one a line with no sentence ending ("This is the fifth officer shot in the
            # United States in less than a week"), are the outlet's own summary and stay in the text (big9's gold
            # keeps them), but no point is the story's title or standfirst: one had become both.
            points.add(line)
        else:
            highlights = False
        if lines and DROP_CAP.fullmatch(lines[-1]) and line[:1].islower():
            # A drop cap the page set apart ("T" over "he most likely person …") opens the paragraph it
            # belongs to, not a title of one letter.
            lines[-1] += line
            continue
        lines.append(line)

    title = _plain_field(document.title)
    standfirst: str | None = None
    if lines and title and fold(lines[0]) == fold(title):
        lines.pop(0)
    elif (
        lines
        and not title
        # Over two or more paragraphs, or one of some length (a hard-wrapped story joined back together): a
        # short first line over a single short one may be the whole text.
        and (len(lines) >= 3 or (len(lines) == 2 and _word_count(lines[1]) >= TITLED_PARAGRAPH_WORDS))
        and looks_like_headline(lines[0], settings.title_max_words)
        and not DATE_LINE.fullmatch(lines[0])
        and lines[0] not in points
    ):
        title = lines.pop(0)
    if (
        title
        and len(lines) >= 2
        and looks_like_headline(lines[0], settings.standfirst_max_words)
        and lines[0] not in points
    ):
        standfirst = lines.pop(0)

    paragraphs: list[str] = []
    seen: set[str] = set()
    for line in lines:
        key = fold(line)
        if key in seen:
            removed.append(Removed(text=line, reason="repeated paragraph"))
            continue
        seen.add(key)
        paragraphs.append(line)

    text = "\n\n".join(paragraphs)
    ranges: list[TextRange] = []
    offset = 0
    for paragraph in paragraphs:
        ranges.append(TextRange(start=offset, end=offset + len(paragraph)))
        offset += len(paragraph) + 2
    return Article(
        id=article_id(document, text),
        path=document.path,
        outlet=_plain_field(document.outlet) or (document.path or "unknown"),
        url=document.url,
        title=title,
        standfirst=standfirst,
        author=_plain_field(document.author),
        published=document.published,
        text=text,
        paragraphs=ranges,
        removed=removed,
        provenance=document.provenance,
        story=document.story,
    )
