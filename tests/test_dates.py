from __future__ import annotations

import datetime as dt
import re

import pytest

from tabayyun.extract.dates import extract_dates, infer_day_first, parse_date_expression
from tabayyun.extract.dates.patterns import PATTERNS
from tabayyun.extract.dates.resolve import RESOLVERS, check_resolvers
from tabayyun.extract.dates.scan import SCANNERS, normalize
from tabayyun.extract.hijri import hijri_month_number, hijri_to_gregorian

PUBLISHED = dt.date(2016, 12, 14)


def values(text: str, **kwargs) -> dict[str, str]:
    return {m.surface: m.value for m in extract_dates(text, **kwargs)}


def test_offsets_always_point_at_the_surface() -> None:
    text = "Lavrov visited Turkey on 30/11/2016 and spoke again on Thursday, 1st December."
    mentions = extract_dates(text, reference=PUBLISHED)
    assert [m.surface for m in mentions] == ["30/11/2016", "Thursday, 1st December"]
    for m in mentions:
        assert text[m.start : m.end] == m.surface


@pytest.mark.parametrize(
    ("surface", "value", "weekday"),
    [
        ("28/11/2016 CE", "2016-11-28", None),
        ("30 / 11/2016", "2016-11-30", None),
        ("Saturday, 26/11/2016", "2016-11-26", 5),
        ("14 December, 2016", "2016-12-14", None),
        ("December 14, 2016", "2016-12-14", None),
        ("Monday November 28th", "2016-11-28", 0),
        ("Thursday, 1st December", "2016-12-01", 3),
        ("Saturday 3rd December", "2016-12-03", 5),
        ("Monday 5th December", "2016-12-05", 0),
        ("November 2016", "2016-11", None),
    ],
)
def test_seed_style_expressions(surface: str, value: str, weekday: int | None) -> None:
    mention = parse_date_expression(surface, day_first=True, reference=PUBLISHED)
    assert mention is not None
    assert (mention.start, mention.end) == (0, len(surface))
    assert mention.value == value
    assert mention.weekday == weekday
    assert mention.type == "DATE"


def test_year_of_a_yearless_date_comes_from_the_anchor() -> None:
    mention = parse_date_expression("Thursday, 1st December", reference=dt.date(2017, 1, 3))
    assert mention is not None
    assert mention.value == "2016-12-01"  # nearer to the anchor than 2017-12-01
    assert mention.relative


def test_infer_day_first() -> None:
    assert infer_day_first("Talks on 28/11/2016 and again on 5/12/2016.") is True
    assert infer_day_first("Talks on 11/28/2016 and again on 12/5/2016.") is False
    assert infer_day_first("Talks on 5/12/2016.") is None
    assert infer_day_first("No numeric dates here.") is None


def test_ambiguous_numeric_date_keeps_the_other_reading() -> None:
    text = "Lavrov spoke in Alanya (BBC Arabic, 12/01/2016) after the vote of 28/11/2016."
    (first, second) = extract_dates(text)
    assert first.surface == "12/01/2016"
    assert first.value == "2016-01-12"
    assert first.alternative == "2016-12-01"
    assert second.value == "2016-11-28"
    assert second.alternative is None  # 28 cannot be a month

    month_first = extract_dates("Posted 12/01/2016 and 11/28/2016.")
    assert [m.value for m in month_first] == ["2016-12-01", "2016-11-28"]
    assert month_first[0].alternative == "2016-01-12"


def test_explicit_day_first_overrides_inference() -> None:
    (mention,) = extract_dates("On 3/4/2016 the talks began.", day_first=False)
    assert mention.value == "2016-03-04"
    assert mention.alternative == "2016-04-03"


def test_russia_today_is_not_a_date() -> None:
    text = "Lavrov added that talks will continue. (Russia Today, 1/12/2016)"
    outlet = (text.index("Russia Today"), text.index("Russia Today") + len("Russia Today"))
    for blocked in ((), (outlet,)):
        mentions = extract_dates(text, reference=PUBLISHED, blocked=blocked)
        assert [m.surface for m in mentions] == ["1/12/2016"]
    # the ordinary word still is one
    assert values("The council meets today.", reference=PUBLISHED) == {"today": "2016-12-14"}


def test_blocked_spans_yield_nothing() -> None:
    text = "He wrote in The Sunday Times on Sunday."
    start = text.index("Sunday Times")
    mentions = extract_dates(text, reference=PUBLISHED, blocked=[(start, start + len("Sunday Times"))])
    assert [m.surface for m in mentions] == ["Sunday"]
    assert mentions[0].start == text.rindex("Sunday")


