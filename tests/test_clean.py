"""Cleaning: title and standfirst, furniture, repeated paragraphs, and the record of what was removed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from crosscheck.clean import clean, fold, furniture_sentence
from crosscheck.model import Document

BODY = (
    "The city council voted on Tuesday to close the old bridge to cars.\n"
    "{{#rendered}} {{/rendered}}\n"
    "Officials said repairs would take two years and cost $4 million.\n"
    "SUBSCRIBE TO OUR NEWSLETTER\n"
    "Officials said repairs would take two years and cost $4 million.\n"
    "Click here to get the app\n"
    "Residents have complained about the bridge since 2019.\n"
)


def test_title_standfirst_furniture_and_repeats() -> None:
    text = "Council shuts old bridge\nRepairs to take two years, officials say\n" + BODY
    article = clean(Document(text=text, outlet="Gazette"))
    assert article.title == "Council shuts old bridge"
    assert article.standfirst == "Repairs to take two years, officials say"
    assert "Council shuts" not in article.text
    assert "{{" not in article.text and "SUBSCRIBE" not in article.text and "Click here" not in article.text
    assert article.text.count("repairs would take two years") == 1
    reasons = {(r.reason, r.text) for r in article.removed}
    assert ("template marker", "{{#rendered}} {{/rendered}}") in reasons
    assert ("call to action", "SUBSCRIBE TO OUR NEWSLETTER") in reasons
    assert ("call to action", "Click here to get the app") in reasons
    assert (
        "repeated paragraph",
        "Officials said repairs would take two years and cost $4 million.",
    ) in reasons
    for paragraph in article.paragraphs:
        assert article.text[paragraph.start : paragraph.end].strip()


def test_a_first_sentence_is_not_taken_for_a_title() -> None:
    article = clean(Document(text=BODY, outlet="Gazette"))
    assert article.title is None
    assert article.text.startswith("The city council voted")


def test_given_title_is_not_repeated_in_the_body() -> None:
    article = clean(Document(text="Bridge closes\n" + BODY, outlet="Gazette", title="Bridge Closes"))
    assert article.title == "Bridge Closes"
    assert not article.text.startswith("Bridge")


def test_inline_template_marker_is_cut_from_a_line_and_recorded() -> None:
    article = clean(
        Document(text="Talks resumed {{ad_slot}} on Monday in Geneva.\nBoth sides attended.", outlet="X")
    )
    assert article.text.startswith("Talks resumed on Monday in Geneva.")
    assert any(r.text == "{{ad_slot}}" for r in article.removed)


def test_ids_are_stable_and_depend_on_content() -> None:
    one = clean(Document(text=BODY, outlet="Gazette"))
    again = clean(Document(text=BODY, outlet="Gazette"))
    other = clean(Document(text=BODY + "One more line of reporting here.", outlet="Gazette"))
    assert one.id == again.id != other.id
    assert clean(Document(text=BODY, outlet="Gazette", id="given-7")).id == "given-7"


def test_an_article_url_identifies_it_and_a_front_page_does_not() -> None:
    page = "https://gazette.example/2022/04/nato-reset"
    first = clean(Document(text=BODY, outlet="Gazette", url=page))
    corrected = clean(Document(text=BODY + "A correction was appended.", outlet="Gazette", url=page))
    assert first.id == corrected.id  # one article, read twice
    # Pages that only know their site give its front page: two different stories keep two ids.
    for front in (
        "https://gazette.example/",
        "https://gazette.example",
        "https://gazette.example/index.php",
        "https://gazette.example/?utm_source=feed",
    ):
        one = clean(Document(text=BODY, outlet="Gazette", url=front))
        other = clean(Document(text=BODY + "A different story.", outlet="Gazette", url=front))
        assert one.id != other.id
    assert (
        clean(Document(text=BODY, url="https://gazette.example/?p=7")).id
        == clean(Document(text=BODY + "Edited.", url="https://gazette.example/?p=7")).id
    )


def test_an_address_that_cannot_be_split_still_identifies_its_article() -> None:
    # urlsplit raises on these; the article they came with must still be read (a CI fuzz case).
    for broken in ("http://\x83[x", "https://[::1/story", "http://gazette.example:99999/story"):
        one = clean(Document(text=BODY, outlet="Gazette", url=broken))
        assert one.url == broken
        assert one.id == clean(Document(text=BODY + "Edited.", outlet="Gazette", url=broken)).id


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_url_text_is_read(url: str) -> None:
    assert clean(Document(text=BODY, outlet="Gazette", url=url)).text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=400))
def test_paragraph_ranges_always_index_the_clean_text(raw: str) -> None:
    article = clean(Document(text=raw, outlet="Fuzz"))
    pieces = [article.text[p.start : p.end] for p in article.paragraphs]
    assert "\n\n".join(pieces) == article.text
    assert all(fold(p) for p in pieces)


def test_terminal_escapes_and_control_characters_are_not_article_text() -> None:
    """An untrusted feed must not drive a reader's terminal through `show` or `search`, nor forge the search
    snippets' match markers (\\x02, \\x03)."""
    document = Document(
        text="Flood \x1b[31mwaters\x1b[0m rose \x1b]8;;https://evil.example\x07overnight\x1b]8;;\x07 in "
        "\x02Brod\x03.\nThe mayor\x00 spoke.",
        title="Flood \x1b[1mhits\x1b[0m Brod",
        outlet="Daily\x07 Post",
        author="Ana\x1b[2J Kovac",
    )
    article = clean(document)
    assert article.text == "Flood waters rose overnight in Brod.\n\nThe mayor spoke."
    assert (article.title, article.outlet, article.author) == ("Flood hits Brod", "Daily Post", "Ana Kovac")
    # A page break or a Word line break separates words, as whitespace always did: same text, same id.
    broken = clean(Document(text="The council met on Monday.\x0cIt voted\x0bon the plan.", outlet="Post"))
    spaced = clean(Document(text="The council met on Monday. It voted on the plan.", outlet="Post"))
    assert broken.text == spaced.text and broken.id == spaced.id
    # An escape sequence left open takes nothing with it but its own marker.
    assert clean(Document(text="Flood \x1b] waters rose overnight.", outlet="Post")).text == (
        "Flood ] waters rose overnight."
    )
    # A right-to-left override would show the report around a span backwards; Arabic text needs none.
    assert clean(
        Document(text="Open evil\u202eexe.txt now, said the \u2067notice\u2069.", outlet="P")
    ).text == ("Open evilexe.txt now, said the notice.")
    assert (
        clean(Document(text="قال المتحدث \u200fإن الفيضان انحسر.", outlet="P")).text
        == "قال المتحدث \u200fإن الفيضان انحسر."
    )


