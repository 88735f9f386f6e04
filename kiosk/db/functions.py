"""SQL functions that read the same on SQLite and PostgreSQL.

``milliseconds_between(start, end)``: whole milliseconds from one ``UtcDateTime`` to
another, so a duration is compared or aggregated inside the query instead of fetching
both moments of every row. SQLite keeps the moments as text and counts in Julian days, a
double that is off by a few microseconds; rounding to the millisecond makes an hour come
out as exactly 3,600,000 on both backends.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

MS_PER_DAY = 86_400_000


class milliseconds_between(FunctionElement[int]):  # noqa: N801 - an SQL function's name
    type = BigInteger()
    inherit_cache = True
    name = "milliseconds_between"


def _operands(element: milliseconds_between, compiler: SQLCompiler,
              **kw: Any) -> tuple[str, str]:
    start, end = list(element.clauses)
    return compiler.process(start, **kw), compiler.process(end, **kw)


@compiles(milliseconds_between, "sqlite")
def _sqlite(element: milliseconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = _operands(element, compiler, **kw)
    return f"CAST(ROUND((julianday({end}) - julianday({start})) * {MS_PER_DAY}) AS INTEGER)"


@compiles(milliseconds_between, "postgresql")
def _postgresql(element: milliseconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = _operands(element, compiler, **kw)
    return f"CAST(ROUND(EXTRACT(EPOCH FROM ({end}) - ({start})) * 1000) AS BIGINT)"
