"""The store's schema, as an ordered list of migrations.

Every migration runs in one transaction together with the row that records it in
``schema_version``, so a file is always at exactly one version. Opening an older file
applies the missing migrations; opening a file written by a newer tabayyun is refused.
"""

from __future__ import annotations

from tabayyun.corpus.actor_stats import ACTOR_STATS_FILL

# Version 1: the documents and everything extracted from them (written by `tabayyun ingest`).
_V1 = """
CREATE TABLE documents (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,              -- sha256 of the normalised text (the content id)
    source_key TEXT NOT NULL,             -- path, or path:line for a .jsonl line
    source_path TEXT NOT NULL,
    line INTEGER,
    version INTEGER NOT NULL DEFAULT 1,   -- 1, 2, ... for successive contents of one source_key
    current INTEGER NOT NULL DEFAULT 1,   -- 0 once a newer version of the source is stored
    title TEXT,
    url TEXT,
    published TEXT,                       -- ISO date
    language TEXT,
    day_first INTEGER,
    text TEXT NOT NULL,
    n_citations INTEGER NOT NULL,
    n_quotes INTEGER NOT NULL,
    n_actors INTEGER NOT NULL,
    n_dates INTEGER NOT NULL,
    n_claims INTEGER NOT NULL,
    n_findings INTEGER NOT NULL,
    contract_version TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX documents_source ON documents(source_key, current);
CREATE INDEX documents_published ON documents(published);

CREATE TABLE outlets (
    id TEXT PRIMARY KEY,                  -- outlet:<slug>, actor:<slug> (a state or body cited), unknown:<key>
    name TEXT NOT NULL,
    country TEXT,
    language TEXT,
    state_owned INTEGER,                  -- 1, 0, NULL = unclear
    type TEXT,
    known INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE citations (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    outlet TEXT NOT NULL,
    outlet_surface TEXT NOT NULL,
    outlet_id TEXT NOT NULL REFERENCES outlets(id),
    date TEXT,
    effective_date TEXT,                  -- own date, else the date of the citation relaying it
    date_surface TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    kind TEXT NOT NULL,
    via TEXT,                             -- id of the citation (same document) that relays this one
    relayed_by TEXT REFERENCES outlets(id),
    chain TEXT NOT NULL,                  -- outlet names from this one outwards: "Sputnik < RT"
    scope_start INTEGER,
    scope_end INTEGER,
    PRIMARY KEY (doc_id, id)
);
CREATE INDEX citations_outlet ON citations(outlet_id);
CREATE INDEX citations_relayed_by ON citations(relayed_by);

CREATE TABLE actors (
    id TEXT PRIMARY KEY,                  -- actor:<slug>, outlet:<slug>, ner:<slug>
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    country TEXT,
    known INTEGER NOT NULL
);

CREATE TABLE aliases (
    actor_id TEXT NOT NULL REFERENCES actors(id),
    alias TEXT NOT NULL,
    kind TEXT NOT NULL,                   -- name | alias | surname | demonym | arabic | surface
    PRIMARY KEY (actor_id, alias, kind)
);
CREATE INDEX aliases_alias ON aliases(alias COLLATE NOCASE);

CREATE TABLE roles (
    actor_id TEXT NOT NULL REFERENCES actors(id),
    title TEXT NOT NULL,
    country TEXT,
    org TEXT,
    target TEXT,
    start TEXT,                           -- ISO date
    "end" TEXT,                           -- ISO date, exclusive; NULL = still held
    PRIMARY KEY (actor_id, title, country, org, target, start)
);

CREATE TABLE mentions (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    actor_id TEXT NOT NULL REFERENCES actors(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    surface TEXT NOT NULL,
    sentence INTEGER,                     -- claims.idx of the sentence holding the mention
    PRIMARY KEY (doc_id, actor_id, start)
);
CREATE INDEX mentions_actor ON mentions(actor_id, doc_id);
CREATE INDEX mentions_sentence ON mentions(doc_id, sentence);

CREATE TABLE dates (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    surface TEXT NOT NULL,
    value TEXT NOT NULL,                  -- TimeML value
    day TEXT,                             -- ISO day when the mention names one (Hijri converted)
    precision TEXT NOT NULL,
    calendar TEXT NOT NULL,
    anchor TEXT,
    relative INTEGER NOT NULL,
    type TEXT NOT NULL,
    PRIMARY KEY (doc_id, start, "end")
);
CREATE INDEX dates_day ON dates(day);

CREATE TABLE claims (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,                 -- sentence number in the document, from 0
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    kind TEXT NOT NULL,                   -- sourced | quoted | unsourced
    citations TEXT NOT NULL,              -- JSON list of citation ids
    text TEXT NOT NULL,
    date TEXT,                            -- ISO day the sentence is about (see date_basis)
    date_basis TEXT,                      -- text | quote | citation | published
    PRIMARY KEY (doc_id, idx)
);
CREATE INDEX claims_date ON claims(date);

CREATE TABLE quotes (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    kind TEXT NOT NULL,                   -- direct | indirect
    speaker_name TEXT,
    speaker_surface TEXT,
    speaker_actor_id TEXT REFERENCES actors(id),
    speaker_kind TEXT,
    cue TEXT,
    citation_id TEXT,                     -- citations.id (same document) carrying the quote
    outlet_id TEXT REFERENCES outlets(id),
    date TEXT,                            -- ISO date of the statement
    sentence INTEGER,                     -- claims.idx of the sentence where the quote starts
    PRIMARY KEY (doc_id, id)
);
CREATE INDEX quotes_speaker ON quotes(speaker_actor_id, date);
CREATE INDEX quotes_date ON quotes(date);

CREATE TABLE findings (
    rowid INTEGER PRIMARY KEY,
    level TEXT NOT NULL,                  -- document | corpus
    doc_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
    statement_id TEXT,                    -- corpus findings: the statement concerned
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    start INTEGER,
    "end" INTEGER,
    message TEXT NOT NULL,
    suggestion TEXT
);
CREATE INDEX findings_doc ON findings(doc_id);
CREATE INDEX findings_level ON findings(level, kind);

CREATE TABLE ingest_runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    stored INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE ingest_errors (
    rowid INTEGER PRIMARY KEY,
    run_id INTEGER REFERENCES ingest_runs(id),
    path TEXT NOT NULL,
    line INTEGER,
    message TEXT NOT NULL,
    at TEXT NOT NULL
);

CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, speaker, doc_id UNINDEXED, quote_id UNINDEXED,
    tokenize='unicode61 remove_diacritics 2'
);
"""