def test_a_photo_caption_is_furniture_and_prose_ending_in_brackets_is_not() -> None:
    captions = [
        "President Ana Ruiz speaks during an event in Elmsford, Tuesday. (AP Photo/Evan Vucci)",
        "Crews inspect the barrier. (Photo by Jane Doe/Getty Images)",
        "Smoke rises over the port on Monday. (REUTERS/Kevin Lamarque)",
        "Residents wade through the water. [Chip Somodevilla/AFP]",
        "The judge is announced as the pick for the court. (Victoria Walker/The Washington Post)",
    ]
    prose = [
        "The deal was approved on Tuesday, the company said (Reuters).",
        "The image of the flooded square went viral (photo below).",
        "Repairs will cost $4 million (about 3.7 million euros).",
        "Support for the mayor fell to 38 percent in the latest poll (Reuters/Ipsos).",
        "Shares of the insurer fell 4 percent on Monday (Bloomberg/AP).",
        "The two campaigns shared one office (Clinton/The Kaine Campaign).",
        "Support for the president fell to 38 percent in the latest poll (ABC News/The Washington Post).",
    ]
    article = clean(
        Document(text="\n".join(["The barriers failed on Sunday.", *captions, *prose]), outlet="G")
    )
    assert {(r.reason, r.text) for r in article.removed} == {("photo caption", c) for c in captions}
    for line in prose:
        assert line in article.text


def test_an_agency_copyright_footer_is_furniture() -> None:
    footer = (
        "Copyright 2009 The Associated Press. All rights reserved. This material may not be published, "
        "broadcast, rewritten or redistributed."
    )
    prose = "Copyright lawyers said all rights reserved notices are often ignored, the court heard on Monday."
    article = clean(Document(text=f"The barriers failed on Sunday.\n{prose}\n{footer}", outlet="G"))
    assert [r.text for r in article.removed] == [footer]
    assert prose in article.text


