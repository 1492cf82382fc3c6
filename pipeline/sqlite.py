"""SQLite underneath the store: opening the file, preparing it, checkpointing, statements.

:func:`open_file` opens (or creates, whole) a database file, refusing directories and
read-only files; :func:`prepare` checks the database is writable, sets the pragmas (WAL,
foreign keys) and applies missing migrations (see :mod:`pipeline.migrations`). A
:class:`Checkpointer` copies the WAL into the database file on a second connection, so the
writer never stalls on it. The statement builders at the end quote every identifier; the
store builds its prepared statements with them once, at import.

Errors the user should see are :class:`StoreError`, with a one-line message; the store exports
it as its own.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import sqlite3
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from sqlite_utils.db import quote_identifier

from pipeline.migrations import LATEST, MigrationError, migrate, schema_version

#: The store's logger: what happens here is reported as the store's doing.
log = logging.getLogger("pipeline.store")

#: WAL pages (4 KiB) after which a commit checkpoints by itself; normally the background
#: checkpointer has copied the WAL long before (see :class:`Checkpointer`).
#: Page cache of the writing connection, in KiB. Measured at 5,000 pages: 16 MiB writes as fast
#: as 64 MiB (1,475 vs 1,403 pages/s), and a crawl's memory then grows 16% instead of 44% from
#: 1,000 to 5,000 pages (the cache fills as the file grows).
CACHE_KIB = 16 * 1024
WAL_AUTOCHECKPOINT = 4000


class StoreError(Exception):
    """The store cannot be opened or used; the message is one line for the user."""


# --- opening ------------------------------------------------------------------------------


def open_file(path: Path) -> Database:
    """Open (or create) a database file, refusing directories and read-only files."""
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a database file")
    if path.exists() and _read_only(path):
        raise StoreError(f"{path} is read-only")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create the folder {path.parent}: {error.strerror}") from None
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StoreError(f"{path.parent} is read-only; the store writes files beside {path.name}")
    remove_leftovers(path)
    try:
        if not path.exists():
            _create(path)
        return Database(path)
    except sqlite3.Error as error:
        raise StoreError(f"cannot open {path}: {error}") from None


def _create(path: Path) -> None:
    """Create a new database whole: migrated under a temporary name beside ``path``, then
    linked into place. A process killed while creating leaves no file at ``path``, never the
    empty file SQLite would (which every command then refuses as not a medscrape database)."""
    # SQLite creates the file itself, with the umask's permissions (mkstemp would give 0600).
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.new")
    try:
        db = Database(temporary)
        try:
            prepare(db, where=str(path))
        finally:
            db.close()  # the last connection checkpoints the WAL into the file and removes it
        try:
            os.link(temporary, path)  # fails if another process created ``path`` meanwhile
        except FileExistsError:
            pass  # theirs is as complete as ours: use it
        except OSError:  # a file system without hard links
            if not path.exists():
                os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def remove_leftovers(path: Path) -> list[Path]:
    """Remove what a process killed while creating ``path`` left beside it: its temporary
    database (``.NAME.PID-HEX.new``, see :func:`_create`) and that file's ``-wal``, ``-shm``
    or ``-journal``. Only a dead process's: one still alive may be creating it now (a PID
    that was reused looks alive, and its files are kept). Returns what was removed."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.(\d+)-[0-9a-f]+\.new(?:-wal|-shm|-journal)?")
    removed = []
    try:
        names = [entry.name for entry in os.scandir(path.parent)]
    except OSError:
        return []  # no folder yet (or not readable): nothing of ours to clear
    for name in sorted(names):
        found = pattern.fullmatch(name)
        if found is None or _alive(int(found[1])):
            continue
        leftover = path.with_name(name)
        try:
            leftover.unlink()
        except FileNotFoundError:
            continue  # another process cleared it first
        except OSError as error:
            log.warning("cannot remove %s, left by a dead process: %s", leftover, error.strerror)
            continue
        log.info("removed %s, left by process %s that died creating %s", leftover, found[1], path)
        removed.append(leftover)
    return removed