# Version 2: cross-document resolution (rewritten by every ingest run).
_V2 = """
ALTER TABLE actors ADD COLUMN canonical_id TEXT;
ALTER TABLE actors ADD COLUMN merge_reason TEXT;
CREATE INDEX actors_canonical ON actors(canonical_id);

CREATE TABLE statements (
    id TEXT PRIMARY KEY,                  -- s:<hash of speaker and normalised text>
    speaker_actor_id TEXT,                -- canonical actor id
    speaker_name TEXT,
    text TEXT NOT NULL,                   -- the earliest carrier's wording
    earliest_date TEXT,
    first_doc_id TEXT REFERENCES documents(id),
    carriers INTEGER NOT NULL,
    independent_sources INTEGER NOT NULL, -- distinct source chains (relays count once)
    single_source INTEGER NOT NULL
);
CREATE INDEX statements_speaker ON statements(speaker_actor_id);

CREATE TABLE statement_carriers (
    statement_id TEXT NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
    doc_id TEXT NOT NULL REFERENCES documents(id),
    quote_id TEXT NOT NULL,
    outlet_id TEXT,                       -- the carrying citation's outlet
    source_chain TEXT NOT NULL,           -- what independence is counted on
    date TEXT,
    earliest INTEGER NOT NULL,
    PRIMARY KEY (statement_id, doc_id, quote_id)
);
CREATE INDEX statement_carriers_quote ON statement_carriers(doc_id, quote_id);
"""

