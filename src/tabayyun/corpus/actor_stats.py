"""The per-actor aggregates the actor query reads (``actor_stats``, ``actor_cooccurrence``),
counted over canonical actor ids: the schema migration fills them once, every resolution again."""

from __future__ import annotations

import sqlite3

__all__ = ["ACTOR_STATS_FILL", "fill_actor_stats"]

# Per canonical actor aggregates over current documents, rebuilt by every resolution.
ACTOR_STATS_FILL = """
DELETE FROM actor_stats;
INSERT INTO actor_stats (actor_id, mentions, documents, quotes)
SELECT actor, sum(mentions), sum(documents), sum(quotes) FROM (
    SELECT coalesce(a.canonical_id, a.id) AS actor, count(*) AS mentions, count(DISTINCT m.doc_id) AS documents,
           0 AS quotes
    FROM mentions m JOIN actors a ON a.id = m.actor_id JOIN documents d ON d.id = m.doc_id
    WHERE d.current = 1 GROUP BY 1
    UNION ALL
    SELECT coalesce(a.canonical_id, a.id), 0, 0, count(*)
    FROM quotes q JOIN actors a ON a.id = q.speaker_actor_id JOIN documents d ON d.id = q.doc_id
    WHERE d.current = 1 GROUP BY 1
) GROUP BY actor;
DELETE FROM actor_cooccurrence;
DROP TABLE IF EXISTS temp.actor_sentence_keys;
-- (canonical actor, document, sentence) for every current mention
CREATE TEMP TABLE actor_sentence_keys AS
SELECT DISTINCT coalesce(a.canonical_id, a.id) AS actor, m.doc_id, m.sentence
FROM mentions m JOIN actors a ON a.id = m.actor_id JOIN documents d ON d.id = m.doc_id
WHERE d.current = 1 AND m.sentence IS NOT NULL;
CREATE INDEX temp.actor_sentence_keys_at ON actor_sentence_keys(doc_id, sentence, actor);
INSERT INTO actor_cooccurrence (actor_id, other_id, sentences, documents)
SELECT s1.actor, s2.actor, count(*), count(DISTINCT s1.doc_id)
FROM temp.actor_sentence_keys s1
JOIN temp.actor_sentence_keys s2 ON s2.doc_id = s1.doc_id AND s2.sentence = s1.sentence AND s2.actor != s1.actor
GROUP BY s1.actor, s2.actor;
DROP TABLE temp.actor_sentence_keys;
"""


def fill_actor_stats(conn: sqlite3.Connection) -> None:
    """Rebuild ``actor_stats`` and ``actor_cooccurrence`` from the current documents."""
    for statement in ACTOR_STATS_FILL.split(";\n"):
        if statement.strip():
            conn.execute(statement)
