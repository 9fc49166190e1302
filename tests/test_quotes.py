from __future__ import annotations

import pytest

from tabayyun.extract.quotes import extract_quotes, find_quote_spans, load_lexicon
from tabayyun.model import Quote


def quotes_of(nlp, text: str, offset: int = 0) -> list[Quote]:
    found = extract_quotes(nlp(text), offset=offset)
    for q in found:
        full = " " * offset + text
        assert full[q.start : q.end] == q.text
        if q.cue is not None:
            assert full[q.cue.start : q.cue.end] == q.cue.text
        if q.speaker is not None:
            assert full[q.speaker.start : q.speaker.end] == q.speaker.surface
    return found


def only(found: list[Quote], kind: str) -> list[Quote]:
    return [q for q in found if q.kind == kind]


def test_direct_quote_with_cue_after(nlp) -> None:
    text = '"We agree on the need for a cease-fire," Cavusoglu said on Thursday.'
    (q,) = only(quotes_of(nlp, text), "direct")
    assert q.text == "We agree on the need for a cease-fire,"
    assert q.cue is not None and q.cue.text == "said"
    assert q.speaker is not None and q.speaker.name == "Cavusoglu"
    assert q.speaker.kind == "name"


def test_direct_quote_with_cue_before_and_colon(nlp) -> None:
    text = 'Sergey Lavrov added: "Russia and Turkey will continue talks."'
    (q,) = only(quotes_of(nlp, text), "direct")
    assert q.text == "Russia and Turkey will continue talks."
    assert q.cue is not None and q.cue.text == "added"
    assert q.speaker is not None and q.speaker.name == "Sergey Lavrov"


def test_inverted_said_speaker(nlp) -> None:
    text = "“This is a tragedy for the whole region,” said Rami Abdul Rahman."
    (q,) = only(quotes_of(nlp, text), "direct")
    assert q.speaker is not None and "Rahman" in q.speaker.surface
    assert q.cue is not None and q.cue.text == "said"


def test_reported_speech_that_clause_includes_complementiser(nlp) -> None:
    text = "Lavrov said that Russia and the US will start talks in Geneva."
    (q,) = quotes_of(nlp, text)
    assert q.kind == "indirect"
    assert q.text == "that Russia and the US will start talks in Geneva"
    assert q.cue is not None and q.cue.text == "said"
    assert q.speaker is not None and q.speaker.name == "Lavrov"


def test_told_y_that(nlp) -> None:
    text = "The minister told reporters that the talks had failed."
    (q,) = quotes_of(nlp, text)
    assert q.text == "that the talks had failed"
    assert q.cue is not None and q.cue.text == "told"
    assert q.speaker is not None and q.speaker.kind == "role"
    assert q.speaker.name is None


def test_pronoun_speaker_resolves_to_previous_person(nlp) -> None:
    text = (
        "Vladimir Putin met the delegation in Moscow on Monday. "
        "He stressed that the ceasefire must hold."
    )
    (q,) = quotes_of(nlp, text)
    assert q.speaker is not None and q.speaker.kind == "pronoun"
    assert q.speaker.surface == "He"
    assert q.speaker.name == "Vladimir Putin"
    assert text[q.speaker.antecedent_start : q.speaker.antecedent_end] == "Vladimir Putin"


def test_role_noun_speaker(nlp) -> None:
    text = "The Russian Foreign Minister revealed that Kerry had delivered new proposals."
    (q,) = quotes_of(nlp, text)
    assert q.speaker is not None
    assert q.speaker.surface == "The Russian Foreign Minister"
    assert q.speaker.kind == "role" and q.speaker.name is None
    assert q.cue is not None and q.cue.text == "revealed"


def test_parenthetical_cue_after_clause(nlp) -> None:
    text = "The convoy was attacked near the border, the official said."
    (q,) = quotes_of(nlp, text)
    assert q.kind == "indirect"
    assert q.text == "The convoy was attacked near the border"
    assert q.speaker is not None and q.speaker.surface == "the official"


