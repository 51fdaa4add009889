"""jieba's default dictionary, loaded once per process from a pickle of its prefix table.

jieba keeps the prefix table of its default dictionary (498k entries) in a marshal file of its own
(`jieba.cache` in the temporary folder) and reads it on first use: 0.85 CPU s on the shared 2-core
machine, the largest single cost of adding one document to the bundled corpus (coverage cuts the new
titles with it, the search index the new records). The same table pickled reads in 0.28 s. So the
table jieba builds is kept beside the builds (`jieba-dictionary.<key>.pickle`, the key naming jieba's
version and its dictionary file), and jieba's default tokenizer is given it: the words, their
frequencies and the total are jieba's own, so every cut is the one jieba makes.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import threading

from .locations import build_home

_lock = threading.Lock()


def _cache_file(jieba):
    path = os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME)   # the bundled dictionary
    try:
        stat = os.stat(path)
        about = f"{jieba.__version__}|{path}|{stat.st_size}|{stat.st_mtime_ns}"
    except OSError:
        about = f"{jieba.__version__}|{path}"
    return build_home() / f"jieba-dictionary.{hashlib.sha256(about.encode()).hexdigest()[:16]}.pickle"


def default_tokenizer():
    """jieba's default tokenizer (`jieba.dt`, which `jieba.lcut` and `jieba.posseg` use), its dictionary
    loaded: from the pickled table when there is one, else by jieba (the table then pickled)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    dt = jieba.dt
    with _lock:
        if dt.initialized:
            return dt
        if dt.dictionary != jieba.DEFAULT_DICT:     # someone chose another dictionary: jieba reads it
            dt.initialize()
            return dt
        cache = _cache_file(jieba)
        try:
            with open(cache, "rb") as f:
                freq, total = pickle.load(f)
            if not isinstance(freq, dict) or not isinstance(total, int):
                raise ValueError(cache)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            dt.initialize()
            try:
                cache.parent.mkdir(parents=True, exist_ok=True)
                tmp = cache.with_suffix(f".{os.getpid()}.tmp")
                with open(tmp, "wb") as f:
                    pickle.dump((dt.FREQ, dt.total), f, protocol=pickle.HIGHEST_PROTOCOL)
                tmp.replace(cache)
            except OSError:    # a read-only home: jieba's own cache still serves the next process
                pass
            return dt
        dt.FREQ, dt.total, dt.initialized = freq, total, True
    return dt
