"""Where the store lives and how to open it: URL resolution, engine set-up, and migrations to the head.

SQLite by default, in the per-user data folder (``platformdirs``); ``--db`` or ``CROSSCHECK_DB`` take any
SQLAlchemy URL or a file path. Opening a store always brings its schema to the newest migration first.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import URL, Connection, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session

from crosscheck.errors import CrosscheckError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest migration. Checked against the scripts by a test; knowing it here lets a store that is up to
# date open without importing alembic (a third of a second on every command).
HEAD_REVISION = "0003"
DB_ENV = "CROSSCHECK_DB"
# How long a writer waits for another writer's lock (serve and ingest share one SQLite file), in ms.
SQLITE_BUSY_TIMEOUT_MS = 30_000


class StoreError(CrosscheckError):
    """The store cannot be opened or is not what crosscheck expects."""


class StoreLocked(StoreError):
    """Another writer held the store's write lock for longer than the busy timeout: trying again later works."""

    # Not 1 ("an input was skipped"): a script can tell "retry later" from "fix the input".
    exit_code = 4


class StoreReadOnly(StoreError):
    """The store cannot be written: a read-only file, folder, mount or database user."""

    exit_code = 5


# SQLite words these in its messages; PostgreSQL gives SQLSTATE codes (lock_not_available, read_only_sql_transaction).
_LOCKED_WORDS = ("database is locked", "database table is locked")
_READ_ONLY_WORDS = ("readonly database", "read-only transaction")
_LOCKED_STATES = {"55P03"}
_READ_ONLY_STATES = {"25006"}


def default_db_path() -> Path:
    return Path(user_data_dir("crosscheck", appauthor=False)) / "crosscheck.db"


def resolve_db_url(db: str | None = None, *, create: bool = True) -> str:
    """``--db`` first, then ``CROSSCHECK_DB``, then the per-user default; a bare path means a SQLite file.

    Unless ``create``, a SQLite file must exist already: a command that only reads must not leave an empty
    store (and its folders) at a mistyped path and report it as holding nothing."""
    value = db or os.environ.get(DB_ENV) or str(default_db_path())
    if value.startswith("sqlite:///") and not create:
        file = _sqlite_file(value)
        if file and file != ":memory:" and not Path(file).is_file():
            raise StoreError(f"no store at {file}; `crosscheck ingest --db {value} PATH...` creates one")
    if "://" in value:
        return value
    path = Path(value).expanduser().resolve()
    if not create and not path.is_file():
        raise StoreError(f"no store at {path}; `crosscheck ingest --db {value} PATH...` creates one")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        # "a.db/x.db" where a.db is a file: name the file in the way rather than echo errno's "File exists".
        blocking = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
        problem = f"{blocking} is a file, not a folder" if blocking is not None else err.strerror
        raise StoreError(f"cannot make the store {path}: {problem}") from err
    # A path is a name, not URL syntax: "my?db.db" and "p%41.db" are quoted so that they name that very file
    # (unquoted, SQLAlchemy reads "?db.db" as a query and "%41" as "A").
    return URL.create("sqlite", database=str(path)).render_as_string(hide_password=False)


def _sqlite_file(url: str) -> str | None:
    try:
        return make_url(url).database
    except ArgumentError:
        return None  # create_engine names what is wrong with it