def test_according_to(nlp) -> None:
    text = "According to the Syrian Observatory, dozens of fighters were killed in Aleppo."
    (q,) = quotes_of(nlp, text)
    assert q.cue is not None and q.cue.text == "According to"
    assert q.text == "dozens of fighters were killed in Aleppo"
    assert q.speaker is not None and "Observatory" in q.speaker.surface


def test_passive_report_has_no_speaker(nlp) -> None:
    text = "It was reported that the airport had been closed."
    (q,) = quotes_of(nlp, text)
    assert q.text == "that the airport had been closed"
    assert q.speaker is None


def test_first_person_opinion_is_not_an_attribution(nlp) -> None:
    assert quotes_of(nlp, "I think the weather will improve tomorrow.") == []


def test_unbalanced_quote_marks_do_not_crash(nlp) -> None:
    text = 'The analysts\' views differ, and "the talks are over," he said. He left" early.'
    found = quotes_of(nlp, text)
    direct = only(found, "direct")
    assert [q.text for q in direct] == ["the talks are over,"]


def test_nested_quotes_and_continuation(nlp) -> None:
    text = (
        'Russia reported: “Yuri Ushakov said: "The efforts are intense." '
        'And he added: "We can describe these efforts as incredible."”'
    )
    direct = only(quotes_of(nlp, text), "direct")
    texts = [q.text for q in direct]
    assert "The efforts are intense." in texts
    assert "We can describe these efforts as incredible." in texts
    inner = {q.text: q for q in direct}
    assert inner["The efforts are intense."].speaker.name == "Yuri Ushakov"
    added = inner["We can describe these efforts as incredible."]
    assert added.cue is not None and added.cue.text == "added"
    assert added.speaker is not None and added.speaker.name == "Yuri Ushakov"


def test_offsets_are_absolute(nlp) -> None:
    text = 'Erdogan said: "We entered Syria with the Free Syrian Army."'
    (q,) = only(quotes_of(nlp, text, offset=100), "direct")
    assert q.start == 100 + text.index("We entered")
    assert q.id == "q1"


def test_quote_span_pairing_ignores_apostrophes() -> None:
    text = "The rebels' leader said 'we won't leave' and left."
    spans = find_quote_spans(text)
    assert [text[s.open_end : s.close_start] for s in spans] == ["we won't leave"]


def test_lexicon_is_loaded_from_data() -> None:
    lex = load_lexicon()
    assert {"say", "stress", "deny", "warn"} <= lex.verbs
    assert "statement" in lex.nouns
    assert ("according", "to") in lex.phrases


@pytest.fixture(scope="module")
def seed_quotes(nlp, seed_text: str) -> list[Quote]:
    return extract_quotes(nlp(seed_text))


def test_seed_ushakov_direct_quotes(seed_quotes: list[Quote], seed_text: str) -> None:
    ushakov = [
        q for q in seed_quotes
        if q.kind == "direct" and q.speaker is not None and q.speaker.name == "Yuri Ushakov"
    ]
    texts = " ".join(q.text for q in ushakov)
    assert "they are very intense" in texts
    assert "We can describe these efforts as incredible" in texts
    for q in seed_quotes:
        assert seed_text[q.start : q.end] == q.text


def test_seed_lavrov_reported_speech(seed_quotes: list[Quote]) -> None:
    lavrov = [
        q for q in seed_quotes
        if q.kind == "indirect" and q.speaker is not None and q.speaker.name
        and "Lavrov" in q.speaker.name
    ]
    assert any(q.text.startswith("that Russia and the US will start talks") for q in lavrov)


def test_seed_erdogan_quotes(seed_quotes: list[Quote]) -> None:
    erdogan = [
        q for q in seed_quotes
        if q.speaker is not None and q.speaker.name and "Erdogan" in q.speaker.name
    ]
    texts = [q.text for q in erdogan]
    assert any("We entered to put a stop to the rule of the tyrant Assad" in t for t in texts)
    assert "the departure of Assad" in texts


