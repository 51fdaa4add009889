"""What `cdtkg ask` returns for one question."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


@dataclass
class Answer:
    """An answer (or the reason there is none), with its sources and how it was found.

    `items` are the individual answers (one term, one standard, one clause…);
    each source is {"document": standard number or title, "locator", "iri"}.
    `entities` and `sparql` are the details an explorer shows on request.
    """

    question: str
    answered: bool
    intent: str | None = None
    answer: str = ""
    items: list[str] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    confidence: float = 0.0
    reason: str = ""
    suggestions: list[dict] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)
    sparql: list[dict] = field(default_factory=list)
    absent: bool = False   # refused because the graph holds the thing asked about but not this fact of it

    def to_dict(self, details: bool = True) -> dict:
        """The JSON object of the answer; without `details`, only what a reader needs."""
        d = asdict(self)
        d.pop("absent")
        if not details:
            for key in ("entities", "sparql"):
                d.pop(key)
        if self.answered:
            d.pop("reason")
            d.pop("suggestions")
        return d

    def to_json(self, details: bool = True) -> str:
        return json.dumps(self.to_dict(details), ensure_ascii=False)

    def render_text(self) -> str:
        """The answer as a terminal shows it."""
        if not self.answered:
            lines = [f"无法回答：{self.reason}"]
            if self.suggestions:
                lines.append("可以看看：")
                lines += [f"  - {s.get('label', '')}（{s.get('document', '')} {s.get('locator', '')}）".replace("（ ）", "")
                          for s in self.suggestions]
            return "\n".join(lines)
        lines = [self.answer]
        if len(self.items) > 1:
            lines += [f"  {i}. {item}" for i, item in enumerate(self.items, start=1)]
        if self.sources:
            shown = "；".join(f"{s['document']} {s['locator']}".strip() for s in self.sources[:8])
            more = f" 等 {len(self.sources)} 处" if len(self.sources) > 8 else ""
            lines.append(f"出处：{shown}{more}")
        lines.append(f"置信度：{self.confidence:.2f}（{self.intent}）")
        return "\n".join(lines)
