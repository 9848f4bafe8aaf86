"""An ingest run in its own process, for the crash-safety test: ``python -m tests.store.ingest_worker DB``.

It ingests the same deterministic set of reports every time, in small batches; with ``--slow`` each report
takes a moment to arrive, so that the test can kill the process in the middle of the run.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from datetime import timedelta

from crosscheck.model import Document
from tests.store.fixtures import BASE_TIME, fixture_store

TOPICS = [
    (
        "Wildfire",
        "A wildfire spread across the hills above Marseille, forcing firefighters to evacuate villages.",
    ),
    ("Election", "Voters in Lisbon queued for hours as the parliamentary election turnout reached a record."),
    (
        "Earthquake",
        "An earthquake of magnitude 6.1 shook the coast near Valparaiso, damaging the harbour cranes.",
    ),
    ("Strike", "Rail workers in Hamburg began a strike over pay, halting freight trains across the port."),
    ("Launch", "The rocket lifted off from Kourou carrying a weather satellite into geostationary orbit."),
    ("Drought", "Farmers across Andalusia reported olive harvests halved by the drought and the heatwave."),
]
OUTLETS = ["Courier", "Ledger", "Sentinel", "Observer", "Tribune"]
REPORTS = 60


def reports() -> list[Document]:
    documents = []
    for number in range(REPORTS):
        topic, lead = TOPICS[number % len(TOPICS)]
        outlet = OUTLETS[number % len(OUTLETS)]
        documents.append(
            Document(
                text=f"{lead}\n\nOfficials gave further details in update {number} on the {topic.lower()}.",
                outlet=outlet,
                title=f"{topic}: {lead.split(',')[0]}",
                url=f"https://{outlet.lower()}.example/{topic.lower()}/{number}",
                published=BASE_TIME + timedelta(minutes=number),
            )
        )
    return documents


def arriving(documents: list[Document], delay: float) -> Iterator[Document]:
    for document in documents:
        time.sleep(delay)
        yield document


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--slow", type=float, default=0.0)
    parser.add_argument("--batch-size", type=int, default=3)
    args = parser.parse_args()
    store = fixture_store(args.db)
    report = store.ingest(arriving(reports(), args.slow), batch_size=args.batch_size)
    print(f"added {len(report.added)} already {len(report.already_stored)}", flush=True)


if __name__ == "__main__":
    main()
