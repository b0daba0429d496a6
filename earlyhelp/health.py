"""Data health: which entries need attention. Used by the Data health page and the check command's warnings."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .load import Loaded
from .model import Directory, Service
from .problems import Problem

OPTIONAL_FIELDS = ("languages", "cultural_support")  # the gaps the inspection named: language, culture, religion


@dataclass(frozen=True)
class Health:
    running: int  # services not retired: the ones counted below
    confirmed: tuple[Service, ...]  # checked, every detail, by the service itself
    unconfirmed: tuple[Service, ...]  # compiled from public pages only
    overdue: tuple[Service, ...]  # last reviewed more than 12 months ago
    to_confirm: tuple[Service, ...]  # at least one contact marked to_confirm
    # No published contact. Their reach_via names the nearest published contact for advice, as the service page
    # says: not a route into the service, which is still to be confirmed.
    reach_via: tuple[Service, ...]
    missing: tuple[tuple[Service, tuple[str, ...]], ...]  # optional fields not filled in yet

    # How the page words reach_via, as the service pages do (templates/_parts.html, how_to_reach).
    NEAREST: ClassVar[str] = "nearest published contact for advice, not a confirmed route in"

    @property
    def clean(self) -> bool:
        return not (self.unconfirmed or self.overdue or self.to_confirm or self.reach_via or self.missing)


def health(directory: Directory) -> Health:
    # Retired services keep their page for old links, but nobody needs to review them.
    running = [s for s in directory.services if s.status != "retired"]
    missing = ((s, tuple(f for f in OPTIONAL_FIELDS if not getattr(s, f))) for s in running)
    return Health(
        running=len(running),
        confirmed=tuple(s for s in running if s.confirmed),
        unconfirmed=tuple(s for s in running if not s.confirmed),
        overdue=tuple(sorted((s for s in running if s.review_overdue(directory.today)), key=lambda s: s.last_checked)),
        to_confirm=tuple(s for s in running if any(c.to_confirm for c in s.contacts)),
        reach_via=tuple(s for s in running if not s.contacts),
        missing=tuple((s, fields) for s, fields in missing if fields),
    )


def overdue_warnings(loaded: Loaded, directory: Directory) -> list[Problem]:
    """One warning per overdue review, placed on the date's line so editors and CI can point at it."""
    index = {entry["id"]: i for i, entry in enumerate(loaded.data["services"])}
    warnings = []
    for s in health(directory).overdue:
        field = ("confirmed", "on") if s.confirmed_on == s.last_checked else ("source_checked",)
        line, col = loaded.where(("services", index[s.id], "review", *field))
        warnings.append(Problem(loaded.filename, line, col, f"{s.id} → review.{'.'.join(field)}",
                                f"last checked on {s.last_checked.isoformat()}, more than 12 months ago",
                                f"a fresh check with the service ({s.review_owner}), then that day's date"))
    return sorted(warnings)
