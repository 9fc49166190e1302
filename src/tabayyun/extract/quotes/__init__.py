"""Quote and attribution extraction: who said what, with which cue, at which offsets.

Two kinds of quotes are found in a parsed spaCy ``Doc``:

* **direct** quotes: text between quotation marks (``"..."``, ``“...”``, ``«...»``,
  ``‘...’``, ``''...''``). Marks are paired with a tolerant scanner that never fails on an
  odd number of marks (plural possessives such as ``analysts'`` are not quotes), nested
  quotes are kept, and the speaker and cue are looked for after the closing mark
  (``"...," he said``), before the opening mark (``Lavrov added: "..."``), among the
  quote's syntactic ancestors, or inherited from the previous quote (continuations).
* **indirect** quotes (reported speech): the clausal complement of a cue verb from the
  lexicon (``Lavrov said that ...``), a clause with a parenthetical cue (``..., the
  official said.``), a colon after a cue (``He said: ...``), a cue noun with a complement
  (``the statement that ...``), and ``according to X, ...``.

``Quote.text``/``start``/``end`` is the quoted content without the quotation marks for
direct quotes, and the reported clause (with its complementiser ``that``) for indirect
ones, always as absolute offsets (``offset`` + the doc's character offsets).

The modules: ``marks`` (quotation marks), ``lexicon`` (the cue lexicon), ``sources`` (a cue's
subject), ``reported`` (reported speech by syntax), ``nouns`` and ``stance`` (noun and stance
attributions), ``transcripts`` (labelled lines), ``indirect`` and ``direct`` (the two passes),
``speakers`` (making a quote's speaker), ``merge`` (combining the candidates) and ``extract``
(the entry point).
"""

from tabayyun.extract.quotes.extract import extract_quotes
from tabayyun.extract.quotes.lexicon import LEXICON_PATH, Lexicon, load_lexicon
from tabayyun.extract.quotes.marks import MARK_RE, QuoteSpan, find_quote_spans
from tabayyun.extract.quotes.speakers import make_speaker

__all__ = [
    "LEXICON_PATH",
    "MARK_RE",
    "Lexicon",
    "QuoteSpan",
    "extract_quotes",
    "find_quote_spans",
    "load_lexicon",
    "make_speaker",
]
