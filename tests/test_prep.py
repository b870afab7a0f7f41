"""The prep guide: question choice, topics waiting, nudges; pure functions over hand-made records."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from conftest import ALEX, write_files
from test_facts import meeting
from test_facts import person as facts_person

from generator.facts import person_facts
from generator.load import content_files, load_handbook
from generator.model import Handbook, Meeting, Page, Person, Source
from generator.prep import (
    first_paragraph,
    nudges_for,
    parked_topics,
    prep_guide,
    questions_asked,
    recap_of,
    suggest_questions,
    waiting_topics,
)
from generator.questions import parse_question_list

TODAY = dt.date(2026, 11, 24)
D = dt.date


def person(relationship: str = "report", *, since: dt.date | None = None, active: bool = True) -> Person:
    return facts_person(relationship=relationship, since=since, active=active)


def page(src_uri: str, meta: dict[str, object], body: str = "") -> Page:
    return Page(str(meta.get("title", "")) or None, meta, body, Source(src_uri, "content/" + src_uri, 5))


REPORTS = """\
## Check-in
- How are you, really? {#how-are-you}
- What was the best part of your week? {#best-part}
- What is draining you? {#draining}

## Growth and career
- Where do you want to be in two years? {#two-years}
- What skill do you want to build next? {#next-skill}
"""
MANAGERS = """\
## Context
- What keeps you up at night? {#keeps-you-up}
"""
STARTERS = """\
## Easing in
- What made you laugh this week? {#laugh}
"""


def handbook(*meetings: Meeting, extra_pages: tuple[Page, ...] = ()) -> Handbook:
    lists = {
        "reports": ({"title": "For reports", "for": ["report"]}, REPORTS),
        "managers": ({"title": "For managers", "for": ["manager"]}, MANAGERS),
        "starters": ({"title": "Starters"}, STARTERS),
    }
    pages = tuple(page(f"questions/{slug}.md", meta, body) for slug, (meta, body) in lists.items())
    questions = tuple(q for slug, (_, body) in lists.items() for q in parse_question_list(body, list_slug=slug))
    return Handbook({"alex-kim": person()}, tuple(meetings), pages + extra_pages, questions=questions)


def ids(found: object) -> list[str]:
    return [s.question.id for s in found]  # type: ignore[attr-defined]


# Question choice


def test_questions_come_only_from_lists_that_fit_the_relationship() -> None:
    book = handbook()
    for_report = ids(suggest_questions(person("report"), [], book, seed="a", count=10))
    for_manager = ids(suggest_questions(person("manager"), [], book, seed="a", count=10))
    assert sorted(for_report) == ["best-part", "draining", "how-are-you", "laugh", "next-skill", "two-years"]
    assert sorted(for_manager) == ["keeps-you-up", "laugh"]  # a list without for: suits everyone


def test_never_asked_questions_come_before_those_asked_and_the_oldest_asked_before_the_newest() -> None:
    asked = [
        meeting(D(2026, 11, 1), asked=("how-are-you", "laugh")),
        meeting(D(2026, 11, 8), asked=("best-part", "two-years")),
        meeting(D(2026, 11, 15), asked=("draining",)),
    ]
    found = suggest_questions(person(), asked, handbook(*asked), seed="a", count=6)
    assert ids(found)[0] == "next-skill"
    assert [s.last_asked for s in found[1:]] == sorted(s.last_asked for s in found[1:])  # type: ignore[type-var]
    assert found[-1].question.id == "draining" and found[-1].times_asked == 1


def test_a_question_asked_at_a_cancelled_meeting_counts_as_never_asked() -> None:
    cancelled = meeting(D(2026, 11, 1), status="cancelled", asked=("next-skill",))
    found = suggest_questions(person(), [cancelled], handbook(cancelled), seed="a", count=6)
    assert all(s.last_asked is None for s in found)


def test_choice_is_the_same_for_the_same_input_and_rotates_with_the_next_meeting() -> None:
    book = handbook()
    first = ids(suggest_questions(person(), [], book, seed="alex-kim:4:2026-11-27", count=2))
    again = ids(suggest_questions(person(), [], book, seed="alex-kim:4:2026-11-27", count=2))
    assert first == again
    later = [ids(suggest_questions(person(), [], book, seed=f"alex-kim:{n}:2026-12-0{n}", count=2)) for n in range(5, 9)]
    assert any(pick != first for pick in later)


def test_consecutive_guides_differ_after_a_meeting_even_when_nothing_was_recorded_as_asked() -> None:
    before = [meeting(D(2026, 11, 10))]
    after = [*before, meeting(D(2026, 11, 17))]
    guides = [prep_guide(person_facts(person(), ms, TODAY), handbook(*ms), TODAY) for ms in (before, after)]
    assert ids(guides[0].questions) != ids(guides[1].questions)


def test_picks_spread_over_groups_before_taking_two_from_one() -> None:
    found = suggest_questions(person(), [], handbook(), seed="a", count=3)
    assert len({(s.question.list_slug, s.question.group) for s in found}) == 3


def test_long_term_questions_lead_when_the_long_term_has_not_come_up_for_a_while() -> None:
    old = [meeting(D(2026, 8, 1) + dt.timedelta(days=7 * n), topics=("roadmap",)) for n in range(16)]
    facts = person_facts(person(), old, TODAY)
    guide = prep_guide(facts, handbook(*old), TODAY)
    assert [s.long_term for s in guide.questions[:2]] == [True, True]
    assert {s.question.id for s in guide.questions[:2]} == {"two-years", "next-skill"}


def test_long_term_questions_do_not_lead_when_career_came_up_recently() -> None:
    recent = [meeting(D(2026, 8, 1) + dt.timedelta(days=7 * n), topics=("career",)) for n in range(16)]
    seeds_with_long_term_first = 0
    for n in range(8):
        found = suggest_questions(person(), recent, handbook(*recent), seed=f"s{n}", count=5)
        seeds_with_long_term_first += all(s.long_term for s in found[:2])
    assert seeds_with_long_term_first < 8


def test_questions_already_asked_are_listed_newest_first_with_every_date() -> None:
    asked = [meeting(D(2026, 11, 1), asked=("laugh",)), meeting(D(2026, 11, 8), asked=("laugh", "two-years"))]
    found = questions_asked(asked, handbook(*asked))
    assert [(a.question_id, a.dates) for a in found] == [
        ("laugh", (D(2026, 11, 8), D(2026, 11, 1))),
        ("two-years", (D(2026, 11, 8),)),
    ]
    assert found[0].question is not None and found[0].question.text == "What made you laugh this week?"


# Topics waiting

NEXT_TIME = """\
We talked about the launch.

## Next time

- the offsite budget
- conference talk #conferences #speaking
- [ ] @me book the room

## Notes

- not a topic
"""


def test_plain_items_under_next_time_are_parked_and_tasks_there_stay_action_items() -> None:
    assert [(text, tags) for text, tags, _ in parked_topics(NEXT_TIME)] == [
        ("the offsite budget", ()),
        ("conference talk", ("conferences", "speaking")),
    ]
    assert [item.text for item in meeting(TODAY, body=NEXT_TIME).actions] == ["book the room"]


def test_a_next_time_heading_in_code_is_not_a_section() -> None:
    assert parked_topics("```\n## Next time\n- not parked\n```\n") == ()


def test_a_parked_topic_waits_until_a_later_held_meeting_names_it_in_topics() -> None:
    parked = meeting(D(2026, 11, 1), body=NEXT_TIME)
    unrelated = meeting(D(2026, 11, 8), topics=("roadmap",))
    waiting = waiting_topics([parked, unrelated])
    assert [w.text for w in waiting] == ["the offsite budget", "conference talk"]
    assert waiting[0].line == 10 + 4 and waiting[0].meeting is parked
    by_slug = meeting(D(2026, 11, 15), topics=("the-offsite-budget",))
    by_tag = meeting(D(2026, 11, 22), topics=("speaking",))
    assert [w.text for w in waiting_topics([by_tag, parked, unrelated, by_slug])] == []


def test_a_checked_task_with_the_same_text_takes_a_topic_up() -> None:
    parked = meeting(D(2026, 11, 1), body=NEXT_TIME)
    checked = meeting(D(2026, 11, 8), body="- [x] The offsite budget\n")
    assert [w.text for w in waiting_topics([parked, checked])] == ["conference talk"]


def test_a_cancelled_or_earlier_meeting_does_not_take_a_topic_up() -> None:
    earlier = meeting(D(2026, 10, 25), topics=("the-offsite-budget",))
    parked = meeting(D(2026, 11, 1), body=NEXT_TIME)
    cancelled = meeting(D(2026, 11, 8), status="cancelled", topics=("the-offsite-budget", "speaking"))
    assert [w.text for w in waiting_topics([earlier, parked, cancelled])] == ["the offsite budget", "conference talk"]


def test_a_topic_parked_again_keeps_its_first_date() -> None:
    first = meeting(D(2026, 11, 1), body="## Next time\n- The offsite budget\n")
    again = meeting(D(2026, 11, 8), body="## Next Time:\n- the offsite  budget\n")
    waiting = waiting_topics([again, first])
    assert [(w.text, w.meeting.date) for w in waiting] == [("The offsite budget", D(2026, 11, 1))]


# Recap


def test_recap_is_the_summary_field_else_the_first_paragraph_without_tasks_or_next_time() -> None:
    body = "## What they raised\n\n!!! private\n    secret\n\n- [ ] @me a task\n- Rested.\n- Busy.\n\nMore.\n"
    assert recap_of(meeting(TODAY, body=body)).summary == "- Rested.\n- Busy."
    assert recap_of(meeting(TODAY, body=body, summary="Agreed the plan.")).summary == "Agreed the plan."
    assert first_paragraph("## Next time\n- later\n\n## Notes\nDone.\n") == "Done."


# Nudges: each fires on the data that calls for it, and not otherwise


def rules(meetings: list[Meeting], who: Person | None = None, pages: tuple[Page, ...] = ()) -> list[str]:
    facts = person_facts(who or person(since=D(2025, 1, 1)), meetings, TODAY)
    return [n.rule for n in nudges_for(facts, pages, TODAY)]


def steady(n: int = 4, **fields: object) -> list[Meeting]:
    """Weekly held meetings up to a few days ago, talking about career."""
    return [meeting(D(2026, 11, 20) - dt.timedelta(days=7 * i), topics=("career",), **fields) for i in range(n)]  # type: ignore[arg-type]


def test_no_nudge_for_a_steady_relationship() -> None:
    assert rules(steady()) == []


def test_meetings_i_cancelled_or_moved_recently_call_for_treating_them_as_fixed() -> None:
    moved = meeting(D(2026, 11, 17), status="rescheduled", by="me")
    assert rules([*steady(), moved]) == ["cancelled-by-me"]
    by_them = meeting(D(2026, 11, 17), status="cancelled", by="them")
    assert rules([*steady(), by_them]) == []
    long_ago = meeting(D(2026, 10, 1), status="cancelled", by="me")
    assert rules([*steady(), long_ago]) == []


def test_no_walk_in_a_long_while_while_meeting_in_person_calls_for_a_walk() -> None:
    assert rules(steady(fmt="in-person")) == ["no-walk"]
    walked = meeting(D(2026, 10, 30), fmt="walking", topics=("career",))
    assert rules([*steady(fmt="in-person"), walked]) == []
    assert rules(steady(fmt="video")) == []  # no walk to suggest to someone met only by video


def test_meetings_ending_early_call_for_running_the_full_time() -> None:
    assert rules(steady(minutes=20, planned=30)) == ["ended-early"]
    one_early = [meeting(D(2026, 11, 20), minutes=20, planned=30, topics=("career",)), *steady()[1:]]
    assert rules(one_early) == []
    assert rules(steady(minutes=30, planned=30)) == []


def test_a_low_last_mood_calls_for_not_forcing_the_conversation() -> None:
    low = [meeting(D(2026, 11, 21), mood=2, topics=("career",)), *steady()]
    assert rules(low) == ["low-mood"]
    recovered = [meeting(D(2026, 11, 22), mood=4, topics=("career",)), *low]
    assert rules(recovered) == []


def test_a_new_reports_first_meetings_call_for_the_first_one_on_one_guidance() -> None:
    new = person(since=D(2026, 11, 10))
    assert rules([], new) == ["first-meetings"]
    assert rules(steady(2), new) == ["first-meetings"]
    assert rules(steady(3), new) == []
    assert rules([], person("peer", since=D(2026, 11, 10))) == []
    assert rules(steady(1), person(since=D(2024, 1, 1))) == []  # known for years, new to the handbook


def test_no_long_term_topic_for_months_calls_for_leaving_room_for_it() -> None:
    roadmap = [meeting(D(2026, 11, 20) - dt.timedelta(days=7 * i), topics=("roadmap",)) for i in range(12)]
    assert rules(roadmap) == ["long-term"]
    assert rules(steady(12)) == []


def test_nudges_link_only_to_guidance_pages_the_handbook_has_and_none_for_someone_no_longer_met() -> None:
    fixed = page("guidance/treat-one-on-ones-as-fixed.md", {"title": "Treat one-on-ones as fixed"})
    moved = [*steady(), meeting(D(2026, 11, 17), status="cancelled", by="me")]
    facts = person_facts(person(since=D(2025, 1, 1)), moved, TODAY)
    (nudge,) = nudges_for(facts, [fixed], TODAY)
    assert nudge.guidance == (fixed,)
    assert nudges_for(facts, [], TODAY)[0].guidance == ()
    gone = person_facts(person(since=D(2025, 1, 1), active=False), moved, TODAY)
    assert nudges_for(gone, [fixed], TODAY) == ()


# The guide as a whole


def test_a_shared_agenda_has_both_sides_items_and_topics_but_no_nudges_or_questions() -> None:
    held = meeting(D(2026, 11, 17), mood=1, body="- [ ] @me send the doc\n- [ ] @alex-kim try the tool\n" + NEXT_TIME)
    booked = meeting(D(2026, 11, 26), body="## Agenda\n- the launch\n")
    facts = person_facts(person(since=D(2025, 1, 1)), [held, booked], TODAY)
    owner = prep_guide(facts, handbook(held, booked), TODAY)
    shared = prep_guide(facts, handbook(held, booked), TODAY, audience_is_owner=False)
    assert owner.nudges and owner.questions
    assert shared.nudges == () and shared.questions == ()
    for guide in (owner, shared):
        assert [a.item.text for a in guide.mine] == ["send the doc", "book the room"]
        assert [a.item.text for a in guide.theirs] == ["try the tool"]
        assert [w.text for w in guide.waiting] == ["the offsite budget", "conference talk"]
        assert guide.booked is booked and guide.agenda == "## Agenda\n- the launch"
        assert guide.recap is not None and guide.recap.meeting is held
        assert guide.days_since_last_held == 7 and guide.overdue is False


def test_guidance_follows_the_relationship_as_well_as_the_topics() -> None:
    pages = (
        page("guidance/skip-level.md", {"title": "Skip", "topics": ["feedback"], "for": ["skip-level"]}),
        page("guidance/with-your-manager.md", {"title": "Manager", "topics": ["feedback", "career"], "for": ["manager"]}),
        page("guidance/with-peers.md", {"title": "Peers", "topics": ["peers"], "for": ["peer"]}),
        page("guidance/listening.md", {"title": "Listening", "topics": ["feedback"]}),
    )
    talks = [meeting(D(2026, 11, 17), topics=("feedback", "career"))]

    def titles(relationship: str) -> list[str | None]:
        who = dataclasses.replace(person(relationship), since=D(2025, 1, 1))
        guide = prep_guide(person_facts(who, talks, TODAY), handbook(*talks, extra_pages=pages), TODAY)
        return [p.title for p in guide.guidance]

    assert titles("skip-level") == ["Skip", "Listening"]
    assert titles("peer") == ["Peers", "Listening"]
    assert titles("manager") == ["Manager", "Listening"]
    assert titles("report") == ["Listening"]


def test_a_notes_summary_is_read_as_one_line_and_a_multi_line_value_is_an_error(tmp_path: Path) -> None:
    write_files(tmp_path, {
        "people/alex-kim.md": ALEX,
        "notes/a.md": "---\nperson: alex-kim\ndate: 2026-11-20\nsummary: Agreed the   plan.\n---\nBody.\n",
        "notes/b.md": "---\nperson: alex-kim\ndate: 2026-11-21\nsummary: [not, text]\n---\nBody.\n",
    })
    book, problems = load_handbook(tmp_path, content_files(tmp_path))
    assert [m.summary for m in book.meetings] == ["Agreed the plan."]
    assert [str(p).split(":")[0] for p in problems] == ["content/notes/b.md"]
    assert "summary" in str(problems[0])


def test_a_list_for_a_particular_moment_waits_until_its_topic_comes_up() -> None:
    leaving = page("questions/exit.md", {"title": "Exit", "for": ["report"], "topics": ["leaving", "exit"]},
                   "## Handover\n- Which loose ends are yours? {#loose-ends}\n")
    exit_questions = tuple(parse_question_list(leaving.body, list_slug="exit"))

    def suggested(*meetings: Meeting) -> list[str]:
        book = handbook(*meetings, extra_pages=(leaving,))
        book = dataclasses.replace(book, questions=book.questions + exit_questions)
        return ids(suggest_questions(person(), list(meetings), book, seed="a", count=10))

    assert "loose-ends" not in suggested()
    assert "loose-ends" not in suggested(meeting(D(2026, 11, 1), topics=("career",)))
    assert "loose-ends" in suggested(meeting(D(2026, 11, 1), topics=("leaving",)))
    # Only the last three held meetings count; a cancelled one never does.
    old = meeting(D(2026, 9, 1), topics=("leaving",))
    later = [meeting(D(2026, 10, day)) for day in (1, 8, 15)]
    assert "loose-ends" not in suggested(old, *later)
    assert "loose-ends" not in suggested(meeting(D(2026, 11, 1), status="cancelled", topics=("exit",)))
