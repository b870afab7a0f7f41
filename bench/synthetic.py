"""A synthetic handbook of any size, for the benchmark and the large-build test.

Writes ``people/``, ``notes/<year>/`` and ``questions/bench.md`` under a
content folder: varied relationships, cadences and visibility; notes over about
two years ending on 2026-11-24 (the date the tests and the benchmark fix as
today) in every status and format, with moods, topics, asked questions, private
sections, action items that later notes close, and a few hundred words each.
The same seed always writes the same bytes, and the result passes a
``mkdocs build --strict``.

    python bench/synthetic.py OUT_DIR --people 40 --notes 2000
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
from dataclasses import dataclass, field
from pathlib import Path

END = dt.date(2026, 11, 24)
"""The last day a note may fall on: the tests' and the benchmark's fixed today."""
SPAN_DAYS = 730
"""About two years of history."""

FIRST_NAMES = (
    "Alex", "Bea", "Chris", "Dana", "Eli", "Farah", "Gus", "Hana", "Ines", "Jon",
    "Kai", "Lena", "Mo", "Nia", "Omar", "Pia", "Quinn", "Rosa", "Sami", "Tess",
    "Uma", "Vik", "Wren", "Xavi", "Yara", "Zane", "Ada", "Bo", "Cleo", "Dev",
    "Ezra", "Fay", "Gil", "Hugo", "Iris", "Jas", "Kofi", "Lior", "Maya", "Nils",
)
LAST_NAMES = (
    "Kim", "Romero", "Lee", "Tanaka", "Nair", "Okafor", "Berg", "Costa", "Dube", "Evans",
    "Fischer", "Garcia", "Haddad", "Ito", "Jansen", "Kowalski", "Laine", "Moreau", "Novak", "Ortiz",
    "Park", "Quist", "Rossi", "Silva", "Torres", "Ueda", "Varga", "Weber", "Xu", "Yilmaz",
    "Zhou", "Abara", "Brandt", "Chen", "Diallo", "Eriksen", "Fontaine", "Gupta", "Holm", "Iqbal",
)
RELATIONSHIPS = (("report", 45), ("peer", 18), ("skip-level", 15), ("mentee", 12), ("other", 6), ("manager", 4))
CADENCES = {
    "manager": ("weekly", "biweekly"),
    "report": ("weekly", "weekly", "biweekly", "10"),
    "skip-level": ("monthly", "21", "42"),
    "peer": ("biweekly", "monthly", "21"),
    "mentee": ("biweekly", "monthly", "21"),
    "other": ("monthly", "45"),
}
ROLES = {
    "manager": ("Director of Engineering", "VP Engineering", "Head of Product Engineering"),
    "report": ("Software Engineer", "Senior Engineer", "Staff Engineer", "Engineering Manager", "SRE", "QA Engineer"),
    "skip-level": ("Software Engineer", "Senior Engineer", "Data Engineer", "Designer"),
    "peer": ("Engineering Manager", "Product Manager", "Design Lead", "Data Science Lead"),
    "mentee": ("Junior Engineer", "Graduate Engineer", "Associate PM", "Designer"),
    "other": ("Recruiter", "HR Business Partner", "Sales Engineer", "Support Lead"),
}
PERSON_TAGS = ("platform", "payments", "mobile", "data", "infra", "growth-team", "design", "security", "remote")
TOPICS = (
    "career", "growth", "the-future", "onboarding", "roadmap", "hiring", "feedback", "on-call",
    "workload", "promotion", "wellbeing", "team-health", "architecture", "planning", "incidents",
    "learning", "process", "conflict", "recognition", "goals", "performance", "tooling",
)
FORMATS = ("in-person", "in-person", "video", "video", "walking", "outdoors", "phone")
STATUSES = (("held", 80), ("cancelled", 8), ("rescheduled", 7), ("no-show", 5))
PROJECTS = (
    "the deploy pipeline rewrite", "the billing migration", "the search relaunch", "the mobile offline mode",
    "the data warehouse move", "the on-call rota", "the design system", "the Q3 planning doc",
    "the API deprecation", "the incident review process", "the hiring loop", "the new observability stack",
)
DOCS = (
    "promotion template", "RFC draft", "hiring plan", "incident write-up", "career ladder",
    "team charter", "migration plan", "quarterly goals", "interview rubric", "postmortem",
    "budget sheet", "onboarding checklist", "roadmap slide", "runbook",
)
VERBS = ("send", "review", "share", "draft", "update", "book time to discuss", "ask finance about", "read")
FEELINGS = ("tired but upbeat", "energised", "a bit flat", "stretched thin", "calm", "frustrated", "optimistic")
QUESTION_GROUPS = {
    "Check-in": (
        ("energy", "What gave you energy this week, and what drained it?"),
        ("head-space", "What is taking up most of your head space right now?"),
        ("lighter-week", "What would make next week feel lighter?"),
        ("weekend", "What are you looking forward to outside work?"),
        ("blocker", "What is in your way that I could move?"),
    ),
    "Career": (
        ("two-years", "Where do you want to be in two years?"),
        ("skills", "Which skill do you want to grow next?"),
        ("drop-work", "What part of your work would you drop if you could?"),
        ("proud", "What are you proudest of from the last quarter?"),
        ("stretch", "Which stretch project would you take on if you could?"),
    ),
    "Feedback": (
        ("feedback-me", "What should I do more of, or less of?"),
        ("feedback-team", "What is one thing the team should change?"),
        ("last-feedback", "When did you last get feedback that helped?"),
        ("recognised", "Do you feel your work is seen?"),
    ),
    "Team": (
        ("team-mood", "How does the team feel at the moment?"),
        ("meetings", "Which meeting would you cancel for good?"),
        ("process", "Which process slows you down most?"),
        ("onboarding-gap", "What did onboarding miss for you?"),
    ),
}
QUESTION_IDS = tuple(qid for group in QUESTION_GROUPS.values() for qid, _ in group)

SENTENCES = (
    "{first} opened with {project}: the first milestone slipped by {n} days and they want to cut scope rather "
    "than push the date again.",
    "We spent most of the time on {topic}; {first} has been thinking about it since our last one-on-one.",
    "They seemed {feeling} today, which matches what I heard in the team retro.",
    "{first} asked how the {doc} is going to be used, and whether anyone outside the team will read it.",
    "I shared the context from the leadership meeting about {project} so that nothing lands as a surprise.",
    "The on-call week was rough: {n} pages, two of them at night, and the runbooks were out of date.",
    "They would like more time for deep work, ideally two mornings a week with no meetings at all.",
    "We agreed that {first} will lead the next design review for {project}, with me as a backstop.",
    "Hiring is still slow; {first} has done {n} interviews this month and feels the loop is too long.",
    "I asked what they would change about our one-on-ones; they want fewer status updates and more thinking time.",
    "{first} mentioned a conflict with another team over ownership of {project} and asked me to help draw the line.",
    "On {topic}, they are unsure whether the current plan is ambitious enough, and want a second opinion.",
    "They brought a short list of wins from the last quarter, including the work on {project}.",
    "We talked about the {doc} again: it needs one more pass before it goes to the wider group.",
    "Energy is {feeling}; the move to the new office and the reorganisation are both weighing on people.",
    "{first} is curious about the Staff track and asked what evidence a promotion case would need.",
    "Their mentee is doing well and should be ready to run the sprint demo on their own soon.",
    "We walked through the last incident: detection took {n} minutes, which is too long for a customer-facing path.",
    "I gave feedback on the presentation last week: clear structure, but the numbers came too late in the story.",
    "They want to learn more about {topic} and asked for a book or a talk to start with.",
    "Budget for the conference was approved, so {first} can go in the spring if the timing still works.",
    "We agreed to revisit {topic} in a month, once {project} has shipped its first slice.",
    "They noticed that decisions keep getting reopened in the planning meeting, and it is wearing the team down.",
    "I asked about workload; {first} estimates they are at {n} percent of a sustainable pace.",
)
LIST_ITEMS = (
    "the rollout plan needs a named owner per stage",
    "metrics for {project} should be on the team dashboard",
    "ask the platform team about their capacity next quarter",
    "a short written summary beats another meeting",
    "keep Friday afternoons free for learning",
    "the {doc} should link to the decision log",
    "pair more often with the newer engineers",
    "check whether the alert thresholds still make sense",
)
QUOTES = (
    "I don't want to be the person who only does the glue work.",
    "If we ship it this way, we will be fixing it for a year.",
    "I finally feel like I know what I'm doing on this team.",
    "Please tell me early if something is off, not at review time.",
)
PRIVATE_LINES = (
    "Worried this is the start of a longer slump; check in with HR about the leave options.",
    "Their compensation is below the band midpoint; raise it at the calibration meeting.",
    "Possible flight risk: mentioned a recruiter call twice now.",
    "Keep the reorg news to myself until it is announced on the first.",
    "I need to be more patient in these conversations; I interrupted twice today.",
)


@dataclass
class _Person:
    slug: str
    first: str
    name: str
    relationship: str
    cadence: str
    cadence_days: int
    start: dt.date
    stop: dt.date
    active: bool
    visibility: str | None
    private_flag: bool
    role: str
    tags: list[str]
    open_items: list[tuple[str, str]] = field(default_factory=list)
    """(owner token, text) of items written and not yet closed."""


def make_synthetic_handbook(root: Path, *, people: int, notes: int, seed: int = 0) -> None:
    """Write a synthetic content folder under ``root`` (created if missing).

    ``people`` people and ``notes`` meeting notes, the same bytes for the same
    arguments. Files already under ``root`` with other names are left alone.
    """
    if people < 1 or notes < 0:
        raise ValueError("need at least one person and no negative note count")
    rng = random.Random(seed)
    folks = _people(rng, people)
    _write(root / "questions" / "bench.md", _question_list())
    for person in folks:
        _write(root / "people" / f"{person.slug}.md", _person_page(rng, person))
    counts = _allocate(folks, notes)
    slugs = [p.slug for p in folks]
    dated: list[tuple[dt.date, str | None, _Person]] = []
    for person, count in zip(folks, counts, strict=True):
        dated.extend((day, time, person) for day, time in _dates(rng, person, count))
    dated.sort(key=lambda item: (item[0], item[1] or "", item[2].slug))
    for day, time, person in dated:
        stamp = f"-{time.replace(':', '')}" if time else ""
        path = root / "notes" / str(day.year) / f"{day.isoformat()}{stamp}-{person.slug}.md"
        _write(path, _note(rng, person, day, time, slugs))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in pairs], weights=[w for _, w in pairs])[0]


def _people(rng: random.Random, count: int) -> list[_Person]:
    pairs = [(f, last) for f in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(pairs)
    folks: list[_Person] = []
    for index in range(count):
        first, last = pairs[index % len(pairs)]
        lap = index // len(pairs)
        slug = f"{first}-{last}".lower() + (f"-{lap + 1}" if lap else "")
        relationship = "manager" if index == 0 else _weighted(rng, RELATIONSHIPS)
        cadence = rng.choice(CADENCES[relationship])
        cadence_days = {"weekly": 7, "biweekly": 14, "monthly": 30}.get(cadence) or int(cadence)
        active = index < 2 or rng.random() < 0.85
        start = END - dt.timedelta(days=SPAN_DAYS - rng.randrange(0, SPAN_DAYS // 4))
        stop = END - dt.timedelta(days=rng.randrange(0, 4)) if active else (
            start + dt.timedelta(days=int((END - start).days * rng.uniform(0.4, 0.8)))
        )
        roll = rng.random()
        visibility = None if roll < 0.45 else "shared" if roll < 0.7 else "team" if roll < 0.85 else "private"
        private_flag = visibility == "private" and rng.random() < 0.5
        folks.append(
            _Person(
                slug=slug,
                first=first,
                name=f"{first} {last}",
                relationship=relationship,
                cadence=cadence,
                cadence_days=cadence_days,
                start=start,
                stop=stop,
                active=active,
                visibility=visibility,
                private_flag=private_flag,
                role=rng.choice(ROLES[relationship]),
                tags=rng.sample(PERSON_TAGS, rng.randrange(0, 3)),
            )
        )
    return folks


def _allocate(folks: list[_Person], notes: int) -> list[int]:
    """Notes per person: in proportion to how often they meet and for how long (largest remainder)."""
    weights = [((p.stop - p.start).days + 1) / p.cadence_days for p in folks]
    total = sum(weights)
    shares = [notes * w / total for w in weights]
    counts = [math.floor(s) for s in shares]
    by_remainder = sorted(range(len(folks)), key=lambda i: (counts[i] - shares[i], i))
    for i in by_remainder[: notes - sum(counts)]:
        counts[i] += 1
    return counts


def _dates(rng: random.Random, person: _Person, count: int) -> list[tuple[dt.date, str | None]]:
    """``count`` distinct (date, time) pairs from start to stop, evenly spread with a little jitter."""
    if count == 0:
        return []
    span = (person.stop - person.start).days + 1
    per_day = math.ceil(count / span)
    slots = span * per_day
    found: list[tuple[dt.date, str | None]] = []
    step = slots // count
    jitter = min(2, (step - 1) // 2) if step >= 3 else 0
    for i in range(count):
        slot = (i * slots) // count + (rng.randint(-jitter, jitter) if jitter else 0)
        slot = min(max(slot, 0), slots - 1)
        day = person.start + dt.timedelta(days=slot // per_day)
        if per_day > 1:
            minutes = 9 * 60 + (slot % per_day) * 30
            time: str | None = f"{minutes // 60:02d}:{minutes % 60:02d}"
        else:
            hour, minute = rng.choice((9, 10, 11, 14, 15, 16)), rng.choice((0, 30))
            time = f"{hour:02d}:{minute:02d}" if rng.random() < 0.1 else None
        found.append((day, time))
    return found


def _question_list() -> str:
    lines = ["---", "title: Benchmark questions", "for: [report, skip-level, mentee, peer, manager, other]", "---"]
    lines.append("Questions the synthetic notes say they asked.")
    for group, items in QUESTION_GROUPS.items():
        lines += ["", f"## {group}", ""]
        lines += [f"- {text} {{#{qid}}}" for qid, text in items]
    return "\n".join(lines) + "\n"


def _person_page(rng: random.Random, p: _Person) -> str:
    meta = [f"name: {p.name}", f"role: {p.role}", f"relationship: {p.relationship}", f"cadence: {p.cadence}"]
    meta.append(f"since: {p.start.isoformat()}")
    if not p.active or rng.random() < 0.5:
        meta.append(f"active: {'true' if p.active else 'false'}")
    if p.private_flag:
        meta.append("private: true")
    elif p.visibility:
        meta.append(f"visibility: {p.visibility}")
    if p.tags:
        meta.append(f"tags: [{', '.join(p.tags)}]")
    project = rng.choice(PROJECTS)
    body = [
        "## Goals",
        "",
        f"- Lead {project} to its first release.",
        f"- Get better at {rng.choice(TOPICS).replace('-', ' ')} and write it down for others.",
        f"- Work out the next step: {rng.choice(('Staff', 'management', 'a broader role', 'a deeper role'))}.",
        "",
        "## What energises them",
        "",
        f"{p.first} likes untangling messy systems and pairing with people who ask why. "
        f"Drained by status meetings and by being the default person to ping about {rng.choice(PROJECTS)}.",
        "",
        "## How they like feedback",
        "",
        rng.choice((
            "Direct and early, in private, with a concrete example.",
            "Written first, then a conversation a day later.",
            "In the moment, and short; no surprises at review time.",
        )),
    ]
    return "---\n" + "\n".join(meta) + "\n---\n" + "\n".join(body) + "\n"


def _fill(rng: random.Random, template: str, p: _Person) -> str:
    return template.format(
        first=p.first,
        project=rng.choice(PROJECTS),
        topic=rng.choice(TOPICS).replace("-", " "),
        doc=rng.choice(DOCS),
        feeling=rng.choice(FEELINGS),
        n=rng.randrange(2, 40),
    )


def _paragraph(rng: random.Random, p: _Person, words: int) -> str:
    sentences: list[str] = []
    count = 0
    for template in rng.sample(SENTENCES, len(SENTENCES)):
        if count >= words:
            break
        sentence = _fill(rng, template, p)
        sentences.append(sentence)
        count += len(sentence.split())
    return " ".join(sentences)


def _note(rng: random.Random, p: _Person, day: dt.date, time: str | None, slugs: list[str]) -> str:
    status = _weighted(rng, STATUSES)
    meta = [f"person: {p.slug}", f"date: {day.isoformat()}{' ' + time if time else ''}"]
    if status != "held" or rng.random() < 0.7:
        meta.append(f"status: {status}")
    if status in ("cancelled", "rescheduled"):
        meta.append(f"cancelled_by: {rng.choice(('me', 'them'))}")
    planned = rng.choice((25, 30, 30, 45, 60))
    if status == "held":
        if rng.random() < 0.9:
            meta.append(f"format: {rng.choice(FORMATS)}")
        if rng.random() < 0.85:
            meta.append(f"minutes: {max(5, planned + rng.choice((-15, -10, -5, 0, 0, 0, 5, 10)))}")
            meta.append(f"planned_minutes: {planned}")
        if rng.random() < 0.85:
            meta.append(f"mood: {rng.choices((1, 2, 3, 4, 5), weights=(1, 3, 8, 10, 5))[0]}")
        topics = rng.sample(TOPICS, rng.randrange(1, 4))
        meta.append(f"topics: [{', '.join(topics)}]")
        if rng.random() < 0.4:
            meta.append(f"asked: [{', '.join(rng.sample(QUESTION_IDS, rng.randrange(1, 3)))}]")
    elif rng.random() < 0.5:
        meta.append(f"planned_minutes: {planned}")
    roll = rng.random()
    if roll < 0.05:
        meta.append("private: true")
    elif roll < 0.12:
        meta.append("visibility: private")
    elif roll < 0.2:
        meta.append("visibility: team")
    elif roll < 0.3:
        meta.append("visibility: shared")
    body = _held_body(rng, p, day, slugs) if status == "held" else _short_body(rng, p, status, day)
    return "---\n" + "\n".join(meta) + "\n---\n" + body


def _task(rng: random.Random, p: _Person, day: dt.date, slugs: list[str]) -> str:
    owner = rng.choices(("me", p.slug, rng.choice(slugs)), weights=(6, 4, 1))[0]
    text = f"{rng.choice(VERBS)} the {rng.choice(DOCS)} for {rng.choice(PROJECTS)}"
    p.open_items.append((owner, text))
    due = f" due:{(day + dt.timedelta(days=rng.randrange(3, 22))).isoformat()}" if rng.random() < 0.6 else ""
    return f"- [ ] @{owner} {text}{due}"


def _held_body(rng: random.Random, p: _Person, day: dt.date, slugs: list[str]) -> str:
    target = rng.randrange(180, 420)
    parts = [f"## What {p.first} raised", "", _paragraph(rng, p, target // 3), ""]
    parts += ["## Notes", "", _paragraph(rng, p, target // 3), ""]
    if rng.random() < 0.4:
        parts += [f"- {_fill(rng, item, p)}" for item in rng.sample(LIST_ITEMS, rng.randrange(2, 5))] + [""]
    if rng.random() < 0.2:
        parts += [f"> {rng.choice(QUOTES)}", ""]
    if rng.random() < 0.1:
        parts += [
            "| Option | Cost | Risk |",
            "| --- | --- | --- |",
            f"| Ship as is | {rng.randrange(1, 5)} weeks | high |",
            f"| Cut scope | {rng.randrange(1, 3)} weeks | medium |",
            "",
        ]
    parts += [_paragraph(rng, p, target // 3), ""]
    if rng.random() < 0.2:
        title = rng.choice(("", ' "Only for me"'))
        marker = rng.choice(("!!!", "???"))
        parts += [f"{marker} private{title}", f"    {rng.choice(PRIVATE_LINES)}", ""]
    follow_ups: list[str] = []
    closing = [item for item in p.open_items if rng.random() < 0.5]
    for owner, text in closing:
        follow_ups.append(f"- [x] @{owner} {text}")
        p.open_items.remove((owner, text))
    follow_ups += [_task(rng, p, day, slugs) for _ in range(rng.randrange(0, 4))]
    if follow_ups:
        parts += ["## Follow-ups", "", *follow_ups, ""]
    return "\n".join(parts)


def _short_body(rng: random.Random, p: _Person, status: str, day: dt.date) -> str:
    reason = {
        "cancelled": f"Cancelled: {rng.choice(('an incident ran over', 'travel', 'they were off sick', 'a clash'))}.",
        "rescheduled": f"Moved to later in the week; {p.first} had a clash with {rng.choice(PROJECTS)}.",
        "no-show": f"{p.first} did not turn up; probably caught up in {rng.choice(PROJECTS)}.",
    }[status]
    lines = [reason, ""]
    if rng.random() < 0.3:
        text = f"rebook the one-on-one with {p.first}"
        p.open_items.append(("me", text))
        lines += [f"- [ ] @me {text} due:{(day + dt.timedelta(days=3)).isoformat()}", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir", type=Path, help="the content folder to write (the MkDocs docs_dir)")
    parser.add_argument("--people", type=int, default=40)
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    make_synthetic_handbook(args.out_dir, people=args.people, notes=args.notes, seed=args.seed)
    print(f"wrote {args.people} people and {args.notes} notes under {args.out_dir}")


if __name__ == "__main__":
    main()
