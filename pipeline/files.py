"""Pre-flight checks on the files a command is pointed at, before anything opens or creates them.

A command that reads a database needs an existing medscrape database; one that writes needs a
path it may create or a writable SQLite file. Each check raises :class:`BadFile` with a one-line
message, so the command line can say what is wrong without touching the file (no lock file,
no ``-wal`` beside it, no migration).
"""

from __future__ import annotations

import os
from pathlib import Path

#: The first 16 bytes of every SQLite 3 database file.
SQLITE_HEADER = b"SQLite format 3\x00"


class BadFile(Exception):
    """A file a command was given cannot be used; the message is one line for the user."""


def existing_database(path: Path) -> Path:
    """A database file to read: it exists, is a file, and is SQLite."""
    if path.is_dir():
        raise BadFile(f"{path} is a directory, not a database file")
    if not path.exists():
        raise BadFile(f"no database at {path}")
    _check_sqlite(path)
    return path


def writable_database(path: Path) -> Path:
    """A database file to write: missing (it will be created) or a writable SQLite file."""
    if path.is_dir():
        raise BadFile(f"{path} is a directory, not a database file")
    if not path.exists():
        return path
    if not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222:
        raise BadFile(f"{path} is read-only")
    _check_sqlite(path)
    return path


def _check_sqlite(path: Path) -> None:
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as error:
        raise BadFile(f"cannot read {path}: {error.strerror}") from None
    if not header:
        # An empty file is a valid empty SQLite database to SQLite, but never one of ours:
        # adopting it would turn a placeholder (or a truncated copy) into a new database.
        raise BadFile(f"{path} is an empty file, not a medscrape database")
    if header != SQLITE_HEADER:
        raise BadFile(f"{path}: not an SQLite database file")


__all__ = ["BadFile", "existing_database", "writable_database"]
