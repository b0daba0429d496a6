"""The few site settings the guide's honesty depends on, read from mkdocs.yml's values (no MkDocs import)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

PLACEHOLDER_REPOSITORY = "https://github.com/example-org/sunderland-early-help"  # until the real one exists


@dataclass(frozen=True)
class Settings:
    site_url: str = ""  # the public address: the SOS list's QR code and canonical links need it
    repository: str = ""  # where corrections and edits go (extra.repository)
    adopted_by: str = ""  # the body that has adopted the guide (extra.adopted_by); empty: still a draft

    @property
    def repository_ready(self) -> bool:
        """Only a real repository gets "Report a correction" links: a placeholder would send readers nowhere."""
        return bool(self.repository) and self.repository != PLACEHOLDER_REPOSITORY

    @classmethod
    def from_values(cls, site_url, extra: dict) -> "Settings":
        return cls(site_url or "", extra.get("repository") or "", extra.get("adopted_by") or "")

    @classmethod
    def from_file(cls, path: Path | str) -> "Settings":
        """For the check command, which runs without MkDocs. Tags such as !ENV are read as plain values."""
        loader = type("Loader", (yaml.SafeLoader,), {})
        loader.add_multi_constructor("!", lambda loader, suffix, node: None)
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=loader) or {}  # noqa: S506 (safe loader)
        return cls.from_values(data.get("site_url"), data.get("extra") or {})