def test_hard_wrapped_text_is_joined_back_into_paragraphs_and_other_text_is_left_alone() -> None:
    from crosscheck.clean import unwrap

    wrapped = (
        "Flood hits Riverton\n"
        "The river Wyre burst its banks in Riverton on Tuesday, flooding 300\n"
        "homes and closing the main bridge into the town centre. Mayor Ann\n"
        "Patel said the town had not seen water this high in her lifetime and\n"
        "asked the county for help.\n"
        "\n"
        "Forecasters expect more rain over the weekend, the Met Office said on\n"
        "Wednesday, and warned that the river could rise again by Friday.\n"
    )
    assert unwrap(wrapped).split("\n")[:3] == [
        "Flood hits Riverton",
        "The river Wyre burst its banks in Riverton on Tuesday, flooding 300 homes and closing the main bridge "
        "into the town centre. Mayor Ann Patel said the town had not seen water this high in her lifetime and "
        "asked the county for help.",
        "",
    ]
    article = clean(Document(text=unwrap(wrapped), outlet="G"))
    assert article.title == "Flood hits Riverton" and article.standfirst is None
    assert article.text.startswith(
        "The river Wyre burst its banks in Riverton on Tuesday, flooding 300 homes"
    )
    # A list and a subheading inside wrapped text keep their own lines.
    listed = (
        "The council listed the damage after the storm on Tuesday and asked residents to\n"
        "report anything else they find to the emergency line set up for the purpose of\n"
        "- 300 homes flooded across the three villages along the river on Tuesday night\n"
        "- 40 roads closed, among them the main road into the town centre and the bypass\n"
        "- 2 schools shut until further notice while engineers inspect the buildings there\n"
        "Flood defences in the north\n"
        "Ministers promised a review of the flood defences along the river Wyre after the\n"
        "second flood in three years, and said money would be found for new barriers and\n"
        "for the pumps that failed on Tuesday night, when the water rose faster than the\n"
        "forecasters had expected along the whole length of the valley to the estuary.\n"
    )
    lines = unwrap(listed).split("\n")
    assert [line[:12] for line in lines[1:5]] == [
        "- 300 homes ",
        "- 40 roads c",
        "- 2 schools ",
        "Flood defenc",
    ]
    assert lines[5].startswith("Ministers promised") and lines[5].endswith("to the estuary.")
    # A paragraph a line, and a list of short lines, are not wrapped text.
    for text in (BODY, "Rain on Thursday\nWind on Friday\nSun on Saturday\nFrost on Sunday\nFog on Monday\n"):
        assert unwrap(text) == text


def _assert_sorted(furniture: list[str], reporting: list[str]) -> None:
    """Every ``furniture`` line is page furniture by rule, and no ``reporting`` line is."""
    from crosscheck.clean import furniture_reason
    from crosscheck.settings import get_settings

    settings = get_settings()
    assert [line for line in furniture if furniture_reason(line, settings) is None] == []
    assert [line for line in reporting if furniture_reason(line, settings) is not None] == []


def test_player_notices_credit_lines_date_stamps_and_section_links_are_furniture() -> None:
    furniture = [
        "Please enable Javascript to watch this video",
        "Photo: KUVP archives",
        "[image via Shutterstock]",
        "Published on Apr 1, 2017",
        "Local News More>>",
        "More Video:",
    ]
    reporting = [
        "Photo: Police say the suspect fled on foot after the shooting on Monday night in the park.",
        "Published on Monday, the report found flaws in the levee.",
        "More than 40 people died.",
    ]
    _assert_sorted(furniture, reporting)
    # A page whose first line is such a notice gets no title from it.
    from tests.helpers import article

    page = article(
        "Please enable Javascript to watch this video\n\nFour people were arrested in the shooting of a man outside "
        "a car wash, police said on Tuesday.\n\nThe suspected gunman was taken into custody in Texas."
    )
    assert page.title is None and page.text.startswith("Four people")


def test_a_related_storys_headline_with_its_link_is_furniture() -> None:
    _assert_sorted(
        ["Stanford sexual assault case: victim impact statement in full Read more"],
        ["He urged students to read more."],
    )


