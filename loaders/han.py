"""The Han (Chinese character) class, written once for every pattern of the project.

``HAN`` is the body of a character class, to be put inside brackets (``f"[{HAN}]"``,
``f"[^\\s{HAN}]"``): CJK Unified Ideographs with Extension A and the Compatibility
Ideographs. ``HAN_CHAR`` matches one such character (``search`` answers "has Han"), ``HAN_RUN`` a run of
them (``fullmatch`` answers "all Han"), and ``SPACE_BETWEEN_HAN`` the white space a line break
or a typesetter's spacing leaves between two of them, which Chinese text does not have.
``BOOK_TITLE`` is a title in Chinese book-title marks (`《智慧城市 术语》`), the title its group.
"""
import re

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_CHAR = re.compile(f"[{HAN}]")
HAN_RUN = re.compile(f"[{HAN}]+")
SPACE_BETWEEN_HAN = re.compile(rf"(?<=[{HAN}])\s+(?=[{HAN}])")
BOOK_TITLE = re.compile(r"《([^》]+)》")
