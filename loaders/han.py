"""The Han (Chinese character) class, written once for every pattern of the project.

``HAN`` is the body of a character class, to be put inside brackets (``f"[{HAN}]"``,
``f"[^\\s{HAN}]"``): CJK Unified Ideographs with Extension A and the Compatibility
Ideographs. ``HAN_CHAR`` matches one such character (``search`` answers "has Han").
"""
import re

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_CHAR = re.compile(f"[{HAN}]")