def test_seed_spokesman_role_quote(seed_quotes: list[Quote]) -> None:
    spokesman = [
        q for q in seed_quotes
        if q.speaker is not None and q.speaker.surface == "the spokesman" and q.kind == "direct"
    ]
    assert any(q.text.startswith("our reaction is") for q in spokesman)
    assert all(q.speaker.kind == "role" for q in spokesman)


def test_seed_first_quote_starts_after_colon_and_bracket(
    seed_quotes: list[Quote], seed_text: str
) -> None:
    intro = seed_text.index("BBC stated on 2/12/2016: (")
    bbc = [q for q in seed_quotes if q.speaker is not None and q.speaker.surface == "BBC"]
    assert bbc
    bracket = seed_text.index("(", intro)
    for q in bbc:
        assert q.start > bracket
        assert q.text.startswith("Mevlut Cavusoglu said")


def test_seed_so_erdogan_stated_content_starts_at_complement(seed_quotes: list[Quote]) -> None:
    stated = [
        q for q in seed_quotes
        if q.cue is not None and q.cue.text == "stated" and q.speaker is not None
        and q.speaker.surface == "Erdogan"
    ]
    assert stated
    assert all(q.text.startswith(("that the aim behind", "the departure")) for q in stated)


def test_seed_role_followed_by_name_is_a_name(seed_quotes: list[Quote]) -> None:
    speakers = [
        q.speaker for q in seed_quotes
        if q.speaker is not None and q.speaker.surface.startswith("the President of the Republic")
    ]
    assert speakers
    for sp in speakers:
        assert sp.kind == "name"
        assert sp.name == "Recep Tayyip Erdogan"


def test_seed_according_to_needs_a_source(seed_quotes: list[Quote]) -> None:
    surfaces = {
        q.speaker.surface for q in seed_quotes
        if q.speaker is not None and q.cue is not None and q.cue.text.lower() == "according to"
    }
    assert "its proposals" not in surfaces
    assert "the American plans" not in surfaces


def test_according_to_plans_is_not_an_attribution(nlp) -> None:
    text = "The troops advanced on the city, according to the American plans."
    assert [q for q in quotes_of(nlp, text) if q.cue and q.cue.text == "according to"] == []


def test_according_to_agent_noun_source(nlp) -> None:
    text = "The company took steps to improve its chances in court, according to insiders."
    (q,) = quotes_of(nlp, text)
    assert q.cue is not None and q.cue.text == "according to"
    assert q.speaker is not None and q.speaker.surface == "insiders"
    assert q.text.startswith("The company took steps")


def test_mid_sentence_parenthetical_cue(nlp) -> None:
    text = "The latest test, North Korea said, was its biggest yet."
    (q,) = quotes_of(nlp, text)
    assert q.cue is not None and q.cue.text == "said"
    assert q.speaker is not None and q.speaker.surface == "North Korea"
    assert "its biggest yet" in q.text
    assert "said" not in q.text


def test_as_clause_cue(nlp) -> None:
    text = "The report does not say whether Scott had a gun, as police have said."
    found = [q for q in quotes_of(nlp, text) if q.cue is not None and q.cue.text == "said"]
    assert len(found) == 1
    assert found[0].speaker is not None and found[0].speaker.surface == "police"
    assert "Scott had a gun" in found[0].text
    assert "police" not in found[0].text


def test_stance_verb_from_lexicon(nlp) -> None:
    text = "Senator Warren decried the merger as a threat to consumers."
    (q,) = quotes_of(nlp, text)
    assert q.cue is not None and q.cue.text == "decried"
    assert q.text.startswith("the merger")


def test_colon_with_bracketed_report(nlp) -> None:
    text = "Talks resumed, the agency stated on Monday: (The minister said the talks will go on.)"
    found = [q for q in quotes_of(nlp, text) if q.cue is not None and q.cue.text == "stated"]
    assert len(found) == 1
    assert found[0].text.startswith("The minister said")