def test_newsletter_boxes_video_playlists_share_lines_and_bare_credits_are_furniture() -> None:
    furniture = [
        "Email Sign Up By signing up you agree to receive email newsletters or alerts from POLITICO.",
        "You can unsubscribe at any time.",
        "JUST WATCHED Chaffetz: I'm ready to subpoena Replay More Videos ...",
        "Read or Share this story: https://usat.ly/2BWn3mr",
        "More: Dow plunge briefly tops 1500 points",
        "RELATED Judge in retrial says the verdict stands",
        "(Also on POLITICO: Rand Paul condemns Bundy)",
        "Last updated at 6:04 PM on 20th October 2011",
        "Join The Conversation On The KDKA Facebook Page",
        "A post shared by AZ (@az) on Jun 20, 2017 at 9:25am PDT",
        "Follow Ynetnews on Facebook and Twitter",
        "Stay with KDKA for the latest on this developing story",
        "Have a tip we should know? tips@mediaite.com",
        "FILE PHOTO: A store of the shoe designer is seen in Zurich. REUTERS/Arnd Wiegmann/File Photo",
        "(Washington Post Staff Photo/Andrea Bruce)",
        "Donald Trump before opening the Nasdaq on September 20, 2005. Michael Nagle/Getty Images",
    ]
    reporting = [
        "More than 100 people were killed in the attack.",
        "Related reports said the victims were young.",
        "Follow the money, he said.",
        "Stay with me, she told him.",
        "Last year the company lost money.",
        "He joined the conversation late, officials said.",
    ]
    _assert_sorted(furniture, reporting)


def test_a_date_line_is_no_title_and_a_wire_dateline_is_left_out_of_one() -> None:
    from crosscheck.pipeline import story_title
    from tests.helpers import article

    letter = article(
        "April 10th, 2016\n\nApril is here and this is the time that many trekking expeditions come to Nepal.\n\n"
        "The charity thanks every donor for the help given to the villages."
    )
    assert letter.title is None
    wire = article(
        "LONDON (Reuters) - U.S. retailer Michael Kors agreed to buy luxury shoemaker Jimmy Choo for $1.2 "
        "billion on Tuesday."
    )
    assert story_title([letter]).startswith("April is here")
    assert story_title([wire]).startswith("U.S. retailer Michael Kors")


def test_captions_credits_sign_offs_bracketed_links_a_drop_cap_and_a_relative_stamp() -> None:
    from tests.helpers import article

    furniture = [
        "In this image released by Turner Classic Movies, Clark Gable appears in character as Rhett Butler.",
        "In this photo taken from video on Dec. 10, 2014, a professor discusses the film.",
        "Illustration: Nobu Tamura (Wikimedia Commons)",
        "Credit: Copyright Davide Bonadonna",
        "Original article on Live Science.",
        "Become a fan of the Museum on Facebook at facebook.com/naturalhistory",
        "– Follow the Ticker on Twitter: @PoliticalTicker",
        "Want to add to this story? Let us know in comments.",
        "[Rapinoe responds after the game: ‘It’s [expletive] unbelievable.’]",
        "2 years ago",
    ]
    reporting = [
        "In this case, the court ruled for the plaintiff.",
        "Credit card debt rose to a record in March.",
        "In this photograph's corner, a man can be seen.",
        "Two years ago the mayor resigned.",
    ]
    _assert_sorted(furniture, reporting)
    page = article(
        "T\n\nhe most likely person to replace DeMint is Rep. Tim Scott, the paper said on Monday.\n\n"
        "Scott is a freshman congressman from Charleston who won his seat in 2010."
    )
    assert page.title is None and page.text.startswith("The most likely person")


def test_corrections_updates_reporting_captions_and_a_drop_a_stay() -> None:
    from tests.helpers import article

    reporting = [
        "[Editor's note: An earlier version of this story misstated the number of victims. Twelve people died.]",
        "[Update: Police said Tuesday evening that the suspect had been arrested.]",
        "[The mayor later said she would resign.]",
        "In this photo, taken by a neighbor, the suspect can be seen running from the house, police said.",
        "Credit: Moody's downgraded the city's bonds on Tuesday, citing a widening deficit and falling reserves.",
        "Follow Smith's lead on Twitter, the mayor urged residents during the storm.",
    ]
    _assert_sorted([], reporting)
    page = article(
        "A\n\nman was shot dead in Chicago on Monday, police said.\n\nThe shooting happened near a school on the "
        "south side of the city."
    )
    assert "Aman" not in page.text


