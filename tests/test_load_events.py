"""plan_events: one Visit per trip and one Meeting per encounter, whatever the reports and their order."""

from __future__ import annotations

import random

from kankei.load.events import EvidenceRow, period_of, plan_events

PUTIN, KIM, LAVROV, XI = "Person:putin", "Person:kim", "Person:lavrov", "Person:xi"
PYONGYANG, NK, HANOI, VN = "Place:平壌", "Place:北朝鮮", "Place:ハノイ", "Place:ベトナム"
PART_OF = [(PYONGYANG, NK), (HANOI, VN)]
NAMES = {PYONGYANG: "平壌", NK: "北朝鮮", HANOI: "ハノイ", VN: "ベトナム"}


def ev(key, article, relation, subject, obj, date=None, modality="actual"):
    labels = {p: "Place" for p in NAMES}
    return EvidenceRow(
        key, article, relation, subject, "Person", obj, labels.get(obj, "Person"), date, modality
    )


def visits(plan):
    return sorted(plan.events["Visit"])


def test_period_of() -> None:
    assert [period_of(d) for d in ("2024-06-19", "2024-06", "2024", None)] == [
        "2024-06",
        "2024-06",
        "2024",
        None,
    ]


def test_reports_of_one_trip_to_a_city_and_its_country_are_one_visit() -> None:
    plan = plan_events(
        [
            ev("a", "A", "VISITED", PUTIN, PYONGYANG, "2024-06-19"),
            ev("b", "B", "VISITED", PUTIN, NK, "2024-06-18", "planned"),
            ev("c", "C", "VISITED", PUTIN, PYONGYANG, "2024-06"),
        ],
        PART_OF,
        NAMES,
    )
    assert visits(plan) == [f"{PUTIN}|{NK}|2024-06"]
    visit = plan.events["Visit"][f"{PUTIN}|{NK}|2024-06"]
    # The most precise actual date wins over a planned one; the place is the most specific one.
    assert (visit["date"], visit["date_precision"], visit["modality"]) == ("2024-06-19", "day", "actual")
    assert (visit["place"], visit["country"], visit["articles"], visit["evidence"]) == (
        "平壌",
        "北朝鮮",
        3,
        3,
    )
    assert {p for _, k, p in plan.at} == {PYONGYANG, NK}


def test_a_year_only_report_joins_the_single_month_of_that_year() -> None:
    plan = plan_events(
        [
            ev("a", "A", "VISITED", PUTIN, PYONGYANG, "2024-06-19"),
            ev("b", "B", "VISITED", PUTIN, PYONGYANG, "2024"),
        ],
        PART_OF,
        NAMES,
    )
    assert visits(plan) == [f"{PUTIN}|{NK}|2024-06"]


def test_a_year_only_report_stays_apart_when_the_year_has_two_trips_or_none() -> None:
    two = plan_events(
        [
            ev("a", "A", "VISITED", PUTIN, PYONGYANG, "2024-06-19"),
            ev("b", "B", "VISITED", PUTIN, PYONGYANG, "2024-11"),
            ev("c", "C", "VISITED", PUTIN, PYONGYANG, "2024"),
        ],
        PART_OF,
        NAMES,
    )
    assert visits(two) == [f"{PUTIN}|{NK}|2024", f"{PUTIN}|{NK}|2024-06", f"{PUTIN}|{NK}|2024-11"]
    alone = plan_events([ev("c", "C", "VISITED", PUTIN, PYONGYANG, "2000")], PART_OF, NAMES)
    assert visits(alone) == [f"{PUTIN}|{NK}|2000"]
    assert alone.events["Visit"][f"{PUTIN}|{NK}|2000"]["date_precision"] == "year"


def test_an_undated_report_is_never_merged_into_a_dated_trip() -> None:
    plan = plan_events(
        [ev("a", "A", "VISITED", PUTIN, PYONGYANG, "2024-06-19"), ev("b", "B", "VISITED", PUTIN, NK)],
        PART_OF,
        NAMES,
    )
    assert visits(plan) == [f"{PUTIN}|{NK}|2024-06", f"{PUTIN}|{NK}|undated"]
    assert plan.events["Visit"][f"{PUTIN}|{NK}|undated"]["date"] is None


def test_an_undated_report_takes_the_one_date_its_own_article_gives() -> None:
    plan = plan_events(
        [
            ev("a", "A", "VISITED", PUTIN, PYONGYANG, "2024-06-19"),
            ev("b", "A", "VISITED", PUTIN, NK),  # same article: the June trip
            ev("c", "A", "VISITED", PUTIN, NK, "2024"),  # refined by the June date, not a second period
            ev("d", "B", "VISITED", PUTIN, NK, "2024-06-18"),
            ev("e", "B", "VISITED", PUTIN, NK, "2000-07"),
            ev("f", "B", "VISITED", PUTIN, PYONGYANG),  # article B dates two trips: stays undated
        ],
        PART_OF,
        NAMES,
    )
    assert visits(plan) == [f"{PUTIN}|{NK}|2000-07", f"{PUTIN}|{NK}|2024-06", f"{PUTIN}|{NK}|undated"]
    about = {(e, k.rsplit("|", 1)[1]) for e, _, k in plan.about}
    assert about == {("a", "2024-06"), ("b", "2024-06"), ("c", "2024-06"), ("d", "2024-06"), ("e", "2000-07"),
                     ("f", "undated")}  # fmt: skip


