"""Score predicted facts against hand-made gold, following ``shared/eval/README.md`` rules 1–5.

Gold is a directory with ``entities.jsonl``, ``facts.jsonl`` and (optionally) ``articles.jsonl``.
Predictions are :class:`~kankei.types.Fact` objects or plain dicts with the same keys (``article``,
``relation``, ``subject.name``, ``object.name``, ``date``, ``title``, ``modality``), so any facts JSONL
can be scored.

How the rules are read here (where they leave room):

* Rule 1 — a predicted name is reduced with :func:`kankei.normalize.name_key` and matched to every gold
  entity whose name or alias has the same key. A key shared by several gold entities resolves to all of
  them, and the pair is credited if any reading matches (the seed gold has no shared key). A name that
  resolves to nothing makes the pair match nothing.
* Rule 2 — deduplication runs after rule 1, on resolved entities: ``プーチン`` and ``ウラジーミル・プーチン``
  in one article are one subject. Unresolved names are told apart by their key. ``MET`` pairs are
  unordered. The predicted facts folded into a pair are kept: they are the "matching predictions" of
  rule 5.
* Rule 3 — a pair matches a gold fact of the same article and relation when the subject is the gold
  subject and the object the gold object (either way round for ``MET``). For ``VISITED`` and
  ``HOLDS_POSITION`` objects, the object also matches its transitive ``part_of`` ancestors and
  descendants (ウラジオストク → ロシア極東 → ロシア, and back down), never siblings. Subjects are never
  widened. Matching is not one-to-one: one pair may match several gold facts (北朝鮮 matches both a
  gold 北朝鮮 and a gold 平壌 visit) and one gold fact may be matched by several pairs.
* Rule 4 — a pair matching a non-optional gold fact is correct; a pair matching only optional facts is
  left out of precision (counted as ``optional_only``); anything else is a false positive. Recall counts
  non-optional gold facts matched by at least one pair. For a relation with nothing to find and nothing
  predicted, P = R = F1 = 1; otherwise an empty denominator gives 0. Macro = plain mean over the four
  relations, whether or not the gold has facts of each.
* Rule 5 — computed over matched non-optional gold facts; "matching predictions" of a gold fact are all
  predicted facts in all pairs that match it (so, via ``part_of``, a 平壌 prediction's date counts for a
  gold 北朝鮮 visit).

  - date accuracy is counted per gold *date*: each date of each matched fact is one item, correct when
    some matching prediction's date (NFKC, stripped) starts with it (``2024-06-19`` covers gold
    ``2024-06``; ``2024`` does not). Gold facts without dates add nothing to either side.
  - title accuracy: matched ``HOLDS_POSITION`` facts with a non-empty ``title`` list; correct when some
    matching prediction's NFKC title is one of the NFKC gold spellings (exact, no substring).
  - modality accuracy: every matched fact; correct when some matching prediction's modality equals the
    gold's. A dict without ``modality`` counts as ``actual``, the :class:`Fact` default.

Predictions for articles the gold does not cover (not in ``articles.jsonl`` nor ``facts.jsonl``) and
for unknown relations are not scored; they are counted in :attr:`EvalReport.ignored`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kankei.errors import FactsReadError, KankeiError
from kankei.normalize import name_key, nfkc
from kankei.types import RELATIONS, Fact

__all__ = [
    "Accuracy",
    "AttributeMiss",
    "EvalReport",
    "FalsePositive",
    "Gold",
    "GoldEntity",
    "GoldFact",
    "Miss",
    "RelationScore",
    "evaluate",
    "load_gold",
    "read_predictions",
]

# Relations whose object also matches its part_of ancestors and descendants (rule 3).
_WIDENED_OBJECT = frozenset({"VISITED", "HOLDS_POSITION"})
_SYMMETRIC = frozenset({"MET"})


# ---------------------------------------------------------------------------------------------- gold


@dataclass(frozen=True)
class GoldEntity:
    id: str
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    part_of: str | None = None


@dataclass(frozen=True)
class GoldFact:
    article: str
    relation: str
    subject: str
    object: str
    dates: tuple[str, ...] = ()
    modality: str = "actual"
    optional: bool = False
    title: tuple[str, ...] = ()


@dataclass(frozen=True)
class Gold:
    """Gold entities and facts, with the name index and ``part_of`` closure used for matching."""

    entities: dict[str, GoldEntity]
    facts: tuple[GoldFact, ...]
    articles: frozenset[str]
    by_key: dict[str, frozenset[str]] = field(default_factory=dict)
    ancestors: dict[str, frozenset[str]] = field(default_factory=dict)
    descendants: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, entities: Iterable[GoldEntity], facts: Iterable[GoldFact],
              articles: Iterable[str] = ()) -> Gold:
        ents = {e.id: e for e in entities}
        facts = tuple(facts)
        for e in ents.values():
            if e.part_of is not None and e.part_of not in ents:
                raise KankeiError(f"gold entity {e.id!r}: part_of {e.part_of!r} is not a gold entity")
        for f in facts:
            for ref in (f.subject, f.object):
                if ref not in ents:
                    raise KankeiError(f"gold fact in {f.article} ({f.relation}): unknown entity {ref!r}")
            if f.relation not in RELATIONS:
                raise KankeiError(f"gold fact in {f.article}: unknown relation {f.relation!r}")
        by_key: dict[str, set[str]] = defaultdict(set)
        for e in ents.values():
            for n in (e.name, *e.aliases):
                if n and name_key(n):
                    by_key[name_key(n)].add(e.id)
        ancestors: dict[str, frozenset[str]] = {}
        for eid in ents:
            seen: list[str] = []
            cur = ents[eid].part_of
            while cur is not None and cur not in seen and cur != eid:  # guards against part_of cycles
                seen.append(cur)
                cur = ents[cur].part_of
            ancestors[eid] = frozenset(seen)
        descendants: dict[str, set[str]] = {eid: set() for eid in ents}
        for eid, ups in ancestors.items():
            for up in ups:
                descendants[up].add(eid)
        return cls(
            entities=ents,
            facts=facts,
            articles=frozenset(articles) | {f.article for f in facts},
            by_key={k: frozenset(v) for k, v in by_key.items()},
            ancestors=ancestors,
            descendants={k: frozenset(v) for k, v in descendants.items()},
        )

    def resolve(self, name: str | None) -> frozenset[str]:
        """Gold entity ids whose name or alias has the same :func:`name_key` as ``name`` (rule 1)."""
        if not name:
            return frozenset()
        return self.by_key.get(name_key(name), frozenset())

    def widen(self, ids: frozenset[str]) -> frozenset[str]:
        """``ids`` plus their transitive ``part_of`` ancestors and descendants."""
        out = set(ids)
        for eid in ids:
            out |= self.ancestors.get(eid, frozenset())
            out |= self.descendants.get(eid, frozenset())
        return frozenset(out)


def _read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as e:
                raise FactsReadError(str(path), lineno, f"not JSON: {e}") from e
            if not isinstance(obj, dict):
                raise FactsReadError(str(path), lineno, "not a JSON object")
            yield lineno, obj


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def load_gold(gold_dir: str | Path) -> Gold:
    """Read ``entities.jsonl``, ``facts.jsonl`` and, if present, ``articles.jsonl`` from ``gold_dir``."""
    root = Path(gold_dir)
    for required in ("entities.jsonl", "facts.jsonl"):
        if not (root / required).is_file():
            raise KankeiError(f"{root}: not a gold directory (no {required})")
    entities = []
    path = root / "entities.jsonl"
    for lineno, d in _read_jsonl(path):
        try:
            entities.append(GoldEntity(id=d["id"], type=d.get("type", ""), name=d["name"],
                                       aliases=_strings(d.get("aliases")), part_of=d.get("part_of")))
        except KeyError as e:
            raise FactsReadError(str(path), lineno, f"gold entity without {e}") from e
    facts = []
    path = root / "facts.jsonl"
    for lineno, d in _read_jsonl(path):
        try:
            facts.append(GoldFact(article=d["article"], relation=d["relation"], subject=d["subject"],
                                  object=d["object"], dates=_strings(d.get("dates")),
                                  modality=d.get("modality") or "actual",
                                  optional=bool(d.get("optional", False)), title=_strings(d.get("title"))))
        except KeyError as e:
            raise FactsReadError(str(path), lineno, f"gold fact without {e}") from e
    articles: list[str] = []
    path = root / "articles.jsonl"
    if path.is_file():
        articles = [str(d["id"]) for _, d in _read_jsonl(path) if "id" in d]
    return Gold.build(entities, facts, articles)


# ---------------------------------------------------------------------------------------- predictions


@dataclass(frozen=True)
class _Prediction:
    article: str
    relation: str
    subject: str
    object: str
    date: str | None
    title: str | None
    modality: str | None
    sentence: str | None


def _name(value: Any) -> str:
    if isinstance(value, Mapping):
        return str(value.get("name") or "")
    if isinstance(value, str):
        return value
    return str(getattr(value, "name", "") or "")


def _coerce(item: Fact | Mapping[str, Any]) -> _Prediction:
    """The scored fields of one prediction; a ValueError says what is missing."""
    if isinstance(item, Fact):
        return _Prediction(item.article, item.relation, item.subject.name, item.object.name, item.date,
                           item.title, item.modality, item.evidence.sentence if item.evidence else None)
    if not isinstance(item, Mapping):
        raise ValueError(f"a prediction must be a Fact or a dict, not {type(item).__name__}")
    missing = [k for k in ("article", "relation", "subject", "object") if k not in item]
    if missing:
        raise ValueError(f"prediction without {', '.join(missing)}")
    evidence = item.get("evidence")
    sentence = evidence.get("sentence") if isinstance(evidence, Mapping) else None
    return _Prediction(
        article=str(item["article"]),
        relation=str(item["relation"]),
        subject=_name(item["subject"]),
        object=_name(item["object"]),
        date=item.get("date"),
        title=item.get("title"),
        modality=item.get("modality", "actual"),
        sentence=sentence,
    )


def read_predictions(path: str | Path) -> Iterator[dict[str, Any]]:
    """Stream predicted facts from any JSONL with the fact keys; a bad line names path and line."""
    for lineno, d in _read_jsonl(Path(path)):
        try:
            _coerce(d)
        except ValueError as e:
            raise FactsReadError(str(path), lineno, str(e)) from e
        yield d


@dataclass
class _Pair:
    article: str
    relation: str
    subject_ids: frozenset[str]
    object_ids: frozenset[str]
    predictions: list[_Prediction]


def _side(ids: frozenset[str], name: str) -> tuple[str, Any]:
    return ("ids", ids) if ids else ("name", name_key(name))


def _pairs(predictions: Iterable[_Prediction], gold: Gold) -> list[_Pair]:
    pairs: dict[tuple[Any, ...], _Pair] = {}
    for p in predictions:
        s_ids, o_ids = gold.resolve(p.subject), gold.resolve(p.object)
        s_side, o_side = _side(s_ids, p.subject), _side(o_ids, p.object)
        ends: Any = frozenset({s_side, o_side}) if p.relation in _SYMMETRIC else (s_side, o_side)
        key = (p.article, p.relation, ends)
        if key not in pairs:
            pairs[key] = _Pair(p.article, p.relation, s_ids, o_ids, [])
        pairs[key].predictions.append(p)
    return list(pairs.values())


def _matches(pair: _Pair, g: GoldFact, gold: Gold) -> bool:
    if pair.article != g.article or pair.relation != g.relation:
        return False
    objects = gold.widen(pair.object_ids) if g.relation in _WIDENED_OBJECT else pair.object_ids
    if g.subject in pair.subject_ids and g.object in objects:
        return True
    return g.relation in _SYMMETRIC and g.subject in pair.object_ids and g.object in pair.subject_ids


# -------------------------------------------------------------------------------------------- report


@dataclass(frozen=True)
class Accuracy:
    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        """correct / total, or None when there was nothing to judge."""
        return self.correct / self.total if self.total else None

    def __add__(self, other: Accuracy) -> Accuracy:
        return Accuracy(self.correct + other.correct, self.total + other.total)

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": self.value}


@dataclass(frozen=True)
class RelationScore:
    """Rule 4 for one relation; ``optional_only`` pairs are outside ``predicted``."""

    relation: str
    predicted: int
    correct: int
    gold: int
    matched: int
    optional_only: int
    date: Accuracy
    title: Accuracy
    modality: Accuracy

    @property
    def precision(self) -> float:
        if self.predicted == 0:
            return 1.0 if self.gold == 0 else 0.0
        return self.correct / self.predicted

    @property
    def recall(self) -> float:
        if self.gold == 0:
            return 1.0 if self.predicted == 0 else 0.0
        return self.matched / self.gold

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "relation": self.relation, "predicted": self.predicted, "correct": self.correct,
            "gold": self.gold, "matched": self.matched, "optional_only": self.optional_only,
            "precision": self.precision, "recall": self.recall, "f1": self.f1,
            "date": self.date.to_dict(), "title": self.title.to_dict(), "modality": self.modality.to_dict(),
        }


@dataclass(frozen=True)
class Miss:
    """A non-optional gold fact no predicted pair matched."""

    article: str
    relation: str
    subject: str
    object: str
    subject_name: str
    object_name: str
    dates: tuple[str, ...]
    modality: str


@dataclass(frozen=True)
class FalsePositive:
    """A predicted pair that matches no gold fact; ``*_known`` tells whether the name resolved (rule 1)."""

    article: str
    relation: str
    subject: str
    object: str
    subject_known: bool
    object_known: bool
    count: int
    sentence: str | None


@dataclass(frozen=True)
class AttributeMiss:
    """A matched gold fact whose date, title or modality no matching prediction got right."""

    article: str
    relation: str
    subject: str
    object: str
    subject_name: str
    object_name: str
    attribute: str
    gold: tuple[str, ...]
    predicted: tuple[str, ...]


@dataclass(frozen=True)
class EvalReport:
    relations: dict[str, RelationScore]
    date: Accuracy
    title: Accuracy
    modality: Accuracy
    misses: tuple[Miss, ...] = ()
    false_positives: tuple[FalsePositive, ...] = ()
    attribute_misses: tuple[AttributeMiss, ...] = ()
    ignored: dict[str, int] = field(default_factory=dict)

    @property
    def macro_precision(self) -> float:
        return sum(r.precision for r in self.relations.values()) / len(self.relations)

    @property
    def macro_recall(self) -> float:
        return sum(r.recall for r in self.relations.values()) / len(self.relations)

    @property
    def macro_f1(self) -> float:
        return sum(r.f1 for r in self.relations.values()) / len(self.relations)

    def to_dict(self, details: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "relations": {k: v.to_dict() for k, v in self.relations.items()},
            "macro": {"precision": self.macro_precision, "recall": self.macro_recall, "f1": self.macro_f1},
            "date": self.date.to_dict(),
            "title": self.title.to_dict(),
            "modality": self.modality.to_dict(),
            "ignored": dict(self.ignored),
        }
        if details:
            out["misses"] = [asdict(m) for m in self.misses]
            out["false_positives"] = [asdict(f) for f in self.false_positives]
            out["attribute_misses"] = [asdict(a) for a in self.attribute_misses]
        return out


# -------------------------------------------------------------------------------------------- scoring


def _date_hit(gold_date: str, preds: list[_Prediction]) -> bool:
    return any(p.date and nfkc(str(p.date)).strip().startswith(gold_date) for p in preds)


def _attribute_miss(gold: Gold, g: GoldFact, attribute: str, gold_values: tuple[str, ...],
                    predicted: Iterable[Any]) -> AttributeMiss:
    return AttributeMiss(g.article, g.relation, g.subject, g.object, gold.entities[g.subject].name,
                         gold.entities[g.object].name, attribute, gold_values,
                         tuple(sorted({str(v) for v in predicted if v is not None})))


def evaluate(gold_dir: str | Path | Gold, facts: Iterable[Fact] | Iterable[Mapping[str, Any]]) -> EvalReport:
    """Score ``facts`` against the gold in ``gold_dir`` (rules 1–5; readings in the module docstring)."""
    gold = gold_dir if isinstance(gold_dir, Gold) else load_gold(gold_dir)
    ignored = {"article_not_in_gold": 0, "unknown_relation": 0}
    preds: list[_Prediction] = []
    for i, item in enumerate(facts, 1):
        try:
            p = _coerce(item)
        except ValueError as e:
            raise KankeiError(f"prediction {i}: {e}") from e
        if p.relation not in RELATIONS:
            ignored["unknown_relation"] += 1
        elif p.article not in gold.articles:
            ignored["article_not_in_gold"] += 1
        else:
            preds.append(p)

    gold_by_slot: dict[tuple[str, str], list[GoldFact]] = defaultdict(list)
    for g in gold.facts:
        gold_by_slot[(g.article, g.relation)].append(g)

    # For each non-optional gold fact (by index), the predictions of every pair that matches it.
    matching: dict[int, list[_Prediction]] = defaultdict(list)
    index = {id(g): i for i, g in enumerate(gold.facts)}
    counts = {r: {"predicted": 0, "correct": 0, "optional_only": 0} for r in RELATIONS}
    false_positives: list[FalsePositive] = []
    for pair in _pairs(preds, gold):
        hits = [g for g in gold_by_slot[(pair.article, pair.relation)] if _matches(pair, g, gold)]
        required = [g for g in hits if not g.optional]
        c = counts[pair.relation]
        if required:
            c["predicted"] += 1
            c["correct"] += 1
            for g in required:
                matching[index[id(g)]].extend(pair.predictions)
        elif hits:
            c["optional_only"] += 1
        else:
            c["predicted"] += 1
            first = pair.predictions[0]
            false_positives.append(FalsePositive(
                article=pair.article, relation=pair.relation, subject=first.subject, object=first.object,
                subject_known=bool(pair.subject_ids), object_known=bool(pair.object_ids),
                count=len(pair.predictions),
                sentence=next((p.sentence for p in pair.predictions if p.sentence), None)))

    misses: list[Miss] = []
    attribute_misses: list[AttributeMiss] = []
    scores: dict[str, RelationScore] = {}
    for rel in RELATIONS:
        n_gold = matched = 0
        date = title = modality = Accuracy()
        for i, g in enumerate(gold.facts):
            if g.relation != rel or g.optional:
                continue
            n_gold += 1
            if i not in matching:
                misses.append(Miss(g.article, g.relation, g.subject, g.object,
                                   gold.entities[g.subject].name, gold.entities[g.object].name,
                                   g.dates, g.modality))
                continue
            matched += 1
            ps = matching[i]

            hits = sum(_date_hit(d, ps) for d in g.dates)
            date += Accuracy(hits, len(g.dates))
            if hits < len(g.dates):
                missed = tuple(d for d in g.dates if not _date_hit(d, ps))
                attribute_misses.append(_attribute_miss(gold, g, "date", missed, (p.date for p in ps)))
            if rel == "HOLDS_POSITION" and g.title:
                accepted = {nfkc(t) for t in g.title}
                ok = any(p.title and nfkc(str(p.title)) in accepted for p in ps)
                title += Accuracy(int(ok), 1)
                if not ok:
                    attribute_misses.append(_attribute_miss(gold, g, "title", g.title, (p.title for p in ps)))
            ok = any(p.modality == g.modality for p in ps)
            modality += Accuracy(int(ok), 1)
            if not ok:
                attribute_misses.append(
                    _attribute_miss(gold, g, "modality", (g.modality,), (p.modality for p in ps)))
        c = counts[rel]
        scores[rel] = RelationScore(rel, c["predicted"], c["correct"], n_gold, matched, c["optional_only"],
                                    date, title, modality)

    return EvalReport(
        relations=scores,
        date=sum((s.date for s in scores.values()), Accuracy()),
        title=sum((s.title for s in scores.values()), Accuracy()),
        modality=sum((s.modality for s in scores.values()), Accuracy()),
        misses=tuple(misses),
        false_positives=tuple(false_positives),
        attribute_misses=tuple(attribute_misses),
        ignored=ignored,
    )