def test_numbers_that_are_not_dates() -> None:
    text = (
        "Resolution 2254 was cited at least three times by 2,000 officials at 10:30, "
        "and 1500 troops moved."
    )
    assert [m for m in extract_dates(text, reference=PUBLISHED) if m.type == "DATE"] == []


def test_hijri_dates_are_converted() -> None:
    assert hijri_to_gregorian(1438, 3, 8) == dt.date(2016, 12, 7)
    for name, number in [
        ("Rabii' I", 3), ("Rabi’ al-Awwal", 3), ("Rabi al-Thani", 4), ("Jumada al-Ula", 5),
        ("Jumadil Akhir", 6), ("Ramadhan", 9), ("Dhul Hijjah", 12), ("Dhu al-Qi'dah", 11),
        ("ربيع الأول", 3), ("ذو الحجة", 12),
    ]:  # fmt: skip
        assert hijri_month_number(name) == number, name

    mention = parse_date_expression("Wednesday 8th Rabii’ I 1438 AH")
    assert mention is not None
    assert mention.calendar == "hijri"
    assert mention.value == mention.gregorian == "2016-12-07"
    assert mention.weekday == 2
    assert mention.surface == "Wednesday 8th Rabii’ I 1438 AH"

    arabic = parse_date_expression("الأربعاء 8 ربيع الأول 1438 هـ")
    assert arabic is not None and arabic.value == "2016-12-07" and arabic.weekday == 2

    numeric = parse_date_expression("08-03-1438 AH")
    assert numeric is not None and numeric.calendar == "hijri" and numeric.value == "2016-12-07"


def test_arabic_gregorian_month_names() -> None:
    for surface in ("7 كانون الأول 2016", "7 ديسمبر 2016", "٧ ديسمبر ٢٠١٦ م"):
        mention = parse_date_expression(surface)
        assert mention is not None, surface
        assert mention.value == "2016-12-07"
        assert mention.calendar == "gregorian"
    assert parse_date_expression("1 كانون الثاني 2017").value == "2017-01-01"  # type: ignore[union-attr]

    text = "يوم الأربعاء 7 كانون الأول 2016 وفي ٨ ربيع الأول ١٤٣٨هـ الموافق 13/12/2016م"
    found = extract_dates(text)
    assert [(m.surface, m.value, m.calendar, m.weekday) for m in found] == [
        ("يوم الأربعاء 7 كانون الأول 2016", "2016-12-07", "gregorian", 2),
        ("٨ ربيع الأول ١٤٣٨هـ", "2016-12-07", "hijri", None),
        ("13/12/2016م", "2016-12-13", "gregorian", None),
    ]
    assert infer_day_first(text) is True


def test_relative_expressions_resolve_against_the_anchor() -> None:
    text = (
        "Cavusoglu met Lavrov in Turkey on Thursday. (BBC, 2/12/2016) "
        "Lavrov said talks will start tomorrow evening or Wednesday morning. (Dar Al-Hayat, 05/12/2016)"
    )
    cut = text.index("Lavrov said")

    def anchor_at(offset: int) -> tuple[dt.date, str] | None:
        return (dt.date(2016, 12, 2), "citation:c1") if offset < cut else (dt.date(2016, 12, 5), "citation:c2")

    found = {m.surface: m for m in extract_dates(text, reference=PUBLISHED, anchor_at=anchor_at)}
    thursday = found["Thursday"]
    assert (thursday.value, thursday.anchor, thursday.relative, thursday.weekday) == (
        "2016-12-01", "citation:c1", True, 3,
    )  # fmt: skip
    assert found["tomorrow evening"].value == "2016-12-06TEV"
    assert found["tomorrow evening"].anchor == "citation:c2"
    assert found["Wednesday morning"].value.startswith("2016-12-07")
    assert found["2/12/2016"].relative is False


def test_relative_expressions_fall_back_to_publication_date() -> None:
    text = "The envoy arrived yesterday. Talks resume next month; last week was quiet, this year too."
    found = {m.surface: m for m in extract_dates(text, reference=PUBLISHED)}
    assert found["yesterday"].value == "2016-12-13"
    assert found["yesterday"].anchor == "published"
    assert found["next month"].value == "2017-01"
    assert found["last week"].value == "2016-W49"
    assert found["this year"].value == "2016"


def test_past_and_future_weekdays() -> None:
    monday = dt.date(2016, 12, 5)
    (past,) = extract_dates("The ministers met on Thursday.", reference=monday)
    (future,) = extract_dates("The ministers will meet on Thursday.", reference=monday)
    assert past.value == "2016-12-01"
    assert future.value == "2016-12-08"


