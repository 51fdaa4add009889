"""Chinese personal names run together and company names run together, as OCR leaves them.

A roster sets names apart with spaces; an OCR'd roster loses some spaces (`陈宏涛薛艳萍`, `陈伟包亮陈云峰`)
and a list of units loses its line breaks (`…研究院有限公司衢州市人民防空办公室`). Names are cut where each
piece is a name: a person's name is a common surname and one or two characters of given name; a unit's name
ends with an organization's word and the next one opens with a place.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .han import HAN, HAN_RUN

# the common single-character surnames, most frequent first (those borne by most of the population, after the
# census lists), and the compound ones; a given name rarely starts a piece with one of them, a surname rarely ends one
_SURNAME_ORDER = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕"
    "单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦"
    "麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖"
    "巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花"
    "权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌"
    "母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝"
    "智幸奉植衡富尧闭由")
SURNAMES = frozenset(_SURNAME_ORDER)
_RANK = {ch: i for i, ch in enumerate(_SURNAME_ORDER)}
COMPOUND_SURNAMES = frozenset({"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
                               "宇文", "司徒", "夏侯", "令狐", "端木", "申屠", "澹台", "轩辕", "呼延", "西门"})


def split_run_together_names(token: str) -> list[str]:
    """The personal names a run of five or more Han characters holds (`王筱琪刘备` → 王筱琪, 刘备): each piece
    a surname and one or two characters; among several cuts, the one with the fewest pieces, then with the
    most frequent surnames. The token itself when it cannot be cut so (a long name, a word)."""
    if len(token) < 5 or not HAN_RUN.fullmatch(token):
        return [token]
    cut = _cut(token)
    return list(cut) if cut else [token]


def _cut(text: str) -> tuple[str, ...] | None:
    found = _cuts(text)
    return found[1] if found else None


@lru_cache(maxsize=512)
def _cuts(text: str) -> tuple[tuple[int, int], tuple[str, ...]] | None:
    """The best cut of `text` and its cost: fewest pieces, then the most frequent surnames."""
    if not text:
        return (0, 0), ()
    best = None
    for size in (3, 2, 4):
        piece = text[:size]
        if len(piece) < size:
            continue
        if size == 4:
            if piece[:2] not in COMPOUND_SURNAMES:
                continue
            rank = 0
        elif piece[0] in SURNAMES:
            rank = _RANK[piece[0]]
        else:
            continue
        rest = _cuts(text[size:])
        if rest is None:
            continue
        cost = (rest[0][0] + 1, rest[0][1] + rank)
        if best is None or cost < best[0]:
            best = cost, (piece,) + rest[1]
    return best


# the word an organization's name ends with, and a place that opens the next name
_ORG_END = r"(?:有限公司|有限责任公司|股份公司|集团公司|公司|办公室|中心|研究院|设计院|研究所|设计所|大学|学院|委员会|协会|学会|管理局|局|厅|站|所)"
_PROVINCES = ("北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|"
              "四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门|中国|中华")
_PLACE_START = rf"(?:{_PROVINCES}|[{HAN}]{{2,3}}[省市县区州])"


def split_run_together_units(text: str) -> list[str]:
    """Units' names run together (`杭州市人防事务综合保障中心绍兴市人民防空办公室`) cut where one name ends
    with an organization's word and the next opens with a place; a piece too short to be a name is kept
    with the one before it."""
    pieces: list[str] = []
    for piece in _split_at_ends(text):
        if pieces and (len(piece) < 6 or not re.search(_ORG_END + "$", piece)):
            pieces[-1] += piece
        else:
            pieces.append(piece)
    if len(pieces) > 1 and not re.search(_ORG_END + "$", pieces[0]):
        return [text]
    return pieces


def _split_at_ends(text: str) -> list[str]:
    out, start = [], 0
    for m in re.finditer(_ORG_END + rf"(?={_PLACE_START}[{HAN}（(]{{2,}})", text):
        out.append(text[start:m.end()])
        start = m.end()
    out.append(text[start:])
    return [p for p in out if p]
