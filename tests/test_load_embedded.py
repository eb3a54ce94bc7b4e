"""The loader against the real embedded store (a ladybug file in tmp_path): idempotent, incremental,
order-free, one node per entity and per event, evidence never repeated, names stored verbatim."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kankei.errors import StoreError
from kankei.facts_io import read_facts
from kankei.load import graph_counts, load_facts, open_store
from kankei.load.ladybug_store import LadybugStore
from kankei.load.rows import evidence_key
from kankei.types import EntityRef, Evidence, Fact

from test_load_seed_facts import SEED_FACTS

PUTIN_PYONGYANG_2024 = "Person:ウラジミルプチン|Place:北朝鮮|2024-06"


@pytest.fixture(scope="module")
def seed() -> list[Fact]:
    return list(read_facts(SEED_FACTS))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LadybugStore]:
    with LadybugStore.open(tmp_path / "graph.lbug") as graph:
        yield graph


def snapshot(store) -> dict[str, list]:
    """Everything that must not depend on load order, batching or engine (portable Cypher only)."""
    rows: dict[str, list] = {"counts": [graph_counts(store)]}
    rows["entities"] = store.read(
        "MATCH (n) WHERE n.type = 'Person' OR n.type = 'Organization' OR n.type = 'Place' "
        "RETURN n.id AS id, n.name AS name, n.names AS names, n.keys AS keys, n.kind AS kind ORDER BY id"
    )
    rows["part_of"] = store.read(
        "MATCH (a)-[:PART_OF]->(b) RETURN a.id AS child, b.id AS parent ORDER BY child, parent"
    )
    rows["visits"] = store.read(
        "MATCH (v:Visit) RETURN v.key AS k, v.date AS date, v.date_precision AS precision, v.modality AS m, "
        "v.place AS place, v.country AS country, v.articles AS articles, v.evidence AS evidence ORDER BY k"
    )
    rows["meetings"] = store.read(
        "MATCH (v:Meeting) RETURN v.key AS k, v.date AS date, v.modality AS m, v.place AS place ORDER BY k"
    )
    rows["roles"] = store.read(
        "MATCH (x)-[r:PARTICIPATED]->(v) "
        "RETURN x.id AS who, v.key AS event, r.role AS role ORDER BY who, event"
    )
    for link, target in (("AT", "id"), ("ABOUT", "key"), ("DURING", "key")):
        rows[link] = store.read(
            f"MATCH (a)-[:{link}]->(b) RETURN a.key AS source, b.{target} AS target ORDER BY source, target"
        )
    for relation in ("VISITED", "MET", "ACCOMPANIED", "HOLDS_POSITION"):
        rows[relation] = store.read(
            f"MATCH (a)-[r:{relation}]->(b) RETURN a.id AS source, b.id AS target, r.title AS title, "
            "r.articles AS articles, r.evidence AS evidence, r.first_date AS first, r.last_date AS last, "
            "r.modality AS m, r.confidence AS c ORDER BY source, target, title"
        )
    return rows


def test_loading_the_same_facts_twice_changes_no_count(store: LadybugStore, seed: list[Fact]) -> None:
    first = load_facts(seed, store)
    before = snapshot(store)
    second = load_facts(seed, store, batch_size=7)
    assert first.facts == second.facts == len(seed)
    assert first.nodes["Evidence"] == len(seed) and first.nodes["Visit"] > 0
    assert set(second.nodes.values()) == {0} and set(second.relationships.values()) == {0}
    assert snapshot(store) == before


def test_batch_size_does_not_change_the_graph(tmp_path: Path, seed: list[Fact]) -> None:
    snapshots = []
    for size in (1000, 5):
        with LadybugStore.open(tmp_path / f"g{size}.lbug") as graph:
            load_facts(seed, graph, batch_size=size)
            snapshots.append(snapshot(graph))
    assert snapshots[0] == snapshots[1]


def test_load_order_does_not_change_the_graph(tmp_path: Path, seed: list[Fact]) -> None:
    articles = sorted({f.article for f in seed})
    with LadybugStore.open(tmp_path / "all.lbug") as graph:
        load_facts(seed, graph)
        reference = snapshot(graph)
    with LadybugStore.open(tmp_path / "one-by-one.lbug") as graph:
        for article in reversed(articles):
            load_facts([f for f in seed if f.article == article], graph)
        assert snapshot(graph) == reference


def test_one_new_article_adds_only_what_it_brings(store: LadybugStore, seed: list[Fact]) -> None:
    new = "004_acd389dd8f923f85"
    old_facts = [f for f in seed if f.article != new]
    new_facts = [f for f in seed if f.article == new]
    load_facts(old_facts, store)
    before = graph_counts(store)
    stats = load_facts(new_facts, store)
    known = {r.id for f in old_facts for r in (f.subject, f.object)} | {
        f"Place:{r.part_of}" for f in old_facts for r in (f.subject, f.object) if r.part_of
    }
    brought = {r.id for f in new_facts for r in (f.subject, f.object)}
    assert stats.nodes["Article"] == 1
    assert stats.nodes["Evidence"] == len({evidence_key(f) for f in new_facts})
    assert stats.nodes["Person"] == len({i for i in brought - known if i.startswith("Person:")})
    assert stats.relationships["MENTIONS"] == len(
        {(f.article, r.id) for f in new_facts for r in (f.subject, f.object)}
    )
    assert stats.relationships["REPORTS"] == stats.nodes["Evidence"]
    # Untouched nodes stay: every count either grows or, for events a new report merges, stays put.
    after = graph_counts(store)
    assert all(after.nodes[k] >= v for k, v in before.nodes.items())


def test_a_new_article_can_merge_an_event_created_earlier(store: LadybugStore, seed: list[Fact]) -> None:
    # 002 alone announces a visit "in 2024": a year-level planned event until 000 reports the June trip.
    load_facts([f for f in seed if f.article == "002_519a2c083e35e509"], store)
    keys = [r["k"] for r in store.read("MATCH (v:Visit) RETURN v.key AS k ORDER BY k")]
    assert "Person:ウラジミルプチン|Place:北朝鮮|2024" in keys
    load_facts([f for f in seed if f.article == "000_670e7b2955f43f4a"], store)
    keys = [r["k"] for r in store.read("MATCH (v:Visit) RETURN v.key AS k ORDER BY k")]
    assert "Person:ウラジミルプチン|Place:北朝鮮|2024" not in keys and PUTIN_PYONGYANG_2024 in keys
    rows = store.read(
        "MATCH (v:Visit {key: $k}) RETURN v.articles AS n, v.modality AS m", {"k": PUTIN_PYONGYANG_2024}
    )
    assert rows == [{"n": 2, "m": "actual"}]


def test_evidence_never_repeats(store: LadybugStore, seed: list[Fact]) -> None:
    load_facts(seed, store)
    load_facts(reversed(seed), store, batch_size=3)
    rows = store.read(
        "MATCH (e:Evidence) RETURN e.key AS key, COUNT { MATCH (:Article)-[:REPORTS]->(e) } AS reports, "
        "COUNT { MATCH (e)-[:SUBJECT]->() } AS subjects, COUNT { MATCH (e)-[:OBJECT]->() } AS objects"
    )
    assert sorted(r["key"] for r in rows) == sorted(evidence_key(f) for f in seed)
    assert {(r["reports"], r["subjects"], r["objects"]) for r in rows} == {(1, 1, 1)}


def test_the_june_2024_pyongyang_visit_is_one_visit_node(store: LadybugStore, seed: list[Fact]) -> None:
    load_facts(seed, store)
    rows = store.read(
        "MATCH (p:Person {name: 'ウラジーミル・プーチン'})-[:PARTICIPATED {role: 'visitor'}]->(v:Visit) "
        "WHERE v.country = '北朝鮮' AND v.date STARTS WITH '2024' "
        "RETURN v.key AS key, v.date AS date, v.modality AS m, v.place AS place, v.articles AS articles"
    )
    # Four articles: 2024-06-19, 2024-06, a planned 2024-06-18 (to 北朝鮮) and a planned "2024".
    assert rows == [
        {"key": PUTIN_PYONGYANG_2024, "date": "2024-06-19", "m": "actual", "place": "平壌", "articles": 4}
    ]
    reports = store.read(
        "MATCH (a:Article)-[:REPORTS]->(e:Evidence {relation: 'VISITED'})-[:ABOUT]->(v:Visit {key: $k}) "
        "MATCH (e)-[:SUBJECT]->(p:Person {name: 'ウラジーミル・プーチン'}) "
        "RETURN DISTINCT a.id AS article ORDER BY article",
        {"k": PUTIN_PYONGYANG_2024},
    )
    assert [r["article"] for r in reports] == sorted(
        ["000_670e7b2955f43f4a", "002_519a2c083e35e509", "003_4edb4471bd7939ee", "004_acd389dd8f923f85"]
    )
    members = store.read(
        "MATCH (x)-[:PARTICIPATED {role: 'delegation member'}]->(:Visit {key: $k}) "
        "RETURN x.name AS n ORDER BY n",
        {"k": PUTIN_PYONGYANG_2024},
    )
    assert [r["n"] for r in members] == sorted(
        ["セルゲイ・ラブロフ", "デニス・マントロフ", "アレクサンドル・ノバク", "アンドレイ・ベロウソフ"]
    )


def test_direct_relationships_aggregate_their_evidence(store: LadybugStore, seed: list[Fact]) -> None:
    load_facts(seed, store)
    met = store.read(
        "MATCH (a:Person)-[r:MET]-(b:Person) WHERE a.name = 'ウラジーミル・プーチン' AND b.name = '金正恩' "
        "RETURN r.articles AS articles, r.evidence AS evidence, r.first_date AS first, r.last_date AS last"
    )
    # Kim met Putin (001, twice: 2019-04 and planned 2023-09; 002) and Putin met Kim (000): one relationship.
    assert met == [{"articles": 3, "evidence": 4, "first": "2019-04", "last": "2024-06-19"}]
    titles = store.read(
        "MATCH (:Person {name: 'アンドレイ・ベロウソフ'})-[r:HOLDS_POSITION]->(x) "
        "RETURN x.name AS x, r.title AS title, r.articles AS n ORDER BY title"
    )
    assert titles == [{"x": "ロシア", "title": "国防相", "n": 2}]


def test_entities_keep_every_key_they_were_called_by(store: LadybugStore, seed: list[Fact]) -> None:
    load_facts(seed, store)
    rows = store.read(
        "MATCH (p:Person {id: 'Person:ウラジミルプチン'}) RETURN p.name AS name, p.keys AS keys"
    )
    assert rows[0]["name"] == "ウラジーミル・プーチン"
    assert {"ウラジミルプチン", "プチン", "ウラジミル"} <= set(rows[0]["keys"])
    assert rows[0]["keys"] == sorted(rows[0]["keys"])


def _fact(article: str, subject: EntityRef, obj: EntityRef, sentence: str, relation: str = "MET") -> Fact:
    return Fact(article, relation, subject, obj, Evidence(sentence, 0, len(sentence)), "test", 0.5)


def test_injection_like_names_are_stored_verbatim(store: LadybugStore, seed: list[Fact]) -> None:
    load_facts(seed, store)
    before = graph_counts(store)
    evil = "'}) DETACH DELETE n //"
    quoted = 'x" }) MATCH (m) DETACH DELETE m RETURN "'
    facts = [
        _fact(
            "evil",
            EntityRef(f"Person:{evil}", evil, "Person", text=evil),
            EntityRef(f"Person:{quoted}", quoted, "Person"),
            f"{evil}が{quoted}と会談した。'; DROP TABLE x; --",
        ),
    ]
    load_facts(facts, store)
    after = graph_counts(store)
    assert after.nodes["Person"] == before.nodes["Person"] + 2
    assert after.nodes["Evidence"] == before.nodes["Evidence"] + 1
    names = store.read(
        "MATCH (p:Person) WHERE p.id = $a OR p.id = $b RETURN p.name AS n ORDER BY n",
        {"a": f"Person:{evil}", "b": f"Person:{quoted}"},
    )
    assert sorted(r["n"] for r in names) == sorted([evil, quoted])
    sentence = store.read("MATCH (e:Evidence {article: 'evil'}) RETURN e.sentence AS s")
    assert sentence == [{"s": facts[0].evidence.sentence}]


def test_a_fact_about_one_entity_with_itself_is_skipped(store: LadybugStore) -> None:
    putin = EntityRef("Person:ウラジミルプチン", "ウラジーミル・プーチン", "Person")
    stats = load_facts([_fact("x", putin, putin, "プーチンがプーチンと会った。")], store)
    assert (stats.facts, stats.skipped, stats.nodes["Evidence"]) == (1, 1, 0)


def test_an_unknown_entity_type_is_a_store_error_naming_the_article(store: LadybugStore) -> None:
    thing = EntityRef("Thing:x", "x", "Thing")
    putin = EntityRef("Person:ウラジミルプチン", "ウラジーミル・プーチン", "Person")
    with pytest.raises(StoreError, match=r"article a7: .*'Thing'"):
        load_facts([_fact("a7", putin, thing, "…")], store)


def test_batch_size_must_be_positive(store: LadybugStore, seed: list[Fact]) -> None:
    with pytest.raises(ValueError, match="batch_size"):
        load_facts(seed, store, batch_size=0)


def test_loading_streams_batches_without_reading_everything_first(
    store: LadybugStore, seed: list[Fact]
) -> None:
    consumed: list[int] = []

    def facts() -> Iterator[Fact]:
        for i, fact in enumerate(seed):
            consumed.append(i)
            yield fact

    progress: list[tuple[int, int]] = []
    load_facts(facts(), store, batch_size=10, progress=lambda n: progress.append((n, len(consumed))))
    # After each batch of 10 only that batch (plus the next item islice peeked at) has been read.
    assert progress[0] == (10, 10) and progress[1] == (10, 20)
    assert sum(n for n, _ in progress) == len(seed)


def test_a_read_only_store_that_does_not_exist_says_how_to_make_it(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"no graph at .*missing\.lbug: run `kankei load"):
        open_store(str(tmp_path / "missing.lbug"), read_only=True)


def test_open_store_picks_the_embedded_engine_for_a_path(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "x.lbug")) as graph:
        assert graph.engine == "ladybug"
        graph.ensure_schema()
        graph.ensure_schema()  # IF NOT EXISTS: a second time is a no-op
        assert graph_counts(graph).nodes["Person"] == 0