# Rows an actor's timeline walks, one per (actor, dated sentence of a current document) that
# mentions or quotes it, in timeline order. Written with the document, so always current.
ACTOR_SENTENCES_FILL = """
INSERT OR IGNORE INTO actor_sentences (actor_id, date, published, source_path, idx, doc_rowid, basis)
SELECT h.actor_id, c.date, coalesce(d.published, ''), d.source_path, c.idx, d.rowid, c.date_basis
FROM (SELECT doc_id, actor_id, sentence FROM mentions WHERE sentence IS NOT NULL
      UNION SELECT doc_id, speaker_actor_id, sentence FROM quotes
            WHERE speaker_actor_id IS NOT NULL AND sentence IS NOT NULL) h
JOIN claims c ON c.doc_id = h.doc_id AND c.idx = h.sentence
JOIN documents d ON d.id = h.doc_id
WHERE d.current = 1 AND c.date IS NOT NULL;
"""

# Version 3: what makes the actor and timeline --actor queries fast on big stores.
_V3 = f"""
CREATE TABLE actor_sentences (
    actor_id TEXT NOT NULL,               -- mentioned in or quoted by the sentence (not canonicalised)
    date TEXT NOT NULL,                   -- claims.date
    published TEXT NOT NULL,              -- documents.published, '' when unknown
    source_path TEXT NOT NULL,
    idx INTEGER NOT NULL,                 -- claims.idx
    doc_rowid INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
    basis TEXT,                           -- claims.date_basis
    PRIMARY KEY (actor_id, date, published, source_path, idx, doc_rowid)
) WITHOUT ROWID;
CREATE INDEX actor_sentences_doc ON actor_sentences(doc_rowid);
{ACTOR_SENTENCES_FILL}

CREATE TABLE actor_stats (
    actor_id TEXT PRIMARY KEY,            -- canonical actor id
    mentions INTEGER NOT NULL,
    documents INTEGER NOT NULL,           -- documents mentioning it
    quotes INTEGER NOT NULL               -- quotes it is the speaker of
);
CREATE TABLE actor_cooccurrence (
    actor_id TEXT NOT NULL,               -- canonical actor id
    other_id TEXT NOT NULL,               -- canonical id of an actor named in the same sentence
    sentences INTEGER NOT NULL,
    documents INTEGER NOT NULL,
    PRIMARY KEY (actor_id, other_id)
) WITHOUT ROWID;
CREATE INDEX actor_cooccurrence_rank ON actor_cooccurrence(actor_id, sentences DESC);
{ACTOR_STATS_FILL}
"""

