"""The search of the whole database for what names a person: every text, varchar and JSON column of every table
(the introspection's own list, Django's tables and the task queue's included), case-insensitively, for each needle
as written and as JSON writes it with non-ASCII letters escaped (SQLite keeps JSON so)."""

import json

from django.db import connection

TEXT_TYPES = {"CharField", "TextField", "JSONField"}


def text_columns() -> dict[str, tuple[str, list[str]]]:
    """{table: (primary key column, [text, varchar and JSON columns])} for every table of the database."""
    introspection = connection.introspection
    tables = {}
    with connection.cursor() as cursor:
        for table in introspection.table_names(cursor):
            description = introspection.get_table_description(cursor, table)
            columns = [
                column.name
                for column in description
                if introspection.get_field_type(column.type_code, column) in TEXT_TYPES
            ]
            if columns:
                key = introspection.get_primary_key_column(cursor, table) or description[0].name
                tables[table] = (key, columns)
    return tables


def _contains(column: str) -> str:
    text = f"UPPER(CAST({connection.ops.quote_name(column)} AS TEXT))"
    if connection.vendor == "postgresql":
        return f"STRPOS({text}, UPPER(%s)) > 0"
    return f"INSTR({text}, UPPER(%s)) > 0"


def _variants(needle: str) -> list[str]:
    return sorted({needle, json.dumps(needle)[1:-1]})


def found(*needles: str) -> set[tuple[str, str, str, str]]:
    """Every (table, column, primary key, needle) where a needle is found."""
    hits = set()
    with connection.cursor() as cursor:
        for table, (key, columns) in text_columns().items():
            for needle in needles:
                variants = _variants(needle)
                conditions = " OR ".join(_contains(column) for column in columns for _ in variants)
                params = [variant for _column in columns for variant in variants]
                quoted = ", ".join(connection.ops.quote_name(name) for name in [key, *columns])
                cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)} WHERE {conditions}", params)  # noqa: S608
                for pk, *values in cursor.fetchall():
                    for column, value in zip(columns, values, strict=True):
                        text = str(value or "").upper()
                        if any(variant.upper() in text for variant in variants):
                            hits.add((table, column, str(pk), needle))
    return hits


def tables_of(hits) -> set[str]:
    return {table for table, _column, _pk, _needle in hits}