def test_transcript_speaker_colon_line(nlp) -> None:
    text = "The debate opened.\nPENCE: And that is why our ticket will win in November.\n"
    found = [q for q in quotes_of(nlp, text) if q.cue is not None and q.cue.text == ":"]
    assert len(found) == 1
    assert found[0].speaker is not None and found[0].speaker.surface == "PENCE"
    assert found[0].text == "And that is why our ticket will win in November"


def test_quote_inside_reported_speech_takes_the_outer_cue(nlp) -> None:
    text = 'Trump said he wants "a total and complete shutdown of Muslims entering the country."'
    (q,) = only(quotes_of(nlp, text), "direct")
    assert q.cue is not None and q.cue.text == "said"
    assert q.speaker is not None and q.speaker.name == "Trump"


def test_said_with_participle_clause_parsed_as_xcomp(nlp) -> None:
    text = "Manny Gomez said seeing so many police officers at the parade was a welcome sight."
    found = quotes_of(nlp, text)
    assert any(
        q.cue is not None and q.cue.text == "said" and q.text.startswith("seeing so many")
        for q in found
    )


def test_quote_after_cue_clause_continues_the_speaker(nlp) -> None:
    text = (
        '"We will win this state," Mr. Kaine said on Monday. '
        '"Nobody should doubt it for one second."'
    )
    first, second = only(quotes_of(nlp, text), "direct")
    assert first.cue is not None and second.cue is not None
    assert (second.cue.start, second.cue.end) == (first.cue.start, first.cue.end)
    assert second.speaker is not None and second.speaker.name == "Kaine"


def test_cue_clause_gap_does_not_cross_paragraphs(nlp) -> None:
    text = (
        '"We will win this state," Mr. Kaine said on Monday.\n\n'
        'Crowds cheered loudly outside the hall. "Nobody should doubt it for one second."'
    )
    found = only(quotes_of(nlp, text), "direct")
    assert found[-1].cue is None or found[-1].cue.text != "said"


def test_transcript_line_inside_quotation_marks(nlp) -> None:
    text = 'Partial transcript as follows:\n"WALLACE: Let us start with the breaking news on the debate.\n'
    found = [q for q in quotes_of(nlp, text) if q.cue is not None and q.cue.text == ":"]
    assert [q.speaker.surface for q in found if q.speaker] == ["WALLACE"]


def test_dash_and_name_after_a_quotation_attribute_it(nlp) -> None:
    text = ("“The shelling has not stopped for three days and nobody can reach the hospital.” ― Amina Hassan\n"
            "“We will not leave our homes.”―Omar Khatib\n")
    found = only(quotes_of(nlp, text), "direct")
    attributed = [(q.cue.text, q.speaker.surface) for q in found if q.cue and q.speaker]
    assert [cue for cue, _ in attributed] == ["―", "―"]
    assert attributed[0][1].endswith("Hassan") and attributed[1][1].endswith("Khatib")


def test_cue_verb_coordinated_with_the_reporting_verb_is_its_own_report(nlp) -> None:
    text = (
        "The mayor said she had worked through two floods in her first term "
        "and called it a routine challenge for the city."
    )
    found = quotes_of(nlp, text)
    said = [q for q in found if q.cue is not None and q.cue.text == "said"]
    called = [q for q in found if q.cue is not None and q.cue.text == "called"]
    assert len(said) == 1 and "called" not in said[0].text
    assert len(called) == 1 and called[0].text.startswith("it a routine challenge")
    assert called[0].speaker is not None and called[0].speaker.surface == "The mayor"


def test_quoted_transcript_line_does_not_inherit_the_previous_cue(nlp) -> None:
    text = (
        'The interview went on.\n\n"HOST: I want to ask you, will the senator attend the dinner?\n\n'
        '"GUEST: The senator will not be attending the dinner tomorrow night.\n'
    )
    found = quotes_of(nlp, text)
    guest = [q for q in found if q.text.startswith("The senator will not")]
    assert len(guest) == 1
    assert guest[0].cue is not None and guest[0].cue.text == ":"
    assert guest[0].speaker is not None and guest[0].speaker.surface == "GUEST"


