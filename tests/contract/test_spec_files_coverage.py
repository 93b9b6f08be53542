"""Every operation of Chatwoot's other spec files (client, platform, the CSAT page, the combined spec's
extras) is served or listed with a reason in docs/api-exclusions.md's second table; no row names one served.
Also runs scripts/spec_coverage.py's walk against the live test server and checks its counts agree."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import httpx
import pytest

from tests.contract.spec import (
    EXCLUSIONS_PATH,
    METHODS,
    REPO_ROOT,
    SPEC_PATH,
    load_exclusions,
    operation_key,
    served_operations,
)

SPEC_DIR = SPEC_PATH.parent
FILES = {"client": "client_swagger.json", "platform": "platform_swagger.json", "other": "other_swagger.json"}
_ROW = re.compile(
    r"^\|\s*(client|platform|other|doc-bug)\s*\|\s*(GET|POST|PUT|PATCH|DELETE)\s*\|\s*`([^`]+)`\s*\|(.*)\|\s*$"
)


def _ops(name: str) -> set[tuple[str, str]]:
    spec = json.loads((SPEC_DIR / name).read_text())
    return {(m.upper(), p) for p, item in spec["paths"].items() for m in item if m in METHODS}


def _families() -> dict[tuple[str, str], str]:
    found = {op: family for family, name in FILES.items() for op in _ops(name)}
    known = set(found) | _ops("application_swagger.json")
    for method, path in _ops("swagger.json") - known:
        found[(method, path)] = "client" if path.startswith("/public/") else "doc-bug"
    return found


def _rows() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in EXCLUSIONS_PATH.read_text().splitlines():
        match = _ROW.match(line.strip())
        if match:
            rows.append((match[1], match[2], match[3], match[4].strip()))
    return rows


@pytest.fixture(scope="module")
def served(server) -> set[tuple[str, str]]:
    document = httpx.get(f"{server.url}/api-docs/openapi.json", timeout=30).json()
    return served_operations(document)


def _routed(server, method: str, path: str) -> bool:
    url = server.url + re.sub(r"\{[^}]+\}", "1", path)
    if httpx.request("TRACE", url).status_code == 404:
        return False
    return httpx.request(method, url).status_code != 405


def test_every_operation_is_served_or_listed_and_no_row_is_stale(server, served):
    families = _families()
    assert len(families) == 32  # 13 client, 17 platform, 1 CSAT page, 1 doc bug
    rows = _rows()
    listed = {(method, path): (family, reason) for family, method, path, reason in rows}
    assert len(listed) == len(rows), "an operation is listed twice"
    problems = []
    for (method, path), family in sorted(families.items()):
        # The CSAT page is a page, not in the API document: routing tells whether it is served.
        is_served = operation_key(method, path) in served or (family == "other" and _routed(server, method, path))
        row = listed.pop((method, path), None)
        if is_served and row:
            problems.append(f"served now, delete its row: {method} {path}")
        if not is_served and not row:
            problems.append(f"neither served nor listed: {family} {method} {path}")
        if row and (row[0] != family or not row[1]):
            problems.append(f"row with a wrong family or no reason: {method} {path}")
    problems += [f"not an operation of these spec files: {method} {path}" for method, path in listed]
    assert not problems, "\n".join(problems)


def test_the_walking_script_counts_what_the_server_serves(server, served):
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "spec_coverage.py"), "--url", server.url, "--json", "--list"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout)
    families = counts["families"]
    assert families["platform"] == {"served": 17, "total": 17}
    assert families["application"]["total"] == 112
    application_rows = load_exclusions()
    assert families["application"]["served"] == 112 - len(application_rows)
    not_served = {(row["method"], row["path"]) for row in counts["not_served"]}
    assert not_served == {(m, p) for _f, m, p, _r in _rows()} | {(e.method, e.path) for e in application_rows}
