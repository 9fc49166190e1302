"""Writing analyzed documents into the store: one transaction per document."""

from __future__ import annotations

import bisect
import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from tabayyun.knowledge import ActorEntry, KnowledgeBase, OutletEntry, compact_key
from tabayyun.model import (
    CONTRACT_VERSION,
    Citation,
    Claim,
    DateMention,
    DocumentRecord,
    citation_day,
)

__all__ = ["StoreWriter", "source_key"]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def source_key(path: str, line: int | None) -> str:
    """What identifies "the same input" across runs: its path, and its line in a .jsonl file."""
    return path if line is None else f"{path}:{line}"


def _is_day(value: str | None) -> bool:
    return bool(value) and len(value) == 10 and value[:4].isdigit() and value[4] == "-" and value[7] == "-"


def date_day(mention: DateMention) -> str | None:
    """The ISO day a date mention names, if it names one (Hijri dates through their conversion)."""
    if mention.type != "DATE":
        return None
    if mention.calendar == "hijri":
        return mention.gregorian if _is_day(mention.gregorian) else None
    return mention.value if _is_day(mention.value) else None


def _effective_dates(citations: Sequence[Citation]) -> dict[str, str | None]:
    """Each citation's day: corrected, own, or relayed (see ``model.citation_day``)."""
    by_id = {c.id: c for c in citations}
    return {citation.id: citation_day(citation, by_id) for citation in citations}


def _chain(citation: Citation, by_id: dict[str, Citation]) -> list[Citation]:
    chain = [citation]
    seen = {citation.id}
    while chain[-1].via and chain[-1].via in by_id and chain[-1].via not in seen:
        seen.add(chain[-1].via)
        chain.append(by_id[chain[-1].via])
    return chain


_SentenceOf = Callable[[int], int | None]


def _sentence_finder(claims: Sequence[Claim]) -> _SentenceOf:
    """For ``claims`` sorted by start: the index of the claim (sentence) holding a character
    position, or None."""
    starts = [c.start for c in claims]

    def sentence_of(pos: int) -> int | None:
        i = bisect.bisect_right(starts, pos) - 1
        if i >= 0 and claims[i].start <= pos < claims[i].end:
            return i
        return None

    return sentence_of


