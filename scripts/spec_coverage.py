"""Count the operations of Chatwoot's published spec that a running Chatlake serves, per family.

    .venv/bin/python scripts/spec_coverage.py [--url http://localhost:3000] [--spec-dir DIR] [--json] [--list]

Walks every operation of the spec files (application, client and platform families, plus the combined
swagger.json's extras and the CSAT page of other_swagger.json) against the server, without credentials and
without a body, so nothing is changed:

1. `TRACE <path>` (no route has that method): 405 means a route matches the path, 404 that none does;
2. `<METHOD> <path>`: 405 means the path has routes but not this method.

An operation is served when its path is routed and its method is not refused. Routing is what is measured,
not behaviour: the contract tests check behaviour. Path parameters are filled with placeholder values.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import httpx

METHODS = ("get", "post", "put", "patch", "delete")
DEFAULT_SPEC_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "chatwoot-openapi"
FAMILY_FILES = {
    "application": "application_swagger.json",
    "client": "client_swagger.json",
    "platform": "platform_swagger.json",
    "other": "other_swagger.json",
}


def operations(spec_dir: Path) -> list[tuple[str, str, str]]:
    """(family, METHOD, path) for every operation; swagger.json's own extras go to the family their path names."""
    found: dict[tuple[str, str], str] = {}
    for family, name in FAMILY_FILES.items():
        for method, path in _ops(json.loads((spec_dir / name).read_text())):
            found[(method, path)] = family
    for method, path in _ops(json.loads((spec_dir / "swagger.json").read_text())):
        if (method, path) not in found:
            found[(method, path)] = "client" if path.startswith("/public/") else "doc-bug"
    return sorted((family, method, path) for (method, path), family in found.items())


def _ops(spec: dict):
    for path, item in spec["paths"].items():
        for method in item:
            if method in METHODS:
                yield method.upper(), path


def _filled(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def probe(client: httpx.Client, method: str, path: str) -> tuple[bool, int]:
    url = _filled(path)
    if client.request("TRACE", url).status_code == 404:
        return False, 404
    status = client.request(method, url).status_code
    return status != 405, status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:3000")
    parser.add_argument("--spec-dir", type=Path, default=DEFAULT_SPEC_DIR)
    parser.add_argument("--json", action="store_true", help="print the counts (and the list) as JSON")
    parser.add_argument("--list", action="store_true", help="also list every operation not served")
    args = parser.parse_args()
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    missing = []
    with httpx.Client(base_url=args.url, timeout=30, follow_redirects=False) as client:
        for family, method, path in operations(args.spec_dir):
            served, status = probe(client, method, path)
            counts[family][1] += 1
            if served:
                counts[family][0] += 1
            else:
                missing.append({"family": family, "method": method, "path": path, "status": status})
    if args.json:
        out = {family: {"served": s, "total": t} for family, (s, t) in counts.items()}
        print(json.dumps({"families": out, "not_served": missing} if args.list else {"families": out}, indent=1))
        return 0
    for family, (served, total) in counts.items():
        print(f"{family:12} {served:4} / {total:<4} served")
    served_all, total_all = (sum(c[i] for c in counts.values()) for i in (0, 1))
    print(f"{'all':12} {served_all:4} / {total_all:<4} served")
    if args.list:
        for row in missing:
            print(f"  not served: {row['family']:12} {row['method']:6} {row['path']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
