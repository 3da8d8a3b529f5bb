"""The board component stood in for in AppTest (which cannot drag): what the page sent
it, and moves played back in the component's outbox shape."""

from __future__ import annotations

from typing import Any


class FakeBoard:
    """Stands in for the board component: what Python sent it, and moves to send back."""

    def __init__(self) -> None:
        self.data: dict[str, Any] | None = None
        self.moves: list[dict[str, Any]] = []
        self.view: dict[str, Any] = {"page": 1, "expanded": []}
        self.draws = 0

    def render(self, *, data, key, default, **callbacks) -> dict:
        self.data = data
        self.draws += 1
        return {}

    def state(self, workspace: str) -> dict[str, Any]:
        return {"outbox": {"nonce": "tab-1", "moves": list(self.moves)}, "view": self.view}

    def columns(self) -> list[dict[str, Any]]:
        return [*self.data["themes"], self.data["pool"]]

    def column(self, name: str) -> dict[str, Any]:
        found = [c for c in self.columns() if c["name"] == name]
        assert len(found) == 1, f"{name}: {len(found)} columns"
        return found[0]

    def keys_in(self, name: str) -> list[str]:
        return [card["key"] for card in self.column(name)["items"]]

    def card(self, key: str) -> dict[str, Any]:
        return next(c for column in self.columns() for c in column["items"] if c["key"] == key)

    def drop(self, key: str, column: str, via: str = "drag", *, column_id: str | None = None):
        """A person drops a card on a column (by name, or by id when names repeat)."""
        to = column_id or self.column(column)["id"]
        self.moves.append({"seq": len(self.moves) + 1, "cards": [key], "to": to, "via": via})
