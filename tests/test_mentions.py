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


# -- held-out Wikinews sentences (bench/heldout) ----------------------------------------------------


def test_title_glued_to_a_name_or_a_place_in_one_token():
    # Sudachi reads トランプ大統領 and アメリカ大統領 as single tokens.
    assert persons("アメリカのドナルド・トランプ大統領は、安倍首相との共同記者会見を開いた。")[0] == (
        "ドナルド・トランプ", "大統領", "米国", None)
    assert persons("鳩山首相は、オバマアメリカ大統領との日米首脳会談に臨む。")[1] == ("オバマ", "大統領", "米国", None)


def test_country_inside_a_title_is_its_affiliation():
    found = persons("葬儀にはクリントン前米大統領、メージャー前英首相とアンドリュー王子が参列した。")
    assert found[:2] == [("クリントン", "前米大統領", "米国", None), ("メージャー", "前英首相", "英国", None)]
    # A leading country is left out of the title, as the seed gold writes it.
    assert persons("先月、ロイド・オースティン米国防長官は話した。") == [("ロイド・オースティン", "国防長官", "米国", None)]


def test_ministers_named_by_the_suffix_so():
    found = persons("カーボベルデのフィロメナ・マルティンス教育・人材育成相とブラジルのハッダド教育相は会談した。")
    assert found == [("フィロメナ・マルティンス", "教育・人材育成相", "カーボベルデ", None),
                     ("ハッダド", "教育相", "ブラジル", None)]
    assert not mentions("事件の真相は明らかでない。").titles


def test_regnal_number_country_after_the_name_and_title_before_it():
    assert persons("ハンス・キュング教授と、ローマ教皇ベネディクト16世の会談が実現した。")[1][:2] == (
        "ベネディクト16世", "ローマ教皇")
    assert persons("モスクワで故エリツィン・ロシア前大統領の葬儀が行われた。") == [
        ("エリツィン", "前大統領", "ロシア", None)]
    assert persons("参列者は、憲法裁判所長官ワレリー・ゾリキン。")[0][:2] == ("ワレリー・ゾリキン", "長官")


def test_kanji_names_kinship_temple_surnames_and_family_names_alone():
    names = [p[0] for p in persons("横田めぐみさんの母早紀江さんとめぐみさんの弟拓也さんらは面会した。")]
    assert "早紀江" in names and "拓也" in names and "母早紀江" not in names
    assert persons("小野寺五典外務副大臣がテヘランに向けて出発した。")[0][:2] == ("小野寺五典", "外務副大臣")
    assert persons("首相の李克強氏が現地入りした。")[0][:2] == ("李克強", "首相")
    m = mentions("鳩山氏はオバマ大統領と会談する。")
    assert [(p.name, p.form) for p in m.persons] == [("鳩山", "short"), ("オバマ", "short")]


def test_capital_after_its_country_and_common_nouns_before_a_place():
    m = mentions("7日はエチオピアの首都アディスアベバで会談し、8日は空路エリトリアの首都アスマラに入った。")
    assert [(p.name, p.part_of) for p in m.places] == [
        ("エチオピア", None), ("アディスアベバ", "エチオピア"), ("エリトリア", None), ("アスマラ", "エリトリア")]
    m = mentions("小泉首相がガーナの首都アクラを訪れた。")
    assert ("アクラ", "city", "ガーナ") in [(p.name, p.kind, p.part_of) for p in m.places]


def test_trip_words_and_compounds_are_not_names_or_titles():
    m = mentions("金大中前大統領は、6月末の訪朝が決定していた。")
    assert [p.name for p in m.places] == []
    m = mentions("トランプ大統領は安倍首相との共同記者会見を開き、日米首脳会談に臨んだ。")
    assert [t.text for t in m.titles] == ["大統領", "首相"]
    assert [p.rule for p in m.persons if p.form == "title"] == []


def test_a_title_alone_as_topic_stands_for_a_person():
    m = mentions("外務省によると副大臣は12日、イスラマバードでショーカット・アジーズ首相らと会談した。")
    assert [(p.text, p.form) for p in m.persons] == [("副大臣", "title"), ("ショーカット・アジーズ", "full")]


def test_affiliations_past_a_parenthesis_an_apposition_and_in_a_title_before_the_name():
    assert persons("北朝鮮の工作員がラングーン(現ヤンゴン)を訪問中だった大韓民国(韓国)の全斗煥大統領(当時)の暗殺を企てた。") == [
        ("全斗煥", "大統領", "韓国", None)]
    assert persons("26日、バチカンのスポークスマンであるナヴァロ=ヴァルス枢機卿が詳細を明らかにした。") == [
        ("ナヴァロ=ヴァルス", "枢機卿", "バチカン", None)]
    found = persons("連邦議会下院議長セルゲイ・ナルイシキン、憲法裁判所長官ワレリー・ゾリキン。")
    assert found == [("セルゲイ・ナルイシキン", "議長", "連邦議会下院", None),
                     ("ワレリー・ゾリキン", "長官", "憲法裁判所", None)]


def test_ministry_names_shared_titles_and_family_names_read_as_places():
    assert persons("ユ・ミョンファン外交通商大臣と協議する予定である。") == [
        ("ユ・ミョンファン", "外交通商大臣", None, None)]
    assert persons("北朝鮮の金永日外務次官は会談した。") == [("金永日", "外務次官", "北朝鮮", None)]
    assert persons("今回の事件を受けて、ロシアのプーチン氏と、アメリカのオバマ氏の両大統領は緊急に電話会談した。") == [
        ("プーチン", "大統領", "ロシア", None), ("オバマ", "大統領", "米国", None)]
    assert persons("モスクワではラブロフ外相が、日本の金田外務副大臣に求めた。")[1] == ("金田", "外務副大臣", "日本", None)


