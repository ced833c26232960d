"""Typed settings shared by every command: where the data folder is and what it holds.

A wrong or missing variable fails at start-up, not half way through a load.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_HOME = Path.home() / ".cspkit"


class Settings(BaseSettings):
    """Settings read from ``CSPKIT_*`` environment variables (see docs/environment.md)."""

    model_config = SettingsConfigDict(env_prefix="CSPKIT_", extra="ignore")

    home: Path = Field(default=DEFAULT_HOME, description="Data folder holding the evidence store.")
    memory_limit: str = Field(
        default="1536MB", description="Most memory the evidence store may use during a load or query."
    )
    threads: int | None = Field(default=None, description="Worker threads for the store; all cores if unset.")
    demo: bool = Field(
        default=False, description="Work in the demo's own folder and store, never mixed with real data."
    )

    @property
    def workspace(self) -> Path:
        """Where the store, saved assessments and reports live: the data folder, or its ``demo`` folder."""
        return self.home / "demo" if self.demo else self.home

    @property
    def store_path(self) -> Path:
        """The DuckDB evidence store: real data in the data folder, the invented demo in ``demo/``."""
        return self.workspace / "evidence.duckdb"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings for this process, read once."""
    return Settings()
