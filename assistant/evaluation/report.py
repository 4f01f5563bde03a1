"""Render evaluation results: a terminal table, a self-contained HTML report with SVG plots, a diff."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from rich.table import Table

from assistant.evaluation.harness import ANSWER_KEYS, COUNT_KEYS, RETRIEVAL_KEYS

COLOURS = ("#1f5fa8", "#d9730d", "#2e8540", "#9c2f8f", "#6b6b6b")
Result = Mapping[str, object]


def _fmt(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def summary_table(results: Mapping[str, Result]) -> Table:
    """Retrievers side by side: retrieval metrics, cross-language recall, answer metrics, latency."""
    table = Table(title="Evaluation", show_lines=False)
    table.add_column("metric")
    for name in results:
        table.add_column(name, justify="right")
    rows: list[tuple[str, list[object]]] = []
    for key in RETRIEVAL_KEYS:
        rows.append((key, [r["retrieval"][key] for r in results.values()]))  # type: ignore[index]
    rows.append(("cross-language recall@5", [r["cross_language"]["recall@5"] for r in results.values()]))  # type: ignore[index]
    for lang in ("zh-Hans", "zh-Hant", "en"):
        rows.append(
            (f"recall@5 {lang}", [r["by_lang"].get(lang, {}).get("recall@5") for r in results.values()])  # type: ignore[union-attr,attr-defined]
        )
    for key in ANSWER_KEYS:
        rows.append((key, [r["answer"][key] for r in results.values()]))  # type: ignore[index]
    rows.append(("latency p50 ms", [r["latency_ms"]["p50"] for r in results.values()]))  # type: ignore[index]
    rows.append(("latency p95 ms", [r["latency_ms"]["p95"] for r in results.values()]))  # type: ignore[index]
    for label, values in rows:
        table.add_row(label, *(_fmt(v) for v in values))
    first = next(iter(results.values()))
    table.caption = f"{first['questions']} questions, {first['documents']} documents"
    return table


def corpus_lines(result: Result) -> list[str]:
    """What the score was measured on (FORMATS.md section 3): the files not indexed, the fields not read.
    Rich markup, printed before the table."""
    skipped: list[dict[str, str]] = result.get("skipped") or []  # type: ignore[assignment]
    warnings: list[dict[str, str]] = result.get("warnings") or []  # type: ignore[assignment]
    files = int(result["documents"]) + len(skipped)  # type: ignore[call-overload]
    lines = [f"[yellow]skipped {len(skipped)} of {files} files:[/]"] if skipped else []
    lines += [f"  [yellow]skipped[/] {s['file']}: {s['reason']}" for s in skipped]
    if warnings:
        lines.append(f"[yellow]{len(warnings)} warning(s), documents kept without the field:[/]")
    lines += [f"  [yellow]warning[/] {w['file']}: {w['reason']}" for w in warnings]
    return lines


def error_lines(result: Result) -> list[str]:
    """One red line per question whose search or answer raised. Rich markup, printed after the table."""
    return [
        f"[bold red]error[/] {item['id']}: {item['error']}"
        for item in result["per_question"]  # type: ignore[attr-defined]
        if item.get("error")
    ]


def _tick(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value < 10 else f"{value:.0f}"


def bar_chart(
    title: str, groups: Sequence[str], series: Mapping[str, Sequence[float | None]], top: float = 1.0
) -> str:
    """A grouped bar chart as inline SVG: one group per label, one bar per series."""
    width, height, left, bottom = 640, 260, 52, 40
    plot_w, plot_h = width - left - 10, height - bottom - 30
    n_series = max(1, len(series))
    group_w = plot_w / max(1, len(groups))
    bar_w = group_w * 0.8 / n_series
    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" style="max-width:100%;height:auto" role="img" '
        f'aria-label="{html.escape(title)}"><title>{html.escape(title)}</title>',
        f'<text x="{left}" y="16" font-size="14" font-weight="bold">{html.escape(title)}</text>',
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        y = 30 + plot_h * (1 - tick)
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{_tick(tick * top)}</text>'
        )
    for g, label in enumerate(groups):
        x0 = left + g * group_w + group_w * 0.1
        for s, (name, values) in enumerate(series.items()):
            value = values[g]
            if value is None:
                continue
            h = plot_h * min(1.0, max(0.0, value / top))
            x = x0 + s * bar_w
            parts.append(
                f'<rect x="{x:.1f}" y="{30 + plot_h - h:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
                f'fill="{COLOURS[s % len(COLOURS)]}"><title>{html.escape(name)} {html.escape(label)}: '
                f"{value:.3f}</title></rect>"
            )
        parts.append(
            f'<text x="{left + g * group_w + group_w / 2:.1f}" y="{height - bottom + 16}" font-size="11" '
            f'text-anchor="middle">{html.escape(label)}</text>'
        )
    for s, name in enumerate(series):
        parts.append(
            f'<rect x="{left + s * 130}" y="{height - 14}" width="10" height="10" fill="{COLOURS[s % len(COLOURS)]}"/>'
            f'<text x="{left + s * 130 + 14}" y="{height - 5}" font-size="11">{html.escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def latency_chart(results: Mapping[str, Result]) -> str:
    """Latency distribution per retriever: p50, p95 and max as grouped bars (ms)."""
    stats = {name: r["latency_ms"] for name, r in results.items()}
    top = max((float(s["max"] or 0) for s in stats.values()), default=1.0) or 1.0  # type: ignore[index]
    series = {name: [s["p50"], s["p95"], s["max"]] for name, s in stats.items()}  # type: ignore[index]
    return bar_chart("Latency per question (ms)", ["p50", "p95", "max"], series, top=top)  # type: ignore[arg-type]


def html_report(results: Mapping[str, Result]) -> str:
    names = list(results)
    first = results[names[0]]
    langs = ["zh-Hans", "zh-Hant", "en"]
    types = sorted(first["by_type"])  # type: ignore[arg-type]
    charts = [
        bar_chart(
            "Retrieval metrics by retriever",
            ["recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10"],
            {n: [results[n]["retrieval"][k] for k in RETRIEVAL_KEYS] for n in names},  # type: ignore[index]
        ),
        bar_chart(
            "Recall@5 by script",
            [*langs, "cross-language"],
            {
                n: [results[n]["by_lang"].get(lang, {}).get("recall@5") for lang in langs]  # type: ignore[union-attr,attr-defined]
                + [results[n]["cross_language"]["recall@5"]]  # type: ignore[index]
                for n in names
            },
        ),
        bar_chart(
            "Recall@5 by question type",
            types,
            {n: [results[n]["by_type"].get(t, {}).get("recall@5") for t in types] for n in names},  # type: ignore[union-attr,attr-defined]
        ),
        latency_chart(results),
    ]
    shares = [key for key in ANSWER_KEYS if key not in COUNT_KEYS]
    if first["answer"]["fact_coverage"] is not None:  # type: ignore[index]
        charts.append(
            bar_chart(
                "Answer metrics",
                shares,
                {n: [results[n]["answer"][k] for k in shares] for n in names},  # type: ignore[index]
            )
        )
    rows = []
    metric_rows = [
        *RETRIEVAL_KEYS,
        "cross-language recall@5",
        *ANSWER_KEYS,
        "latency p50 ms",
        "latency p95 ms",
    ]
    for key in metric_rows:
        cells = []
        for n in names:
            r = results[n]
            if key in RETRIEVAL_KEYS:
                value = r["retrieval"][key]  # type: ignore[index]
            elif key in ANSWER_KEYS:
                value = r["answer"][key]  # type: ignore[index]
            elif key.startswith("cross"):
                value = r["cross_language"]["recall@5"]  # type: ignore[index]
            else:
                value = r["latency_ms"]["p50" if "p50" in key else "p95"]  # type: ignore[index]
            cells.append(f"<td>{_fmt(value)}</td>")
        rows.append(f"<tr><th>{html.escape(key)}</th>{''.join(cells)}</tr>")
    failures = []
    for item in first["per_question"]:  # type: ignore[attr-defined]
        failed_retrieval = item["answerable"] and (item["recall@5"] or 0) < 1
        failed_answer = item["answered"] is not None and (
            item["answered"] != item["answerable"] or bool(item["facts_missing"])
        )
        if not (failed_retrieval or failed_answer or item.get("error")):
            continue
        passages = "".join(f"<li>{html.escape(p[:200])}</li>" for p in item["passages"])
        failures.append(
            "<tr>"
            f"<td>{html.escape(item['id'])}</td><td>{html.escape(item['lang'])} / {html.escape(item['type'])}</td>"
            f"<td>{html.escape(item['question'])}</td>"
            f"<td>{html.escape(', '.join(item['relevant_docs']) or '(none: out of scope)')}</td>"
            f"<td>{html.escape(', '.join(item['retrieved'][:5]))}<ol>{passages}</ol></td>"
            f"<td>{'<b>error:</b> ' + html.escape(str(item['error'])) + '<br>' if item.get('error') else ''}"
            f"{html.escape(str(item['answer'] or ''))[:400]}"
            f"{'<br><b>missing:</b> ' + html.escape(', '.join(item['facts_missing'])) if item['facts_missing'] and item['answered'] is not None else ''}</td>"
            "</tr>"
        )
    header = "".join(f"<th>{html.escape(n)}</th>" for n in names)
    verdicts = verdict_table_html(first.get("verdicts"))  # type: ignore[arg-type]
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Eldercare Assistant evaluation</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font-family: system-ui, "Noto Sans CJK SC", sans-serif; margin: 2rem; color: #111; }}
table {{ border-collapse: collapse; margin: 1rem 0; }}
th, td {{ border: 1px solid #ccc; padding: .3rem .6rem; vertical-align: top; text-align: left; }}
td {{ font-variant-numeric: tabular-nums; }}
.charts {{ display: flex; flex-wrap: wrap; gap: 1rem; }}
ol {{ margin: .3rem 0; padding-left: 1.2rem; font-size: .85rem; color: #444; }}
</style></head><body>
<h1>Eldercare Assistant evaluation</h1>
<p>{first["questions"]} questions, {first["documents"]} documents; primary metric {html.escape(str(first["primary_metric"]))}.</p>
<table><tr><th>metric</th>{header}</tr>{"".join(rows)}</table>
<div class="charts">{"".join(charts)}</div>
{verdicts}
<h2>Failed questions ({html.escape(names[0])}): {len(failures)}</h2>
<table><tr><th>id</th><th>script / type</th><th>question</th><th>relevant</th><th>retrieved (top passages)</th><th>answer</th></tr>
{"".join(failures)}</table>
</body></html>
"""