def test_headline_speaker_label(nlp) -> None:
    text = "Garcia: No outside pressure on the budget review.\n\nMADRID — The minister spoke on Monday."
    found = [q for q in quotes_of(nlp, text) if q.cue is not None and q.cue.text == ":"]
    assert [q.speaker.surface for q in found if q.speaker] == ["Garcia"]
    assert found[0].text == "No outside pressure on the budget review"


def test_section_label_is_not_a_speaker(nlp) -> None:
    text = "UPDATE: The story was changed on Monday night.\n\nRelated: The council votes on the plan today.\n"
    assert not [q for q in quotes_of(nlp, text) if q.cue is not None and q.cue.text == ":"]


def test_headline_label_before_a_quotation(nlp) -> None:
    text = "Ana Ruiz: 'Cutting The School Budget Is A Serious Mistake.'\n\nThe mayor answered on Tuesday."
    (q,) = only(quotes_of(nlp, text), "direct")
    assert q.cue is not None and q.cue.text == ":"
    assert q.speaker is not None and q.speaker.surface == "Ana Ruiz"


def test_closing_curly_mark_used_to_open_a_quotation(nlp) -> None:
    text = "”We are truly afraid that the factory will close.” ― Karen Lopez\n"
    (q,) = only(quotes_of(nlp, text), "direct")
    assert q.text == "We are truly afraid that the factory will close."
    assert q.speaker is not None and q.speaker.surface == "Karen Lopez"


def test_cue_after_a_quotation_with_its_own_complement_is_not_the_quotes(nlp) -> None:
    text = (
        "The mayor says the council’s “latest budget is reckless, even for them.” "
        "She says it shows their priorities."
    )
    (q,) = only(quotes_of(nlp, text), "direct")
    assert q.cue is not None and q.cue.text == "says"
    assert q.speaker is not None and q.speaker.surface == "The mayor"


def test_report_kept_when_its_short_quotation_is_not_a_quote(nlp) -> None:
    text = "Protesters said they want “justice for Omar,” but pledged to stay calm."
    found = quotes_of(nlp, text)
    assert any(q.cue is not None and q.cue.text == "said" and "justice for Omar" in q.text for q in found)


def test_see_as_reports_the_object_and_the_judgement(nlp) -> None:
    text = "Many veterans saw the remark as an insult to the army."
    found = [q for q in quotes_of(nlp, text) if q.cue is not None and q.cue.text == "saw"]
    assert len(found) == 1 and found[0].text == "the remark as an insult to the army"


def test_asked_whether_is_a_question_without_a_known_asker(nlp) -> None:
    text = "Asked whether he would run again, the senator said no."
    found = [q for q in quotes_of(nlp, text) if q.cue is not None and q.cue.text == "Asked"]
    assert len(found) == 1
    assert found[0].text == "whether he would run again"
    assert found[0].speaker is None


def test_phrasal_reporting_verb(nlp) -> None:
    text = "The coach shot back that the referee had never called the foul."
    found = quotes_of(nlp, text)
    assert any(q.cue is not None and q.cue.text == "shot back" and q.text.startswith("that the referee")
               for q in found)


def test_light_verb_with_an_utterance_noun(nlp) -> None:
    found = quotes_of(nlp, "The governor made the case for a new bridge over the river.")
    assert any(q.cue is not None and q.cue.text == "made the case" and q.text.startswith("a new bridge")
               for q in found)
    found = quotes_of(nlp, "The governor made it clear that she would not sign the bill.")
    assert any(q.cue is not None and q.cue.text == "made it clear" and q.text.startswith("that she")
               for q in found)


def test_proposal_and_vote_cues(nlp) -> None:
    found = quotes_of(nlp, "The candidate proposes doing away with the toll on the bridge.")
    assert any(q.cue is not None and q.cue.text == "proposes" for q in found)
    found = quotes_of(nlp, "Most farmers would vote for the governor in November.")
    assert any(q.cue is not None and q.cue.text == "vote for" and q.text == "the governor" for q in found)


