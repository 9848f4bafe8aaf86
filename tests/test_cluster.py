"""Story clustering: the founding pair is one story, other events are others, online equals batch, the state
survives JSON, the ECB+ gate holds, and `crosscheck cluster` accounts for every input."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from crosscheck.clean import clean
from crosscheck.cluster import (
    ClusterConfig,
    Profile,
    StoryClusterer,
    arrival_order,
    cluster_stories,
    profile_articles,
    story_key,
)
from crosscheck.model import Article, Document
from tests.conftest import EVAL, need

ECB = EVAL / "clustering" / "ecbplus_dev_docs.jsonl"
pytestmark = pytest.mark.slow  # the lead embeddings load MiniLM


def _ecb(topics: set[str]) -> list[tuple[Article, str]]:
    rows = [json.loads(line) for line in need(ECB).read_text(encoding="utf-8").splitlines()]
    return [
        (Article(id=r["doc_id"], outlet="ecb", title=r["title"], text=r["text"] or r["title"]), r["subtopic"])
        for r in rows
        if r["topic"] in topics
    ]


@pytest.fixture(scope="module")
def seeds() -> list[Article]:
    folder = need(EVAL.parent / "seeds")
    return [
        clean(Document(text=p.read_text(encoding="utf-8"), path=str(p))) for p in sorted(folder.glob("*.txt"))
    ]


def test_founding_pair_is_one_story_and_other_events_are_not(seeds: list[Article]) -> None:
    others = [a for a, _ in _ecb({"1", "3", "12"})][::5]
    stories = cluster_stories([*seeds, *others])
    story_of = {article_id: n for n, ids in enumerate(stories) for article_id in ids}
    # Fox News and Business Insider word the NATO 'reset' very differently; they are still one story.
    assert story_of[seeds[0].id] == story_of[seeds[1].id]
    assert all(story_of[a.id] != story_of[seeds[0].id] for a in others)
    # Shape: every id once, ids in input order, stories ordered by their first article.
    position = {a.id: i for i, a in enumerate([*seeds, *others])}
    assert sorted(story_of) == sorted(position)
    assert all([position[i] for i in ids] == sorted(position[i] for i in ids) for ids in stories)
    assert [position[ids[0]] for ids in stories] == sorted(position[ids[0]] for ids in stories)


def test_online_with_persistence_equals_batch() -> None:
    articles = [a for a, _ in _ecb({"2", "5", "9"})]
    profiles = profile_articles(articles)
    batch = cluster_stories(articles, vectors=np.vstack([p.vector for p in profiles]))
    first = StoryClusterer()
    order = arrival_order(articles)
    half = len(order) // 2
    for i in order[:half]:
        first.add(articles[i], profiles[i])
    # The store persists the state as JSON between runs and resumes from it.
    resumed = StoryClusterer.from_state(json.loads(json.dumps(first.to_state())))
    assert resumed.stories() == first.stories()
    for i in order[half:]:
        resumed.add(articles[i], profiles[i])
    # The batch ends with the last split checks; so does the online run at the end of its batch.
    resumed.settle()
    assert resumed.settle() == 0, "a second settle finds nothing left to split"
    position = {a.id: i for i, a in enumerate(articles)}
    online = sorted(
        (sorted(ids, key=position.__getitem__) for ids in resumed.stories().values()),
        key=lambda ids: position[ids[0]],
    )
    assert online == batch
    # Adding a known article again changes nothing and names its story.
    again = resumed.add(articles[0], profiles[0])
    assert articles[0].id in resumed.stories()[again]


def test_merges_name_absorbed_and_surviving_stories() -> None:
    articles = [a for a, _ in _ecb({"1", "3", "12"})]
    random.Random(3).shuffle(articles)
    profiles = profile_articles(articles)
    merges = 0
    # A merge threshold at the join threshold makes stories meet often enough to observe.
    for threshold in (0.40, 0.35):
        clusterer = StoryClusterer(ClusterConfig(threshold=threshold, merge_threshold=threshold))
        for article, profile in zip(articles, profiles, strict=True):
            clusterer.add(article, profile)
        stories = clusterer.stories()
        for absorbed, surviving in clusterer.merges:
            assert absorbed not in stories
            assert absorbed != surviving
        assert sorted(i for ids in stories.values() for i in ids) == sorted(a.id for a in articles)
        merges += len(clusterer.merges)
    assert merges, "expected stories to meet at merge thresholds this low"


def test_split_separates_two_events_joined_into_one_story() -> None:
    """Two events of one kind joined into one story (join threshold below any score) come apart by the split
    check: the first article's half keeps the key, the other half is keyed by its first article, no article is
    lost or counted twice, the halves never merge again, and the state round-trips with the split."""
    pairs = _ecb({"3"})  # two prison escapes, 9 and 11 documents
    articles = [a for a, _ in pairs]
    event = {a.id: e for a, e in pairs}
    profiles = profile_articles(articles)
    clusterer = StoryClusterer(ClusterConfig(threshold=-1.0, merge_threshold=-1.0))
    for article, profile in zip(articles, profiles, strict=True):
        clusterer.add(article, profile)
    stories = clusterer.stories()
    assert sorted(i for ids in stories.values() for i in ids) == sorted(a.id for a in articles)
    assert clusterer.splits, "the joined events should have been split"
    assert {tuple(sorted({event[i] for i in ids})) for ids in stories.values()} == {("3ecb",), ("3ecbplus",)}
    first_of = {ids[0]: key for key, ids in stories.items()}
    assert first_of[articles[0].id] == story_key(articles[0].id)
    assert all(key == story_key(first) for first, key in first_of.items())
    for kept, split_off in clusterer.splits:
        assert kept != split_off and split_off in stories
    # Merging at any score is on, yet the split halves stay apart; the state keeps that.
    resumed = StoryClusterer.from_state(json.loads(json.dumps(clusterer.to_state())))
    assert resumed.stories() == stories and resumed.splits == clusterer.splits
    extra = Article(id="extra", outlet="ecb", title=articles[0].title, text=articles[-1].text)
    resumed.add(extra, profile_articles([extra])[0])
    assert len(resumed.stories()) == len(stories)


def test_settle_splits_a_small_story_no_growth_check_reached() -> None:
    """Four reports of each of two prison escapes, joined into one story of eight: growth checks alone (at
    6, then 9) check it at six members, when the second escape barely started; ``settle`` checks it at its
    final size and takes the events apart, and the state keeps what was checked."""
    pairs = _ecb({"3"})
    chosen = [p for p in pairs if p[1] == "3ecb"][:4] + [p for p in pairs if p[1] == "3ecbplus"][:4]
    articles = [a for a, _ in chosen]
    event = {a.id: e for a, e in chosen}
    profiles = profile_articles(articles)
    joins_everything = ClusterConfig(threshold=-1.0, merge_threshold=-1.0)
    clusterer = StoryClusterer(joins_everything)
    for article, profile in zip(articles, profiles, strict=True):
        clusterer.add(article, profile)
    assert len(clusterer.stories()) == 1
    resumed = StoryClusterer.from_state(json.loads(json.dumps(clusterer.to_state())))
    for online in (clusterer, resumed):
        assert online.settle() == 1
        assert {tuple(sorted({event[i] for i in ids})) for ids in online.stories().values()} == {
            ("3ecb",),
            ("3ecbplus",),
        }
        assert online.settle() == 0
    assert resumed.stories() == clusterer.stories()


def _unit(*coordinates: float) -> np.ndarray:
    vector = np.zeros(384, dtype=np.float32)
    vector[: len(coordinates)] = coordinates
    return vector / np.linalg.norm(vector)


def test_settle_moves_an_early_arrival_into_the_story_it_fits_once_grown() -> None:
    """Embedding-only scores (no terms, one shared entity for blocking): a report scoring 0.5 against the
    first of its event starts its own story, the event's story grows towards it, and at the end of the batch
    it scores 0.66 there: ``settle`` moves it, the story it leaves is merged away (its key still leads
    somewhere), the event's own reports stay, and a clusterer resumed from the unsettled state moves it too."""
    config = ClusterConfig(
        embedding_weight=1.0, terms_weight=0.0, entities_weight=0.0, threshold=0.6, merge_threshold=0.99
    )
    shared = {"nato": 1.0}
    reports = [
        ("first", _unit(1.0)),
        ("early", _unit(0.5, np.sqrt(0.5), 0.5)),
        ("second", _unit(0.8, 0.0, 0.6)),
        ("third", _unit(0.8, 0.0, 0.6)),
    ]
    clusterer = StoryClusterer(config)
    for article_id, vector in reports:
        clusterer.add(Article(id=article_id, outlet="o", text="x"), Profile(vector, {}, dict(shared), None))
    before = clusterer.stories()
    assert sorted(before.values()) == [["early"], ["first", "second", "third"]]
    resumed = StoryClusterer.from_state(json.loads(json.dumps(clusterer.to_state())))
    for online in (clusterer, resumed):
        online.settle()
        assert online.stories() == {story_key("first"): ["first", "second", "third", "early"]}
        assert online.moves == 1
        assert online.merges[-1] == (story_key("early"), story_key("first"))
        online.settle()
        assert online.moves == 1, "a second settle has nothing left to move"


