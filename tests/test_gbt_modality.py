"""The GB/T 1.1 verbal forms, and the ordinary words that merely contain their characters."""
import pytest

from loaders.gbt_modality import find_modality, modality
from loaders.vocab import CDT


@pytest.mark.parametrize(
    "text, expected",
    [
        ("应具备城市设施的智能感知能力；", CDT.Shall),
        ("应当符合有关要求", CDT.Shall),
        ("应该提供接口", CDT.Shall),
        ("不应泄露个人信息", CDT.ShallNot),
        ("不得擅自变更", CDT.ShallNot),
        ("宜支持网络切片功能", CDT.Should),
        ("不宜采用明文传输", CDT.ShouldNot),
        ("可根据实际情况进行动态更新", CDT.May),
        ("可以按季度评价", CDT.May),
        ("供方可按计划的时间间隔对服务进行管理评审", CDT.May),   # 按 after 可: no adjective 可X的 (GB/T 43851 B.4)
        ("不必单独开发", CDT.NeedNot),
        ("无须重复登记", CDT.NeedNot),
        ("能自动侦测网络状态", CDT.Can),
        ("能够完成特定的任务", CDT.Can),
        ("不能恢复到升级前状态", CDT.Cannot),
        ("轨道预报应输入空间物体的轨道运动参数", CDT.Shall),    # 报 before 应 is no word (GB/T 45742 5.2)
        ("告警信息上报应及时", CDT.Shall),
    ],
)
def test_verbal_forms(text, expected):
    assert find_modality(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "为应用层提供标准化、模块化、可复用、可调用的共性功能",  # 应用, 可复用、可调用的
        "整合应急指挥等功能，调度敏捷响应",                      # 应急, 功能, 响应
        "对应安全等级的网络传输能力",                            # 对应, 能力
        "适应多部门业务协同，提升城市适宜性",                    # 适应, 适宜
        "供应链安全与相应的效应",                                # 供应, 相应, 效应
        "制定应对预案",                                          # 应对 (cope with)
        "智慧宜居环境与便宜事宜",                                # 宜居, 便宜, 事宜
        "提供可靠、可信、可视、可控、可用、可追溯的服务",        # -able adjectives
        "可能存在风险，经认可与许可",                            # 可能, 认可, 许可 (须 is a form: see below)
        "提升能力、性能、效能、能源效率，赋能智能化",            # 能力 性能 效能 能源 赋能 智能
        "确保加工过程可复现、结果可验证。",
        "数据帧传输延迟低于收发双方对延迟的最长允许时间要求",    # 最长允许 qualifies 时间 (GB/T 43851 6.2)
        "预应力混凝土构件的应力计算",                            # 应力 (stress), 预应力 (prestress)
    ],
)
def test_compounds_are_not_verbal_forms(text):
    assert find_modality(text) is None


def test_the_first_form_governs():
    assert find_modality("应支持与边缘节点的协同计算，可将特征数据上传至边缘节点") == CDT.Shall
    assert find_modality("宜具备自组网能力，并可接收指令控制") == CDT.Should
    # a compound before the form does not hide it
    assert find_modality("特殊环境应用的设备应符合有关防爆要求") == CDT.Shall
    assert find_modality("具有可衡量性、可达成性，同时应与城市规划目标相匹配") == CDT.Shall


def test_duì_as_a_preposition_keeps_the_requirement():
    assert find_modality("应对云、网、感知设备等全域资源进行统一注册") == CDT.Shall
    assert find_modality("应对外提供各类支撑服务") == CDT.Shall
    assert find_modality("提升城市应对突发事件的能力") is None


def test_inherited_and_default_modality():
    assert modality("确保数据来源可靠", CDT.Shall) == CDT.Shall
    assert modality("确保数据来源可靠") == CDT.Statement
    assert modality("宜支持弹性伸缩", CDT.Shall) == CDT.Should


@pytest.mark.parametrize("text", ["企业须按照国家和省的相关规定安装监测设备", "分类表在总体上必须具有很大的概括性"])
def test_xu_of_mandatory_standards_is_a_requirement(text):
    # GB 5085, DB 44/1989 and other mandatory standards print 须 / 必须 where GB/T 1.1 prints 应
    assert find_modality(text) == CDT.Shall


def test_xu_inside_words_is_not_a_form():
    assert find_modality("使用须知") is None
    assert find_modality("无须提供") == CDT.NeedNot


def test_yanjin_of_engineering_standards_prohibits():
    assert find_modality("严禁泄露涉密数据") == CDT.ShallNot
    assert find_modality("跨径大于100 m 桥梁的混凝土主梁宜按全预应力混凝土构件设计") == CDT.Should


def test_jinzhi_of_mandatory_standards_prohibits_and_yingdui_before_a_verb_is_a_requirement():
    # DB44/613—2009 4.2.3 and DB44/26—2001 4.1.2.4
    assert find_modality("禁止直接将废渣倾倒入地表水体或其他环境中。") == CDT.ShallNot
    assert find_modality("受纳水体不符合功能水质要求时，应对排污口实行水污染物排放总量控制") == CDT.Shall


def test_attributive_wuxu_and_optional_kexuan_are_not_verbal_forms():
    from loaders.gbt_modality import strongest_modality
    assert strongest_modality("无需数据载体的编码，可直接在信息服务进行解析") == CDT.May   # 无需…的 qualifies 编码
    assert strongest_modality("无需提交纸质材料。") == CDT.NeedNot
    assert strongest_modality("“O”为可选项。") is None                                  # 可选 = optional
    assert strongest_modality("用户可选择其中一种方式。") == CDT.May


def test_a_paragraph_takes_the_modality_of_its_first_sentence_that_has_a_verbal_form():
    from loaders.gbt_modality import leading_modality

    # DA/T 92 6.2: a recommendation, though a later sentence of the paragraph states a requirement
    assert leading_modality("管理制度名称及主要内容宜参照附录 A 的表 A.1制定。管理制度应规定电子档案效力。") == CDT.Should
    # JR/T 0314 6.6: a permission first
    assert leading_modality("地方业务链可根据隐私保护的需求，将快照记录在链上。链上记录应包含哈希值。") == CDT.May
    # within one sentence the strongest form still wins: 可 there qualifies a noun
    assert leading_modality("对可将生活污水纳入城镇污水管网的农村，应将生活污水纳入管网。") == CDT.Shall
    assert leading_modality("本章给出背景。其中数据应加密。") == CDT.Shall and leading_modality("背景。") is None

