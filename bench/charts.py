"""Charts of the latest results (matplotlib, PNG, next to the results in bench/results/):
- ingest-throughput.png: W1 messages/s against connections, Chatlake and the baseline, per database;
- list-latency.png: W2 p50 and p99 against the number of conversations, per database.

    .venv/bin/python -m bench.charts        (needs the bench extra: pip install -e '.[bench]')
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.common import RESULTS_DIR

STYLE = {"chatlake": {"color": "#1f6feb", "marker": "o"}, "baseline": {"color": "#8b949e", "marker": "s"}}
LINES = {"sqlite": "-", "postgres": "--"}


def _load(name: str) -> dict | None:
    path = RESULTS_DIR / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def ingest_chart(results: dict, peers: dict | None, out: Path) -> Path:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9.5, 4.2), dpi=120)
    for kind, data in results["databases"].items():
        connections = sorted(data["connections"], key=int)
        for name in ("chatlake", "baseline"):
            ys = [data["connections"][c][name]["ok_per_second"] for c in connections]
            ax.plot([int(c) for c in connections], ys, LINES.get(kind, "-"), label=f"{name} ({kind})", **STYLE[name])
    if peers:
        for kind, data in peers["databases"].items():
            points = sorted(data["connections"], key=int)
            ys = [data["connections"][c]["peer"]["ok_per_second"] for c in points]
            ax.plot([int(c) for c in points], ys, "^", color="#d29922", label=f"django-helpdesk ({kind})")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xticks(
        [int(c) for c in sorted({c for d in results["databases"].values() for c in d["connections"]}, key=int)]
    )
    ax.get_xaxis().set_major_formatter(plt.matplotlib.ticker.ScalarFormatter())
    ax.get_yaxis().set_major_formatter(plt.matplotlib.ticker.FuncFormatter(lambda v, _p: f"{v:,.0f}"))
    ax.set_xlabel("wrk connections")
    ax.set_ylabel("incoming messages/s (median of rounds)")
    ax.set_title(f"W1 ingest, server on 1 core ({results['revision']}, {results['measured_at'][:10]})")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)
    return out


def list_chart(results: dict, out: Path) -> Path:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9.5, 4.2), dpi=120)
    for kind, data in results["databases"].items():
        sizes = sorted(data["sizes"], key=int)
        connections = next(k for k in data["sizes"][sizes[0]] if k.isdigit())
        for name in ("chatlake", "baseline"):
            for stat, alpha in (("p99_ms", 1.0), ("p50_ms", 0.45)):
                ys = [data["sizes"][s][connections][name][stat] for s in sizes]
                ax.plot(
                    [int(s) for s in sizes],
                    ys,
                    LINES.get(kind, "-"),
                    alpha=alpha,
                    label=f"{name} {stat[:3]} ({kind}, c{connections})",
                    **STYLE[name],
                )
    ax.axhline(30, color="#d29922", linewidth=1, label="target p99 at 100k: 30 ms")
    ax.set_xscale("log")
    ax.set_xlabel("conversations in the account (10 messages each)")
    ax.set_ylabel("latency, ms (median of rounds)")
    ax.set_title(f"W2 conversation list ({results['revision']}, {results['measured_at'][:10]})")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)
    return out


def draw() -> list[Path]:
    try:
        import matplotlib

        matplotlib.use("Agg")
    except ImportError:
        print("charts skipped: matplotlib is not installed (pip install -e '.[bench]')")
        return []
    written = []
    if ingest := _load("ingest"):
        written.append(ingest_chart(ingest, _load("peers"), RESULTS_DIR / "ingest-throughput.png"))
    if listing := _load("list"):
        written.append(list_chart(listing, RESULTS_DIR / "list-latency.png"))
    for path in written:
        print(f"chart: {path}")
    return written


if __name__ == "__main__":
    draw()
