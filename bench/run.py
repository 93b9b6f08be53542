"""`make bench`: the workloads of issue 9, each printed with its targets as PASS/FAIL and written to
bench/results/<workload>.json, then the charts.

BENCH_WORKLOADS picks them (default "ingest,list,webhooks"): W1 ingest (bench/ingest.py), W2 the
conversation list (bench/list_latency.py), W3 webhooks (bench/webhooks.py). BENCH_DB: sqlite (default),
postgres, or sqlite,postgres. The peer comparison is separate: `make bench-peers` (bench/peers.py).

Exit status: 0 when every workload ran (targets missed are reported, not failures of the run), 2 when a
requested database is unreachable or a workload could not run.
"""

from __future__ import annotations

import os
import time

from bench import charts, ingest, list_latency, webhooks

WORKLOADS = {"ingest": ingest.main, "list": list_latency.main, "webhooks": webhooks.main}


def main() -> int:
    chosen = [w.strip() for w in os.environ.get("BENCH_WORKLOADS", "ingest,list,webhooks").split(",") if w.strip()]
    unknown = [w for w in chosen if w not in WORKLOADS]
    if unknown:
        raise SystemExit(f"BENCH_WORKLOADS: unknown {unknown} (choose from {sorted(WORKLOADS)})")
    status = 0
    for name in chosen:
        started = time.monotonic()
        print(f"\n=== {name} ===", flush=True)
        status = max(status, WORKLOADS[name]())
        print(f"=== {name}: {time.monotonic() - started:.0f} s ===", flush=True)
    charts.draw()
    return status


if __name__ == "__main__":
    raise SystemExit(main())
