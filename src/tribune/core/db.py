"""Database helpers where SQLite and PostgreSQL need one code path Django does not give."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from django.db import connection, models

# Rows per statement: well under SQLite's 32,766 bound parameters for any of our tables.
_CHUNK = 400


def insert_new(
    model: type[models.Model], rows: Sequence[Mapping[str, Any]], returning: Sequence[str] = ("id",)
) -> list[tuple[Any, ...]]:
    """INSERT rows, skipping any that break a unique constraint, and return `returning` for
    the rows actually inserted.

    `INSERT ... ON CONFLICT DO NOTHING RETURNING` says this in one statement on both SQLite
    (3.35+) and PostgreSQL; Django's bulk_create(ignore_conflicts=True) cannot return which
    rows went in, and spends most of an ingest's store time compiling per-field SQL. Columns a
    row leaves out take the field's default.
    """
    if not rows:
        return []
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    prepare = [_preparer(f) for f in fields]
    quote = connection.ops.quote_name
    column = {f.name: f.column for f in model._meta.concrete_fields}
    columns = ", ".join(quote(str(f.column)) for f in fields)
    returned = ", ".join(quote(str(column[name])) for name in returning)
    placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
    inserted: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _CHUNK):
            chunk = rows[start : start + _CHUNK]
            params: list[Any] = []
            for row in chunk:
                for field, prep in zip(fields, prepare, strict=True):
                    value = row.get(field.attname, defaults[field.attname])
                    params.append(prep(value) if prep and value is not None else value)
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608 - names from the model
                f"VALUES {', '.join([placeholder] * len(chunk))} "
                f"ON CONFLICT DO NOTHING RETURNING {returned}",
                params,
            )
            inserted.extend(tuple(r) for r in cursor.fetchall())
    return inserted


# Both drivers take these Python values as they are.
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)


def _preparer(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """How a value becomes a parameter: as it is for text, numbers and booleans; the backend's
    own adapters for dates and JSON (Field.get_db_prep_save does the same, at many times the
    cost per value); Django's full preparation for anything else."""
    if isinstance(field, _PLAIN):
        return None
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.JSONField):
        return partial(connection.ops.adapt_json_value, encoder=field.encoder)
    return partial(field.get_db_prep_save, connection=connection)


def lock_for_transaction(key: int) -> None:
    """Hold an exclusive lock named by `key` until the current transaction ends, so work
    done under it is serialized across processes and machines.

    PostgreSQL: a transaction-level advisory lock (waits for the holder to commit or roll
    back). SQLite: nothing to do, Tribune's transactions are IMMEDIATE (settings.py), so the
    transaction already holds the database's only write lock.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("lock_for_transaction needs a transaction (transaction.atomic)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def update_rows(
    model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """UPDATE many rows, each to its own values, in one statement per chunk: ``rows`` are
    (pk, value of each of ``fields``). `UPDATE ... FROM (VALUES ...)` says this on SQLite
    (3.33+) and PostgreSQL; Django's bulk_update builds a CASE per field and row, whose
    compilation costs more than the update itself. PostgreSQL gets a cast per column (a
    column of NULLs in VALUES would be text)."""
    if not rows:
        return
    meta = model._meta
    targets = [meta.get_field(name) for name in fields]
    prepare = [_preparer(f) for f in targets]  # type: ignore[arg-type]
    quote = connection.ops.quote_name
    pg = connection.vendor == "postgresql"
    pk = meta.pk
    assert pk is not None
    pk_column = quote(str(pk.column))

    def value(i: int, field: Any) -> str:
        if pg:
            return f"CAST(v.column{i} AS {field.db_type(connection)})"
        return f"v.column{i}"

    assignments = ", ".join(
        f"{quote(str(f.column))} = {value(i, f)}"  # type: ignore[union-attr]
        for i, f in enumerate(targets, start=2)
    )
    key = f"CAST(v.column1 AS {pk.db_type(connection)})" if pg else "v.column1"
    placeholder = "(" + ", ".join(["%s"] * (len(targets) + 1)) + ")"
    table = quote(meta.db_table)
    per_chunk = max(1, _CHUNK * 2 // (len(targets) + 1))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_chunk):
            chunk = rows[start : start + per_chunk]
            params: list[Any] = []
            for row in chunk:
                params.append(row[0])
                for v, prep in zip(row[1:], prepare, strict=True):
                    params.append(prep(v) if prep and v is not None else v)
            cursor.execute(
                f"UPDATE {table} SET {assignments} "  # noqa: S608 - names from the model
                f"FROM (VALUES {', '.join([placeholder] * len(chunk))}) AS v "
                f"WHERE {table}.{pk_column} = {key}",
                params,
            )


def refresh_planner_statistics() -> None:
    """Give SQLite's query planner table statistics (PostgreSQL's autovacuum keeps its own).

    Without them SQLite guesses, and at 100k articles it picked low-value indexes (status,
    visibility) over the ones that drive the reading pages. ``analysis_limit`` samples each
    index instead of reading it whole, so this stays cheap on a large database."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA analysis_limit=1000")
        cursor.execute("ANALYZE")