def test_an_embedded_posts_signature_is_cut_from_its_line_and_recorded() -> None:
    text = (
        "The musher was attacked on the Yukon River on Saturday.\n"
        "\"He's a good kid. It's too bad alcohol got the best of him.\" -Nulato Mayor Maurice McGinty, on the "
        "arrested man pic.twitter.com/E5iob9mt3U — Kyle Hopkins (@kylehopkinsAK) March 13, 2016\n"
        "— Jane Doe (@janedoe) March 14, 2016\n"
        "The race goes on to Nome - Smith (the leader) said on March 14, 2016\n"
    )
    article = clean(Document(text=text, title="Musher attacked"))
    # The author stays for the quote finder; the picture link and the date go, and a signature with no post
    # before it goes whole.
    assert (
        "janedoe" not in article.text and "2016\n" not in article.text and "pic.twitter" not in article.text
    )
    assert (
        'got the best of him." -Nulato Mayor Maurice McGinty, on the arrested man — Kyle Hopkins (@kylehopkinsAK)\n'
        in article.text + "\n"
    )
    assert "The race goes on to Nome - Smith (the leader) said on March 14, 2016" in article.text
    signatures = [r.text for r in article.removed if r.reason == "embedded post signature"]
    assert signatures == ["pic.twitter.com/E5iob9mt3U March 13, 2016", "— Jane Doe (@janedoe) March 14, 2016"]


def test_a_sign_in_widget_and_a_players_notice_are_furniture() -> None:
    text = (
        "Sign in using your account with: {* loginWidget *}\n"
        "Media playback is unsupported on your device Media caption The Thai satellite firm said the objects "
        "were yet to be identified\n"
        "A Thai satellite spotted 300 objects floating in the southern Indian Ocean, officials said on Wednesday.\n"
        "The objects were about 200 km from where French satellites saw debris on Sunday.\n"
    )
    article = clean(Document(text=text, outlet="Gazette"))
    assert "loginWidget" not in article.text and "Sign in" not in article.text
    assert "Media playback" not in article.text and "Media caption" not in article.text
    assert "300 objects" in article.text
    reasons = {r.reason for r in article.removed}
    assert "template marker" in reasons and "standing page furniture" in reasons


def test_a_gallery_caption_and_a_video_prompt_are_furniture() -> None:
    text = (
        "A US Navy plane joined the search for the missing airliner on Wednesday.\n"
        "1 of 12. Lieutenant Clayton Hunt and Lieutenant Nicholas Horton pilot a P-8A Poseidon during a mission "
        "to assist in search and rescue operations.\n"
        "Watch the report | Uncut video from the Coast Guard rescue\n"
        "One of 12 crew members on the plane said the sea was rough.\n"
    )
    article = clean(Document(text=text, outlet="Gazette"))
    assert "Poseidon" not in article.text and "Uncut video" not in article.text
    assert "One of 12 crew members" in article.text


def test_an_instagram_posts_time_is_cut_and_its_author_credited_with_its_words() -> None:
    text = (
        "Hip-hop artists mourned Prodigy of Mobb Deep on Tuesday.\n"
        "S.I.P King! HNIC! A post shared by AZ (@quietazmoney) on Jun 20, 2017 at 1:45pm PDT\n"
        "He died in Las Vegas at 42.\n"
    )
    article = clean(Document(text=text, outlet="Gazette"))
    assert "1:45pm" not in article.text and "Jun 20" not in article.text
    # The author stays for the quote finder, as a tweet's "— Name (@handle)" does.
    assert "S.I.P King! HNIC! A post shared by AZ (@quietazmoney)\n" in article.text
    signatures = [r.text for r in article.removed if r.reason == "embedded post signature"]
    assert signatures == ["on Jun 20, 2017 at 1:45pm PDT"]
    from crosscheck.annotate import annotate_article

    [post] = [q for q in annotate_article(article).quotes if q.text == "S.I.P King! HNIC!"]
    assert post.speaker == "AZ" and post.direct
    # The author line kept for the quote finder is no statement of the story, even as a sentence of its own.
    assert furniture_sentence("A post shared by AZ (@quietazmoney)")


