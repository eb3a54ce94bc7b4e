"""Network measures of the entity graph (``kankei analyze``), computed with networkx on the graph
:func:`kankei.load.export.entity_graph` reads from either store.

The graph
    People, organisations and places, linked by VISITED, MET, ACCOMPANIED and HOLDS_POSITION, taken as
    undirected (who is connected to whom, not who did what to whom) with parallel relations folded into
    one link whose ``weight`` is the number of evidence sentences behind it. This is the graph the canned
    queries ``most-connected`` and ``shortest-connection`` walk, so ``connections`` equals the former's
    count and the shortest connections are the latter's routes.

Measures of people
    ``connections``: distinct neighbours; ``degree``: networkx degree centrality (connections / (n - 1));
    ``betweenness``: networkx betweenness centrality (normalised, unweighted shortest paths);
    ``community``: the person's Louvain community (networkx ``louvain_communities`` on the evidence
    weights with the fixed seed :data:`LOUVAIN_SEED`, so the same graph always gives the same
    communities; communities are numbered by size, largest first).

Sides and bridges
    A person's *side* is the country they hold a position in: the place (or the organisation's place) of
    their HOLDS_POSITION links, followed up PART_OF to the top (クレムリン → モスクワ → ロシア); with several,
    the one with the most evidence. People with no position have no side.

    Bridges are looked for in the *social* graph only: people linked by MET or ACCOMPANIED. (Through
    places every Russian is two hops from every North Korean — both "are linked to" ロシア — which says
    nothing about who connects the two camps.) A **bridge** between side A and side B is a person on
    some social path between a person of A and a person of B, measured three ways:

    * ``ties``: their direct social ties to people of the *other* side (for a person with no side: to
      people of either side — they are listed when they tie to both);
    * ``brokerage``: the share of A–B pairs' shortest social paths that run through them (networkx
      ``betweenness_centrality_subset`` with A as sources and B as targets, divided by the number of
      connected A–B pairs, so 1.0 = on every shortest path of every connected pair);
    * ``cut``: the share of connected A–B pairs (not involving them) that lose every social path when
      they are taken out — 1.0 means they are the only link between the sides.

    Listed are the people with a cross-side tie or a non-zero brokerage.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import product
from typing import Any

import networkx as nx

from kankei.errors import KankeiError
from kankei.graph_reads import find_entities, read_part_of
from kankei.load.export import entity_graph
from kankei.load.store import Store

__all__ = [
    "DEFAULT_SIDES",
    "LOUVAIN_SEED",
    "SOCIAL_RELATIONS",
    "Analysis",
    "Bridge",
    "Community",
    "Connection",
    "PersonMeasures",
    "analyze",
    "analyze_graph",
    "bridges",
    "check_sides",
    "communities",
    "linked_graph",
    "person_sides",
    "resolve_people",
    "rows_for",
    "shortest_connections",
    "social_graph",
]

DEFAULT_SIDES: tuple[str, str] = ("ロシア", "北朝鮮")
LOUVAIN_SEED = 7
SOCIAL_RELATIONS = frozenset({"MET", "ACCOMPANIED"})
MAX_PATHS = 20  # shortest connections listed per pair of people


@dataclass(frozen=True)
class PersonMeasures:
    id: str
    name: str
    side: str | None
    community: int | None
    connections: int
    degree: float
    betweenness: float


@dataclass(frozen=True)
class Community:
    number: int
    people: tuple[str, ...]
    others: tuple[str, ...]

    @property
    def size(self) -> int:
        return len(self.people) + len(self.others)


@dataclass(frozen=True)
class Connection:
    """One shortest chain between two people: names along it and the relation(s) of each hop."""

    person1: str
    person2: str
    route: tuple[str, ...]
    via: tuple[str, ...]

    @property
    def hops(self) -> int:
        return len(self.via)


@dataclass(frozen=True)
class Bridge:
    id: str
    name: str
    side: str | None
    ties: tuple[str, ...]
    brokerage: float
    cut: float


@dataclass
class Analysis:
    """Everything ``kankei analyze`` reports, plus the graphs it was computed on."""

    graph: nx.MultiDiGraph
    linked: nx.Graph
    people: list[PersonMeasures]
    communities: list[Community]
    bridges: list[Bridge]
    sides: tuple[str, str]
    side_of: dict[str, str] = field(default_factory=dict)

    def person(self, node: str) -> PersonMeasures | None:
        return next((p for p in self.people if p.id == node), None)


# ------------------------------------------------------------------------------------------------ graphs


def linked_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph: one link per linked pair, ``weight`` = evidence sentences behind it,
    ``relations`` = the sorted relation names (a pair that MET and ACCOMPANIED has both)."""
    linked = nx.Graph()
    linked.add_nodes_from(graph.nodes(data=True))
    for a, b, data in graph.edges(data=True):
        if a == b:
            continue
        weight = int(data.get("evidence") or 1)
        if linked.has_edge(a, b):
            link = linked[a][b]
            link["weight"] += weight
            link["relations"] = tuple(sorted({*link["relations"], data["relation"]}))
        else:
            linked.add_edge(a, b, weight=weight, relations=(data["relation"],))
    return linked


