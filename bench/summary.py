"""The latest results as Markdown, to paste into docs/benchmarks.md or a closing note:

.venv/bin/python -m bench.summary
"""

from __future__ import annotations

import json

from bench.common import RESULTS_DIR, figure


def _load(name: str) -> dict | None:
    path = RESULTS_DIR / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def _n(value, digits: int = 0) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}"


def _stamp(data: dict) -> str:
    load = data.get("machine", {}).get("load_average")
    return f"commit `{data.get('revision')}`, {data.get('measured_at')}, load average {load}"


def ingest(data: dict) -> list[str]:
    out = ["### W1 ingest (incoming messages, 1,000 conversations)", ""]
    for kind, result in data["databases"].items():
        ceiling = result.get("loopback_ceiling", {}).get("ok_per_second")
        out += [f"{kind}: {_stamp(result)}; loopback ceiling (baseline `/ping`, wrk c16): {_n(ceiling)}/s", ""]
        out += ["| connections | server | messages/s | p50 ms | p99 ms | errors | share of baseline |"]
        out += ["|---:|---|---:|---:|---:|---:|---:|"]
        for connections, figures in result["connections"].items():
            for name in ("chatlake", "baseline"):
                f = figures[name]
                share = f"{figures['share_of_baseline'] * 100:.1f} %" if name == "chatlake" else ""
                out.append(
                    f"| {connections} | {name} | {_n(f['ok_per_second'])} | {_n(f['p50_ms'], 1)} |"
                    f" {_n(f['p99_ms'], 1)} | {f['errors']} | {share} |"
                )
        out.append("")
    return out


def peers(data: dict) -> list[str]:
    versions = ", ".join(f"{k} {v}" for k, v in data.get("peer", {}).items())
    out = [f"### W1 against the peer ({versions})", ""]
    out += [
        "| database | connections | Chatlake msg/s | Chatlake p99 ms | django-helpdesk follow-ups/s |"
        " django-helpdesk p99 ms | django-helpdesk errors | Chatlake / peer |"
    ]
    out += ["|---|---:|---:|---:|---:|---:|---:|---:|"]
    for kind, result in data["databases"].items():
        for connections, f in result["connections"].items():
            c, p = f["chatlake"], f["peer"]
            out.append(
                f"| {kind} | {connections} | {_n(c['ok_per_second'])} | {_n(c['p99_ms'], 1)} |"
                f" {_n(p['ok_per_second'])} | {_n(p['p99_ms'], 1)} | {p['errors']} | {f['chatlake_over_peer']} |"
            )
    out.append("")
    out += [f"- {kind}: {_stamp(result)}" for kind, result in data["databases"].items()]
    return [*out, ""]


def listing(data: dict) -> list[str]:
    out = ["### W2 conversation list (25 per page, with counts)", ""]
    for kind, result in data["databases"].items():
        out += [f"{kind}: {_stamp(result)}", ""]
        out += ["| conversations | messages | connections | server | req/s | p50 ms | p99 ms |"]
        out += ["|---:|---:|---:|---|---:|---:|---:|"]
        for size, by_size in result["sizes"].items():
            for connections, figures in by_size.items():
                if not connections.isdigit():
                    continue
                for name in ("chatlake", "baseline"):
                    f = figures[name]
                    out.append(
                        f"| {int(size):,} | {by_size['messages']:,} | {connections} | {name} |"
                        f" {_n(f['ok_per_second'])} | {_n(f['p50_ms'], 1)} | {_n(f['p99_ms'], 1)} |"
                    )
        out.append("")
    return out


def webhooks(data: dict) -> list[str]:
    out = ["### W3 webhooks", ""]
    out += [
        "| database | steady rate achieved | delivered / posted | receipt p50 ms | receipt p99 ms |"
        " backlog | drain deliveries/s | ingest p99 idle → during drain, ms |"
    ]
    out += ["|---|---:|---:|---:|---:|---:|---:|---:|"]
    for kind, r in data["databases"].items():
        s, d = r["steady"], r["drain"]
        out.append(
            f"| {kind} | {_n(s['rate_achieved'])}/s of {_n(s['rate_target'])} | {s['delivered']} / {s['posted_ok']} |"
            f" {_n(s['receipt_p50_ms'], 1)} | {_n(s['receipt_p99_ms'], 1)} |"
            f" {d['backlog']:,} of {d['backlog_target']:,} |"
            f" {_n(d['deliveries_per_second'])} | {_n(r['idle_probe']['latency_ms']['p99'], 1)} →"
            f" {_n(r['drain_probe']['latency_ms']['p99'], 1)} |"
        )
    out.append("")
    out += [f"- {kind}: {_stamp(result)}" for kind, result in data["databases"].items()]
    return [*out, ""]


def targets(documents: dict[str, dict]) -> list[str]:
    out = ["### Targets", "", "| target | measured | goal | |", "|---|---:|---:|---|"]
    for data in documents.values():
        for t in data["targets"]:
            measured = "n/a" if t["measured"] is None else f"{figure(t['measured'])}{t['unit']}"
            verdict = "PASS" if t["pass"] else "FAIL"
            out.append(f"| {t['target']} | {measured} | {t['op']} {figure(t['goal'])}{t['unit']} | {verdict} |")
    return [*out, ""]


def main() -> None:
    documents = {name: data for name in ("ingest", "peers", "list", "webhooks") if (data := _load(name))}
    lines: list[str] = []
    for name, render in (("ingest", ingest), ("peers", peers), ("list", listing), ("webhooks", webhooks)):
        if name in documents:
            lines += render(documents[name])
    lines += targets(documents)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