def test_update_stamps_credit_lines_player_notices_and_promotions_are_furniture() -> None:
    furniture = [
        "Related: Harbour board subpoenas the ferry contracts",
        "Story Continued Below",
        "This post has been updated.",
        "/ Updated By Ana Ruiz, Ben Ode. and Cara Lin",
        "Contributing: Associated Press",
        "Breaking News Emails Get breaking news alerts and special reports. The news that matters, every morning.",
        "Text Size -",
        "reset",
        "The interactive transcript could not be loaded.",
        "Rating is available when the video has been rented.",
        "You can add location information to your Tweets, such as your city or precise location.",
        "Want more stories like this? Sign up for our newsletter and other special offers",
        "CLOSE Our reporters give their observations on the night's ceremony. Jo Doe, HARBOUR DAILY",
        "The mayor leaves the hall on Sunday. (Photo by Jo Doe/Invision/AP) (Associated Press)",
        "Update: Some wording in this piece has been changed to reflect the board's statement.",
        "Update 2: We've added a later statement from the harbour board.",
        "Welcome back. Please sign in",
        "Why are we asking this?",
        "By submitting your registration information, you agree to our terms.",
        "We look forward to seeing you on [website] often.",
        "Photos: Harbour in pictures – The ferry leaves at dawn. Hide Caption 1 of 12 Photos: The quay at noon.",
        "Story highlights The harbour board votes to keep the Sunday ferry",
        "STORY: Timeline: the harbour board's ferry votes",
        "Image copyright Harbour Daily Image caption The ferry at the quay on Monday",
        "(Additional reporting by Jo Doe in Leeds; Writing by Ana Ruiz; Editing by Ben Ode)",
        "// OO.ready(function() { OO.Player.create('player', 'x1'); }); // <div>Please enable Javascript</div>",
    ]
    news = "The harbour board voted on Tuesday to keep the ferry running on Sundays."
    # A sentence that opens on words a staff note opens on is still news.
    assert clean(Document(text="Writing by hand, the clerk counted every vote again on Tuesday.")).text
    article = clean(Document(text="\n".join([news, *furniture, news.replace("Tuesday", "Monday")])))
    assert article.text == news + "\n\n" + news.replace("Tuesday", "Monday")
    assert len(article.removed) == len(furniture)


def test_a_caption_run_into_the_headline_under_it_leaves_the_headline() -> None:
    text = (
        "The councillor made the announcement on Sunday night. | Jo Doe/AP Photo Councillor backs ferry plan\n"
        "The councillor said on Sunday that she backs the harbour board's ferry plan.\n"
        "The board votes in May on whether the Sunday ferry keeps running.\n"
    )
    article = clean(Document(text=text))
    assert article.title == "Councillor backs ferry plan"
    assert [r.reason for r in article.removed] == ["photo caption"]


def test_a_promotion_of_the_print_issue_is_no_statement() -> None:
    assert furniture_sentence(
        "For more on the mayor, pick up a copy of this week's issue, on newsstands Friday."
    )
    assert not furniture_sentence("The mayor said the issue would be settled by Friday.")
    assert furniture_sentence("Call 323-786-5113 with information about the crime.")
    assert furniture_sentence("Branigin reported from Washington.")
    assert not furniture_sentence("The BBC reported from Kabul that the talks had failed.")


def test_an_outlet_with_stray_spaces_is_the_same_outlet_and_the_same_article() -> None:
    text = "The harbour board voted on Tuesday to keep the ferry running on Sundays.\nThe vote was close."
    padded = clean(Document(text=text, outlet=" Harbour Daily "))
    plain = clean(Document(text=text, outlet="Harbour Daily"))
    assert padded.outlet == plain.outlet and padded.id == plain.id


