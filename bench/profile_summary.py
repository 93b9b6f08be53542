"""Summarise a py-spy `--format raw` profile (collapsed stacks): where a server's samples fall.

.venv/bin/python -m bench.profile_summary bench/results/profile-sqlite-create_message.txt
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")

# First match wins; matched against the frame's file path.
AREAS = [
    ("sqlalchemy.orm", "/sqlalchemy/orm/"),
    ("sqlalchemy.core", "/sqlalchemy/"),
    ("driver (aiosqlite)", "/aiosqlite/"),
    ("driver (asyncpg)", "/asyncpg/"),
    ("pydantic", "/pydantic"),
    ("fastapi", "/fastapi/"),
    ("starlette", "/starlette/"),
    ("uvicorn", "/uvicorn/"),
    ("chatlake.presenters", "/chatlake/presenters/"),
    ("chatlake.queries", "/chatlake/queries/"),
    ("chatlake.actions", "/chatlake/actions/"),
    ("chatlake.api", "/chatlake/api/"),
    ("chatlake.models", "/chatlake/models/"),
    ("chatlake (other)", "/chatlake/"),
    ("asyncio", "/asyncio/"),
    ("uvloop", "/uvloop/"),
    ("json", "/json/"),
    ("logging", "/logging/"),
]


# Inclusive share of a few operations, matched on "function (file" of any frame in a sample's stack.
OPERATIONS = [
    ("ORM flush (unit of work)", "Session._flush (sqlalchemy/orm/session.py"),
    ("ORM row loading (instances)", "instances (sqlalchemy/orm/loading.py"),
    ("SQL compile", "SQLCompiler.__init__ (sqlalchemy/sql/compiler.py"),
    ("statement cache key", "_generate_cache_key (sqlalchemy/sql/cache_key.py"),
    ("statement building (select/where)", "coercions.py"),
    ("engine execute (_execute_context)", "Connection._execute_context (sqlalchemy/engine/base.py"),
    ("result type processors", "process_result_value ("),
    ("driver call (aiosqlite/asyncpg adapt)", "_execute (aiosqlite/core.py"),
    ("FastAPI dependencies", "solve_dependencies (fastapi/"),
    ("FastAPI response_model serialisation", "serialize_response (fastapi/"),
    ("request body validation", "_validate_value_with_model_field (fastapi/"),
    ("JSON rendering (chatlake JSON response)", "JSON.render (chatlake/api/responses.py"),
    ("presenters", "chatlake/presenters/"),
    ("uvicorn access log", "access_logger"),
    ("logging", "logging/__init__.py"),
]


def area(path: str) -> str:
    path = "/" + path  # py-spy prints paths relative to sys.path entries
    for name, marker in AREAS:
        if marker in path:
            return name
    return "other"


def parse(path: Path) -> list[tuple[list[tuple[str, str]], int]]:
    stacks = []
    for line in path.read_text(errors="replace").splitlines():
        line = line.strip()
        if not line:
            continue
        frames_text, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = []
        for raw in frames_text.split(";"):
            m = FRAME.match(raw)
            if m:
                frames.append((m["func"], m["file"]))
        if frames:
            stacks.append((frames, int(count)))
    return stacks


def summarise(path: Path, top: int = 12) -> dict:
    stacks = parse(path)
    total = sum(count for _frames, count in stacks) or 1
    inclusive: Counter = Counter()
    leaf_area: Counter = Counter()
    self_funcs: Counter = Counter()
    chatlake_funcs: Counter = Counter()
    operations: Counter = Counter()
    for frames, count in stacks:
        text = ";".join(f"{func} ({file}" for func, file in frames)
        for name, marker in OPERATIONS:
            if marker in text:
                operations[name] += count
        for name in {area(file) for _func, file in frames}:
            inclusive[name] += count
        func, file = frames[-1]
        leaf_area[area(file)] += count
        self_funcs[f"{func} ({_short(file)})"] += count
        for name in {f"{func} ({_short(file)})" for func, file in frames if "chatlake/" in file}:
            chatlake_funcs[name] += count

    def pct(counter: Counter, n: int | None = None) -> dict[str, float]:
        return {k: round(100 * v / total, 1) for k, v in counter.most_common(n)}

    return {
        "samples": total,
        "inclusive_pct_by_area": pct(inclusive),
        "self_pct_by_area": pct(leaf_area),
        "top_self_functions_pct": pct(self_funcs, top),
        "top_chatlake_functions_inclusive_pct": pct(chatlake_funcs, top),
        "operations_inclusive_pct": pct(operations),
        "raw_profile": str(path),
    }


def _short(file: str) -> str:
    for marker in ("site-packages/", "/src/", "/lib/python3"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


def main() -> None:
    for arg in sys.argv[1:]:
        s = summarise(Path(arg))
        print(f"{arg}: {s['samples']} samples")
        for title in (
            "inclusive_pct_by_area",
            "self_pct_by_area",
            "top_self_functions_pct",
            "top_chatlake_functions_inclusive_pct",
            "operations_inclusive_pct",
        ):
            print(f"  {title}:")
            for k, v in s[title].items():
                print(f"    {v:5.1f}%  {k}")


if __name__ == "__main__":
    main()