def _alembic_config(connection: Connection) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" hook issue BEGIN itself, so write transactions can take the lock up front.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    # WAL lets the web app read while an ingest writes; FULL makes every commit survive a crash or power cut.
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    # BEGIN IMMEDIATE takes the write lock at once, so two writers queue instead of failing mid-transaction.
    immediate = connection.get_execution_options().get("crosscheck_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _reason(err: DBAPIError) -> str:
    return (str(err.orig).strip().splitlines() or [type(err.orig).__name__])[0]


class Database:
    """An engine on the store's database, migrated to the newest schema."""

    def __init__(self, url: str, *, migrate: bool = True, existing: bool = False) -> None:
        """``existing``: the database must hold a crosscheck store already (the commands that only read);
        any other database is refused untouched."""
        self.url = url
        try:
            self.engine: Engine = create_engine(url)
        except (ArgumentError, ImportError) as err:
            raise StoreError(f"cannot open the store at {url!r}: {err}") from err
        self.dialect = self.engine.dialect.name
        if existing:
            # Before the connect hook is installed: it switches a SQLite file to WAL, a change to the file.
            try:
                self._require_store()
            except DBAPIError as err:
                raise StoreError(f"cannot open the store at {self.engine.url!r}: {_reason(err)}") from err
            finally:
                self.engine.dispose()  # no pooled connection may lack the hook's settings
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _on_sqlite_connect)
            event.listen(self.engine, "begin", _on_sqlite_begin)
        if migrate:
            try:
                self.migrate()
            except DBAPIError as err:
                # Not a database, a server that does not answer, a refused login: one line, not a traceback.
                unavailable = self.unavailable(err)
                if unavailable is not None:
                    raise unavailable from err
                raise StoreError(f"cannot open the store at {self.engine.url!r}: {_reason(err)}") from err

    @property
    def where(self) -> str:
        """The store as a user names it: the file of a SQLite store, else its URL (password hidden)."""
        if self.dialect == "sqlite" and self.engine.url.database:
            return self.engine.url.database
        return repr(self.engine.url)

    def unavailable(self, err: DBAPIError) -> StoreError | None:
        """What a failed write means when the store itself refused it: locked by another writer, or
        read-only; None for any other failure."""
        reason = _reason(err)
        state = getattr(err.orig, "sqlstate", None) or getattr(err.orig, "pgcode", None)
        if state in _LOCKED_STATES or any(word in reason.lower() for word in _LOCKED_WORDS):
            return StoreLocked(
                f"the store {self.where} is locked by another writer (an ingest, rebuild, watch or serve); "
                "try again when it is done"
            )
        if state in _READ_ONLY_STATES or any(word in reason.lower() for word in _READ_ONLY_WORDS):
            return StoreReadOnly(f"the store {self.where} is read-only: {reason}")
        return None

    def _require_store(self) -> None:
        with self.engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                raise StoreError(
                    f"{self.where} is not a crosscheck store (it holds no crosscheck schema); it is left "
                    "untouched"
                )

    def migrate(self) -> None:
        """Bring the schema to the head revision; a no-op when it is there already."""
        revision = self.current_revision()
        if revision == HEAD_REVISION:
            return
        from alembic import command
        from alembic.script import ScriptDirectory
        from alembic.util import CommandError

        if revision is not None:
            try:
                ScriptDirectory(str(MIGRATIONS)).get_revision(revision)
            except CommandError as err:
                raise StoreError(
                    f"the store {self.where} has schema revision {revision!r}, which this crosscheck does not "
                    f"know (its newest is {HEAD_REVISION!r}): it was made by a newer crosscheck; upgrade "
                    "crosscheck to open it"
                ) from err

        with self.engine.connect() as connection:
            connection.execution_options(crosscheck_write=True)
            command.upgrade(_alembic_config(connection), "head")
            connection.commit()

    def current_revision(self) -> str | None:
        """The schema's migration revision, None for an empty database."""
        try:
            with self.engine.connect() as connection:
                return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:
            return None  # no alembic_version table: nothing migrated yet

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction holding the write lock from its start; commits on success, rolls back on error.

        A store that is locked for too long or read-only raises ``StoreLocked`` or ``StoreReadOnly``."""
        try:
            with self.engine.connect() as connection:
                connection.execution_options(crosscheck_write=True)
                with Session(bind=connection) as session, session.begin():
                    yield session
        except DBAPIError as err:
            unavailable = self.unavailable(err)
            if unavailable is None:
                raise
            raise unavailable from err

    def close(self) -> None:
        self.engine.dispose()


def open_database(db: str | None = None, *, migrate: bool = True, create: bool = True) -> Database:
    """Unless ``create``, the database must hold a crosscheck store already: nothing else is touched."""
    return Database(resolve_db_url(db, create=create), migrate=migrate, existing=not create)