def _alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (ours, or another user's that we may not signal)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OverflowError:
        return False  # no such PID can exist
    return True


def open_read_only(path: Path, *, minimum: int = LATEST) -> Database:
    """Open an existing database for reading only (``mode=ro``): nothing is created, migrated
    or written. It must be medscrape's, at schema ``minimum`` or later (see
    :func:`check_readable`)."""
    try:
        db = Database(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True))
    except sqlite3.Error as error:
        raise StoreError(f"cannot open {path}: {error}") from None
    try:
        check_readable(db, where=str(path), minimum=minimum)
    except BaseException:
        db.close()
        raise
    return db


def check_readable(db: Database, *, where: str, minimum: int = LATEST) -> None:
    """A medscrape database a reader can use as it is: a reader never migrates, so one older
    than the tables it reads is one line saying how to migrate it."""
    try:
        version = schema_version(db)
        tables = set(db.table_names())
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{where}: {_describe(error)}") from None
    if "pages" not in tables:
        raise StoreError(f"{where} is not a medscrape database (it has no pages table)")
    if version < minimum:
        raise StoreError(
            f"{where} has schema {version}, this command reads {minimum} or later; a crawl or "
            f"`medscrape reparse {where}` migrates it (read commands never write)"
        )
    if version > LATEST:
        raise StoreError(f"{where} has schema {version}, newer than this medscrape ({LATEST})")


def check_ours(path: Path) -> None:
    """An existing file a writer may adopt: SQLite, and empty or medscrape's (any schema not
    newer than this code's). Read through a read-only connection: nothing is written."""
    try:
        db = Database(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True))
    except sqlite3.Error as error:
        raise StoreError(f"cannot open {path}: {error}") from None
    try:
        _refuse_foreign_tables(db, str(path))
        version = schema_version(db)
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path}: {_describe(error)}") from None
    finally:
        db.close()
    if version > LATEST:
        raise StoreError(f"{path} has schema {version}, newer than this medscrape ({LATEST})")


def _read_only(path: Path) -> bool:
    """No write permission for us, or none for anyone (which the store respects even as root)."""
    return not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222


def prepare(db: Database, *, where: str) -> None:
    """Check the database is a writable SQLite file, set pragmas, run migrations."""
    try:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version == 0:
            _refuse_foreign_tables(db, where)
        # Rewriting the header's own value changes nothing, yet fails at once on a read-only
        # file, mount or connection. (A PRAGMA takes no parameters; version is an int.)
        db.execute(f"PRAGMA user_version = {version}")
        if not db.memory:
            db.enable_wal()
            db.execute("PRAGMA synchronous = NORMAL")
            # Index pages of a growing database stay cached (the default 2 MiB cache made
            # writes slow down as the file grew: measured 2,070 -> 1,490 pages/s at 5,000).
            db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            db.execute(f"PRAGMA wal_autocheckpoint = {int(WAL_AUTOCHECKPOINT)}")
        db.execute("PRAGMA foreign_keys = ON")
        if db.execute("PRAGMA foreign_keys").fetchone()[0] != 1:
            raise StoreError(f"{where}: foreign keys cannot be enabled inside a transaction")
        applied = migrate(db)
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{where}: {_describe(error)}") from None
    except MigrationError as error:
        raise StoreError(f"{where}: {error}") from None
    if applied:
        log.info("%s: schema migrated to version %s", where, applied[-1])


def _refuse_foreign_tables(db: Database, where: str) -> None:
    """A database at schema 0 must be empty: migrating would write our tables into another
    application's file."""
    names = db.table_names()
    foreign = [name for name in names if not name.startswith("sqlite_")]
    if foreign and "pages" not in names:
        raise StoreError(
            f"{where}: not a medscrape database (it has other tables: {', '.join(foreign[:3])})"
        )