def test_leave_one_out_score_is_the_score_against_the_other_members() -> None:
    """The member's score against its own story without it, from the story's totals, equals the score
    against a story built from the other members."""
    articles = [a for a, e in _ecb({"2"}) if e == "2ecb"][:5]
    profiles = profile_articles(articles)
    # Every term kept in the story's profile (none cut at ``story_terms``): then the identity is exact.
    clusterer = StoryClusterer(ClusterConfig(threshold=-1.0, merge_threshold=-1.0, story_terms=100_000))
    for article, profile in zip(articles, profiles, strict=True):
        clusterer.add(article, profile)
    (story,) = clusterer._stories.values()
    for n, profile in enumerate(profiles):
        weighted = (
            clusterer._weighted(profile.terms, clusterer._term_df),
            clusterer._weighted(profile.entities, clusterer._entity_df),
        )
        others = profiles[:n] + profiles[n + 1 :]
        assert clusterer._score_without(profile, story, weighted) == pytest.approx(
            clusterer.score_against(profile, others), abs=1e-6
        )


def test_single_events_are_not_split() -> None:
    """Each ECB+ event alone, online: the split check leaves it as the join made it (one event per story)."""
    pairs = _ecb({"2", "4", "6", "8", "12", "14"})
    profiles = profile_articles([a for a, _ in pairs])
    vectors = np.vstack([p.vector for p in profiles])
    for event in sorted({e for _, e in pairs}):
        rows = [i for i, (_, e) in enumerate(pairs) if e == event]
        members = [pairs[i][0] for i in rows]
        never_split = ClusterConfig(split_max_ncut=-1.0)
        assert cluster_stories(members, vectors=vectors[rows]) == cluster_stories(
            members, never_split, vectors=vectors[rows]
        ), event


