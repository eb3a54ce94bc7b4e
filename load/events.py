"""Events from evidence: one ``Visit`` per real trip and one ``Meeting`` per real encounter, however many
articles report them. A pure function of the whole evidence set, so the result does not depend on the
order articles were loaded in.

Keys
    Visit:   ``<principal visitor id>|<country id>|<period>``
    Meeting: ``<smaller participant id>|<larger participant id>|<period>``

    The *country* of a place is the top of its ``PART_OF`` chain (平壌 → 北朝鮮), so a visit reported
    as "to Pyongyang" and as "to North Korea" is one visit. The *period* is the year-month of the date
    (``2024-06-19`` → ``2024-06``). A year-only date (``2024``) joins the one month of that year the same
    visitor/country (or pair) has; with none or several it stays a year-level event (``…|2024``).
    An undated fact takes the period its own article gives the same visitor/country (or pair) when the
    article gives exactly one ("arrived in Pyongyang" next to "visited North Korea on the 19th"); other
    undated facts form one ``…|undated`` event per visitor/country (or pair): a report that cannot be
    placed in time is never merged into a trip some other article dates.

Delegations
    A VISITED fact whose subject ACCOMPANIED a leader in the same article, where the leader has a
    VISITED fact in that article to the same country at a compatible date (one date a prefix of the
    other, or either missing), joins the leader's visit with role ``delegation member`` (chains of
    leaders are followed). The ACCOMPANIED evidence is linked to that visit too.

Roles
    ``visitor`` (the principal), ``delegation member``, ``host`` (someone who met a visitor in the visit's
    period and holds a position in the visited country), ``participant`` (both sides of a meeting).
    A meeting happened ``DURING`` the visits of the same period that one of its participants took part
    in, narrowed to those the other participant hosts when there are such; its place is that visit's
    place (or country, when the visits disagree on the place; none when they disagree on the country).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

__all__ = [
    "EvidenceRow",
    "EventPlan",
    "Places",
    "VisitInfo",
    "plan_events",
    "plan_visits",
    "plan_meetings",
    "affiliations_of",
    "choose_place",
    "period_of",
    "ROLE_ORDER",
]

ROLE_ORDER = ("visitor", "delegation member", "host", "participant")
UNDATED = "undated"


@dataclass(frozen=True)
class EvidenceRow:
    """One VISITED / MET / ACCOMPANIED Evidence node with its endpoints, as read from the store."""

    key: str
    article: str
    relation: str
    subject: str
    subject_label: str
    object: str
    object_label: str
    date: str | None = None
    modality: str = "actual"
    confidence: float = 1.0


@dataclass
class EventPlan:
    """The derived part of the graph.

    Attributes:
        events: label (Visit / Meeting) → key → properties.
        participation: (entity label, entity id, event label, event key) → role.
        at: (event label, event key, place id).
        about: (evidence key, event label, event key).
        during: (meeting key, visit key).
    """

    events: dict[str, dict[str, dict[str, Any]]] = field(default_factory=lambda: {"Visit": {}, "Meeting": {}})
    participation: dict[tuple[str, str, str, str], str] = field(default_factory=dict)
    at: set[tuple[str, str, str]] = field(default_factory=set)
    about: set[tuple[str, str, str]] = field(default_factory=set)
    during: set[tuple[str, str]] = field(default_factory=set)

    def add_role(self, label: str, entity: str, event_label: str, event: str, role: str) -> None:
        """One role per entity and event: the first in :data:`ROLE_ORDER` wins."""
        key = (label, entity, event_label, event)
        old = self.participation.get(key)
        if old is None or ROLE_ORDER.index(role) < ROLE_ORDER.index(old):
            self.participation[key] = role


def period_of(date: str | None) -> str | None:
    """``2024-06-19`` → ``2024-06``; ``2024`` → ``2024``; None → None."""
    if not date:
        return None
    return date[:7] if len(date) >= 7 else date[:4]


def _precision(date: str) -> str:
    return "day" if len(date) >= 10 else "month" if len(date) >= 7 else "year"


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def _more_precise(a: str | None, b: str | None) -> str | None:
    if a is None or (b is not None and len(b) > len(a)):
        return b
    return a


class Places:
    """PART_OF chains: the country (top) and depth of every place."""

    def __init__(self, part_of: Iterable[tuple[str, str]], names: Mapping[str, str]):
        parents: dict[str, set[str]] = defaultdict(set)
        for child, parent in part_of:
            if child != parent:
                parents[child].add(parent)
        self._parent = {child: min(ps) for child, ps in parents.items()}
        self.names = names

    def chain(self, place: str) -> list[str]:
        chain = [place]
        while (parent := self._parent.get(chain[-1])) is not None and parent not in chain:
            chain.append(parent)
        return chain

    def country(self, place: str) -> str:
        return self.chain(place)[-1]

    def depth(self, place: str) -> int:
        return len(self.chain(place)) - 1

    def name(self, place: str) -> str:
        return self.names.get(place, place)


def _event_props(label: str, rows: list[EvidenceRow]) -> dict[str, Any]:
    actual = [r for r in rows if r.modality == "actual"]
    dated = [r.date for r in actual if r.date] or [r.date for r in rows if r.date]
    # The most precise date, then the earliest: 2024-06-19 beats 2024-06 and a planned 2024-06-18.
    date = min(dated, key=lambda d: (-len(d), d)) if dated else None
    return {
        "type": label,
        "date": date,
        "date_precision": _precision(date) if date else None,
        "modality": "actual" if actual else "planned",
        "articles": len({r.article for r in rows}),
        "evidence": len({r.key for r in rows}),
        "confidence": max(r.confidence for r in rows),
    }


def _date_by_article(
    groups: dict[tuple[Any, str | None], list[Any]], article_of: Any
) -> dict[Any, list[Any]]:
    """An undated report joins the period its own article gives the same visitor/country (or pair),
    when the article gives exactly one (a year that a month of it refines counts as that month)."""
    dated: dict[tuple[Any, str], set[str]] = defaultdict(set)
    for (base, period), items in groups.items():
        if period is not None:
            for item in items:
                dated[(base, article_of(item))].add(period)
    out: dict[tuple[Any, str | None], list[Any]] = defaultdict(list)
    for (base, period), items in groups.items():
        for item in items:
            target = period
            if period is None:
                periods = dated.get((base, article_of(item)), set())
                periods = {p for p in periods if not any(q != p and q.startswith(p) for q in periods)}
                target = next(iter(periods)) if len(periods) == 1 else None
            out[(base, target)].append(item)
    return out


def _reconcile(groups: dict[tuple[Any, str | None], list[Any]]) -> dict[tuple[Any, str], list[Any]]:
    """Fold year-only periods into the single month of that year the same base has; name undated ones."""
    months: dict[Any, set[str]] = defaultdict(set)
    for base, period in groups:
        if period is not None and len(period) == 7:
            months[base].add(period)
    out: dict[tuple[Any, str], list[Any]] = defaultdict(list)
    for (base, period), items in groups.items():
        if period is None:
            period = UNDATED
        elif len(period) == 4:
            candidates = {m for m in months[base] if m.startswith(period)}
            if len(candidates) == 1:
                period = candidates.pop()
        out[(base, period)].extend(items)
    return out


class VisitInfo(NamedTuple):
    """What a meeting needs to know of a visit: its period, country, visitors and chosen place (ids)."""

    period: str
    country: str
    visitors: frozenset[str]
    place: str


def affiliations_of(positions: Iterable[tuple[str, str]], places: Places) -> dict[str, set[str]]:
    """person id → the countries of the organisations and places they hold a position in."""
    affiliations: dict[str, set[str]] = defaultdict(set)
    for person, where in positions:
        affiliations[person].add(places.country(where))
    return affiliations


def plan_events(
    evidence: Iterable[EvidenceRow],
    part_of: Iterable[tuple[str, str]] = (),
    place_names: Mapping[str, str] | None = None,
    positions: Iterable[tuple[str, str]] = (),
) -> EventPlan:
    """Derive Visit and Meeting events from evidence.

    Parameters:
        evidence: VISITED, MET and ACCOMPANIED evidence (others are ignored).
        part_of: (child id, parent id) PART_OF links between places (and organisations → places).
        place_names: place id → name, for the ``place`` and ``country`` properties.
        positions: (person id, organisation or place id) HOLDS_POSITION pairs, to find hosts.
    """
    places = Places(part_of, place_names or {})
    rows = sorted(set(evidence), key=lambda r: r.key)
    plan = EventPlan()
    visit_info = plan_visits(rows, places, plan)
    plan_meetings(rows, places, plan, visit_info, affiliations_of(positions, places))
    return plan


def plan_visits(rows: Iterable[EvidenceRow], places: Places, plan: EventPlan) -> dict[str, VisitInfo]:
    """The Visit part of :func:`plan_events` (events, visitor and delegation roles, AT, ABOUT) into ``plan``.

    ``rows`` sorted by key. A visit of principal P is a function of the VISITED and ACCOMPANIED evidence of
    the articles in which P has VISITED evidence: delegations are matched within one article.
    """
    rows = list(rows)
    visits = [r for r in rows if r.relation == "VISITED"]
    leaders: dict[tuple[str, str], dict[str, EvidenceRow]] = defaultdict(dict)
    for r in rows:
        if r.relation == "ACCOMPANIED":
            leaders[(r.article, r.subject)].setdefault(r.object, r)
    visits_by: dict[tuple[str, str], list[EvidenceRow]] = defaultdict(list)
    for v in visits:
        visits_by[(v.article, v.subject)].append(v)

    def leader_visit(v: EvidenceRow) -> tuple[EvidenceRow, EvidenceRow] | None:
        """(the leader's visit v joins, the ACCOMPANIED evidence that says so)."""
        country = places.country(v.object)
        for leader, accompanied in sorted(leaders.get((v.article, v.subject), {}).items()):
            candidates = [
                w
                for w in visits_by.get((v.article, leader), ())
                if w.key != v.key and places.country(w.object) == country and _compatible(v.date, w.date)
            ]
            if candidates:
                return min(candidates, key=lambda w: (-len(w.date or ""), w.date or "", w.key)), accompanied
        return None

    # (principal label, principal id, country) + period → [(evidence, role, via ACCOMPANIED evidence)]
    visit_groups: dict[tuple[Any, str | None], list[tuple[EvidenceRow, str, EvidenceRow | None]]] = (
        defaultdict(list)
    )
    for v in visits:
        anchor, via, seen = v, None, {v.key}
        while (found := leader_visit(anchor)) is not None and found[0].key not in seen:
            anchor, accompanied = found
            via = via or accompanied
            seen.add(anchor.key)
        role = "visitor" if anchor is v else "delegation member"
        date = v.date if anchor is v else _more_precise(v.date, anchor.date)
        base = (anchor.subject_label, anchor.subject, places.country(anchor.object))
        visit_groups[(base, period_of(date))].append((v, role, via))

    visit_info: dict[str, VisitInfo] = {}
    for ((label, principal, country), period), members in sorted(
        _reconcile(_date_by_article(visit_groups, lambda m: m[0].article)).items()
    ):
        key = f"{principal}|{country}|{period}"
        evs = [m[0] for m in members]
        props = _event_props("Visit", evs)
        place = choose_place([e.object for e in evs], places)
        props.update(place=places.name(place), country=places.name(country))
        plan.events["Visit"][key] = props
        plan.add_role(label, principal, "Visit", key, "visitor")
        visitors = {principal}
        for e, role, via in members:
            plan.add_role(e.subject_label, e.subject, "Visit", key, role)
            visitors.add(e.subject)
            plan.at.add(("Visit", key, e.object))
            plan.about.add((e.key, "Visit", key))
            if via is not None:
                plan.about.add((via.key, "Visit", key))
        visit_info[key] = VisitInfo(period, country, frozenset(visitors), place)
    return visit_info


def choose_place(objects: Iterable[str], places: Places) -> str:
    """A visit's place: the deepest of its reports' places, then the most reported, then by name and id."""
    counts: dict[str, int] = defaultdict(int)
    for place in objects:
        counts[place] += 1
    return min(counts, key=lambda p: (-places.depth(p), -counts[p], places.name(p), p))


def plan_meetings(
    rows: Iterable[EvidenceRow],
    places: Places,
    plan: EventPlan,
    visit_info: Mapping[str, VisitInfo],
    affiliations: Mapping[str, set[str]],
) -> None:
    """The Meeting part of :func:`plan_events` into ``plan``: events, participants, AT, ABOUT, DURING, hosts.

    A meeting of a pair is a function of the pair's MET evidence, the visits either of them took part in
    (``visit_info`` must hold at least those) and the pair's affiliations.
    """
    visits_in: dict[str, list[str]] = defaultdict(list)
    for key, info in visit_info.items():
        if info.period != UNDATED:
            visits_in[info.period].append(key)

    meeting_groups: dict[tuple[Any, str | None], list[EvidenceRow]] = defaultdict(list)
    for m in rows:
        if m.relation != "MET":
            continue
        pair = tuple(sorted(((m.subject_label, m.subject), (m.object_label, m.object)), key=lambda x: x[1]))
        meeting_groups[(pair, period_of(m.date))].append(m)
    for (pair, period), evs in sorted(
        _reconcile(_date_by_article(meeting_groups, lambda m: m.article)).items()
    ):
        key = f"{pair[0][1]}|{pair[1][1]}|{period}"
        props = _event_props("Meeting", evs)
        ids = {pair[0][1], pair[1][1]}
        during = sorted(v for v in visits_in.get(period, ()) if ids & visit_info[v].visitors)
        # Of the visits a participant made that month, the ones the other side hosts are where they met.
        hosted = [
            v
            for v in during
            if any(
                entity not in visit_info[v].visitors and visit_info[v].country in affiliations.get(entity, ())
                for entity in ids
            )
        ]
        during = hosted or during
        place_ids = {visit_info[v].place for v in during}
        countries = {visit_info[v].country for v in during}
        place = place_ids.pop() if len(place_ids) == 1 else countries.pop() if len(countries) == 1 else None
        props.update(
            place=places.name(place) if place else None,
            country=places.name(places.country(place)) if place else None,
        )
        plan.events["Meeting"][key] = props
        if place:
            plan.at.add(("Meeting", key, place))
        for label, entity in pair:
            plan.add_role(label, entity, "Meeting", key, "participant")
        for e in evs:
            plan.about.add((e.key, "Meeting", key))
        for v in during:
            plan.during.add((key, v))
            info = visit_info[v]
            for label, entity in pair:
                if entity not in info.visitors and info.country in affiliations.get(entity, ()):
                    plan.add_role(label, entity, "Visit", v, "host")
