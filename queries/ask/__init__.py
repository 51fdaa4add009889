"""Question answering over the graph without a language model (`cdtkg ask`).

    from queries.graph import Graph
    from queries.ask import ask
    answer = ask(Graph.open(), "什么是城市智能中枢？")
    answer.answered, answer.answer, answer.items, answer.sources

The pipeline (pipeline.py): normalize the question (queries/normalize.py), link
the things it names against every name in the graph (label_index.py,
linking.py), choose an intent by the rules of intents.tsv (classify.py), run
that intent's SPARQL template from this folder with the things bound as
parameters, and phrase the rows (render.py).
"""
from __future__ import annotations

from .answer import Answer
from .pipeline import Asker, asker_for


def ask(graph, question: str) -> Answer:
    """The Answer to `question` over `graph` (answered=False with a reason when there is none)."""
    return asker_for(graph).ask(question)


__all__ = ["Answer", "Asker", "ask", "asker_for"]
