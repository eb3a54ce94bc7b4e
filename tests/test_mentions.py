"""Mention rules, each on a real sentence from the seed articles."""

import datetime as dt

import pytest

from kankei.extract.lexicon import default_lexicon
from kankei.extract.mentions import find_mentions
from kankei.extract.nlp import load_nlp, sentences

pytestmark = pytest.mark.ginza


def mentions(text: str):
    doc = load_nlp()(text)
    return [find_mentions(doc, s, default_lexicon(), dt.date(2024, 6, 19)) for s in sentences(doc)][0]


def persons(text: str):
    """(name, title, affiliation, reading) of each person mention that is a name."""
    return [(p.name, p.title.text if p.title else None, p.affiliation.name if p.affiliation else None, p.reading)
            for p in mentions(text).persons if p.form not in ("title", "pronoun")]


def test_name_and_title_compound_is_split():
    # GiNZA labels 金正恩委員長 as one Position_Vocation and splits the name 金正|恩.
    assert persons("ロシアのプーチン大統領と北朝鮮の金正恩委員長は、2024年6月19日に北朝鮮の平壌で会談した。") == [
        ("プーチン", "大統領", "ロシア", None), ("金正恩", "委員長", "北朝鮮", None)]


def test_split_kanji_name_is_repaired():
    assert persons("2024年1月15日から17日にかけて行われた崔善姫外相のモスクワ訪問に関連して広がった。")[0][:2] == (
        "崔善姫", "外相")


def test_enumerated_names_keep_their_own_titles():
    text = ("プーチン大統領はセルゲイ・ラブロフ外相、デニス・マントロフ第一副首相、アレクサンドル・ノバク副首相、"
            "アンドレイ・ベロウソフ国防相を含む政府高官らの大規模な代表団を率いて到着した。")
    assert [(n, t) for n, t, _a, _r in persons(text)] == [
        ("プーチン", "大統領"), ("セルゲイ・ラブロフ", "外相"), ("デニス・マントロフ", "第一副首相"),
        ("アレクサンドル・ノバク", "副首相"), ("アンドレイ・ベロウソフ", "国防相")]


def test_reading_in_parentheses_and_organisation_as_affiliation():
    found = persons("2023年1月27日付の金正恩の妹、金与正(キム・ヨジョン)朝鮮労働党中央委員会部長による声明に結実した。")
    assert ("金与正", "部長", "朝鮮労働党中央委員会", "キム・ヨジョン") in found
    assert ("キム・ヨジョン", None, None, "金与正") in found


def test_country_glued_to_a_name_is_split_off():
    assert persons("ボロディミール・ゼレンスキーウクライナ大統領が出席した。") == [
        ("ボロディミール・ゼレンスキー", "大統領", "ウクライナ", None)]


def test_posting_prefix_is_not_the_affiliation():
    # 駐朝ロシア大使: posted to North Korea, serving Russia.
    found = persons("北朝鮮のノ・グァンチョル国防相やチョン・ギョンテク人民軍総政治局長、"
                    "アレクサンドル・マツェゴラ駐朝ロシア大使らの歓送を受けた。")
    assert found == [("ノ・グァンチョル", "国防相", "北朝鮮", None),
                     ("チョン・ギョンテク", "総政治局長", "人民軍", None),
                     ("アレクサンドル・マツェゴラ", "大使", "ロシア", None)]


def test_title_before_name_and_name_of_affiliation_title():
    assert persons("中国の指導者、習近平は、世界の権力を再編する。") == [("習近平", "指導者", "中国", None)]
    assert persons("ジョン・カービーの米国国家安全保障広報担当者は、月曜日の記者たちに語った。") == [
        ("ジョン・カービー", "国家安全保障広報担当者", "米国", None)]


def test_honorific_is_not_part_of_the_name():
    assert [p[0] for p in persons("金正恩氏はプーチン大統領とともに専用車に乗った。")] == ["金正恩", "プーチン"]


def test_news_agency_is_an_organisation_not_a_person():
    m = mentions("北朝鮮の国営通信社、朝鮮中央通信によると、プーチン大統領は到着した。")
    assert "朝鮮中央通信" in [o.name for o in m.orgs]
    assert [p.name for p in m.persons] == ["プーチン"]


def test_organisation_name_with_a_person_name_inside():
    m = mentions("ホノルルのダニエル・K・イノウエ・アジア太平洋安全保障研究センターのラミ・キム教授は語った。")
    assert "ダニエル・K・イノウエ・アジア太平洋安全保障研究センター" in [o.name for o in m.orgs]
    assert persons("ホノルルのダニエル・K・イノウエ・アジア太平洋安全保障研究センターのラミ・キム教授は語った。") == [
        ("ラミ・キム", "教授", "ダニエル・K・イノウエ・アジア太平洋安全保障研究センター", None)]


def test_titles_and_pronouns_that_stand_for_a_person():
    m = mentions("マクフォール氏は、ロシアの役割に対する同大統領の見方の変化を反映していると述べた。")
    assert [(p.text, p.form) for p in m.persons] == [("マクフォール", "short"), ("同大統領", "title")]
    m = mentions("彼女は16日、ロシアのプーチン大統領にクレムリンで迎えられた。")
    assert [(p.text, p.form) for p in m.persons] == [("彼女", "pronoun"), ("プーチン", "short")]


def test_places_from_lexicon_tags_and_facility_endings():
    m = mentions("2023年9月、ロシアのボストチーニ宇宙基地を訪問したウラジミール・プーチン大統領と金正恩。")
    assert [(p.name, p.kind) for p in m.places] == [("ロシア", "country"), ("ボストチーニ宇宙基地", "facility")]