def test_tense_from_a_spacy_parse(nlp) -> None:
    text = "The envoy said the two sides meet on Friday in Geneva."
    doc = nlp(text)
    (mention,) = extract_dates(text, reference=dt.date(2016, 12, 5), doc=doc)
    assert mention.value == "2016-12-09"

    # the parse may cover only part of the text: doc_offset places it
    prefix = "Earlier, in 2015, nothing moved. "
    (year, friday) = extract_dates(prefix + text, reference=dt.date(2016, 12, 5), doc=doc, doc_offset=len(prefix))
    assert (year.value, friday.value) == ("2015", "2016-12-09")
    assert friday.start == len(prefix) + text.index("Friday")


def test_vague_and_year_expressions() -> None:
    found = values("Now the war, which began in 2011, is in the third quarter of its fiscal life.", reference=PUBLISHED)
    assert found["Now"] == "PRESENT_REF"
    assert found["2011"] == "2011"
    assert values("in the near future", reference=PUBLISHED) == {"the near future": "FUTURE_REF"}
    assert values("He left two years ago.", reference=PUBLISHED) == {"two years ago": "2014"}


def test_spelled_years_and_holidays() -> None:
    found = values("In nineteen ninety-six, before Thanksgiving Day, and again in mid-1996.", reference=dt.date(1998, 2, 2))
    assert found == {"nineteen ninety-six": "1996", "Thanksgiving Day": "1997-11-27", "mid-1996": "1996"}


def test_seed_numeric_dates_are_all_found(seed_text: str) -> None:
    found = extract_dates(seed_text, reference=PUBLISHED)
    assert infer_day_first(seed_text) is True
    numeric = list(re.finditer(r"\d{1,2}\s*/\s*\d{1,2}/\d{4}", seed_text))
    assert len(numeric) >= 20
    for match in numeric:
        covering = [m for m in found if m.start <= match.start() and match.end() <= m.end]
        assert len(covering) == 1, match.group(0)
        mention = covering[0]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", mention.value)
    # "Russia Today" appears many times in the seed and is never a date
    for m in found:
        assert not (m.surface == "Today" and seed_text[m.start - 7 : m.start] == "Russia ")
    hijri = [m for m in found if m.calendar == "hijri"]
    assert [(m.value, m.weekday) for m in hijri] == [("2016-12-07", 2)]


def test_clock_time_before_a_day_is_one_time_expression() -> None:
    wednesday = dt.date(1998, 2, 13)
    found = extract_dates("Talks broke off at noon Thursday and resumed at 10 p.m. Wednesday.", reference=wednesday)
    assert [(m.surface, m.value, m.type) for m in found] == [
        ("noon Thursday", "1998-02-12T12:00", "TIME"),
        ("10 p.m. Wednesday", "1998-02-11T22:00", "TIME"),
    ]
    (deadline,) = extract_dates("The offer runs until 5 p.m. EST Nov. 9.", reference=dt.date(1989, 11, 2))
    assert (deadline.surface, deadline.value, deadline.type) == ("5 p.m. EST Nov. 9", "1989-11-09T17:00", "TIME")
    # a clock time alone is left alone, and a weekday without one stays a DATE
    assert [m.type for m in extract_dates("He left at 9 a.m. and came back Tuesday.", reference=wednesday)] == ["DATE"]


def test_latest_and_current_quarter_come_from_the_anchor() -> None:
    found = values("Profit fell in the latest quarter and the current quarter began well.", reference=dt.date(1989, 10, 26))
    assert found == {"the latest quarter": "1989-Q3", "the current quarter": "1989-Q4"}


def test_year_ago_compares_with_the_quarter_the_report_is_about() -> None:
    text = (
        "Third-quarter profit rose 20%. A fourth-quarter charge is expected. "
        "Net income was $5 million a year ago."
    )
    found = values(text, reference=dt.date(1989, 11, 1))
    assert found["Third-quarter"] == "1989-Q3"
    assert found["fourth-quarter"] == "1989-Q4"
    assert found["a year ago"] == "1988-Q3"


def test_payable_and_effective_dates_lie_ahead() -> None:
    found = values("It declared a dividend payable Dec. 1 and a pact effective Jan. 15.", reference=dt.date(1989, 6, 1))
    assert found == {"Dec. 1": "1989-12-01", "Jan. 15": "1990-01-15"}
    # without such a word the nearer past reading wins
    assert values("It declared a dividend on Dec. 1.", reference=dt.date(1989, 6, 1)) == {"Dec. 1": "1988-12-01"}