def test_ecbplus_gate() -> None:
    """Floors just under the measured figures on the whole dev set (772 documents, file order, online, no k)."""
    from crosscheck.evaluate.clustering import load_ecbplus, score_ecbplus

    scores = score_ecbplus(load_ecbplus(need(ECB)))
    # Measured: V 0.987, ARI 0.956 against events (see README; the goal is V 0.985, ARI 0.97).
    assert scores["subtopic"].v_measure >= 0.985
    assert scores["subtopic"].ari >= 0.95
    assert scores["topic"].homogeneity >= 0.99  # stories never mix two topics


def test_few_small_corpora_of_two_events_of_one_kind_mix() -> None:
    """Four reports of each of the two events of every ECB+ topic, clustered alone (a folder a user might
    bring): the stories mix the two events for at most 7 of the 33 topics, as measured (README)."""
    pairs = _ecb({str(t) for t in range(1, 37)})
    chosen: dict[str, list[tuple[Article, str]]] = {}
    for article, event in pairs:
        topic = article.id.split("_")[0]
        if sum(e == event for _, e in chosen.get(topic, [])) < 4:
            chosen.setdefault(topic, []).append((article, event))
    everything = [pair for group in chosen.values() for pair in group]
    vectors = np.vstack([p.vector for p in profile_articles([a for a, _ in everything])])
    row = {a.id: n for n, (a, _) in enumerate(everything)}
    mixed = []
    for topic, group in sorted(chosen.items()):
        event_of = {a.id: e for a, e in group}
        stories = cluster_stories([a for a, _ in group], vectors=vectors[[row[a.id] for a, _ in group]])
        if any(len({event_of[i] for i in ids}) > 1 for ids in stories):
            mixed.append(topic)
    assert len(chosen) == 33
    assert len(mixed) <= 7, mixed


