"""Integers in paths and query strings are held to the range of the columns they are compared with.

Identifiers are `integer` columns on PostgreSQL (32-bit): a larger number cannot name any row, yet sent to the
database it fails the statement (a 500) instead of finding nothing. Every route's integer parameters are
found from its signature, once, and checked before any dependency runs (so before authentication and
before a transaction is opened): a path integer out of range is the 404 any unknown id gets, a query
integer out of range a 422 naming the parameter. The same range on SQLite keeps both databases alike.

It is an application-wide dependency, so a route added to any router is covered without doing anything.
"""

from __future__ import annotations

import math
import types
import typing
from dataclasses import dataclass

from starlette.requests import HTTPConnection

from chatlake.errors import InvalidField, NotFound

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1


@dataclass(frozen=True)
class IntegerParameters:
    path: tuple[str, ...]
    query: tuple[str, ...]


_by_route: dict[int, IntegerParameters] = {}


async def bounded_integers(connection: HTTPConnection) -> None:
    route = connection.scope.get("route")
    if route is None:
        return
    params = _by_route.get(id(route))
    if params is None:
        params = _by_route[id(route)] = integer_parameters(getattr(route, "dependant", None))
    for name in params.path:
        value = connection.path_params.get(name)
        if value is not None and out_of_range(value):
            raise NotFound()
    if params.query and connection.scope["query_string"]:
        query = connection.query_params
        for name in params.query:
            if any(out_of_range(value) for value in query.getlist(name)):
                raise InvalidField(f"{name} must be between {INT32_MIN} and {INT32_MAX}", [name])


def out_of_range(text: str) -> bool:
    """True only for a number the route would accept as an integer but no column can hold."""
    try:
        value = int(text)
    except ValueError:
        try:
            number = float(text)
        except ValueError:
            return False  # not a number: the route's own validation answers 422
        return math.isfinite(number) and not INT32_MIN <= number <= INT32_MAX
    return not INT32_MIN <= value <= INT32_MAX


def integer_parameters(dependant) -> IntegerParameters:
    path: list[str] = []
    query: list[str] = []

    def walk(node) -> None:
        path.extend(f.alias for f in node.path_params if _is_integer(f.field_info.annotation))
        query.extend(f.alias for f in node.query_params if _is_integer(f.field_info.annotation))
        for sub in node.dependencies:
            walk(sub)

    if dependant is not None:
        walk(dependant)
    return IntegerParameters(tuple(dict.fromkeys(path)), tuple(dict.fromkeys(query)))


def _is_integer(annotation) -> bool:
    if annotation is int:
        return True
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, typing.Annotated, tuple, set):
        return any(_is_integer(arg) for arg in typing.get_args(annotation))
    return False