def test_quote_after_a_long_cue_clause_continues_the_speaker(nlp) -> None:
    text = (
        '"The storms will get worse," said Jane Roe, a professor of geosciences and '
        'international affairs at the state university in the capital. "Nobody should doubt it."'
    )
    first, second = only(quotes_of(nlp, text), "direct")
    assert second.cue is not None and first.cue is not None
    assert (second.cue.start, second.cue.end) == (first.cue.start, first.cue.end)
    assert second.speaker is not None and second.speaker.name == "Jane Roe"


def test_fronted_adjunct_is_not_the_content_of_a_cue_with_an_object(nlp) -> None:
    found = quotes_of(nlp, "At the town hall, the mayor mentioned the new stadium plan.")
    assert not any(q.text.startswith("At the town hall") for q in found)
    assert any(q.cue is not None and q.cue.text == "mentioned" and q.text == "the new stadium plan"
               for q in found)
    found = quotes_of(nlp, "In March, the union called for a strike at the port.")
    assert not any(q.text.startswith("In March") for q in found)
    # a trailing cue without an object still reports the clause before it
    found = quotes_of(nlp, "The bridge will reopen in May, the engineer said.")
    assert any(q.cue is not None and q.cue.text == "said" and q.text == "The bridge will reopen in May"
               for q in found)


def test_as_clause_cue_with_its_own_object_does_not_report_its_host(nlp) -> None:
    found = quotes_of(nlp, "The parade ended as organizers praised the volunteers for their work.")
    assert not any(q.text.startswith("The parade ended") for q in found)
    found = quotes_of(nlp, "The ferry was late again, as commuters have said.")
    assert any(q.cue is not None and q.cue.text == "said" and q.text.startswith("The ferry was late")
               for q in found)


def test_respond_to_a_request_is_a_cue(nlp) -> None:
    found = quotes_of(nlp, "The city council did not immediately respond to requests for comment.")
    assert any(q.cue is not None and q.cue.text == "respond to" and q.text == "requests for comment"
               for q in found)


def test_stance_noun_with_its_preposition_reports_the_object(nlp) -> None:
    found = quotes_of(nlp, "Moscow's criticism of the new sanctions drew a sharp reply from Washington.")
    q = next(q for q in found if q.cue is not None and q.cue.text == "criticism of")
    assert q.text == "the new sanctions"
    assert q.speaker is not None and q.speaker.surface.startswith("Moscow")
    found = quotes_of(nlp, "Concerns about the safety of the corridor were raised by aid groups.")
    assert any(q.cue is not None and q.cue.text == "Concerns about"
               and q.text == "the safety of the corridor" for q in found)


def test_judgement_and_attitude_verbs_report_their_object(nlp) -> None:
    found = quotes_of(nlp, "The foreign minister chastised the envoy for his remarks on the blockade.")
    assert any(q.cue is not None and q.cue.text == "chastised" and q.text.startswith("the envoy")
               for q in found)
    found = quotes_of(nlp, "The committee deemed the election results invalid.")
    assert any(q.cue is not None and q.cue.text == "deemed" for q in found)
    found = quotes_of(nlp, "The court ruled that the detentions were unlawful.")
    assert any(q.cue is not None and q.cue.text == "ruled"
               and q.text == "that the detentions were unlawful" for q in found)
    found = quotes_of(nlp, "The general ordered the garrison to withdraw from the airport.")
    assert any(q.cue is not None and q.cue.text == "ordered" for q in found)


def test_verbs_of_attack_and_backing_are_stances_only_for_holders_and_statements(nlp) -> None:
    found = quotes_of(nlp, "The minister attacked the opposition's plan.")
    assert any(q.cue is not None and q.cue.text == "attacked" and q.text == "the opposition's plan"
               for q in found)
    found = quotes_of(nlp, "The senator backed the resolution on Tuesday.")
    assert any(q.cue is not None and q.cue.text == "backed" and q.text == "the resolution"
               for q in found)


