"""Reading one key of a JSON object column, the same way on SQLite (JSON) and PostgreSQL (JSONB).

The only per-dialect SQL of the filters lives here. The key is always a bound parameter: on
PostgreSQL `col -> $1`, on SQLite the JSON path `'$."' || ? || '"'` is assembled in SQL, so a key
cannot change the statement. Callers pass printable ASCII keys without `"` or `\\`: a quote would
end the SQLite path, and SQLite (3.40) compares path labels with the stored, escaped key text.
"""

from __future__ import annotations

from sqlalchemy import String, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

# Normalised JSON types: 'string', 'number', 'true', 'false', 'null', 'object', 'array', or NULL
# when the key is missing (or the column is not an object).
JSON_KINDS = ("string", "number", "true", "false", "null", "object", "array")


class _KeyOf(FunctionElement):
    type = String()
    inherit_cache = True

    def __init__(self, column, key: str) -> None:
        super().__init__(column, literal(key, String()))


class json_kind(_KeyOf):
    """The JSON type of the value at `key`, normalised across dialects (see JSON_KINDS)."""

    name = "json_kind"
    inherit_cache = True


class json_text(_KeyOf):
    """The value at `key` as text (a string unquoted, a number's digits); read it only for scalar json_kinds."""

    name = "json_text"
    inherit_cache = True


def _parts(element, compiler, **kw) -> tuple[str, str]:
    column, key = element.clauses.clauses
    return compiler.process(column, **kw), compiler.process(key, **kw)


def _sqlite_path(key: str) -> str:
    return f"('$.\"' || {key} || '\"')"


@compiles(json_kind, "sqlite")
def _json_kind_sqlite(element, compiler, **kw) -> str:
    # json_type names: null, true, false, integer, real, text, array, object.
    column, key = _parts(element, compiler, **kw)
    kind = f"json_type({column}, {_sqlite_path(key)})"
    column, key = _parts(element, compiler, **kw)
    kind_again = f"json_type({column}, {_sqlite_path(key)})"
    renamed = "WHEN 'text' THEN 'string' WHEN 'integer' THEN 'number' WHEN 'real' THEN 'number'"
    return f"(CASE {kind} {renamed} ELSE {kind_again} END)"


@compiles(json_kind, "postgresql")
def _json_kind_postgresql(element, compiler, **kw) -> str:
    # jsonb_typeof names: object, array, string, number, boolean, null.
    column, key = _parts(element, compiler, **kw)
    kind = f"jsonb_typeof({column} -> CAST({key} AS TEXT))"
    column, key = _parts(element, compiler, **kw)
    as_text = f"({column} ->> CAST({key} AS TEXT))"
    column, key = _parts(element, compiler, **kw)
    kind_again = f"jsonb_typeof({column} -> CAST({key} AS TEXT))"
    return f"(CASE {kind} WHEN 'boolean' THEN {as_text} ELSE {kind_again} END)"


@compiles(json_text, "sqlite")
def _json_text_sqlite(element, compiler, **kw) -> str:
    column, key = _parts(element, compiler, **kw)
    return f"CAST(json_extract({column}, {_sqlite_path(key)}) AS TEXT)"


@compiles(json_text, "postgresql")
def _json_text_postgresql(element, compiler, **kw) -> str:
    column, key = _parts(element, compiler, **kw)
    return f"({column} ->> CAST({key} AS TEXT))"