def test_decades_written_in_words_or_short() -> None:
    found = values("Numbers fell through the nineties, rose in the '80s and peaked in the 1970s.", reference=PUBLISHED)
    assert found == {"the nineties": "199", "the '80s": "198", "the 1970s": "197"}


def test_a_past_plan_does_not_push_the_weekday_ahead(nlp) -> None:
    text = "On Friday, the Kenyan government planned to send more aid."
    (mention,) = extract_dates(text, reference=dt.date(1998, 9, 30), doc=nlp(text))
    assert mention.value == "1998-09-25"


def test_amounts_before_later_or_before_are_durations() -> None:
    # TimeML: "ago" and "earlier" belong to the date; "later" / "before" are signals after a duration
    found = {m.surface: (m.value, m.type) for m in extract_dates(
        "Two days ago the talks resumed; three days later they broke down, ten days before the vote.",
        reference=dt.date(2005, 3, 10),
    )}
    assert found["Two days ago"] == ("2005-03-08", "DATE")
    assert found["three days"] == ("P3D", "DURATION")
    assert found["ten days"] == ("P10D", "DURATION")


def test_year_ago_follows_a_later_finished_quarter() -> None:
    text = (
        "Acme posted record profit in its fiscal first quarter. "
        "Separately, Zenith said third-quarter net rose 10% from a year earlier."
    )
    found = values(text, reference=dt.date(2001, 10, 20))
    assert found["a year earlier"] == "2000-Q3"
    # an earlier quarter named for contrast does not take over
    text = "Third-quarter net rose. After a weak second quarter, sales improved from a year ago."
    assert values(text, reference=dt.date(2001, 10, 20))["a year ago"] == "2000-Q3"


def test_older_years_prefixed_years_election_day_and_early_summer() -> None:
    found = values(
        "The port was built in 1865. Post-1990 rules, set before Election Day, eased from the early summer.",
        reference=dt.date(2004, 10, 1),
    )
    assert found["1865"] == "1865"
    assert found["1990"] == "1990"
    assert found["Election Day"] == "2004-11-02"
    assert found["the early summer"] == "2004-SU"
    # a bare older number is not a year
    assert values("The club has 1865 members.", reference=dt.date(2004, 10, 1)) == {}


def test_recurring_expressions_are_sets() -> None:
    found = {m.surface: (m.value, m.type) for m in extract_dates(
        "Crowds gathered almost daily. Inspectors visit every two weeks, each Friday and every March, "
        "and the daily paper reports it.",
        reference=PUBLISHED,
    )}
    assert found == {
        "daily": ("P1D", "SET"),
        "every two weeks": ("P2W", "SET"),
        "each Friday": ("XXXX-WXX-5", "SET"),
        "every March": ("XXXX-03", "SET"),
    }
    assert parse_date_expression("every Friday", reference=PUBLISHED) is None


def test_that_year_and_the_following_month_take_the_last_named_date() -> None:
    text = (
        "She moved to Lyon in June 2003 and left later that year. On 4 May 2006 she married; "
        "the following month they moved, and the following year a son was born. "
        "Prices rose over the following year."
    )
    found = extract_dates(text, reference=dt.date(2010, 1, 5))
    by_surface = {m.surface: (m.value, m.type) for m in found}
    assert by_surface["later that year"] == ("2003", "DATE")
    assert by_surface["the following month"] == ("2006-06", "DATE")
    assert [m.value for m in found if m.surface == "the following year"] == ["2007", "P1Y"]
    # with no date before it, "that year" is left alone
    assert values("Nothing happened that year.", reference=dt.date(2010, 1, 5)) == {}
    assert values("The following year was hard.", reference=dt.date(2010, 1, 5)) == {"The following year": "P1Y"}


def test_programme_titles_and_fiscal_years_ended() -> None:
    found = {m.surface: (m.value, m.type) for m in extract_dates(
        'The minister told CBS\'s "This Week" that in the fiscal year ended March 31 exports fell.',
        reference=dt.date(2007, 5, 2),
    )}
    assert "This Week" not in found
    assert found["the fiscal year"] == ("P1Y", "DURATION")