def test_acronyms_bodies_with_members_and_an_affiliation_in_apposition():
    assert persons("同じく47 NEWSによると、IOC国際五輪委員会委員の岡野俊一郎氏は語った。") == [
        ("岡野俊一郎", "委員", "IOC国際五輪委員会", None)]
    assert persons("22日モスクワで事故死したアイルランドの政治家、リアム・ラウラー元下院議員(61)の死亡記事に誤報があった。") == [
        ("リアム・ラウラー", "元下院議員", "アイルランド", None)]
    # The rule reads a kanji description only: 当局者の話として、 is no apposition.
    assert persons("アメリカの当局者の話として、プーチン大統領が砲弾を求めている。") == [("プーチン", "大統領", None, None)]


def test_a_title_before_and_after_the_name():
    assert persons("ハンガリーの首相ジュルチャーニ・フェレンツ首相は「人類は乏しくなってしまった」と述べた。") == [
        ("ジュルチャーニ・フェレンツ", "首相", "ハンガリー", None)]


def test_a_short_unknown_word_glued_between_a_full_name_and_its_title_belongs_to_the_title():
    # wikinews-2117 (CC BY 2.5): 選対 is in no list; it names the office, not another person or place.
    text = "国民新党の自見庄三郎代表は2月21日、自民党本部を訪れて河村建夫選対委員長と会った。"
    assert ("河村建夫", "選対委員長", None, None) in persons(text)
    # A place between the name and the title stays the affiliation.
    assert ("デニス・マントロフ", "副首相", "ロシア", None) in persons("デニス・マントロフ・ロシア副首相が来日した。")


def test_a_body_glued_to_a_title_is_no_part_of_it_and_a_surname_with_mura_is_no_village():
    # A name misread into a body (新倉修|大学院|教授) gets no title from it.
    assert ("新倉修大", "学院教授", None, None) not in persons("青山学院大学の新倉修大学院教授は同新聞社のインタビューに答えた。")
    found = mentions("『asahi.com:四川大地震で中国に5億円支援高村外相が表明-四川大地震』。")
    assert not any("村" in p.name for p in found.places)


def test_a_katakana_title_inside_the_names_token_and_a_judge():
    # wikinews-2969 (CC BY 2.5): GiNZA reads ボルローエネルギー as one word.
    assert persons("フランスのボルローエネルギー相は同日、墜落の可能性が高いという見解を示した。") == [
        ("ボルロー", "エネルギー相", "フランス", None)]
    # wikinews-419: 判事 is a title.
    assert persons("サンドラ・デイ・オコナー判事の引退によって生じる空席を埋める。") == [
        ("サンドラ・デイ・オコナー", "判事", None, None)]


def test_a_village_and_a_capital_named_after_its_region():
    # wikinews-468 (CC BY 2.5): a foreign name and 村; wikinews-368: 州都バンダ・アチェ, not アチェ inside it.
    village = mentions("グアテマラのオスカル・ベルシェ大統領が現地パナバ村を視察した。")
    assert "パナバ村" in [p.name for p in village.places]
    capital = mentions("GAMは同日、州都バンダ・アチェを視察のため訪れていたユドヨノ大統領と会談を行った。")
    assert [p.name for p in capital.places] == ["バンダ・アチェ"]


def test_an_ordinal_title_a_name_dotted_to_its_country_and_a_body_before_a_name():
    # wikinews-47, wikinews-2272, wikinews-2978, wikinews-502 (CC BY 2.5).
    assert persons("スーダンのジョン・ガラン第1副大統領が、31日のヘリコプター事故により死亡した。") == [
        ("ジョン・ガラン", "第1副大統領", "スーダン", None)]
    assert persons("プレスリリースで、ムセヴェニ・ウガンダ大統領は事故の状況について考慮を続けるよう呼びかけた。") == [
        ("ムセヴェニ", "大統領", "ウガンダ", None)]
    assert persons("一方同じ報道は、マリ・アルカティリ・東ティモール首相が、合意は暫定的であると語ったと伝えている。") == [
        ("マリ・アルカティリ", "首相", "東ティモール", None)]
    assert persons("式典には、国連の潘基文事務総長や、スーダンのバシル大統領が出席。") == [
        ("潘基文", "事務総長", "国連", None), ("バシル", "大統領", "スーダン", None)]
    # A family name Sudachi reads as a place, after a party and の (社民党の福島党首).
    assert persons("社民党の福島党首は同党ウェブサイトにてコメントを出した。") == [("福島", "党首", "社民党", None)]


def test_a_title_right_after_another_is_one_compound_title():
    # wikinews-248 (CC BY 2.5): 外務大臣|政務官, 総理|特使.
    found = mentions("併せて、山中燁子外務大臣政務官を総理特使として派遣したいとした。")
    assert [t.text for t in found.titles] == ["外務大臣政務官", "総理特使"]


def test_names_joined_by_a_middle_dot_before_both_are_two_people():
    # wikinews-2300 (CC BY 2.5): メルケル・シュレーダー両氏 is two people, not one full name.
    text = ("委員会のあと、現地時間午前11時から、メルケル・シュレーダー両氏に加え、シュトイバーCSU党首、"
            "ミュンテフェリングSPD党首の4人による党首会談が始まっている。")
    assert [n for n, *_ in persons(text)] == ["メルケル", "シュレーダー", "シュトイバー", "ミュンテフェリング"]


def test_a_family_name_read_as_a_place_before_a_former_title():
    # wikinews-3350 (CC BY 2.5): 岡田前代表 is Mr Okada, the former leader, not the leader of a place 岡田.
    assert ("岡田", "前代表", None, None) in persons("両院議員総会は、前原新代表・管元代表・岡田前代表の握手で終わった。")