# Version 4: places and events per document, and events resolved across documents.
_V4 = """
ALTER TABLE documents ADD COLUMN main_event TEXT;   -- events.id of the document's main event
ALTER TABLE findings ADD COLUMN event_id TEXT;      -- corpus findings: the corpus event concerned

CREATE TABLE places (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    surface TEXT NOT NULL,                -- as written
    name TEXT NOT NULL,                   -- gazetteer name
    country TEXT,                         -- ISO 3166-1 alpha-2
    admin1 TEXT,                          -- first-level division name
    latitude REAL,                        -- WGS84 decimal degrees
    longitude REAL,
    geonames_id INTEGER,
    feature TEXT,                         -- city | admin1 | country | district | base | crossing | road | region
    precision TEXT NOT NULL,              -- point | admin1 | country | region
    role TEXT NOT NULL,                   -- place | actor (a capital naming its government)
    confidence REAL,
    PRIMARY KEY (doc_id, start, "end")
);
CREATE INDEX places_map ON places(latitude, longitude) WHERE role = 'place' AND latitude IS NOT NULL;
CREATE INDEX places_name ON places(name, surface);

CREATE TABLE events (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    id TEXT NOT NULL,                     -- e1, e2, ... inside the document
    type TEXT NOT NULL,                   -- PLOVER type
    mode TEXT,
    source_actor TEXT,                    -- actors.id
    target_actor TEXT,
    source_name TEXT,
    target_name TEXT,
    date TEXT,                            -- ISO date
    date_precision TEXT NOT NULL,         -- sentence | citation | published | none
    place_name TEXT,
    place_admin1 TEXT,
    place_country TEXT,
    latitude REAL,
    longitude REAL,
    place_precision TEXT NOT NULL,        -- sentence | focus | none
    start INTEGER NOT NULL,               -- the predicate
    "end" INTEGER NOT NULL,
    sentence_start INTEGER,
    sentence_end INTEGER,
    citation TEXT,                        -- citations.id (same document) governing the sentence
    negated INTEGER NOT NULL,
    modality TEXT NOT NULL,               -- asserted | planned | hypothetical | reported-intent
    confidence REAL NOT NULL,
    is_main INTEGER NOT NULL,
    PRIMARY KEY (doc_id, id)
);
CREATE INDEX events_date ON events(date, type);
CREATE INDEX events_type ON events(type, date);
CREATE INDEX events_source ON events(source_actor, date);
CREATE INDEX events_target ON events(target_actor, date);

CREATE TABLE corpus_events (
    id TEXT PRIMARY KEY,                  -- ev:<hash>
    type TEXT NOT NULL,
    mode TEXT,                            -- the earliest carrier's mode
    source_actor TEXT,                    -- canonical actor id
    target_actor TEXT,
    source_name TEXT,
    target_name TEXT,
    date TEXT,                            -- earliest carrier's date (ISO)
    last_date TEXT,
    place_name TEXT,
    place_admin1 TEXT,
    place_country TEXT,
    latitude REAL,
    longitude REAL,
    status TEXT NOT NULL,                 -- asserted | negated | planned | hypothetical | reported-intent
    happened INTEGER NOT NULL,            -- 1 for asserted, non-negated events
    sentence TEXT,                        -- the earliest carrier's sentence
    first_doc_id TEXT REFERENCES documents(id),
    carriers INTEGER NOT NULL,            -- documents reporting it
    independent_sources INTEGER NOT NULL  -- distinct source chains (relays count once)
);
CREATE INDEX corpus_events_date ON corpus_events(date, type);
CREATE INDEX corpus_events_type ON corpus_events(type, date);
CREATE INDEX corpus_events_source ON corpus_events(source_actor, date);
CREATE INDEX corpus_events_target ON corpus_events(target_actor, date);

CREATE TABLE event_carriers (
    corpus_event_id TEXT NOT NULL REFERENCES corpus_events(id) ON DELETE CASCADE,
    doc_id TEXT NOT NULL REFERENCES documents(id),
    event_id TEXT NOT NULL,
    outlet_id TEXT,                       -- the outlet of the citation carrying it
    source_chain TEXT NOT NULL,           -- what independence is counted on
    date TEXT,
    earliest INTEGER NOT NULL,
    PRIMARY KEY (corpus_event_id, doc_id, event_id)
);
CREATE INDEX event_carriers_event ON event_carriers(doc_id, event_id);
"""

# Version 5: indexes for the situation report and the web pages on big stores: a statement's or
# an event's first carriers read from an index range, documents counted by date from the index,
# places found by the spelling a document uses.
_V5 = """
CREATE INDEX statement_carriers_first ON statement_carriers(statement_id, earliest DESC, date, doc_id, quote_id);
CREATE INDEX event_carriers_first ON event_carriers(corpus_event_id, earliest DESC, date, doc_id, event_id);
CREATE INDEX documents_published_current ON documents(published, current);
CREATE INDEX places_surface ON places(surface COLLATE NOCASE, role, name);
"""

# Version 6: the home area each document was read with (where its outlet is based; see
# resolve/home_areas.py), the record's home_area. Documents stored before have none.
_V6 = """
CREATE TABLE home_areas (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    name TEXT NOT NULL,                   -- "Paris, Texas", "Texas", "United States"
    country TEXT,                         -- ISO 3166-1 alpha-2
    admin1 TEXT,                          -- first-level division name
    latitude REAL,                        -- the town's point; NULL for a division or a country
    longitude REAL,
    source TEXT NOT NULL                  -- option (--home) | document (the input's home) | learned
);
CREATE INDEX home_areas_source ON home_areas(source, name);
"""

MIGRATIONS: list[tuple[int, str]] = [(1, _V1), (2, _V2), (3, _V3), (4, _V4), (5, _V5), (6, _V6)]
SCHEMA_VERSION = MIGRATIONS[-1][0]