@pytest.mark.parametrize(
    "text",
    [
        "Government forces attacked the village at dawn.",
        "The offensive was backed by heavy air strikes.",
        "Rebels support units in the north with mortar fire.",
        "Jets hit the convoy near the border.",
        "Troops defended the airport for three days.",
        "The army blasted the bridge.",
    ],
)
def test_physical_attacks_and_military_backing_are_not_attributions(nlp, text: str) -> None:
    assert quotes_of(nlp, text) == []


def test_that_clause_hung_on_the_addressee_is_what_was_told(nlp) -> None:
    text = "The envoy told a meeting of donor countries that the aid corridor would stay open."
    found = quotes_of(nlp, text)
    assert any(q.cue is not None and q.cue.text == "told"
               and q.text == "that the aid corridor would stay open" for q in found)


def test_relative_clause_with_its_own_cue_is_left_out_of_a_stance(nlp) -> None:
    text = ("The governor criticized the contractors for the delays, which he said were caused "
            "by the shelling.")
    found = quotes_of(nlp, text)
    stance = next(q for q in found if q.cue is not None and q.cue.text == "criticized")
    assert "which" not in stance.text
    assert any(q.cue is not None and q.cue.text == "said" for q in found)


def test_standing_in_the_polls_is_not_a_reported_finding(nlp) -> None:
    found = quotes_of(nlp, "The mayor has slipped in polls since the blockade began.")
    assert not any(q.cue is not None and q.cue.text == "in" for q in found)
    found = quotes_of(nlp, "In a survey published on Monday, the ceasefire had broad approval among residents.")
    assert any(q.cue is not None and q.cue.text == "In" for q in found)


def test_comma_participle_is_a_second_report_by_the_same_source(nlp) -> None:
    text = ("The general said he plans to retake the city in spring, insisting that the rebels "
            "are too weak to hold it.")
    found = quotes_of(nlp, text)
    said = next(q for q in found if q.cue is not None and q.cue.text == "said")
    assert said.text == "he plans to retake the city in spring"
    insisting = next(q for q in found if q.cue is not None and q.cue.text == "insisting")
    assert insisting.text == "that the rebels are too weak to hold it"
    assert insisting.speaker is not None and insisting.speaker.surface == "The general"


def test_trailing_repeat_of_the_same_cue_does_not_swallow_the_report(nlp) -> None:
    text = ('The army spokesman said that the corridor would reopen on Monday to let '
            '"civilians leave safely," he said.')
    found = quotes_of(nlp, text)
    assert any(q.cue is not None and q.cue.text == "said" and q.speaker is not None
               and q.speaker.surface == "The army spokesman"
               and q.text.startswith("that the corridor would reopen") for q in found)
    assert not any(q.kind == "indirect" and q.text.startswith("The army spokesman") for q in found)


def test_long_speaker_between_quotation_and_trailing_cue(nlp) -> None:
    text = ('"The bridge is closed until further notice," the regional governor and the deputy '
            'interior minister, both members of the ruling party, said in a statement.')
    (q,) = only(quotes_of(nlp, text), "direct")
    assert q.cue is not None and q.cue.text == "said"
    assert q.speaker is not None and q.speaker.surface == "the regional governor"


def test_passive_judgement_and_passive_question(nlp) -> None:
    found = quotes_of(nlp, "The withdrawal was seen as a concession to Moscow.")
    assert any(q.cue is not None and q.cue.text == "seen" and q.text == "The withdrawal"
               for q in found)
    found = quotes_of(nlp, "The minister was asked about the shelling of the hospital.")
    assert any(q.cue is not None and q.cue.text == "asked about"
               and q.text == "the shelling of the hospital" and q.speaker is None for q in found)
    found = quotes_of(nlp, "When asked whether the talks would resume, the envoy shrugged.")
    assert any(q.cue is not None and q.cue.text == "asked"
               and q.text == "whether the talks would resume" for q in found)


def test_reportedly_marks_hearsay_without_a_source(nlp) -> None:
    found = quotes_of(nlp, "The convoy was reportedly shelled near the border on Sunday.")
    (q,) = found
    assert q.cue is not None and q.cue.text == "reportedly" and q.speaker is None
    assert q.text.startswith("The convoy was")