def verdict_table_html(verdicts: Mapping[str, object] | None) -> str:
    """The confusion table of verdicts (rows: the truth; columns: what the answers said)."""
    if not verdicts:
        return ""
    confusion: Mapping[str, Mapping[str, int]] = verdicts["confusion"]  # type: ignore[assignment]
    columns = list(next(iter(confusion.values())))
    head = "".join(f"<th>said {html.escape(c)}</th>" for c in columns)
    body = "".join(
        f"<tr><th>truth {html.escape(truth)}</th>{''.join(f'<td>{row[c]}</td>' for c in columns)}</tr>"
        for truth, row in confusion.items()
    )
    return (
        f"<h2>Verdicts ({verdicts['questions']} questions)</h2>"
        f"<table><tr><th></th>{head}</tr>{body}</table>"
        f"<p>'yes' where the truth is 'no' (a family applies and is refused): <b>{verdicts['yes_when_no']}</b></p>"
    )


def verdict_lines(result: Result) -> list[str]:
    """The confusion table of verdicts as text lines, for the terminal."""
    verdicts: Mapping[str, object] | None = result.get("verdicts")  # type: ignore[assignment]
    if not verdicts:
        return []
    confusion: Mapping[str, Mapping[str, int]] = verdicts["confusion"]  # type: ignore[assignment]
    columns = list(next(iter(confusion.values())))
    lines = [
        f"verdicts ({verdicts['questions']} questions), rows = truth: "
        + "  ".join(f"{c:>7}" for c in columns)
    ]
    for truth, row in confusion.items():
        lines.append(f"  {truth:>7}" + "".join(f"  {row[c]:>7}" for c in columns))
    lines.append(f"  'yes' where the truth is 'no': {verdicts['yes_when_no']}")
    return lines


