"""Derived facts: pure functions over hand-made records."""

from __future__ import annotations

import datetime as dt

from generator.actions import parse_actions
from generator.facts import cadence_tolerance, dashboard, everyone, open_actions, person_facts
from generator.model import Handbook, Meeting, Person, Source

TODAY = dt.date(2026, 11, 24)
D = dt.date


def person(
    slug: str = "alex-kim",
    *,
    cadence: int = 7,
    active: bool = True,
    since: dt.date | None = None,
    relationship: str = "report",
) -> Person:
    return Person(
        slug=slug,
        name=slug.replace("-", " ").title(),
        role=None,
        relationship=relationship,  # type: ignore[arg-type]
        cadence_days=cadence,
        cadence="weekly",
        since=since,
        active=active,
        visibility="shared",
        tags=(),
        body="",
        source=Source(f"people/{slug}.md", f"content/people/{slug}.md", 1),
    )


def meeting(
    day: dt.date,
    *,
    who: str = "alex-kim",
    status: str = "held",
    by: str | None = None,
    fmt: str | None = None,
    minutes: int | None = None,
    planned: int | None = None,
    mood: int | None = None,
    topics: tuple[str, ...] = (),
    asked: tuple[str, ...] = (),
    body: str = "",
    summary: str | None = None,
) -> Meeting:
    uri = f"notes/{day.isoformat()}-{who}.md"
    actions, problems = parse_actions(body, body_line=10, people={"alex-kim", "priya-nair"}, display=uri)
    assert problems == []
    return Meeting(
        person=who,
        date=day,
        time=None,
        status=status,
        cancelled_by=by,
        format=fmt,  # type: ignore[arg-type]
        minutes=minutes,
        planned_minutes=planned,
        mood=mood,
        topics=topics,
        asked=asked,
        visibility="shared",
        body=body,
        actions=actions,
        source=Source(uri, "content/" + uri, 10),
        summary=summary,
    )


def test_counts_split_cancellations_and_moves_by_who_made_them() -> None:
    meetings = [
        meeting(D(2026, 11, 1)),
        meeting(D(2026, 11, 8), status="cancelled", by="me"),
        meeting(D(2026, 11, 9), status="cancelled", by="them"),
        meeting(D(2026, 11, 10), status="rescheduled", by="me"),
        meeting(D(2026, 11, 15), status="no-show"),
        meeting(D(2026, 11, 20)),
    ]
    facts = person_facts(person(), meetings, TODAY)
    assert facts.counts == {"held": 2, "cancelled": 2, "rescheduled": 1, "no-show": 1}
    assert facts.moved_by == {("cancelled", "me"): 1, ("cancelled", "them"): 1, ("rescheduled", "me"): 1}
    assert facts.held_rate == 2 / 6
    assert [m.date for m in facts.meetings] == sorted((m.date for m in meetings), reverse=True)


def test_next_due_overdue_and_due_this_week_follow_the_cadence() -> None:
    due_soon = person_facts(person(), [meeting(D(2026, 11, 20))], TODAY)
    assert due_soon.last_held == D(2026, 11, 20)
    assert due_soon.days_since_last_held == 4
    assert due_soon.next_due == D(2026, 11, 27)
    assert (due_soon.overdue, due_soon.due_this_week) == (False, True)

    late = person_facts(person(), [meeting(D(2026, 11, 10))], TODAY)
    assert late.next_due == D(2026, 11, 17)
    assert (late.overdue, late.due_this_week) == (True, False)

    far = person_facts(person(cadence=30), [meeting(D(2026, 11, 20))], TODAY)
    assert (far.overdue, far.due_this_week) == (False, False)


def test_cancelled_meetings_do_not_reset_the_clock() -> None:
    facts = person_facts(
        person(),
        [meeting(D(2026, 11, 1)), meeting(D(2026, 11, 20), status="cancelled", by="me")],
        TODAY,
    )
    assert facts.last_held == D(2026, 11, 1)
    assert facts.overdue


def test_inactive_people_are_never_overdue() -> None:
    facts = person_facts(person(active=False), [meeting(D(2026, 1, 1))], TODAY)
    assert not facts.overdue and not facts.due_this_week