def test_semeval_and_news_search_gates() -> None:
    """The same-story score against SemEval-2022 task 8's human ratings, and the stories of news search
    results against their annotators: floors just under the measured figures (README)."""
    from crosscheck.evaluate.clustering import score_news_search, score_semeval

    # Measured: Pearson 0.830 on 354 English pairs; NMI 0.622 over 20 queries.
    assert score_semeval(need(EVAL / "clustering" / "semeval2022_task8_subset")).pearson >= 0.82
    assert score_news_search(need(EVAL / "clustering" / "news_search_clustering")).nmi >= 0.60


def test_cluster_command_accounts_for_every_input(tmp_path: Path, seeds: list[Article]) -> None:
    from crosscheck.cli import _load_commands
    from crosscheck.commands import app

    _load_commands()
    rows = [{"id": a.id, "title": a.title or "", "text": a.text, "outlet": a.outlet} for a in seeds]
    rows.append({"id": seeds[0].id, "title": "again", "text": "A repeated id must be refused."})
    rows.append({"id": "no-text", "title": "Only a title", "text": ""})
    rows.append({"id": "huge", "title": "Huge", "text": "word " * 30_000})
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["cluster", str(dump), "--max-chars", "100000"])
    assert result.exit_code == 1
    output = json.loads(result.stdout)
    assert [s["article_ids"] for s in output["stories"]] == [[seeds[0].id, seeds[1].id]]
    errors = {r["path"].rsplit(":", 1)[1]: r["error"] for r in output["rejected"]}
    assert "duplicate article id" in errors["3"]
    assert "no article text" in errors["4"]
    assert "over the 100000-character limit" in errors["5"]
    assert output["counts"] == {"in": 5, "out": 2, "rejected": 3}
    assert "skipped" in result.stderr

    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["cluster", str(empty)])
    assert result.exit_code != 0
    assert "empty file" in str(result.exception) or "empty file" in result.stderr


def test_cluster_takes_the_reader_options_and_a_misnamed_field_is_refused(tmp_path: Path) -> None:
    """The ECB+ file keeps its ids in a "doc_id" field: `cluster` must take --id-field as `brief` does, and a
    field named there that the dump does not have is a one-line refusal, not ids made up in silence."""
    from crosscheck.cli import _load_commands
    from crosscheck.commands import app
    from crosscheck.errors import NoArticlesError

    _load_commands()
    rows = [
        {
            "doc_id": "gazette-1",
            "headline": "Bridge shut",
            "text": "The council shut the old bridge on Tuesday.",
        },
        {"doc_id": "herald-1", "headline": "Old bridge shut", "text": "The old bridge was shut on Tuesday."},
    ]
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["cluster", str(dump), "--id-field", "doc_id", "--title-field", "headline"]
    )
    assert result.exit_code == 0, result.output
    output = json.loads(result.stdout)
    assert sorted(i for s in output["stories"] for i in s["article_ids"]) == ["gazette-1", "herald-1"]
    result = CliRunner().invoke(app, ["cluster", str(dump), "--id-field", "article_id"])
    assert result.exit_code != 0 and isinstance(result.exception, NoArticlesError)
    assert "no 'article_id' column, which --id-field names" in str(result.exception)


