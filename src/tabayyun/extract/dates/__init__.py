"""Date expressions: detection with own patterns, TimeML normalisation, anchoring.

The extractor finds explicit dates (numeric ``28/11/2016 CE``, textual ``14 December,
2016``, ``Monday November 28th``), Hijri dates (``8th Rabii' I 1438 AH``, Arabic month
names), Arabic Gregorian dates (``7 كانون الأول 2016``) and relative expressions
(``on Thursday``, ``yesterday``, ``last week``, ``the third quarter``, ``now``).  Relative
ones are resolved against an anchor: the caller's ``anchor_at`` callback (for example the
date of the citation that carries the sentence) or the publication date.

Values follow the TimeML convention (``2016-12-01``, ``2016-12``, ``2016``,
``2016-W48``, ``2016-Q4``, ``PRESENT_REF``, ``P3D`` ...).
"""

from tabayyun.extract.dates.context import AnchorFn, infer_day_first
from tabayyun.extract.dates.extractor import extract_dates, parse_date_expression
from tabayyun.extract.dates.vocabulary import MONTHS, WEEKDAYS

__all__ = ["MONTHS", "WEEKDAYS", "AnchorFn", "extract_dates", "infer_day_first", "parse_date_expression"]