def test_related_headlines_contact_lines_newsletter_boxes_and_pointers_below_are_furniture() -> None:
    # Lines a reader found among the claims of briefs of Rolling Stone, Salon, Politico and the Mercury News.
    _assert_sorted(
        [
            "Related Prodigy: 10 Essential Tracks From the Mobb Deep MC Rapper Prodigy died at the age of 42",
            "Related Watch 'Pokemon Go' Creator Explain Origins of the Game Thanks to years of street data",
        ],
        [
            "Related Companies said it would build 300 apartments.",
            "Related charges were filed on Monday.",
            "Related Companies Chairman Stephen Ross said the Hudson Yards project would open next year.",
        ],
    )
    for line in (
        "Contact Tracey Kaplan at 408-278-3482.",
        "Follow her at Twitter.com/tkaplanreport.",
        "Sign up here for POLITICO Huddle A daily play-by-play of congressional news in your inbox.",
        "Breaking News Alerts Get breaking news when it happens — in your inbox.",
        "Visit amnh.org for more information.",
        "Check out the posts below.",
        "FOR THE NEXT HOUR Read Now, Pay Later - no upfront",
        "Subscriptions also available No tracking or personal data collection",
    ):
        assert furniture_sentence(line), line
    for sentence in (
        "Contact with the crew was lost at 3 a.m.",
        "Contact Ohio officials at the state capitol, the governor urged residents.",
        "See below for how prices rose in every state since 2010 and what it means.",
        "The false missile warning went out as breaking news alerts on phones across Hawaii.",
        '"You can reach me at any hour of the night," the mayor told residents.',
    ):
        assert not furniture_sentence(sentence), sentence


def test_a_credit_before_a_paragraph_and_a_caption_sent_on_via_an_agency_are_no_title() -> None:
    text = (
        "Judge Aaron Persky is shown in this June 27, 2011 file photo. (Jason Doiy/The Recorder via Associated "
        "Press)\n"
        "Tom Williams/Getty Images Rep. Jackie Speier will host an hour-long reading of the statement on Thursday.\n"
        "The reading will take place on the floor of the House.\n"
    )
    article = clean(Document(text=text, outlet="Gazette"))
    assert article.text.startswith("Rep. Jackie Speier will host")
    assert "Getty" not in article.text and "Recorder" not in article.text
    assert {r.reason for r in article.removed} >= {"photo credit", "photo caption"}
    kept = clean(Document(text="Reuters/Ipsos polling shows the race is close.\nThe vote is in May.\n"))
    assert kept.text.startswith("Reuters/Ipsos polling")
    for credit in ("Evan Vucci/AP Photo", "Daniel Acker/Bloomberg News", "Mandel Ngan/AFP/Getty Images"):
        page = clean(Document(text=f"{credit} President Trump spoke in Ohio on Monday.\nHe left at noon.\n"))
        assert page.text.startswith("President Trump spoke"), credit


def test_newsletter_boxes_captions_with_their_credit_and_dated_wire_captions_are_furniture() -> None:
    _assert_sorted(
        [
            "Newsletter Sign Up Continue reading the main story Please verify you're not a robot by clicking the "
            "box. Invalid email address. Please re-enter. You must select a newsletter to subscribe to.",
            "Image The White House's spokeswoman said on Wednesday that the lawyer had won. Credit Doug Mills/The "
            "New York Times",
            "Photo illustration by Slate. Photo by Ethan Miller/Getty Images.",
            "In this Saturday, July 1, 2017, photo, people line up at the NuLeaf dispensary in Las Vegas.",
            "More: Which Reno marijuana dispensaries have recreational pot?",
        ],
        [
            "In this photo, taken by a neighbor, the suspect runs away from the house.",
            "Image is everything in politics, the senator said on Tuesday.",
        ],
    )
    assert furniture_sentence("Thank you for subscribing.")
    assert furniture_sentence("Please verify you're not a robot by clicking the box.")