def test_spark_cluster_refuses_an_output_it_would_clobber_before_starting_spark(tmp_path: Path) -> None:
    from crosscheck.cli import _load_commands
    from crosscheck.commands import app
    from crosscheck.errors import OutputError

    _load_commands()
    dump = tmp_path / "dump.jsonl"
    dump.write_text('{"text": "The council shut the old bridge on Tuesday."}\n', encoding="utf-8")
    earlier = tmp_path / "out"
    (earlier / "stories").mkdir(parents=True)
    a_file = tmp_path / "out.parquet"
    a_file.write_text("x", encoding="utf-8")
    for output, problem in ((earlier, "already holds stories"), (a_file, "is a file, not a folder")):
        result = CliRunner().invoke(app, ["spark", "cluster", "--input", str(dump), "--output", str(output)])
        assert isinstance(result.exception, OutputError) and problem in str(result.exception)
    assert (earlier / "stories").is_dir() and a_file.read_text(encoding="utf-8") == "x"


def test_cluster_text_output_names_each_article_and_marks_copies(tmp_path: Path) -> None:
    from crosscheck.cli import _load_commands
    from crosscheck.commands import app

    _load_commands()
    text = (
        "Firefighters contained the warehouse fire in Lyon on Tuesday night after a six-hour effort. "
        "The mayor thanked the crews and said an inquiry would look at the cause of the blaze."
    )
    rows = [
        {
            "id": "wire-1",
            "outlet": "Wire Desk",
            "title": "Lyon warehouse fire contained " + "at last " * 20,
            "text": text,
        },
        {"id": "herald-1", "outlet": "Small Town Herald", "title": "Fire in Lyon", "text": text},
        {"id": "bad", "text": ""},
    ]
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["cluster", str(dump), "-f", "text"])
    lines = result.stdout.splitlines()
    assert "  herald-1  Small Town Herald: Fire in Lyon  [copy of wire-1]" in lines
    assert any(
        line.startswith("  wire-1  Wire Desk: Lyon warehouse fire") and line.endswith("…") for line in lines
    )
    # A story line and an article line fit a terminal, however long the headline.
    assert all(len(line) <= 120 for line in lines if line.startswith(("story-", "  wire-1", "  herald-1")))
    assert any(line.startswith(f"  {dump}:3: no article text") for line in lines)


def test_event_confusions_name_mixed_stories_and_split_events() -> None:
    from crosscheck.evaluate.clustering import EcbDocument, event_confusions

    gold = {"a1": "1ecb", "a2": "1ecb", "a3": "1ecb", "b1": "1ecbplus", "b2": "1ecbplus", "c1": "2ecb"}
    documents = [
        EcbDocument(Article(id=i, outlet="ecb", text="text"), event.split("ecb")[0], event)
        for i, event in gold.items()
    ]
    confusions = event_confusions(documents, [["a1", "a2", "b1"], ["a3"], ["b2"], ["c1"]])
    # One story mixes the two events of topic 1; both events are also cut in two.
    assert confusions.mixed == [{"1ecb": 2, "1ecbplus": 1}]
    assert confusions.split == {"1ecb": [2, 1], "1ecbplus": [1, 1]}


def _phase_reports(second_entities: dict[str, float]) -> list[tuple[Article, Profile]]:
    """Four reports of a check-in and four of a departure: different words and leads, and the second four
    naming ``second_entities``."""
    reports = []
    for n in range(8):
        first = n < 4
        vector = np.zeros(384, dtype=np.float32)
        vector[0 if first else 1] = 1.0
        vector[2 + n] = 0.1  # no two leads alike
        terms = {"checks": 1.0, "into": 1.0, "clinic": 1.0} if first else {"leaves": 1.0, "malibu": 1.0}
        entities = {"lohan": 1.0, "betty ford": 1.0} if first else second_entities
        article = Article(id=f"r{n}", outlet="wire", text=f"Report {n}.")
        reports.append((article, Profile(vector, terms, entities, None)))
    return reports


