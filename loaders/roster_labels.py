"""The labels under which a standard lists who drafted it, written once for every reader.

A roster line is a label, then the names: [the document naming itself] [qualifier] role [copula] [colon]
names — `本文件起草单位：甲、乙。`, `本标准主要起草人为丙、丁`, `参与起草单位：…`, `（一）本规程主编单位：…`;
or the units are named in a sentence, `本标准由甲研究所、乙大学负责起草。`; drafters may stand in groups under
their own label, `编写组：甲、乙`.

The words are shared, the policy is each reader's, chosen by `roster_label(…, colon=…)`: a GB/T foreword
(gbt_front_matter) needs the colon only where the label does not name the document; an explanatory note
(explanatory_note), prose around its lists, always needs it; an engineering standard (engineering_standard)
prints its labels as headings of lists, adds the roles of its own rules (主编单位, 参编人员 …) and may
number them.
"""
from __future__ import annotations

import re

from .list_markers import CN_NUMERAL

# how a document names itself (本文件 of GB/T 1.1—2020, 本标准 of 2009, 本部分 of a part …)
SELF_NAME = r"本(?:文件|标准|规范|部分|规程|指南|技术规范)"
QUALIFIER = r"主要|参加|参与|负责"   # `本标准负责起草单位：` names the lead unit
DRAFTING_UNITS = r"起草单位"
DRAFTERS = r"起草人(?:员)?"
COPULA = r"为|是|有|包括"
# the verb of the sentence form: `由甲、乙负责起草`
DRAFTED = r"(?:负责|共同|联合)?起草"
# a label numbered as the item of a list (`（一）主编单位：`)
NUMBERED = rf"[（(]{CN_NUMERAL}[）)]"
# the group that drafts a standard (`编写组`), which may sign its explanatory note
DRAFTING_GROUP = r"编写组|起草组|编制组|工作组"
# the label of a group of drafters in a foreword (`编写组：`, `审核组成员：`)
CONTRIBUTOR_GROUP_LABEL = rf"(?:{DRAFTING_GROUP}|审查组|审核组)(?:成员)?\s*[：:]"
# the foreword's label of the drafting units or the drafters (`本标准主要起草单位：`, `本文件参与起草人：`)
CONTRIBUTOR_LABEL = rf"{SELF_NAME}(?:{QUALIFIER})?起草(?:单位|人)"

# what must follow the label, by policy; `(?(self)…|…)` asks whether the document named itself
_AFTER_LABEL = {
    "unless named": r"(?(self){copula}\s*[：:]?|\s*[：:])",  # `本文件起草单位甲、乙` but `起草单位：甲、乙`
    "required": r"{copula}\s*[：:]",
    "or end": r"{copula}(?:\s*[：:]|$)",  # a heading over the list, or the list after a colon
    "optional": r"{copula}\s*[：:]?",
}


def roster_label(role: str, *, colon: str, self_name: str = SELF_NAME, qualifier: str = QUALIFIER,
                 copula: str = COPULA, numbered: bool = False) -> re.Pattern:
    """A line that opens with the label of `role` (DRAFTING_UNITS, DRAFTERS or a reader's own alternatives).

    colon: `unless named` — required where the label does not open with `self_name`; `required`; `or end` —
    a colon or nothing after the label; `optional`. `self_name` may always be left out; `qualifier` and
    `copula` ("" for none) may stand before and after the role; `numbered`: the label may be numbered `（一）`.
    Groups: `self`, `qualifier` (None without one), `role`, `names` (the rest of the line, "" at its end).
    """
    lead = f"(?:{NUMBERED})?" if numbered else ""
    before = f"(?P<qualifier>{qualifier})?" if qualifier else "(?P<qualifier>)?"
    after = _AFTER_LABEL[colon].format(copula=f"(?:{copula})?" if copula else "")
    return re.compile(rf"^{lead}(?P<self>{self_name})?{before}(?P<role>{role}){after}\s*(?P<names>.*)$")