class StoreWriter:
    """Writes :class:`DocumentRecord` objects; reference rows (actors, outlets) come from the KB."""

    def __init__(self, conn: sqlite3.Connection, kb: KnowledgeBase) -> None:
        self.conn = conn
        self.kb = kb
        self._known_actors: set[str] = {row[0] for row in conn.execute("SELECT id FROM actors")}
        self._known_outlets: set[str] = {row[0] for row in conn.execute("SELECT id FROM outlets")}
        # a store opened below schema version 3 has none; migrating it fills the table
        self._actor_sentences = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'actor_sentences'"
        ).fetchone() is not None
        # and none below version 4 has places, events or documents.main_event
        self._events = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'"
        ).fetchone() is not None
        # and none below version 6 has home_areas
        self._home_areas = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'home_areas'"
        ).fetchone() is not None

    # ------------------------------------------------------------------ runs and errors
    def start_run(self) -> int:
        self.conn.execute("BEGIN IMMEDIATE")
        cursor = self.conn.execute("INSERT INTO ingest_runs (started_at) VALUES (?)", (_now(),))
        self.sync_outlets()
        self.conn.execute("COMMIT")
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, *, stored: int, skipped: int, errors: int) -> None:
        self.conn.execute(
            "UPDATE ingest_runs SET finished_at = ?, stored = ?, skipped = ?, errors = ? WHERE id = ?",
            (_now(), stored, skipped, errors, run_id),
        )

    def record_error(self, run_id: int | None, path: str, message: str, line: int | None = None) -> None:
        self.conn.execute(
            "INSERT INTO ingest_errors (run_id, path, line, message, at) VALUES (?, ?, ?, ?, ?)",
            (run_id, path, line, message, _now()),
        )

    def has_document(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    # ------------------------------------------------------------------ reference rows
    def sync_outlets(self) -> None:
        """The outlet registry, refreshed from the knowledge base (state ownership may change)."""
        for outlet in self.kb.outlets.values():
            self.conn.execute(
                "INSERT INTO outlets (id, name, country, language, state_owned, type, known) "
                "VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
                "country = excluded.country, language = excluded.language, "
                "state_owned = excluded.state_owned, type = excluded.type",
                (
                    self.kb.actor_id(outlet),
                    outlet.name,
                    outlet.country,
                    outlet.language,
                    None if outlet.state_owned is None else int(outlet.state_owned),
                    outlet.type,
                ),
            )
            self._known_outlets.add(self.kb.actor_id(outlet))

    def _kb_entry(self, actor_id: str) -> ActorEntry | OutletEntry | None:
        prefix, _, slug = actor_id.partition(":")
        if prefix == "actor":
            return self.kb.actors.get(slug)
        if prefix == "outlet":
            return self.kb.outlets.get(slug)
        return None

    def _ensure_actor(self, actor_id: str, name: str, type_: str, country: str | None, known: bool) -> None:
        if actor_id in self._known_actors:
            return
        entry = self._kb_entry(actor_id)
        if entry is not None:
            name = entry.name
            country = entry.country
            type_ = "media" if isinstance(entry, OutletEntry) else entry.type
            known = True
        self.conn.execute(
            "INSERT OR IGNORE INTO actors (id, name, type, country, known) VALUES (?, ?, ?, ?, ?)",
            (actor_id, name, type_, country, int(known)),
        )
        aliases: list[tuple[str, str]] = [(name, "name")]
        if isinstance(entry, OutletEntry):
            aliases += [(a, "alias") for a in entry.aliases] + [(a, "arabic") for a in entry.names_ar]
        elif isinstance(entry, ActorEntry):
            aliases += [(a, "alias") for a in entry.aliases] + [(d, "demonym") for d in entry.demonyms]
            if entry.surname:
                aliases.append((entry.surname, "surname"))
            for role in entry.roles:
                self.conn.execute(
                    "INSERT OR IGNORE INTO roles (actor_id, title, country, org, target, start, \"end\") "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        actor_id,
                        role.title,
                        role.country,
                        role.org and f"actor:{role.org}",
                        role.target and f"actor:{role.target}",
                        role.start.isoformat() if role.start else None,
                        role.end.isoformat() if role.end else None,
                    ),
                )
        self.conn.executemany(
            "INSERT OR IGNORE INTO aliases (actor_id, alias, kind) VALUES (?, ?, ?)",
            [(actor_id, alias, kind) for alias, kind in aliases],
        )
        self._known_actors.add(actor_id)

    def _outlet_id(self, citation: Citation) -> str:
        outlet_id = citation.outlet_id or f"unknown:{compact_key(citation.outlet) or 'unnamed'}"
        if outlet_id not in self._known_outlets:
            entry = self._kb_entry(outlet_id)
            self.conn.execute(
                "INSERT OR IGNORE INTO outlets (id, name, country, type, known) VALUES (?, ?, ?, ?, ?)",
                (
                    outlet_id,
                    entry.name if entry else citation.outlet,
                    entry.country if entry else None,
                    "actor" if isinstance(entry, ActorEntry) else None,
                    int(entry is not None),
                ),
            )
            self._known_outlets.add(outlet_id)
        return outlet_id

    # ------------------------------------------------------------------ documents
    def write(self, record: DocumentRecord, *, line: int | None = None) -> bool:
        """Store one record in one transaction; False when that content is already stored."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            stored = self._write(record, line)
        except BaseException:
            conn.execute("ROLLBACK")
            # rows this transaction added are gone: forget them
            self._known_actors = {row[0] for row in conn.execute("SELECT id FROM actors")}
            self._known_outlets = {row[0] for row in conn.execute("SELECT id FROM outlets")}
            raise
        conn.execute("COMMIT")
        return stored

    def _write(self, record: DocumentRecord, line: int | None) -> bool:
        if self.has_document(record.id):
            return False
        doc_rowid = self._write_document(record, line)
        effective, outlet_of = self._write_citations(record)
        # sentences (claims) first: mentions, quotes and dates are placed in them
        claims = sorted(record.claims, key=lambda c: c.start)
        sentence_of = _sentence_finder(claims)
        dates = sorted(record.dates, key=lambda d: d.start)
        self._write_dates(record.id, dates)
        hits = self._write_mentions(record, sentence_of)
        quote_dates = self._write_quotes(record, sentence_of, outlet_of, hits)
        claim_rows = self._write_claims(record, claims, dates, quote_dates, effective)
        if self._actor_sentences:
            self._write_actor_sentences(record, doc_rowid, claim_rows, hits)
        self._write_findings(record)
        if self._events:
            self._write_places_and_events(record)
        self._write_home_area(record)
        return True

    def _write_document(self, record: DocumentRecord, line: int | None) -> int | None:
        """The documents row (the previous version of that input no longer current) and its
        full-text row; returns the new row's rowid."""
        conn = self.conn
        key = source_key(record.source_path, line)
        previous = conn.execute(
            "SELECT max(version) FROM documents WHERE source_key = ?", (key,)
        ).fetchone()[0]
        if previous is not None and self._actor_sentences:
            # an actor's timeline walks current documents only
            conn.execute(
                "DELETE FROM actor_sentences WHERE doc_rowid IN "
                "(SELECT rowid FROM documents WHERE source_key = ? AND current = 1)",
                (key,),
            )
        if previous is not None:
            conn.execute("UPDATE documents SET current = 0 WHERE source_key = ? AND current = 1", (key,))
        cursor = conn.execute(
            "INSERT INTO documents (id, source_key, source_path, line, version, current, title, url, published, "
            "language, day_first, text, n_citations, n_quotes, n_actors, n_dates, n_claims, n_findings, "
            "contract_version, ingested_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.id,
                key,
                record.source_path,
                line,
                (previous or 0) + 1,
                record.title,
                record.url,
                record.published,
                record.language,
                None if record.day_first is None else int(record.day_first),
                record.text,
                len(record.citations),
                len(record.quotes),
                len(record.actors),
                len(record.dates),
                len(record.claims),
                len(record.findings),
                CONTRACT_VERSION,
                _now(),
            ),
        )
        if self._events and record.main_event:
            conn.execute("UPDATE documents SET main_event = ? WHERE rowid = ?", (record.main_event, cursor.lastrowid))
        conn.execute(
            "INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)",
            (cursor.lastrowid, record.title or "", record.text),
        )
        return cursor.lastrowid

    def _write_citations(self, record: DocumentRecord) -> tuple[dict[str, str | None], dict[str, str]]:
        """The citations with their outlet chains; returns each citation's day and outlet id."""
        doc = record.id
        by_id = {c.id: c for c in record.citations}
        effective = _effective_dates(record.citations)
        outlet_of: dict[str, str] = {}
        for citation in record.citations:
            outlet_of[citation.id] = self._outlet_id(citation)
        rows = []
        for citation in record.citations:
            chain = _chain(citation, by_id)
            relay = by_id.get(citation.via) if citation.via else None
            rows.append(
                (
                    doc, citation.id, citation.outlet, citation.outlet_surface, outlet_of[citation.id],
                    citation.date, effective[citation.id], citation.date_surface, citation.start, citation.end,
                    citation.kind, citation.via, outlet_of[relay.id] if relay else None,
                    " < ".join(c.outlet for c in chain), citation.scope_start, citation.scope_end,
                )
            )
        self.conn.executemany(
            "INSERT INTO citations (doc_id, id, outlet, outlet_surface, outlet_id, date, effective_date, "
            "date_surface, start, \"end\", kind, via, relayed_by, chain, scope_start, scope_end) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        return effective, outlet_of

    def _write_dates(self, doc: str, dates: Sequence[DateMention]) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO dates (doc_id, start, \"end\", surface, value, day, precision, calendar, "
            "anchor, relative, type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (doc, d.start, d.end, d.surface, d.value, date_day(d), d.precision, d.calendar, d.anchor,
                 int(d.relative), d.type)
                for d in dates
            ],
        )

    def _write_mentions(self, record: DocumentRecord, sentence_of: _SentenceOf) -> set[tuple[str, int]]:
        """The actors, their surfaces as aliases and their mentions; returns the (actor id,
        sentence) pairs for the actor_sentences rows."""
        conn = self.conn
        doc = record.id
        hits: set[tuple[str, int]] = set()  # (actor id, sentence) for the actor_sentences rows
        for actor in record.actors:
            self._ensure_actor(actor.id, actor.name, actor.type, actor.country, actor.known)
            surfaces = {m.surface for m in actor.mentions}
            conn.executemany(
                "INSERT OR IGNORE INTO aliases (actor_id, alias, kind) VALUES (?, ?, 'surface')",
                [(actor.id, s) for s in sorted(surfaces)],
            )
            conn.executemany(
                "INSERT OR IGNORE INTO mentions (doc_id, actor_id, start, \"end\", surface, sentence) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(doc, actor.id, m.start, m.end, m.surface, sentence_of(m.start)) for m in actor.mentions],
            )
            hits.update((actor.id, i) for m in actor.mentions if (i := sentence_of(m.start)) is not None)
        return hits

    def _write_quotes(
        self,
        record: DocumentRecord,
        sentence_of: _SentenceOf,
        outlet_of: dict[str, str],
        hits: set[tuple[str, int]],
    ) -> dict[int, str]:
        """The quotes and their full-text rows; adds the speakers' sentences to ``hits`` and returns
        the day of the first dated quote of each sentence."""
        conn = self.conn
        doc = record.id
        quote_rows = []
        quote_dates: dict[int, str] = {}
        for quote in record.quotes:
            speaker = quote.speaker
            if speaker is not None and speaker.actor_id:
                self._ensure_actor(speaker.actor_id, speaker.name or speaker.surface, "person", None, False)
            sentence = sentence_of(quote.start)
            if speaker is not None and speaker.actor_id and sentence is not None:
                hits.add((speaker.actor_id, sentence))
            if sentence is not None and quote.date and sentence not in quote_dates and _is_day(quote.date):
                quote_dates[sentence] = quote.date
            quote_rows.append(
                (
                    doc, quote.id, quote.text, quote.start, quote.end, quote.kind,
                    speaker.name if speaker else None, speaker.surface if speaker else None,
                    speaker.actor_id if speaker else None, speaker.kind if speaker else None,
                    quote.cue.text if quote.cue else None, quote.citation,
                    outlet_of.get(quote.citation) if quote.citation else None, quote.date, sentence,
                )
            )
        conn.executemany(
            "INSERT INTO quotes (doc_id, id, text, start, \"end\", kind, speaker_name, speaker_surface, "
            "speaker_actor_id, speaker_kind, cue, citation_id, outlet_id, date, sentence) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            quote_rows,
        )
        conn.executemany(
            "INSERT INTO quotes_fts (text, speaker, doc_id, quote_id) VALUES (?, ?, ?, ?)",
            [(row[2], row[6] or row[7] or "", doc, row[1]) for row in quote_rows],
        )
        return quote_dates

    def _write_claims(
        self,
        record: DocumentRecord,
        claims: Sequence[Claim],
        dates: Sequence[DateMention],
        quote_dates: dict[int, str],
        effective: dict[str, str | None],
    ) -> list[tuple[Any, ...]]:
        """The claims (sentences), each with the day it is about; returns their rows."""
        doc = record.id
        text = record.text
        date_starts = [d.start for d in dates]
        claim_rows = []
        for idx, claim in enumerate(claims):
            day, basis = None, None
            i = bisect.bisect_left(date_starts, claim.start)
            while i < len(dates) and dates[i].start < claim.end:
                day = date_day(dates[i])
                if day:
                    basis = "text"
                    break
                i += 1
            if day is None and idx in quote_dates:
                day, basis = quote_dates[idx], "quote"
            if day is None:
                for cid in claim.citations:
                    if effective.get(cid):
                        day, basis = effective[cid], "citation"
                        break
            if day is None and record.published:
                day, basis = record.published, "published"
            claim_rows.append(
                (doc, idx, claim.start, claim.end, claim.kind, json.dumps(claim.citations),
                 text[claim.start:claim.end], day, basis)
            )
        self.conn.executemany(
            "INSERT INTO claims (doc_id, idx, start, \"end\", kind, citations, text, date, date_basis) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            claim_rows,
        )
        return claim_rows

    def _write_actor_sentences(
        self,
        record: DocumentRecord,
        doc_rowid: int | None,
        claim_rows: list[tuple[Any, ...]],
        hits: set[tuple[str, int]],
    ) -> None:
        # (actor, dated sentence) rows in timeline order, for `query timeline --actor`
        self.conn.executemany(
            "INSERT OR IGNORE INTO actor_sentences (actor_id, date, published, source_path, idx, doc_rowid, "
            "basis) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (actor_id, claim_rows[idx][7], record.published or "", record.source_path, idx, doc_rowid,
                 claim_rows[idx][8])
                for actor_id, idx in sorted(hits)
                if claim_rows[idx][7] is not None
            ],
        )

    def _write_findings(self, record: DocumentRecord) -> None:
        doc = record.id
        self.conn.executemany(
            "INSERT INTO findings (level, doc_id, kind, severity, start, \"end\", message, suggestion) "
            "VALUES ('document', ?, ?, ?, ?, ?, ?, ?)",
            [(doc, f.kind, f.severity, f.start, f.end, f.message, f.suggestion) for f in record.findings],
        )

    def _write_home_area(self, record: DocumentRecord) -> None:
        doc = record.id
        home = record.home_area
        if self._home_areas and home is not None:
            self.conn.execute(
                "INSERT INTO home_areas (doc_id, name, country, admin1, latitude, longitude, source) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (doc, home.name, home.country, home.admin1, home.latitude, home.longitude, home.source),
            )

    def _write_places_and_events(self, record: DocumentRecord) -> None:
        doc = record.id
        self.conn.executemany(
            "INSERT OR IGNORE INTO places (doc_id, start, \"end\", surface, name, country, admin1, latitude, "
            "longitude, geonames_id, feature, precision, role, confidence) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (doc, p.start, p.end, p.surface, p.name, p.country, p.admin1, p.latitude, p.longitude,
                 p.geonames_id, p.feature, p.precision, p.role, p.confidence)
                for p in record.places
            ],
        )
        rows = []
        for e in record.events:
            place = e.place
            rows.append(
                (
                    doc, e.id, e.type, e.mode, e.source_actor, e.target_actor, e.source_name, e.target_name,
                    e.date, e.date_precision, place.name if place else None, place.admin1 if place else None,
                    place.country if place else None, place.latitude if place else None,
                    place.longitude if place else None, e.place_precision, e.start, e.end, e.sentence_start,
                    e.sentence_end, e.citation, int(e.negated), e.modality, e.confidence,
                    int(e.id == record.main_event),
                )
            )
        self.conn.executemany(
            "INSERT INTO events (doc_id, id, type, mode, source_actor, target_actor, source_name, target_name, "
            "date, date_precision, place_name, place_admin1, place_country, latitude, longitude, place_precision, "
            "start, \"end\", sentence_start, sentence_end, citation, negated, modality, confidence, is_main) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
