"""bench/synth.py: synthetic facts that kankei itself reads, valid against the documented schema, shaped like
the seed output, deterministic by seed."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import jsonschema

from kankei.facts_io import read_facts
from kankei.load.rows import evidence_key

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import synth  # noqa: E402

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "docs" / "facts.schema.json").read_text())
N = 3000


def test_synthetic_facts_are_valid_readable_deterministic_and_shaped_like_the_seed(tmp_path: Path) -> None:
    profile = synth.measure(synth.DEFAULT_PROFILE)
    sizes = synth.Sizes.scaled(N)
    assert (sizes.people, sizes.places, sizes.organizations, sizes.articles) == (300, 30, 15, 600)
    first, second, other = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    assert synth.write(first, sizes, profile, seed=5) == N
    synth.write(second, sizes, profile, seed=5)
    synth.write(other, sizes, profile, seed=6)
    assert first.read_bytes() == second.read_bytes() != other.read_bytes()

    rows = [json.loads(line) for line in first.read_text(encoding="utf-8").splitlines()]
    validator = jsonschema.Draft202012Validator(SCHEMA)
    assert [e.message for row in rows for e in validator.iter_errors(row)] == []
    facts = list(read_facts(first))
    assert len(facts) == len({evidence_key(f) for f in facts}) == N  # no fact twice
    assert len({f.article for f in facts}) == sizes.articles
    people = {r.id for f in facts for r in (f.subject, f.object) if r.type == "Person"}
    assert len(people) == sizes.people  # everyone appears at least once
    # The relation mix of the seed, within a few points.
    seed_mix = Counter(profile.relations)
    mix = Counter(f.relation for f in facts)
    for relation, n in seed_mix.items():
        assert abs(mix[relation] / N - n / len(profile.relations)) < 0.04, relation
    # Offsets point into the sentence: the mention is where the fact says it is.
    for f in facts[:200]:
        for ref in (f.subject, f.object):
            if ref.start >= 0:
                at = ref.start - f.evidence.start
                assert f.evidence.sentence[at : at + len(ref.text)] == ref.text