def _describe(error: sqlite3.DatabaseError) -> str:
    """A one-line reason for an SQLite error met while opening."""
    name = getattr(error, "sqlite_errorname", "")
    if name == "SQLITE_NOTADB":
        return "not an SQLite database file"
    if name.startswith("SQLITE_READONLY"):
        return "read-only"
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


# --- checkpointing ------------------------------------------------------------------------


class Checkpointer:
    """Copies the WAL into the database file on a worker thread with its own connection.

    A PASSIVE checkpoint never blocks the writer, so the copy and its fsync overlap the next
    batch instead of stalling a commit. The writer's automatic checkpoint stays on, at
    :data:`WAL_AUTOCHECKPOINT`, as the fallback.
    """

    def __init__(self, filename: str) -> None:
        self._filename = filename
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-checkpoint")
        self._pending: Future[None] | None = None
        self._conn: sqlite3.Connection | None = None

    @classmethod
    def for_db(cls, db: Database) -> Checkpointer | None:
        """A checkpointer for a file database in WAL mode; None for anything else."""
        if db.memory or db.journal_mode != "wal":
            return None
        files = {row[1]: row[2] for row in db.execute("PRAGMA database_list").fetchall()}
        return cls(files["main"]) if files.get("main") else None

    def kick(self) -> None:
        """Start a checkpoint unless one is still running."""
        if self._pending is not None:
            if not self._pending.done():
                return
            error = self._pending.exception()
            if error is not None:
                log.warning("background checkpoint failed: %s", error)
        self._pending = self._executor.submit(self._checkpoint)

    def _checkpoint(self) -> None:
        if self._conn is None:
            self._conn = sqlite3.connect(
                self._filename, isolation_level=None, check_same_thread=False
            )
        self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    def close(self) -> None:
        """Wait for a running checkpoint, then close the worker's connection."""
        self._executor.submit(self._close_connection)
        self._executor.shutdown(wait=True)

    def _close_connection(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


# --- statements ---------------------------------------------------------------------------

#: ``IN`` over a JSON array parameter: one bound value, however many URLs.
IN_JSON = "IN (SELECT value FROM json_each(?))"


def columns_sql(columns: Sequence[str]) -> str:
    return ", ".join(quote_identifier(c) for c in columns)


def insert_json_sql(table: str, columns: Sequence[str]) -> str:
    """One INSERT for a whole batch: the rows arrive as one JSON array of arrays."""
    values = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(columns)))
    return (
        f"INSERT INTO {quote_identifier(table)} ({columns_sql(columns)}) "
        f"SELECT {values} FROM json_each(?)"
    )


def upsert_sql(
    table: str, columns: Sequence[str], pk: Sequence[str], keep: Sequence[str] = ()
) -> str:
    """INSERT of one row that updates the non-key columns of an existing row in place; a
    ``keep`` column keeps its stored value when the new one is NULL."""

    def update(column: str) -> str:
        quoted = quote_identifier(column)
        if column in keep:
            return f"{quoted} = coalesce(excluded.{quoted}, {quote_identifier(table)}.{quoted})"
        return f"{quoted} = excluded.{quoted}"

    updates = ", ".join(update(c) for c in columns if c not in pk)
    return (
        f"INSERT INTO {quote_identifier(table)} ({columns_sql(columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)}) "
        f"ON CONFLICT ({columns_sql(pk)}) DO UPDATE SET {updates}"
    )


def delete_sql(table: str, column: str) -> str:
    """DELETE of the rows whose ``column`` is in a JSON array parameter."""
    return f"DELETE FROM {quote_identifier(table)} WHERE {quote_identifier(column)} {IN_JSON}"


def rows_or_none_yet(
    conn: sqlite3.Connection | None, sql: str, params: Sequence[object] = ()
) -> list[Any]:
    """A read-only query's rows; [] with no database or no such table yet (a first crawl, a
    database made before the table)."""
    if conn is None:
        return []
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.Error:
        return []
