"""The question patterns of `cdtkg ask` are data a drafter edits (queries/ask/intents.py, intents.tsv)."""
from pathlib import Path

import pytest

from queries.ask.evaluation import QUESTION_SET, UNANSWERABLE, read_cases
from queries.ask.intents import ASK_DIR, ENTITY_KINDS, IntentFileError, load_intents, parse_intents, template

HEADER = "[intents]\nintent\tcues\tentities\ttemplate\tanswer\tanswer_en\n"


@pytest.fixture(scope="module")
def table():
    return load_intents()


def test_the_shipped_file_loads_with_its_rules_words_and_filler(table):
    assert len(table.rules) == 100
    assert len({r.intent for r in table.rules}) == 77
    assert {w.kind for w in table.words} == {"class", "modality"}
    assert {"请问", "what", "标准"} <= table.filler
    assert {"预算", "排名", "mayor"} <= table.outside


def test_every_rule_names_an_existing_template_whose_parameters_take_its_things(table):
    for rule in table.rules:
        query = template(rule.template)
        declared = {p.name for p in query.params}
        assert {s.param for s in rule.slots} <= declared, rule.intent
        for slot in rule.slots:
            assert set(slot.kinds) <= ENTITY_KINDS


def test_the_first_thing_binds_entity_and_the_others_their_kind_or_given_name(table):
    feature = next(r for r in table.rules if r.intent == "level_feature")
    assert [(s.param, s.kinds, s.optional) for s in feature.slots] == [
        ("entity", ("capability_item", "capability_subdomain"), False), ("level", ("level",), False)]
    listing = next(r for r in table.rules if r.intent == "list_class")
    assert [(s.param, s.optional) for s in listing.slots] == [("class", False), ("doc", True)]


def test_cue_groups_must_all_match_and_any_word_of_a_group_does(table):
    replaced = next(r for r in table.rules if r.intent == "replaced_by")
    assert len(replaced.cues) == 2
    assert "◆被" in replaced.cues[0] and "代替" in replaced.cues[1]


def test_every_template_of_the_folder_is_used_by_a_rule(table):
    used = {r.template for r in table.rules} | {"passage_context", "passage_citing", "topic_places"}  # passages, topics
    assert {p.stem for p in Path(ASK_DIR).glob("*.rq")} == used


def test_the_question_set_exercises_every_intent_of_the_file(table):
    asked = {i for c in read_cases(QUESTION_SET) for i in c.intents}
    # the bundled covers give no dates nor ICS: both are shown on a document that has them (test_ask_documents.py)
    assert {r.intent for r in table.rules} - asked == {"document_dates", "document_class"}
    assert UNANSWERABLE in asked


@pytest.mark.parametrize("line, message", [
    ("definition\t什么是\tconcept\tdefinition", "第 3 行：应有至少 5 列"),
    ("definition\t什么是\tgadget\tdefinition\t{entity}", "第 3 行：未知的实体种类 gadget"),
    ("definition\t什么是\tconcept\tnowhere\t{entity}", "第 3 行：queries/ask/ 下没有模板 nowhere.rq"),
    ("definition\t什么是\tconcept\tdefinition\t{entity}：{price}", "第 3 行：回答句式里的 {price}"),
    ("definition\t什么是\tconcept\tcategory_levels\t{entity}", "第 3 行：模板 category_levels.rq 没有参数 ?entity"),
    ("Definition\t什么是\tconcept\tdefinition\t{entity}", "第 3 行：意图名 'Definition'"),
    ("definition\t什么是 + | + 区别\tconcept\tdefinition\t{entity}", "第 3 行：提示词"),
    ("definition\t什么是\tconcept\tdefinition\t", "第 3 行：回答句式是空的"),
])
def test_a_malformed_intent_line_is_reported_with_its_line_number(line, message):
    with pytest.raises(IntentFileError) as e:
        parse_intents(HEADER + line + "\n")
    assert message in str(e.value)


def test_every_malformed_line_is_reported_not_just_the_first():
    text = (HEADER + "definition\t什么是\tconcept\tdefinition\n"
            "[words]\n能力项\tthing\tcdt:CapabilityItem\n宜\tmodality\tShould\n[answers]\n")
    with pytest.raises(IntentFileError) as e:
        parse_intents(text)
    lines = str(e.value).splitlines()[1:]
    assert [line.split("：")[0] for line in lines] == [
        "intents.tsv 第 3 行", "intents.tsv 第 5 行", "intents.tsv 第 6 行", "intents.tsv 第 7 行"]
    assert "种类 'thing' 不对" in lines[1] and "cdt:CapabilityItem" in lines[2] and "[answers]" in lines[3]


def test_a_line_outside_any_section_is_an_error():
    with pytest.raises(IntentFileError, match="第 1 行：这一行不在任何段落里"):
        parse_intents("definition\t什么是\tconcept\tdefinition\t{entity}\n")


def test_two_things_bound_to_one_parameter_are_refused():
    with pytest.raises(IntentFileError, match="两个实体绑定了同一个参数"):
        parse_intents(HEADER + "level_feature\t-\tentity=capability_item, entity=level\tlevel_feature\t{entity}\n")


def test_a_well_formed_file_gives_rules_words_and_filler():
    table = parse_intents(HEADER + "definition\t什么是|定义 + 区别\tconcept\tdefinition\t{entity}：{item}\n"
                          "[words]\n宜|推荐\tmodality\tcdt:Should\n[filler]\n请问|一下\n")
    (rule,) = table.rules
    assert (rule.intent, rule.cues, rule.template, rule.line) == ("definition", (("什么是", "定义"), ("区别",)),
                                                                   "definition", 3)
    assert [(w.word, w.value) for w in table.words] == [("宜", "cdt:Should"), ("推荐", "cdt:Should")]
    assert table.filler == {"请问", "一下"}