def test_rates_and_fractions_are_not_durations() -> None:
    text = (
        "The plant ships 3,000 tonnes a day and earns $40 million a year; guards work 12 hours a week. "
        "Exports make up three-quarters of its income and more than a quarter of the market."
    )
    assert [m.surface for m in extract_dates(text, reference=PUBLISHED)] == ["12 hours"]
    # a stretch of time after a verb or a preposition stays a duration
    found = values("The repairs took a year, after several quarters of losses.", reference=PUBLISHED)
    assert found == {"a year": "P1Y", "several quarters": "PXQ"}
    assert values("Both sides met a week later.", reference=PUBLISHED) == {"a week": "P1W"}


def test_one_day_after_a_modal_is_some_day() -> None:
    found = extract_dates("She hopes the city will one day host the games. The strike lasted one day.", reference=PUBLISHED)
    assert [(m.surface, m.value, m.type) for m in found] == [
        ("one day", "FUTURE_REF", "DATE"),
        ("one day", "P1D", "DURATION"),
    ]


def test_the_week_of_a_day_is_its_iso_week() -> None:
    found = values("The trial opens the week of Jan. 9, after the week of 28 December 2016.", reference=PUBLISHED)
    assert found == {"the week of Jan. 9": "2017-W02", "the week of 28 December 2016": "2016-W52"}


def test_half_units_in_durations() -> None:
    found = values("The siege lasted 2 1/2 years; the flight took 5 1/2 hours.", reference=PUBLISHED)
    assert found == {"2 1/2 years": "P2Y6M", "5 1/2 hours": "PT5H30M"}


def test_year_ago_after_a_nine_month_total_is_the_year(nlp) -> None:
    text = (
        "The shipyard said third-quarter profit rose to $12 million from $9 million a year earlier. "
        "For the nine months, profit reached $30 million, up from $21 million a year earlier, "
        "and year-earlier sales were lower."
    )
    found = extract_dates(text, reference=dt.date(1989, 10, 26))
    assert [m.value for m in found if "year" in m.surface.lower()] == ["1988-Q3", "1988", "1988"]
    # the same with a parse: the sentence decides
    parsed = extract_dates(text, reference=dt.date(1989, 10, 26), doc=nlp(text))
    assert [m.value for m in parsed if "year" in m.surface.lower()] == ["1988-Q3", "1988", "1988"]


def test_the_next_few_days_is_a_stretch_of_time() -> None:
    found = extract_dates("Aid convoys are expected to reach the town in the next few days.", reference=PUBLISHED)
    assert [(m.surface, m.value, m.type) for m in found] == [("the next few days", "PXD", "DURATION")]
    assert values("Talks will resume in the coming weeks.", reference=PUBLISHED) == {"the coming weeks": "FUTURE_REF"}


def test_today_for_the_present_era_is_not_a_date() -> None:
    text = "Militias shape the lives of today's young people, and the leaders of tomorrow grow up in camps."
    assert values(text, reference=PUBLISHED) == {}
    assert values("The ministers discuss today's ceasefire proposal.", reference=PUBLISHED) == {"today": "2016-12-14"}


def test_days_joined_to_a_dated_day_share_its_month() -> None:
    found = values("Envoys will meet in Geneva on January 9 and 10, after talks held on 5 and 6 December 2016.", reference=PUBLISHED)
    assert found == {"January 9": "2017-01-09", "10": "2017-01-10", "5": "2016-12-05", "6 December 2016": "2016-12-06"}
    # a number that counts something is left alone
    assert list(values("On March 3 and 4 rockets hit the port.", reference=PUBLISHED)) == ["March 3"]


def test_spelled_ordinal_days_from_transcripts() -> None:
    found = values("The referendum is set for March eighth; it was first called on the twenty-first of May 2015.", reference=PUBLISHED)
    assert found == {"March eighth": "2017-03-08", "the twenty-first of May 2015": "2015-05-21"}


def test_guarded_scanners_find_what_the_patterns_find() -> None:
    text = normalize(
        "On Tuesday, 29/11/2016 the envoy met rebels; on 8th Rabii' I 1438 AH and 7 كانون الأول 2016 "
        "talks resumed. Late last week, 3 days ago, in the third quarter of 2015 and the 1990s, "
        "fighting flared at 9 a.m. Monday. The year-earlier figures, nine months, two thousand."
    )
    for (kind, pattern), (_, scanner) in zip(PATTERNS, SCANNERS, strict=True):
        plain = [m.span() for m in pattern.finditer(text)]
        assert [m.span() for m in scanner.finditer(text)] == plain, kind


def test_every_pattern_kind_needs_a_resolver() -> None:
    check_resolvers(PATTERNS, RESOLVERS)
    with pytest.raises(LookupError, match="fortnight"):
        check_resolvers([*PATTERNS, ("fortnight", re.compile("fortnight"))], RESOLVERS)
