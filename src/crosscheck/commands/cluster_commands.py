"""``crosscheck cluster``, ``crosscheck spark cluster`` and ``crosscheck evaluate clustering``."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from crosscheck.commands import app, evaluate_app
from crosscheck.commands.batch import (
    Quiet,
    check_output,
    check_output_folder,
    finish_batch,
    name_skipped,
    named_inputs,
    reads_articles,
    write_output,
)
from crosscheck.errors import NoArticlesError
from crosscheck.report import counted, shortened

if TYPE_CHECKING:
    from crosscheck.ingest import ReadOptions
    from crosscheck.scale import ClusterRun

spark_app = typer.Typer(
    help="Run crosscheck's stages on Apache Spark, for corpora beyond one machine.", no_args_is_help=True
)
app.add_typer(spark_app, name="spark")

DEFAULT_CLUSTERING = Path("../shared/eval/clustering")


class ClusterFormat(StrEnum):
    json = "json"
    text = "text"


def _printable(text: str) -> str:
    # Article text is untrusted: no terminal control sequences reach the screen.
    return "".join(c if c.isprintable() else " " for c in text)


def render_run(run: ClusterRun, output_format: ClusterFormat) -> str:
    if output_format is ClusterFormat.json:
        return json.dumps(run.to_json(), ensure_ascii=False, indent=2) + "\n"
    lines = [
        f"{counted(len(run.stories), 'story', 'stories')}, {counted(len(run.duplicates), 'duplicate group')}; "
        f"{counted(run.counts['in'], 'input')}: {run.counts['out']} clustered, {run.counts['rejected']} rejected"
    ]
    copy_of = {copy: group.canonical for group in run.duplicates for copy in group.copies}
    for story in run.stories:
        lines.append("")
        title = shortened(story.title, TITLE_CHARS)
        lines.append(f"{story.id}  {_printable(title)}  ({counted(len(story.article_ids), 'article')})")
        for article_id in story.article_ids:
            label = shortened(run.labels.get(article_id, ""), LABEL_CHARS)
            copy = f"  [copy of {_printable(copy_of[article_id])}]" if article_id in copy_of else ""
            lines.append(f"  {_printable(article_id)}  {_printable(label)}{copy}".rstrip())
    if run.duplicates:
        lines.append("")
        lines.append("duplicates (canonical <- copies):")
        for group in run.duplicates:
            copies = ", ".join(_printable(c) for c in group.copies)
            lines.append(f"  {_printable(group.canonical)} <- {copies}")
    if run.rejected:
        lines.append("")
        lines.append("rejected:")
        lines.extend(f"  {_printable(r.path)}: {_printable(r.error)}" for r in run.rejected)
    return "\n".join(lines) + "\n"


# A story's headline and an article's outlet and headline are cut to these many characters in the text output,
# so that a line of it fits a terminal.
TITLE_CHARS = 70
LABEL_CHARS = 60


MaxChars = Annotated[
    int | None,
    typer.Option(
        help="Reject articles whose clean text is longer than this many characters "
        "[default: CROSSCHECK_MAX_ARTICLE_CHARS, 200000].",
        min=1,
    ),
]


@app.command("cluster")
@reads_articles
def cluster(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Article files or folders of any readable kind; JSONL rows {id, title, text, published?, "
            "outlet?} keep their ids.",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        ClusterFormat, typer.Option("--format", "-f", help="json for machines, text for the terminal.")
    ] = ClusterFormat.json,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of standard output.")
    ] = None,
    max_chars: MaxChars = None,
    quiet: Quiet = False,
    *,
    options: ReadOptions,
) -> None:
    """Group articles into stories (same event) and syndicated copies into duplicate groups.

    JSON: {"stories": [{id, title, article_ids}], "duplicates": [{canonical, copies}], "rejected": [{path,
    error}], "counts": {in, out, rejected}}. A duplicate group's canonical article is the earliest
    published, else the longest; its copies are exact or near (edited words, a cut paragraph, other page
    furniture) and sit in its story, never in one of their own.

    Unreadable inputs, articles without text, repeated ids and oversized articles are skipped, named on
    stderr, and counted: inputs = clustered + rejected. Exit code 1 when something was skipped, 2 when
    nothing could be read.

    Example: crosscheck cluster dump.jsonl --format text --id-field doc_id
    """
    from crosscheck.ingest import read_documents, reading_workers
    from crosscheck.scale import cluster_documents
    from crosscheck.settings import get_settings

    check_output(output, paths)
    settings = get_settings()
    run = cluster_documents(
        read_documents(paths, settings, options, reading_workers(settings)), max_chars=max_chars
    )
    if not run.stories and len(run.rejected) == 1:
        # One bad input is one line: its own reason.
        raise NoArticlesError(f"{run.rejected[0].path}: {run.rejected[0].error}")
    name_skipped(run.rejected)
    if not run.stories:
        raise NoArticlesError(
            f"no readable articles in {named_inputs(paths)} ({counted(len(run.rejected), 'input')} rejected)"
        )
    write_output(render_run(run, output_format), output)
    finish_batch(run.rejected, run.counts["out"], "clustered")


@spark_app.command("cluster")
def spark_cluster(
    inputs: Annotated[
        list[str],
        typer.Option(
            "--input",
            "-i",
            help="JSONL, Parquet or WARC files, folders or URIs (hdfs://, s3a://, file://); repeatable.",
        ),
    ],
    output: Annotated[str, typer.Option("--output", "-o", help="Folder (or URI) for the Parquet output.")],
    master: Annotated[
        str | None,
        typer.Option(help="Spark master: local[*], spark://host:7077, yarn; default: spark-submit's."),
    ] = None,
    window_days: Annotated[
        float | None,
        typer.Option(
            help="Cluster stories per time window of this many days in parallel (stories never span "
            "windows); default: one online pass over the whole corpus, identical to `crosscheck cluster`.",
            min=0.01,
        ),
    ] = None,
    max_chars: MaxChars = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace the datasets an earlier run wrote to OUTPUT.")
    ] = False,
) -> None:
    """Clean, find syndicated copies and cluster stories on Spark; write Parquet like `cluster`'s JSON.

    Writes OUTPUT/stories (id, title, article_ids), OUTPUT/duplicates (canonical, copies) and
    OUTPUT/rejected (path, error). An OUTPUT that already holds them is refused unless --overwrite. Rejected
    inputs are named on stderr as well, and make the exit code 1; the last line on stderr counts inputs =
    clustered + rejected. Needs Java 17 (JAVA_HOME, else the PATH); see docs/spark.md for clusters.

    Example: crosscheck spark cluster --input dump.jsonl --output out/ --master "local[2]"
    """
    from crosscheck.errors import InputError, OutputError
    from crosscheck.scale.spark import master_problem, output_taken, run_spark_cluster

    problem = None if master is None else master_problem(master)
    if problem:
        raise InputError("--master", problem)
    check_output_folder(output, inputs)
    # A local output is checked before Spark starts; a URI once the session can reach its file system.
    taken = output_taken(None, output, overwrite)
    if taken:
        raise OutputError(output, taken)
    run = run_spark_cluster(
        inputs, output, master=master, window_days=window_days, max_chars=max_chars, overwrite=overwrite
    )
    counts = run.counts
    name_skipped(run.rejected)
    print(
        f"crosscheck: {counted(counts['in'], 'input')}: {counts['out']} clustered into "
        f"{counted(counts['stories'], 'story', 'stories')} ({counted(counts['duplicate_groups'], 'duplicate group')}), "
        f"{counts['rejected']} rejected; wrote {output}",
        file=sys.stderr,
    )
    if counts["out"] == 0:
        raise NoArticlesError(f"no readable articles in {named_inputs(inputs)}")
    if run.rejected:
        raise typer.Exit(1)


@evaluate_app.command("clustering")
def evaluate_clustering(
    data: Annotated[
        Path,
        typer.Option(help="The clustering folder of ../shared/eval (ECB+, SemEval subset, news search)."),
    ] = DEFAULT_CLUSTERING,
    shuffle_seed: Annotated[
        int, typer.Option(help="Seed of the shuffled arrival order scored beside the file order.")
    ] = 13,
) -> None:
    """V-measure/ARI on ECB+ dev (online, no k), Pearson on SemEval-2022 en-en, NMI/ARI on news search.

    Example: crosscheck evaluate clustering
    """
    from rich.console import Console
    from rich.table import Table

    from crosscheck.cluster import lead_text
    from crosscheck.errors import InputError
    from crosscheck.evaluate.clustering import (
        load_ecbplus,
        score_ecbplus,
        score_news_search,
        score_semeval,
    )
    from crosscheck.nlp import embed

    console = Console()
    ecb_file = data / "ecbplus_dev_docs.jsonl"
    semeval = data / "semeval2022_task8_subset"
    search = data / "news_search_clustering"
    if not any(p.exists() for p in (ecb_file, semeval, search)):
        # Scoring nothing is no result: exit 0 would read as an evaluation that passed.
        raise InputError(
            str(data),
            f"holds none of {ecb_file.name}, {semeval.name}/, {search.name}/ (the public data in ../shared)",
        )
    if ecb_file.exists():
        documents = load_ecbplus(ecb_file)
        vectors = embed([lead_text(d.article) for d in documents])
        table = Table(title=f"ECB+ dev: {len(documents)} documents, online, no k")
        for column in ("arrival order", "gold", "V", "homog.", "compl.", "ARI", "stories", "gold clusters"):
            table.add_column(column, justify="right")
        for name, seed in (("file", None), (f"shuffled ({shuffle_seed})", shuffle_seed)):
            scores = score_ecbplus(documents, vectors=vectors, shuffle_seed=seed)
            for gold, s in scores.items():
                table.add_row(
                    name,
                    gold,
                    f"{s.v_measure:.4f}",
                    f"{s.homogeneity:.4f}",
                    f"{s.completeness:.4f}",
                    f"{s.ari:.4f}",
                    str(s.stories),
                    str(s.gold_clusters),
                )
        console.print(table)
    else:
        console.print(f"skipped ECB+: {ecb_file} is absent")
    if semeval.exists():
        pairs = score_semeval(semeval)
        console.print(
            f"SemEval-2022 Task 8 subset, en-en: {pairs.pairs} pairs, Pearson(same-story score, -Overall) "
            f"= {pairs.pearson:.4f}"
        )
    if search.exists():
        result = score_news_search(search)
        console.print(
            f"news_search_clustering: {result.queries} queries x 3 annotators, "
            f"NMI {result.nmi:.4f}, ARI {result.ari:.4f}"
        )