def social_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """People only, linked when they MET or one ACCOMPANIED the other."""
    social = nx.Graph()
    social.add_nodes_from(n for n, d in graph.nodes(data=True) if d.get("type") == "Person")
    for a, b, data in graph.edges(data=True):
        if data.get("relation") in SOCIAL_RELATIONS and a != b and a in social and b in social:
            social.add_edge(a, b)
    return social


# ------------------------------------------------------------------------------------------------- sides


def person_sides(graph: nx.MultiDiGraph, part_of: dict[str, str]) -> dict[str, str]:
    """person id → id of the country (top of the PART_OF chain) of the position they hold most evidence for."""

    def top(place: str) -> str:
        seen = [place]
        while (parent := part_of.get(seen[-1])) is not None and parent not in seen:
            seen.append(parent)
        return seen[-1]

    weights: dict[str, Counter[str]] = defaultdict(Counter)
    for a, b, data in graph.edges(data=True):
        if data.get("relation") != "HOLDS_POSITION" or graph.nodes[a].get("type") != "Person":
            continue
        place = b if graph.nodes[b].get("type") == "Place" else part_of.get(b)
        if place is not None:
            weights[a][top(place)] += int(data.get("evidence") or 1)
    # Most evidence, then the smallest id: the same answer whatever order the rows came in.
    return {person: min(c, key=lambda country: (-c[country], country)) for person, c in weights.items()}


# ------------------------------------------------------------------------------------------------ measures


def communities(linked: nx.Graph, seed: int = LOUVAIN_SEED) -> list[set[str]]:
    """Louvain communities (fixed seed), largest first, ties by their smallest member id."""
    if linked.number_of_edges() == 0:
        return [{n} for n in sorted(linked)]
    found = nx.community.louvain_communities(linked, weight="weight", seed=seed)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(c)))


def shortest_connections(
    graph: nx.MultiDiGraph, sources: Iterable[str], targets: Iterable[str], limit: int = MAX_PATHS
) -> list[Connection]:
    """All shortest chains (at most ``limit`` per pair) between any source and any target person."""
    linked = linked_graph(graph)
    found: list[Connection] = []
    for a, b in product(sorted(set(sources)), sorted(set(targets))):
        if a == b or not nx.has_path(linked, a, b):
            continue
        paths = sorted(nx.all_shortest_paths(linked, a, b), key=lambda p: [_name(graph, n) for n in p])
        for path in paths[:limit]:
            via = tuple("/".join(linked[x][y]["relations"]) for x, y in zip(path, path[1:], strict=False))
            found.append(Connection(_name(graph, a), _name(graph, b), tuple(_name(graph, n) for n in path), via))
    return sorted(found, key=lambda c: (c.hops, c.person1, c.person2, c.route, c.via))


def bridges(graph: nx.MultiDiGraph, side_of: dict[str, str], side_a: str, side_b: str) -> list[Bridge]:
    """People who connect side A and side B in the social graph (see the module docstring)."""
    social = social_graph(graph)
    group_a = {p for p in social if side_of.get(p) == side_a}
    group_b = {p for p in social if side_of.get(p) == side_b}
    component = {p: i for i, comp in enumerate(nx.connected_components(social)) for p in comp}
    connected = [(a, b) for a in sorted(group_a) for b in sorted(group_b) if component[a] == component[b]]
    if not connected:
        return []
    through = nx.betweenness_centrality_subset(social, sorted(group_a), sorted(group_b), normalized=False)
    # networkx halves the undirected subset sums; double back so a node on every path of one pair scores 1.
    scale = 2.0 / len(connected)
    found = []
    for person in sorted(social):
        side = side_of.get(person)
        other = group_b if side == side_a else group_a if side == side_b else group_a | group_b
        ties = sorted(n for n in social[person] if n in other)
        if side not in (side_a, side_b) and not (set(ties) & group_a and set(ties) & group_b):
            ties = []
        brokerage = through.get(person, 0.0) * scale
        if not ties and brokerage <= 1e-12:
            continue
        found.append(
            Bridge(
                person,
                _name(graph, person),
                _name(graph, side) if side else None,
                tuple(sorted(_name(graph, n) for n in ties)),
                brokerage,
                _cut_share(social, person, connected),
            )
        )
    return sorted(found, key=lambda b: (-b.cut, -b.brokerage, -len(b.ties), b.name))


def _cut_share(social: nx.Graph, person: str, connected: Sequence[tuple[str, str]]) -> float:
    without = social.subgraph(n for n in social if n != person)
    component = {p: i for i, comp in enumerate(nx.connected_components(without)) for p in comp}
    lost = sum(1 for a, b in connected if person not in (a, b) and component[a] != component[b])
    return lost / len(connected)


