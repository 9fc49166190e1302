"""The readable evidence report (rich) for one analyzed document."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tabayyun.model import DocumentRecord

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _clip(value: str, width: int = 90) -> str:
    value = " ".join(value.split())
    return value if len(value) <= width else value[: width - 1] + "…"


def citations_table(record: DocumentRecord) -> Table:
    table = Table(title="Citations", title_justify="left", expand=True)
    for column in ("id", "outlet", "date", "kind", "via", "as written"):
        table.add_column(column, overflow="fold")
    outlets = {c.id: c.outlet for c in record.citations}
    for c in record.citations:
        table.add_row(
            c.id,
            c.outlet,
            c.date or "—",
            c.kind,
            f"{c.via} {outlets[c.via]}" if c.via in outlets else "",
            _clip(record.text[c.start:c.end], 60),
        )
    return table


def quotes_table(record: DocumentRecord) -> Table:
    table = Table(title="Quotes by speaker", title_justify="left", expand=True)
    for column in ("speaker", "cue", "kind", "date", "carried by", "what was said"):
        table.add_column(column, overflow="fold")
    outlets = {c.id: c.outlet for c in record.citations}
    grouped = defaultdict(list)
    for quote in record.quotes:
        name = (quote.speaker.name or quote.speaker.surface) if quote.speaker else "(unknown)"
        grouped[name].append(quote)
    for name in sorted(grouped, key=lambda n: (-len(grouped[n]), n)):
        for i, quote in enumerate(grouped[name]):
            table.add_row(
                name if i == 0 else "",
                quote.cue.text if quote.cue else "",
                quote.kind,
                quote.date or "—",
                outlets.get(quote.citation or "", ""),
                _clip(quote.text, 80),
            )
    return table


def findings_table(record: DocumentRecord) -> Table:
    table = Table(title="Findings", title_justify="left", expand=True)
    for column in ("severity", "kind", "where", "message", "suggestion"):
        table.add_column(column, overflow="fold")
    for f in record.findings:
        table.add_row(
            Text(f.severity, style=_SEVERITY_STYLE.get(f.severity, "")),
            f.kind,
            _clip(record.text[f.start:f.end], 40),
            f.message,
            f.suggestion or "",
        )
    return table


def places_line(record: DocumentRecord, limit: int = 10) -> Text:
    counts: dict[str, int] = defaultdict(int)
    for place in record.places:
        if place.role == "place":
            counts[f"{place.name} ({place.country or '?'})"] += 1
    ranked = sorted(counts, key=lambda name: (-counts[name], name))[:limit]
    text = Text("Places: ", style="bold")
    text.append(", ".join(f"{name} ×{counts[name]}" for name in ranked) or "none")
    if record.home_area is not None:
        text.append(f"   (read with home area {record.home_area.name}, {record.home_area.source})", style="dim")
    return text


def events_table(record: DocumentRecord) -> Table:
    table = Table(title="Events", title_justify="left", expand=True)
    for column in ("id", "type", "who", "whom", "date", "where", "status", "carried by"):
        table.add_column(column, overflow="fold")
    outlets = {c.id: c.outlet for c in record.citations}
    for e in record.events:
        status = "negated" if e.negated else e.modality
        table.add_row(
            f"{e.id}*" if e.id == record.main_event else e.id,
            e.type + (f"/{e.mode}" if e.mode else ""),
            e.source_name or "",
            e.target_name or "",
            f"{e.date or '—'} ({e.date_precision})",
            e.place.name if e.place else "",
            status,
            outlets.get(e.citation or "", ""),
        )
    return table


def summary_line(record: DocumentRecord) -> Text:
    stats = record.stats()
    order = {True: "day-first", False: "month-first", None: "undetermined"}[record.day_first]
    line = Text()
    line.append(f"{stats['sentences']} sentences: ")
    line.append(f"sourced {stats['sourced_share']:.0%}", style="green")
    line.append(" · ")
    line.append(f"quoted {stats['quoted_share']:.0%}", style="cyan")
    line.append(" · ")
    line.append(f"unsourced {stats['unsourced_share']:.0%}", style="red")
    line.append(
        f"   |  {len(record.citations)} citations, {len(record.quotes)} quotes, "
        f"{len(record.actors)} actors, {len(record.dates)} dates, {len(record.findings)} findings"
        f"   |  published {record.published or 'unknown'}, numeric dates {order}"
    )
    return line


def actors_line(record: DocumentRecord, limit: int = 12) -> Text:
    ranked = sorted(record.actors, key=lambda a: (-len(a.mentions), a.name))[:limit]
    text = Text("Main actors: ", style="bold")
    text.append(", ".join(f"{a.name} ({a.type}, {len(a.mentions)})" for a in ranked) or "none")
    return text


def render(record: DocumentRecord, console: Console) -> None:
    title = record.title or record.source_path
    parts: list = [summary_line(record), actors_line(record), places_line(record)]
    if record.warnings:
        parts.append(Text("\n".join(f"warning: {w}" for w in record.warnings), style="yellow"))
    parts.append(citations_table(record))
    if record.quotes:
        parts.append(quotes_table(record))
    if record.events:
        parts.append(events_table(record))
    parts.append(findings_table(record) if record.findings else Text("No findings: the dates are consistent.", style="green"))
    console.print(Panel(Group(*parts), title=f"[bold]{title}[/bold]", subtitle=record.source_path))
