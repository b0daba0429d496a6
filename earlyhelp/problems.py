"""One problem found in the input, formatted the way editors and CI annotations expect."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    where: str  # "<service id> → <field path>", or "" for the file as a whole
    message: str
    expected: str = ""

    @property
    def detail(self) -> str:
        """Everything but the position: '<service id> → <field>: <what is wrong>; expected <what is right>'."""
        place = f"{self.where}: " if self.where else ""
        tail = f"; expected {self.expected}" if self.expected else ""
        return f"{place}{self.message}{tail}"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.detail}"


class InvalidData(Exception):
    """Raised with every problem at once, so one run shows them all."""

    def __init__(self, problems):
        self.problems = sorted(problems)
        count = len(self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"{count} problem{'s' if count != 1 else ''} found; nothing was built.")
        super().__init__("\n".join(lines))