def test_halves_that_name_the_same_people_and_places_are_not_split() -> None:
    """A clean cut between halves that name the same actors and places is one event in two phases (checking
    into a clinic, then leaving it), and stays one story; with other names in the second half it is split."""
    joins_everything = ClusterConfig(threshold=-1.0, merge_threshold=-1.0)

    def stories(config: ClusterConfig, second_entities: dict[str, float]) -> list[list[str]]:
        clusterer = StoryClusterer(config)
        for article, profile in _phase_reports(second_entities):
            clusterer.add(article, profile)
        clusterer.settle()
        return sorted(clusterer.stories().values())

    same = {"lohan": 1.0, "betty ford": 1.0}
    assert stories(joins_everything, same) == [[f"r{n}" for n in range(8)]]
    # The cut itself is clean: without the entity check the halves part.
    unchecked = replace(joins_everything, split_max_shared_entities=1.0)
    assert stories(unchecked, same) == [["r0", "r1", "r2", "r3"], ["r4", "r5", "r6", "r7"]]
    other = {"reid": 1.0, "promises": 1.0}
    assert stories(joins_everything, other) == [
        ["r0", "r1", "r2", "r3"],
        ["r4", "r5", "r6", "r7"],
    ]


def test_spark_cluster_refuses_a_master_spark_cannot_take_in_one_line(tmp_path: Path) -> None:
    """A mistyped --master made the JVM exit before Spark answered, and the user got a Python traceback; it
    is refused by name before Spark starts, with the forms Spark takes."""
    from crosscheck.cli import _load_commands
    from crosscheck.commands import app
    from crosscheck.errors import InputError

    _load_commands()
    dump = tmp_path / "dump.jsonl"
    dump.write_text('{"text": "The council shut the old bridge on Tuesday."}\n', encoding="utf-8")
    for master in ("bogus[2]", "local[two]", "locale", "yarn-cluster", ""):
        result = CliRunner().invoke(
            app,
            ["spark", "cluster", "--input", str(dump), "--output", str(tmp_path / "out"), "--master", master],
        )
        assert isinstance(result.exception, InputError), (master, result.exception)
        assert str(result.exception).startswith(f"--master: {master!r} is not a Spark master")
    assert not (tmp_path / "out").exists()


def test_evaluate_clustering_refuses_a_folder_without_its_data(tmp_path: Path) -> None:
    """A --data folder holding none of the three data sets (a typo, or run from another folder than the
    default's ../shared) printed one 'skipped' line and exited 0, as if the evaluation had passed."""
    from crosscheck.cli import _load_commands
    from crosscheck.commands import app
    from crosscheck.errors import InputError

    _load_commands()
    result = CliRunner().invoke(app, ["evaluate", "clustering", "--data", str(tmp_path / "nowhere")])
    assert isinstance(result.exception, InputError) and result.exit_code != 0
    assert str(result.exception).startswith(f"{tmp_path / 'nowhere'}: holds none of ecbplus_dev_docs.jsonl")


def test_spark_cluster_overwrite_still_refuses_an_output_that_is_a_file(tmp_path: Path) -> None:
    """--overwrite replaces an earlier run's datasets; it let a file through as OUTPUT, and the job ran to the
    end only to fail writing OUTPUT/stories with a stack trace."""
    from crosscheck.cli import _load_commands
    from crosscheck.commands import app
    from crosscheck.errors import OutputError

    _load_commands()
    dump = tmp_path / "dump.jsonl"
    dump.write_text('{"text": "The council shut the old bridge on Tuesday."}\n', encoding="utf-8")
    a_file = tmp_path / "out.parquet"
    a_file.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["spark", "cluster", "--input", str(dump), "--output", str(a_file), "--overwrite"]
    )
    assert isinstance(result.exception, OutputError) and "is a file, not a folder" in str(result.exception)
    assert a_file.read_text(encoding="utf-8") == "x"