def compare(before: Result, after: Result) -> tuple[Table, list[str]]:
    """Metric deltas between two runs, and the questions whose outcome changed."""
    table = Table(title="Comparison")
    for column in ("metric", "before", "after", "change"):
        table.add_column(column, justify="right" if column != "metric" else "left")
    pairs: list[tuple[str, object, object]] = []
    for key in RETRIEVAL_KEYS:
        pairs.append((key, before["retrieval"][key], after["retrieval"][key]))  # type: ignore[index]
    pairs.append(
        (
            "cross-language recall@5",
            before.get("cross_language", {}).get("recall@5"),
            after.get("cross_language", {}).get("recall@5"),
        )
    )  # type: ignore[union-attr]
    for key in ANSWER_KEYS:  # .get: a run from before a key existed still compares
        pairs.append((key, before["answer"].get(key), after["answer"].get(key)))  # type: ignore[attr-defined]
    pairs.append(("latency p95 ms", before["latency_ms"]["p95"], after["latency_ms"]["p95"]))  # type: ignore[index]
    for key, a, b in pairs:
        change = "-" if a is None or b is None else f"{float(b) - float(a):+.3f}"  # type: ignore[arg-type]
        table.add_row(key, _fmt(a), _fmt(b), change)
    old = {q["id"]: q for q in before["per_question"]}  # type: ignore[attr-defined]
    changes = []
    for q in after["per_question"]:  # type: ignore[attr-defined]
        previous = old.get(q["id"])
        if not previous:
            continue
        if previous.get("recall@5") != q.get("recall@5") or previous.get("answered") != q.get("answered"):
            changes.append(
                f"{q['id']}: recall@5 {_fmt(previous.get('recall@5'))} -> {_fmt(q.get('recall@5'))}, "
                f"answered {previous.get('answered')} -> {q.get('answered')}  {q['question'][:60]}"
            )
    return table, changes