def test_captions_sent_on_by_an_agency_science_pointers_and_archive_notes_are_furniture() -> None:
    _assert_sorted(
        [
            "A 2003 photo of Juan McCullum when he was a student body vice president. (Joe Ellis/The Clarion "
            "Ledger, via AP, File) (Joe Ellis/The Clarion Ledger/via AP)",
            "From left, actor Kit Harington and actor Jay Baruchel pose as they arrive for the screening of How to "
            "Train Your Dragon 2 at the 67th international film... (Associated Press)",
            "Explore further: Newly discovered catalyst could lead to the low-cost production of clean methanol",
            "More information: Electroreduction of carbon monoxide to liquid fuel, Nature, dx.doi.org/10.1038/x",
            "Starting in 1996, Alexa Internet has been donating their crawl data to the Internet Archive. Flowing "
            "in every day, these data are added to the Wayback Machine after an embargo period.",
        ],
        [
            "The festival said the man was arrested... (Associated Press) reporters were told later.",
            "More information is expected on Friday, the police said.",
            "The mayor said the city would appeal, via AP sources close to the case.",
        ],
    )
    assert furniture_sentence(
        "The views expressed by this author are their own and are not the views of The Hill."
    )
    assert furniture_sentence(
        "Have a look at our gallery, above, then share your own thoughts in the comments."
    )
    assert not furniture_sentence("The views expressed by the senator drew protests on Monday.")
    assert furniture_sentence(
        "NPR transcripts are created on a rush deadline by Verb8tm, Inc., an NPR contractor."
    )
    assert furniture_sentence("Accuracy and availability may vary.")
    for crawl in (
        "These crawls are part of an effort to archive pages as they are created and archive the pages that they "
        "refer to.",
        "Crawl of outlinks from wikipedia.org started March, 2016. These files are currently not publicly "
        "accessible.",
    ):
        assert not clean(Document(text=crawl + "\n", path="crawl.txt")).text.strip(), crawl
    assert not furniture_sentence("Readers left hundreds of replies in the comments, the editor said.")
    archived = (
        "Starting in 1996, Alexa Internet has been donating their crawl data to the Internet Archive.\n"
    )
    assert not clean(Document(text=archived, path="archived.txt")).text.strip()


def test_arrow_links_section_labels_contact_lines_and_newspaper_captions_are_furniture() -> None:
    _assert_sorted(
        [
            "► Related: Wayne State suspect has history of assaulting cops",
            "► Update: Man charged with 1st-degree murder in Wayne State officer's death",
            "More:",
            "ALSO:",
            "Read: Local News Headlines from ClickOnDetroit",
            "___",
            "Photo Advertisement Continue reading the main story",
            "Interested in ? Add as an interest to stay up to date on the latest news from ABC News. Add Interest",
            "Bassem Mroue can be reached on twitter at http://twitter.com/bmroue",
            "With Edgar Sandoval, John Annese, Rocco Parascandola, Ryan Sit, Todd Maisel",
            "Are you there? Send us your images or video.",
            "The tot fell eight stories from the 23rd floor of the Sea Rise apartments. (Todd Maisel/New York Daily "
            "News)",
            "The baby and stroller landed on top of the elevator car, which was six stories below. (via Facebook)",
            "Students cross a snowy street in Boulder, Colo., on Wednesday. (Photo: Brennan Linsley AP) Story "
            "Highlights Parts of Iowa and Wisconsin hit with more than a foot of snow",
        ],
        [
            "► The Senate voted 52-46 on Thursday to pass the plan.",
            "More than 40 people died in the fire.",
            "Read the court's full ruling, the lawyer told reporters, and you will see the judge erred.",
            "With snow still falling, John Annese said the roads were closed.",
            "The poll was run by ABC News and The Washington Post. (ABC News/Washington Post)",
            "He announced his resignation on Facebook (via Facebook).",
            "The mayor can be reached only through her chief of staff, aides said.",
        ],
    )
    for sentence in (
        "Contact David Jesse: 313-222-8851 or djesse@freepress.com.",
        "Send your Newswire tips to tips@avclub.com",
        "Read Hockley's letter to herself here.",
        "This is a developing story.",
        "Stay with tampabay.com for updates.",
        "She can be reached at jdoe@example.com or 212-555-0100.",
    ):
        assert furniture_sentence(sentence), sentence
    for sentence in (
        "Contact with the crew was lost at 1:20 a.m., the airline said.",
        "Read by millions, the letter was shared here and abroad on Monday.",
        "The mayor can be reached only through her chief of staff, aides said.",
    ):
        assert not furniture_sentence(sentence), sentence


def test_a_highlight_box_s_later_points_are_no_title() -> None:
    article = clean(
        Document(
            text=(
                "Story highlights DeAngelo Lamar Davis, 31, charged in connection with the death\n"
                "This is the fifth officer shot in the United States in less than a week\n"
                "(CNN) A Detroit man pleaded not guilty Friday to murder charges.\n"
                "Davis said he was unemployed; the judge said an attorney would be appointed.\n"
                "Officer Collin Rose, 29, died Wednesday\n"
                "He was the first officer of the force to die in the line of duty.\n"
            ),
            path="02.txt",
        )
    )
    assert article.title is None and article.standfirst is None
    assert article.text.startswith("This is the fifth officer shot in the United States in less than a week")
    assert "Officer Collin Rose, 29, died Wednesday" in article.text