# ------------------------------------------------------------------------------------------------- entry


def analyze_graph(
    graph: nx.MultiDiGraph,
    part_of: dict[str, str],
    sides: tuple[str, str] = DEFAULT_SIDES,
    seed: int = LOUVAIN_SEED,
) -> Analysis:
    """All measures of an entity graph; ``sides`` are the two countries' place ids (or names)."""
    linked = linked_graph(graph)
    side_ids = tuple(_place_id(graph, s) for s in sides)
    side_of = person_sides(graph, part_of)
    community_of = {n: i for i, members in enumerate(communities(linked, seed), 1) for n in members}
    degree = nx.degree_centrality(linked) if len(linked) > 1 else dict.fromkeys(linked, 0.0)
    betweenness = nx.betweenness_centrality(linked, normalized=True)
    people = [
        PersonMeasures(
            n,
            _name(graph, n),
            _name(graph, side_of[n]) if n in side_of else None,
            community_of.get(n),
            linked.degree(n),
            degree[n],
            betweenness[n],
        )
        for n, d in linked.nodes(data=True)
        if d.get("type") == "Person"
    ]
    people.sort(key=lambda p: (-p.betweenness, -p.degree, p.name, p.id))
    groups: dict[int, list[str]] = defaultdict(list)
    for node, number in community_of.items():
        groups[number].append(node)
    found = [
        Community(
            number,
            tuple(sorted(_name(graph, n) for n in members if graph.nodes[n].get("type") == "Person")),
            tuple(sorted(_name(graph, n) for n in members if graph.nodes[n].get("type") != "Person")),
        )
        for number, members in sorted(groups.items())
    ]
    return Analysis(
        graph=graph,
        linked=linked,
        people=people,
        communities=found,
        bridges=bridges(graph, side_of, side_ids[0], side_ids[1]),
        sides=(_name(graph, side_ids[0]), _name(graph, side_ids[1])),
        side_of=side_of,
    )


def analyze(store: Store, sides: tuple[str, str] = DEFAULT_SIDES, seed: int = LOUVAIN_SEED) -> Analysis:
    """Read the entity graph and PART_OF links from ``store`` and compute every measure.

    ``sides`` are place names (matched like the canned queries match names: プーチン finds
    ウラジーミル・プーチン); a side that is no place in the graph has nobody on it (see :func:`check_sides`).
    """
    graph = entity_graph(store)
    side_ids = [next(iter(find_entities(store, side, ("Place",))), side) for side in sides]
    return analyze_graph(graph, read_part_of(store), (side_ids[0], side_ids[1]), seed)


def check_sides(store: Store, sides: Sequence[str]) -> None:
    """Raise a KankeiError naming each side that is no place in ``store``."""
    for side in sides:
        if not find_entities(store, side, ("Place",)):
            raise KankeiError(f"no place called {side!r} in {store.name}: sides are countries, e.g. ロシア")


def resolve_people(store: Store, name: str) -> list[str]:
    """Ids of the people called ``name``; an error naming it when there is none."""
    ids = find_entities(store, name, ("Person",))
    if not ids:
        raise KankeiError(f"no person called {name!r} in {store.name}")
    return ids


# ----------------------------------------------------------------------------------------------- helpers


def _name(graph: nx.MultiDiGraph, node: str) -> str:
    return str(graph.nodes[node].get("name") or node) if node in graph else node


def _place_id(graph: nx.MultiDiGraph, side: str) -> str:
    if side in graph:
        return side
    for node, data in graph.nodes(data=True):
        if data.get("type") == "Place" and data.get("name") == side:
            return node
    return side  # a side with no place in the graph simply has nobody on it


def _round(value: float) -> float:
    return round(value, 6)


def rows_for(analysis: Analysis, section: str, connections: Sequence[Connection] = ()) -> list[dict[str, Any]]:
    """The rows ``kankei analyze`` prints for one section (centrality, communities, bridges, path)."""
    if section == "centrality":
        return [
            {"person": p.name, "side": p.side, "community": p.community, "connections": p.connections,
             "degree": _round(p.degree), "betweenness": _round(p.betweenness)}
            for p in analysis.people
        ]
    if section == "communities":
        return [
            {"community": c.number, "size": c.size, "people": list(c.people), "others": list(c.others)}
            for c in analysis.communities
        ]
    if section == "bridges":
        return [
            {"person": b.name, "side": b.side, "ties": list(b.ties), "brokerage": _round(b.brokerage),
             "cut": _round(b.cut)}
            for b in analysis.bridges
        ]
    if section == "path":
        return [
            {"person1": c.person1, "person2": c.person2, "hops": c.hops, "route": " — ".join(c.route),
             "via": ", ".join(c.via)}
            for c in connections
        ]
    raise ValueError(f"unknown section {section!r}")