def test_spark_cluster_without_java_says_so_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no Java where Spark's launcher looks (JAVA_HOME, else the PATH) the JVM never started and the
    user got PySpark's JAVA_GATEWAY_EXITED traceback, which never says where Java was looked for."""
    from crosscheck.cli import _load_commands
    from crosscheck.commands import app
    from crosscheck.errors import CrosscheckError

    _load_commands()
    dump = tmp_path / "dump.jsonl"
    dump.write_text('{"text": "The council shut the old bridge on Tuesday."}\n', encoding="utf-8")
    command = [
        "spark",
        "cluster",
        "--input",
        str(dump),
        "--output",
        str(tmp_path / "out"),
        "--master",
        "local[1]",
    ]
    monkeypatch.delenv("PYSPARK_GATEWAY_PORT", raising=False)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "jdk"))
    result = CliRunner().invoke(app, command)
    assert isinstance(result.exception, CrosscheckError), result.exception
    assert f"JAVA_HOME={tmp_path / 'jdk'} holds no bin/java" in str(result.exception)
    monkeypatch.delenv("JAVA_HOME")
    monkeypatch.setenv("PATH", str(tmp_path))
    result = CliRunner().invoke(app, command)
    assert isinstance(result.exception, CrosscheckError), result.exception
    assert "no java on the PATH" in str(result.exception) and "Java 17" in str(result.exception)


def test_cluster_help_teaches_the_output_and_the_canonical_rule() -> None:
    """The help named neither the JSON's fields nor which article of a duplicate group is the canonical one,
    so a user had to run the command, or read the README, to learn what it gives."""
    from crosscheck.cli import _load_commands
    from crosscheck.commands import app

    _load_commands()
    cluster_help = " ".join(
        CliRunner().invoke(app, ["cluster", "--help"], env={"COLUMNS": "200"}).stdout.split()
    )
    for taught in (
        '"duplicates": [{canonical, copies}]',
        '"counts": {in, out, rejected}',
        "earliest published, else the longest",
    ):
        assert taught in cluster_help, taught
    spark_help = " ".join(
        CliRunner().invoke(app, ["spark", "cluster", "--help"], env={"COLUMNS": "200"}).stdout.split()
    )
    assert "Java 17" in spark_help and "inputs = clustered + rejected" in spark_help


def test_spark_cluster_refuses_an_output_inside_a_file_before_starting_spark(tmp_path: Path) -> None:
    """An OUTPUT under a file (report.txt/clusters) passed the check, and the job clustered everything and
    then failed to make the folder, with a Py4J stack trace."""
    from crosscheck.cli import _load_commands
    from crosscheck.commands import app
    from crosscheck.errors import OutputError

    _load_commands()
    dump = tmp_path / "dump.jsonl"
    dump.write_text('{"text": "The council shut the old bridge on Tuesday."}\n', encoding="utf-8")
    report = tmp_path / "report.txt"
    report.write_text("x", encoding="utf-8")
    output = report / "clusters" / "2024"
    result = CliRunner().invoke(app, ["spark", "cluster", "--input", str(dump), "--output", str(output)])
    assert isinstance(result.exception, OutputError), result.exception
    assert str(result.exception) == f"{output}: {report} is a file, not a folder"


def test_the_spark_submit_entry_point_reports_a_mistake_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`spark-submit …/crosscheck/scale/spark.py` ran the command without the CLI's error handling: an
    output that is a file came out as a Python traceback instead of crosscheck's one-line error."""
    from crosscheck.scale.spark import main

    dump = tmp_path / "dump.jsonl"
    dump.write_text('{"text": "The council shut the old bridge on Tuesday."}\n', encoding="utf-8")
    a_file = tmp_path / "out.parquet"
    a_file.write_text("x", encoding="utf-8")
    with pytest.raises(SystemExit) as ended:
        main(["--input", str(dump), "--output", str(a_file)])
    assert ended.value.code == 2
    assert capsys.readouterr().err == f"crosscheck: error: {a_file}: is a file, not a folder\n"
