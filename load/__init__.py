"""Graph stage: facts → a property graph in Neo4j or the embedded ladybug store.

>>> from kankei.load import open_store, load_facts          # doctest: +SKIP
>>> with open_store("kankei.lbug") as store:                 # doctest: +SKIP
...     stats = load_facts(read_facts("facts.jsonl"), store)
"""

from kankei.load.derive import derive_events
from kankei.load.events import EventPlan, EvidenceRow, plan_events
from kankei.load.loader import LoadStats, load_facts
from kankei.load.stats import GraphCounts, graph_counts
from kankei.load.store import Store, open_store

__all__ = [
    "EventPlan",
    "EvidenceRow",
    "GraphCounts",
    "LoadStats",
    "Store",
    "derive_events",
    "graph_counts",
    "load_facts",
    "open_store",
    "plan_events",
]