def test_never_met_is_due_from_since() -> None:
    facts = person_facts(person(since=D(2026, 11, 1)), [], TODAY)
    assert facts.next_due == D(2026, 11, 8) and facts.overdue
    assert person_facts(person(), [], TODAY).next_due is None


def test_longest_gap_counts_the_gap_still_open() -> None:
    held = [meeting(D(2026, 10, 1)), meeting(D(2026, 10, 8)), meeting(D(2026, 10, 29))]
    assert person_facts(person(), held, D(2026, 11, 2)).longest_gap == 21
    assert person_facts(person(), held, TODAY).longest_gap == 26


def test_on_cadence_run_counts_back_until_a_slip() -> None:
    tolerance = cadence_tolerance(7)
    assert tolerance == 9
    held = [
        meeting(D(2026, 10, 1)),
        meeting(D(2026, 10, 20)),  # 19 days: the run breaks here
        meeting(D(2026, 10, 29)),  # 9 days: within tolerance
        meeting(D(2026, 11, 5)),
        meeting(D(2026, 11, 12)),
    ]
    on_time = person_facts(person(), held, D(2026, 11, 14))
    assert (on_time.on_cadence_run, on_time.late_by) == (4, 0)
    # Late now: the run up to the last meeting still stands, and the lateness is said apart.
    late = person_facts(person(), held, TODAY)
    assert (late.on_cadence_run, late.late_by) == (4, 5)
    assert person_facts(person(), [], TODAY).on_cadence_run == 0


def test_outside_share_minutes_and_mood() -> None:
    held = [
        meeting(D(2026, 11, 1), fmt="walking", minutes=30, planned=30, mood=3),
        meeting(D(2026, 11, 8), fmt="outdoors", minutes=20, planned=30, mood=4),
        meeting(D(2026, 11, 15), fmt="video", minutes=45, planned=30),
        meeting(D(2026, 11, 22), minutes=10),
    ]
    facts = person_facts(person(), held, TODAY)
    assert facts.outside_share == 2 / 3
    m = facts.minutes
    assert (m.compared, m.actual, m.planned, m.ended_early, m.ran_over) == (3, 95, 90, 1, 1)
    assert facts.moods == ((D(2026, 11, 1), 3), (D(2026, 11, 8), 4))


def test_topics_over_time_and_long_term_topics() -> None:
    held = [
        meeting(D(2026, 9, 1), topics=("career", "hiring")),
        meeting(D(2026, 10, 1), topics=("hiring",)),
        meeting(D(2026, 11, 1), topics=("roadmap", "hiring")),
    ]
    facts = person_facts(person(), held, TODAY, long_term_topics=("career", "the-future"))
    trails = {t.topic: (t.count, t.first, t.last) for t in facts.topics}
    assert trails["hiring"] == (3, D(2026, 9, 1), D(2026, 11, 1))
    assert facts.topics[0].topic in ("roadmap", "hiring")
    assert facts.long_term == {"career": D(2026, 9, 1), "the-future": None}
    assert facts.last_long_term == D(2026, 9, 1)


def test_carry_over_closes_an_item_checked_in_a_later_note() -> None:
    first = meeting(
        D(2026, 11, 1), body="- [ ] @me Send the promotion template due:2026-11-10\n- [ ] @alex-kim share the RFC"
    )
    later = meeting(D(2026, 11, 8), body="- [x] send   the PROMOTION template")
    found = open_actions([later, first], TODAY)
    assert [(a.item.text, a.item.owner) for a in found] == [("share the RFC", "alex-kim")]


def test_carry_over_keeps_an_item_open_until_checked_and_overdue_first() -> None:
    first = meeting(
        D(2026, 11, 1), body="- [ ] ship it due:2026-12-20\n- [ ] @me call finance due:2026-11-20\n- [x] done already"
    )
    later = meeting(D(2026, 11, 8), body="- [ ] Ship it due:2026-12-01\n- [ ] new thing")
    found = open_actions([first, later], TODAY)
    assert [a.item.text for a in found] == ["call finance", "Ship it", "new thing"]
    assert found[0].overdue and not found[1].overdue
    # Carried over by hand: remembered where first promised, with the newest due date.
    assert found[1].meeting is first and found[1].item.due == D(2026, 12, 1)


