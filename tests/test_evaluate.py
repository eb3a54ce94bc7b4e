"""kankei.evaluate and ``kankei eval``: scoring rules 1–5 of shared/eval/README.md on hand-built gold."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

from kankei.cli import cli
from kankei.errors import KankeiError
from kankei.evaluate import evaluate, load_gold
from kankei.types import EntityRef, Evidence, Fact

SEED_GOLD = Path(__file__).resolve().parent.parent / "corpus" / "gold"

def ent(eid, etype, name, aliases=(), part_of=None):
    return {"id": eid, "type": etype, "name": name, "aliases": list(aliases), "part_of": part_of}


ENTITIES = [
    ent("putin", "Person", "ウラジーミル・プーチン", ["プーチン", "Putin"]),
    ent("kim", "Person", "金正恩", ["キム・ジョンウン"]),
    ent("lavrov", "Person", "セルゲイ・ラブロフ", ["ラブロフ"]),
    ent("juncker", "Person", "ジャン＝クロード・ユンケル"),
    ent("russia", "Place", "ロシア"),
    ent("far_east", "Place", "ロシア極東", part_of="russia"),
    ent("vladivostok", "Place", "ウラジオストク", part_of="far_east"),
    ent("moscow", "Place", "モスクワ", part_of="russia"),
    ent("north_korea", "Place", "北朝鮮"),
    ent("pyongyang", "Place", "平壌", ["ピョンヤン"], part_of="north_korea"),
    ent("china", "Place", "中国"),
    ent("mod", "Organization", "ロシア国防省", part_of="russia"),
]

A1, A2, A3 = "a1", "a2", "a3"


def gold_fact(article, relation, subject, obj, dates=(), modality="actual", optional=False, title=None):
    return {"article": article, "relation": relation, "subject": subject, "object": obj, "dates": list(dates),
            "modality": modality, "optional": optional, "title": title}


FACTS = [
    gold_fact(A1, "VISITED", "putin", "pyongyang", ["2024-06-19"]),
    gold_fact(A1, "MET", "putin", "kim", ["2024-06-19"]),
    gold_fact(A1, "ACCOMPANIED", "lavrov", "putin"),
    gold_fact(A1, "HOLDS_POSITION", "putin", "russia", title=["大統領", "KGB長官"]),
    gold_fact(A1, "VISITED", "putin", "china", ["2024-05"], optional=True),
    gold_fact(A2, "VISITED", "kim", "vladivostok", ["2023-09", "2024-06"], modality="planned"),
    gold_fact(A2, "HOLDS_POSITION", "lavrov", "russia", title=["外相"]),
]


def write_gold(root: Path, entities=ENTITIES, facts=FACTS, articles=(A1, A2, A3)) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, rows in (("entities.jsonl", entities), ("facts.jsonl", facts),
                       ("articles.jsonl", [{"id": a} for a in articles])):
        (root / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                 encoding="utf-8")
    return root


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    return write_gold(tmp_path / "gold")


def pred(article, relation, subject, obj, date=None, title=None, modality="actual", sentence=None):
    d = {"article": article, "relation": relation, "subject": {"name": subject}, "object": {"name": obj},
         "date": date, "title": title, "modality": modality}
    if sentence is not None:
        d["evidence"] = {"sentence": sentence, "start": 0, "end": len(sentence)}
    return d


PERFECT = [
    pred(A1, "VISITED", "プーチン", "平壌", "2024-06-19"),
    pred(A1, "MET", "プーチン", "金正恩", "2024-06-19"),
    pred(A1, "ACCOMPANIED", "ラブロフ", "プーチン"),
    pred(A1, "HOLDS_POSITION", "プーチン", "ロシア", title="大統領"),
    pred(A2, "VISITED", "金正恩", "ウラジオストク", "2023-09-13", modality="planned"),
    pred(A2, "VISITED", "金正恩", "ウラジオストク", "2024-06", modality="planned"),
    pred(A2, "HOLDS_POSITION", "ラブロフ", "ロシア", title="外相"),
]


def counts(report, relation):
    s = report.relations[relation]
    return (s.predicted, s.correct, s.gold, s.matched, s.optional_only)


def test_perfect_prediction_scores_one_everywhere(gold):
    report = evaluate(gold, PERFECT)
    for rel, expected in (("VISITED", (2, 2, 2, 2, 0)), ("MET", (1, 1, 1, 1, 0)),
                          ("ACCOMPANIED", (1, 1, 1, 1, 0)), ("HOLDS_POSITION", (2, 2, 2, 2, 0))):
        assert counts(report, rel) == expected
        s = report.relations[rel]
        assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)
    assert (report.macro_precision, report.macro_recall, report.macro_f1) == (1.0, 1.0, 1.0)
    assert (report.date.correct, report.date.total) == (4, 4)
    assert (report.title.correct, report.title.total) == (2, 2)
    assert (report.modality.correct, report.modality.total) == (6, 6)
    assert report.misses == () and report.false_positives == () and report.attribute_misses == ()


def test_fact_objects_score_like_dicts(gold):
    def to_fact(d):
        return Fact(article=d["article"], relation=d["relation"],
                    subject=EntityRef(id="x", name=d["subject"]["name"], type="Person"),
                    object=EntityRef(id="y", name=d["object"]["name"], type="Place"),
                    evidence=Evidence("s", 0, 1), rule="test", confidence=1.0,
                    modality=d["modality"], date=d["date"], title=d["title"])
    assert evaluate(gold, [to_fact(d) for d in PERFECT]).to_dict() == evaluate(gold, PERFECT).to_dict()


def test_half_of_the_gold_gives_exact_figures(gold):
    report = evaluate(gold, [PERFECT[0], PERFECT[1], pred(A1, "VISITED", "プーチン", "ロシア")])
    assert counts(report, "VISITED") == (2, 1, 2, 1, 0)
    v = report.relations["VISITED"]
    assert (v.precision, v.recall, v.f1) == (0.5, 0.5, 0.5)
    assert report.relations["ACCOMPANIED"].f1 == 0.0  # nothing predicted, one to find
    assert report.macro_precision == pytest.approx((0.5 + 1 + 0 + 0) / 4)
    assert report.macro_recall == pytest.approx((0.5 + 1 + 0 + 0) / 4)
    assert report.macro_f1 == pytest.approx(1.5 / 4)
    assert {(m.article, m.relation, m.subject, m.object) for m in report.misses} == {
        (A1, "ACCOMPANIED", "lavrov", "putin"), (A1, "HOLDS_POSITION", "putin", "russia"),
        (A2, "VISITED", "kim", "vladivostok"), (A2, "HOLDS_POSITION", "lavrov", "russia")}


def test_title_bearing_name_matches_nothing(gold):
    sentence = "プーチン大統領が平壌入りした。"
    report = evaluate(gold, [pred(A1, "VISITED", "プーチン大統領", "平壌", sentence=sentence)])
    assert counts(report, "VISITED") == (1, 0, 2, 0, 0)
    (fp,) = report.false_positives
    assert (fp.subject, fp.object) == ("プーチン大統領", "平壌")
    assert (fp.subject_known, fp.object_known) == (False, True)
    assert fp.sentence == sentence


@pytest.mark.parametrize("name", ["プーチン氏", "プーチン さん", "ｳﾗｼﾞｰﾐﾙ･ﾌﾟｰﾁﾝ", "ウラジミール＝プーチン",
                                  "ウラジーミル·プーチン", "PUTIN"])
def test_names_match_after_rule_1_normalisation(gold, name):
    assert counts(evaluate(gold, [pred(A1, "VISITED", name, "ピョンヤン")]), "VISITED") == (1, 1, 2, 1, 0)


def test_katakana_double_hyphen_is_an_equals_sign(gold):
    report = evaluate(gold, [pred(A1, "MET", "ジャン゠クロード・ユンケル", "プーチン")])
    assert counts(report, "MET") == (1, 0, 1, 0, 0)
    assert report.false_positives[0].subject_known is True  # the name resolved; the pair is just wrong


def test_met_is_symmetric_accompanied_is_not(gold):
    report = evaluate(gold, [pred(A1, "MET", "キム・ジョンウン", "プーチン"),
                             pred(A1, "ACCOMPANIED", "プーチン", "ラブロフ")])
    assert counts(report, "MET") == (1, 1, 1, 1, 0)
    assert counts(report, "ACCOMPANIED") == (1, 0, 1, 0, 0)


def test_met_both_directions_are_one_pair(gold):
    report = evaluate(gold, [pred(A1, "MET", "プーチン", "金正恩"), pred(A1, "MET", "金正恩", "プーチン")])
    assert counts(report, "MET") == (1, 1, 1, 1, 0)


@pytest.mark.parametrize(("article", "subject", "place", "correct"), [
    (A2, "金正恩", "ウラジオストク", True),   # exact
    (A2, "金正恩", "ロシア極東", True),      # parent of the gold place
    (A2, "金正恩", "ロシア", True),          # ancestor two levels up
    (A2, "金正恩", "モスクワ", False),       # sibling branch: neither ancestor nor descendant
    (A1, "プーチン", "北朝鮮", True),         # 北朝鮮 matches a gold visit to 平壌
    (A1, "プーチン", "中国", None),           # only the optional fact: left out of precision
])
def test_visited_objects_match_part_of_ancestors(gold, article, subject, place, correct):
    report = evaluate(gold, [pred(article, "VISITED", subject, place)])
    predicted, n_correct, _, matched, optional_only = counts(report, "VISITED")
    if correct is None:
        assert (predicted, n_correct, matched, optional_only) == (0, 0, 0, 1)
    else:
        assert (predicted, n_correct, matched, optional_only) == (1, int(correct), int(correct), 0)


def test_descendants_match_transitively(tmp_path):
    facts = [gold_fact(A1, "VISITED", "lavrov", "russia", ["2024"]),
             gold_fact(A1, "HOLDS_POSITION", "lavrov", "russia", title=["外相"]),
             gold_fact(A1, "MET", "lavrov", "kim")]
    gold = write_gold(tmp_path / "g", facts=facts)
    report = evaluate(gold, [pred(A1, "VISITED", "ラブロフ", "ウラジオストク", "2024-06"),
                             pred(A1, "HOLDS_POSITION", "ラブロフ", "ロシア国防省", title="外相")])
    assert counts(report, "VISITED") == (1, 1, 1, 1, 0)
    assert counts(report, "HOLDS_POSITION") == (1, 1, 1, 1, 0)
    assert (report.date.correct, report.title.correct) == (1, 1)


def test_part_of_is_not_applied_to_subjects_or_met(tmp_path):
    facts = [gold_fact(A1, "MET", "putin", "kim"), gold_fact(A1, "VISITED", "putin", "russia")]
    gold = write_gold(tmp_path / "g", facts=facts)
    report = evaluate(gold, [pred(A1, "MET", "プーチン", "北朝鮮"), pred(A1, "VISITED", "ロシア", "ロシア")])
    assert counts(report, "MET") == (1, 0, 1, 0, 0)
    assert counts(report, "VISITED") == (1, 0, 1, 0, 0)


def test_optional_facts_neither_rewarded_nor_penalised(gold):
    with_optional = evaluate(gold, PERFECT + [pred(A1, "VISITED", "プーチン", "中国", "2024-05")])
    assert counts(with_optional, "VISITED") == (2, 2, 2, 2, 1)
    assert with_optional.macro_f1 == 1.0
    with_wrong = evaluate(gold, PERFECT + [pred(A1, "VISITED", "プーチン", "モスクワ")])
    assert counts(with_wrong, "VISITED") == (3, 2, 2, 2, 0)
    assert with_wrong.relations["VISITED"].precision == pytest.approx(2 / 3)


def test_predictions_are_deduplicated_per_article(gold):
    report = evaluate(gold, [
        pred(A1, "VISITED", "プーチン", "平壌"),
        pred(A1, "VISITED", "ウラジーミル・プーチン", "平壌"),
        pred(A1, "VISITED", "プーチン氏", "ピョンヤン"),
        pred(A1, "VISITED", "プーチン大統領", "平壌"),
        pred(A1, "VISITED", "プーチン大統領", "平壌"),
        pred(A2, "VISITED", "プーチン", "平壌"),  # another article: another pair
    ])
    assert counts(report, "VISITED") == (3, 1, 2, 1, 0)
    by_article = sorted((f.article, f.subject, f.count) for f in report.false_positives)
    assert by_article == [(A1, "プーチン大統領", 2), (A2, "プーチン", 1)]


def test_date_accuracy_counts_gold_dates_by_prefix(gold):
    preds = [
        pred(A1, "VISITED", "プーチン", "平壌", "2024"),            # less precise than 2024-06-19: no
        pred(A1, "MET", "プーチン", "金正恩", "2024-06-19"),        # yes
        pred(A1, "ACCOMPANIED", "ラブロフ", "プーチン", "2024-06-19"),  # gold has no date: not counted
        pred(A2, "VISITED", "金正恩", "ウラジオストク", "2023-09-13", modality="planned"),  # 2023-09 yes
    ]
    report = evaluate(gold, preds)
    assert (report.date.correct, report.date.total) == (2, 4)
    assert report.date.value == 0.5
    missed = sorted((a.article, a.gold) for a in report.attribute_misses if a.attribute == "date")
    assert missed == [(A1, ("2024-06-19",)), (A2, ("2024-06",))]
    # A second pair matching the same gold fact (via part_of) contributes its date.
    more = evaluate(gold, preds + [pred(A2, "VISITED", "金正恩", "ロシア", "２０２４-06-01")])
    assert (more.date.correct, more.date.total) == (3, 4)
    # A false positive's date never counts.
    wrong = evaluate(gold, preds + [pred(A1, "VISITED", "プーチン", "モスクワ", "2024-06-19")])
    assert (wrong.date.correct, wrong.date.total) == (2, 4)


def test_title_and_modality_accuracy(gold):
    report = evaluate(gold, [
        pred(A1, "HOLDS_POSITION", "プーチン", "ロシア", title="ＫＧＢ長官"),  # NFKC → KGB長官: accepted
        pred(A2, "HOLDS_POSITION", "ラブロフ", "ロシア", title="外務大臣"),     # not an accepted spelling
        pred(A2, "HOLDS_POSITION", "ラブロフ", "ロシア", title="ロシア外相"),   # no substring matching
        pred(A2, "VISITED", "金正恩", "ウラジオストク", "2023-09", modality="actual"),
    ])
    assert (report.title.correct, report.title.total) == (1, 2)
    assert (report.modality.correct, report.modality.total) == (2, 3)
    assert report.relations["VISITED"].modality.correct == 0
    # Any matching prediction with the right modality is enough.
    both = evaluate(gold, [pred(A2, "VISITED", "金正恩", "ウラジオストク", modality="actual"),
                           pred(A2, "VISITED", "金正恩", "ロシア", modality="planned")])
    assert (both.modality.correct, both.modality.total) == (1, 1)


def test_shared_alias_resolves_to_every_entity(tmp_path):
    entities = [*ENTITIES, ent("kim_il", "Person", "金正日", ["キム"])]
    entities = [dict(e, aliases=[*e["aliases"], "キム"]) if e["id"] == "kim" else e for e in entities]
    gold = write_gold(tmp_path / "g", entities=entities,
                      facts=[gold_fact(A1, "MET", "putin", "kim_il")])
    report = evaluate(gold, [pred(A1, "MET", "プーチン", "キム")])
    assert counts(report, "MET") == (1, 1, 1, 1, 0)


def test_unscored_predictions_are_counted_not_judged(gold):
    report = evaluate(gold, PERFECT + [pred("zz", "VISITED", "プーチン", "平壌"),
                                       pred(A1, "KNOWS", "プーチン", "金正恩")])
    assert report.macro_f1 == 1.0
    assert report.ignored == {"article_not_in_gold": 1, "unknown_relation": 1}


def test_relation_without_gold_or_predictions_is_perfect(tmp_path):
    gold = write_gold(tmp_path / "g", facts=[gold_fact(A1, "MET", "putin", "kim")])
    report = evaluate(gold, [pred(A1, "MET", "プーチン", "金正恩")])
    assert report.macro_f1 == 1.0
    spurious = evaluate(gold, [pred(A1, "MET", "プーチン", "金正恩"),
                               pred(A1, "VISITED", "プーチン", "平壌")])
    assert spurious.relations["VISITED"].f1 == 0.0
    assert spurious.macro_f1 == 0.75


def test_bad_gold_is_reported(tmp_path):
    gold = write_gold(tmp_path / "g", facts=[gold_fact(A1, "MET", "putin", "nobody")])
    with pytest.raises(KankeiError, match="nobody"):
        load_gold(gold)
    with pytest.raises(KankeiError, match="no entities.jsonl"):
        load_gold(tmp_path)


def seed_gold_as_predictions() -> list[dict]:
    g = load_gold(SEED_GOLD)
    out = []
    for f in g.facts:
        for date in f.dates or (None,):
            out.append(pred(f.article, f.relation, g.entities[f.subject].name, g.entities[f.object].name,
                            date, f.title[0] if f.title else None, f.modality))
    return out


def test_seed_gold_converted_to_predictions_scores_one():
    report = evaluate(SEED_GOLD, seed_gold_as_predictions())
    assert {r: (s.gold, s.matched) for r, s in report.relations.items()} == {
        "VISITED": (26, 26), "MET": (13, 13), "ACCOMPANIED": (5, 5), "HOLDS_POSITION": (45, 45)}
    assert all(s.precision == s.recall == s.f1 == 1.0 for s in report.relations.values())
    assert report.macro_f1 == 1.0
    assert (report.date.correct, report.date.total) == (45, 45)
    assert (report.title.correct, report.title.total) == (45, 45)
    assert (report.modality.correct, report.modality.total) == (89, 89)


# ------------------------------------------------------------------------------------------------ CLI


def write_jsonl(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_cli_min_f1_sets_exit_code(gold, tmp_path):
    half = write_jsonl(tmp_path / "half.jsonl",
                       [PERFECT[0], PERFECT[1], pred(A1, "VISITED", "プーチン", "ロシア")])
    runner = CliRunner()
    failing = runner.invoke(cli, ["eval", str(gold), "--pred", str(half), "--min-f1", "0.5"])
    assert failing.exit_code == 1
    assert "macro-F1 0.3750 is below --min-f1 0.5" in failing.output
    assert "VISITED" in failing.output and "0.375" in failing.output
    passing = runner.invoke(cli, ["eval", str(gold), "--pred", str(half), "--min-f1", "0.375"])
    assert passing.exit_code == 0, passing.output


def test_cli_json_and_csv(gold, tmp_path):
    preds = write_jsonl(tmp_path / "p.jsonl", PERFECT + [pred(A1, "VISITED", "プーチン大統領", "平壌")])
    runner = CliRunner()
    out = runner.invoke(cli, ["eval", str(gold), "--pred", str(preds), "--format", "json", "--verbose"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["relations"]["VISITED"]["precision"] == pytest.approx(2 / 3)
    assert data["macro"]["recall"] == 1.0
    assert data["date"] == {"correct": 4, "total": 4, "accuracy": 1.0}
    assert [f["subject"] for f in data["false_positives"]] == ["プーチン大統領"]
    out = runner.invoke(cli, ["eval", str(gold), "--pred", str(preds), "--format", "csv"])
    lines = out.output.splitlines()
    assert lines[0] == "scope,predicted,correct,gold,matched,optional_only,precision,recall,f1,accuracy"
    assert lines[1] == "VISITED,3,2,2,2,0,0.6667,1.0000,0.8000,"
    assert lines[6] == "date,,4,4,,,,,,1.0000"


def test_cli_verbose_table_lists_misses_and_false_positives(gold, tmp_path):
    preds = write_jsonl(tmp_path / "p.jsonl",
                        [pred(A1, "VISITED", "プーチン大統領", "平壌", sentence="平壌入り")])
    out = CliRunner().invoke(cli, ["eval", str(gold), "--pred", str(preds), "--verbose"],
                             env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    assert "Misses" in out.output and "ロシア極東" not in out.output and "ウラジオストク" in out.output
    assert "プーチン大統領 (unknown)" in out.output and "平壌入り" in out.output


def test_cli_bad_prediction_line_names_file_and_line(gold, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(PERFECT[0]) + "\n{\"article\": \"a1\"}\n", encoding="utf-8")
    out = CliRunner().invoke(cli, ["eval", str(gold), "--pred", str(bad)])
    assert out.exit_code == 1
    assert f"{bad}:2" in out.output and "relation" in out.output


def test_cli_needs_exactly_one_source(gold, tmp_path):
    assert CliRunner().invoke(cli, ["eval", str(gold)]).exit_code == 2


def test_cli_corpus_runs_extract_corpus(gold, tmp_path, monkeypatch):
    seen = []

    def extract_corpus(paths):
        seen.append(paths)
        return PERFECT

    monkeypatch.setitem(sys.modules, "kankei.extract", types.SimpleNamespace(extract_corpus=extract_corpus))
    out = CliRunner().invoke(cli, ["eval", str(gold), "--corpus", str(tmp_path), "--format", "json",
                                   "--min-f1", "1"])
    assert out.exit_code == 0, out.output
    assert seen == [[tmp_path]]
    assert json.loads(out.stdout)["macro"]["f1"] == 1.0


def test_cli_corpus_without_extract_corpus_is_a_clear_error(gold, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "kankei.extract", None)
    out = CliRunner().invoke(cli, ["eval", str(gold), "--corpus", str(tmp_path)])
    assert out.exit_code == 1
    assert "extract_corpus" in out.output and "--pred" in out.output