def test_a_companion_joins_the_leaders_visit_as_delegation_member() -> None:
    plan = plan_events(
        [
            ev("p", "A", "VISITED", PUTIN, PYONGYANG, "2024-06-19"),
            ev("old", "A", "VISITED", PUTIN, NK, "2000"),  # same country, incompatible date: not this one
            ev("l", "A", "VISITED", LAVROV, PYONGYANG),  # undated: takes the leader's date
            ev("acc", "A", "ACCOMPANIED", LAVROV, PUTIN),
        ],
        PART_OF,
        NAMES,
    )
    key = f"{PUTIN}|{NK}|2024-06"
    assert visits(plan) == [f"{PUTIN}|{NK}|2000", key]
    roles = {(entity, event): role for (_, entity, _, event), role in plan.participation.items()}
    assert roles[(PUTIN, key)] == "visitor"
    assert roles[(LAVROV, key)] == "delegation member"
    assert ("acc", "Visit", key) in plan.about and ("l", "Visit", key) in plan.about


def test_companions_in_another_article_or_country_travel_on_their_own() -> None:
    plan = plan_events(
        [
            ev("p", "A", "VISITED", PUTIN, PYONGYANG, "2024-06-19"),
            ev("l", "B", "VISITED", LAVROV, PYONGYANG, "2024-06-19"),
            ev("acc", "B", "ACCOMPANIED", LAVROV, PUTIN),  # article B does not say Putin went
            ev("h", "A", "VISITED", LAVROV, HANOI, "2024-06-20"),
            ev("acc2", "A", "ACCOMPANIED", LAVROV, PUTIN),  # Putin went to North Korea, not Vietnam
        ],
        PART_OF,
        NAMES,
    )
    assert visits(plan) == sorted(
        [f"{LAVROV}|{NK}|2024-06", f"{LAVROV}|{VN}|2024-06", f"{PUTIN}|{NK}|2024-06"]
    )


def test_meetings_are_unordered_pairs_per_month_hosted_where_the_host_holds_office() -> None:
    plan = plan_events(
        [
            ev("v", "A", "VISITED", PUTIN, PYONGYANG, "2024-06-19"),
            ev("h", "A", "VISITED", PUTIN, HANOI, "2024-06-20", "planned"),
            ev("m1", "A", "MET", PUTIN, KIM, "2024-06-19"),
            ev("m2", "B", "MET", KIM, PUTIN, "2024"),  # reversed and year-only: the same meeting
        ],
        PART_OF,
        NAMES,
        positions=[(KIM, NK)],
    )
    pair = sorted([PUTIN, KIM])
    key = f"{pair[0]}|{pair[1]}|2024-06"
    assert sorted(plan.events["Meeting"]) == [key]
    meeting = plan.events["Meeting"][key]
    assert (meeting["date"], meeting["place"], meeting["articles"]) == ("2024-06-19", "平壌", 2)
    assert plan.during == {(key, f"{PUTIN}|{NK}|2024-06")}  # not the Hanoi trip Kim had no part in
    assert plan.participation[("Person", KIM, "Visit", f"{PUTIN}|{NK}|2024-06")] == "host"
    assert ("Person", KIM, "Visit", f"{PUTIN}|{VN}|2024-06") not in plan.participation


def test_no_host_without_a_position_in_the_visited_country() -> None:
    plan = plan_events(
        [ev("v", "A", "VISITED", PUTIN, PYONGYANG, "2024-06-19"), ev("m", "A", "MET", PUTIN, XI, "2024-06")],
        PART_OF,
        NAMES,
        positions=[(XI, "Place:中国")],
    )
    assert all(role != "host" for role in plan.participation.values())


def test_the_plan_does_not_depend_on_the_order_of_the_evidence() -> None:
    rows = [
        ev("a", "A", "VISITED", PUTIN, PYONGYANG, "2024-06-19"),
        ev("b", "B", "VISITED", PUTIN, NK, "2024", "planned"),
        ev("c", "C", "VISITED", LAVROV, PYONGYANG, "2024-06-19"),
        ev("d", "C", "ACCOMPANIED", LAVROV, PUTIN),
        ev("e", "C", "VISITED", PUTIN, PYONGYANG, "2024-06"),
        ev("f", "A", "MET", KIM, PUTIN, "2024-06-19"),
        ev("g", "B", "MET", PUTIN, KIM),
    ]
    reference = plan_events(rows, PART_OF, NAMES, [(KIM, NK)])
    for seed in range(5):
        shuffled = rows[:]
        random.Random(seed).shuffle(shuffled)
        assert plan_events(shuffled, reversed(PART_OF), NAMES, [(KIM, NK)]) == reference