def test_a_checked_item_in_an_earlier_note_does_not_close_a_later_one() -> None:
    earlier = meeting(D(2026, 10, 1), body="- [x] ship it")
    later = meeting(D(2026, 11, 1), body="- [ ] ship it")
    assert [a.item.text for a in open_actions([earlier, later], TODAY)] == ["ship it"]


def test_action_tokens_owner_and_due() -> None:
    items, problems = parse_actions(
        "text\n- [ ] @priya-nair draft the plan due:2026-12-01\n- [X] @me book a room\n"
        "```\n- [ ] not an item\n```\n* [ ] no owner means me",
        body_line=5,
        people={"priya-nair"},
        display="content/notes/a.md",
    )
    assert problems == []
    assert [(i.text, i.owner, i.due, i.done, i.line) for i in items] == [
        ("draft the plan", "priya-nair", D(2026, 12, 1), False, 6),
        ("book a room", "me", None, True, 7),
        ("no owner means me", "me", None, False, 11),
    ]


def test_action_problems_are_located() -> None:
    _, problems = parse_actions(
        "- [ ] @priya-nar call due:2026-02-30",
        body_line=9,
        people={"priya-nair"},
        display="content/notes/a.md",
    )
    assert [str(p) for p in problems] == [
        'content/notes/a.md:9: action item names "@priya-nar", who is not in people/ (did you mean "@priya-nair"?)',
        'content/notes/a.md:9: action item due date: expected due:YYYY-MM-DD with a real date; got "2026-02-30"',
    ]


def test_dashboard_splits_actions_and_lists_my_recent_cancellations() -> None:
    alex, priya = person(), person("priya-nair", cadence=14)
    meetings = (
        meeting(D(2026, 8, 1), status="cancelled", by="me"),  # older than 90 days
        meeting(D(2026, 10, 1), who="priya-nair", status="rescheduled", by="me"),
        meeting(D(2026, 10, 2), who="priya-nair", status="cancelled", by="them"),
        meeting(D(2026, 11, 20), body="- [ ] @me mine\n- [ ] @alex-kim theirs"),
        meeting(D(2026, 11, 3), who="priya-nair"),
    )
    handbook = Handbook({"alex-kim": alex, "priya-nair": priya}, meetings, ())
    facts = everyone(handbook, TODAY)
    board = dashboard(handbook, facts, TODAY)
    assert [f.person.slug for f in board.overdue] == ["priya-nair"]
    assert [f.person.slug for f in board.due_this_week] == ["alex-kim"]
    assert [a.item.text for a in board.my_actions] == ["mine"]
    assert [a.item.text for a in board.their_actions] == ["theirs"]
    assert [(m.person, m.status) for m in board.cancelled_by_me] == [("priya-nair", "rescheduled")]
    assert board.recent[0].date == D(2026, 11, 20)


def test_a_note_dated_after_today_is_an_agenda_not_a_held_meeting() -> None:
    meetings = [
        meeting(D(2026, 10, 20)),
        meeting(D(2026, 11, 3)),
        meeting(D(2026, 12, 3), topics=("career",), body="- [ ] @me bring the ladder"),
        meeting(D(2026, 12, 1)),
    ]
    facts = person_facts(person(), meetings, TODAY, ("career",))
    assert [m.date for m in facts.meetings] == [D(2026, 11, 3), D(2026, 10, 20)]
    assert [m.date for m in facts.upcoming] == [D(2026, 12, 1), D(2026, 12, 3)]
    assert facts.counts["held"] == 2 and facts.held_rate == 1.0
    assert facts.last_held == D(2026, 11, 3) and facts.days_since_last_held == 21
    assert facts.overdue and facts.next_due == D(2026, 11, 10)
    assert facts.longest_gap == 21
    assert facts.long_term == {"career": None}  # not talked about yet, only planned
    assert [a.item.text for a in facts.open_actions] == ["bring the ladder"]  # an agenda's items are open