def test_third_person_hopes_is_a_cue(nlp) -> None:
    found = quotes_of(nlp, "The envoy hopes to reopen the talks next month.")
    assert any(q.cue is not None and q.cue.text == "hopes" and q.text == "to reopen the talks next month"
               for q in found)


def test_aspectual_participle_stays_in_the_report(nlp) -> None:
    text = ("The president said the army would cut its deployment in the north, while continuing "
            "to fight the insurgents.")
    said = next(q for q in quotes_of(nlp, text) if q.cue is not None and q.cue.text == "said")
    assert said.text.endswith("to fight the insurgents")


def test_seem_reports_an_impression_without_a_holder(nlp) -> None:
    found = quotes_of(nlp, "No faction seems willing to accept the truce.")
    (q,) = found
    assert q.cue is not None and q.cue.text == "seems" and q.speaker is None
    assert q.text == "No faction seems willing to accept the truce"


def test_that_said_is_a_connective_not_a_report(nlp) -> None:
    assert quotes_of(nlp, "That said, the talks will resume on Monday.") == []


def test_participle_deep_in_the_report_belongs_to_the_reporter(nlp) -> None:
    text = ("The deputy spokesman told reporters that the government backed efforts to reduce the "
            "shelling and to let aid convoys in, while stressing that a wider truce remained the goal.")
    found = quotes_of(nlp, text)
    stressing = next(q for q in found if q.cue is not None and q.cue.text == "stressing")
    assert stressing.speaker is not None and stressing.speaker.surface == "The deputy spokesman"
    assert not any(q.cue is not None and q.cue.text == "backed" and "stressing" in q.text for q in found)


def test_relative_that_clause_is_not_reported_content(nlp) -> None:
    # "states" is a plural noun and "that back ..." a relative clause without its own subject
    text = "The newspaper reported that the Gulf states that back the rebels had not sent delegates."
    found = quotes_of(nlp, text)
    assert [q.cue.text for q in found if q.cue is not None] == ["reported"]


def test_reduced_relative_participle_is_not_a_report(nlp) -> None:
    for text in (
        "The truce declared on Sunday was supposed to open the road to the airport.",
        "Answer: The summit had been arranged weeks before the attack.",
    ):
        assert quotes_of(nlp, text) == [], text


def test_content_of_a_single_wh_word_or_pronoun_is_no_report(nlp) -> None:
    found = quotes_of(nlp, "Officials would not say what had been agreed.")
    assert [(q.cue.text, q.text) for q in found if q.cue is not None] == [("say", "what had been agreed")]
    assert quotes_of(nlp, "The mediators met for hours, but nothing was agreed.") == []
    text = "Speaking at a briefing with the envoys that was shown on television, the minister said the talks had failed."
    assert all(q.text != "that" for q in quotes_of(nlp, text))
    # a quantified relative pronoun is no content either
    text = "It was a sharp rise in casualties, much of which can be credited to the new artillery units."
    assert all(q.text != "much of which" for q in quotes_of(nlp, text))


def test_interview_label_is_not_the_subject(nlp) -> None:
    text = (
        "Question: The foreign and interior ministers of Egypt, Jordan and Iraq met in Amman today, "
        "one day after the bombing of the embassy in Baghdad, and issued a joint statement on Iraq."
    )
    (q,) = quotes_of(nlp, text)
    assert q.cue is not None and q.cue.text == "issued"
    assert q.speaker is not None and q.speaker.surface.startswith("The foreign and interior ministers")


def test_fronted_adverbial_is_not_the_content_of_a_trailing_cue(nlp) -> None:
    for text in (
        "Later that evening, the spokesman added.",
        "Three weeks later, the bombardment continued.",
        "Elsewhere in the province, the offensive continued.",
    ):
        assert quotes_of(nlp, text) == [], text
    (q,) = quotes_of(nlp, "People like Scott, he said.")
    assert q.text == "People like Scott"
