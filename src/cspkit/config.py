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

    @property
    def store_path(self) -> Path:
        """The DuckDB evidence store inside the data folder."""
        return self.home / "evidence.duckdb"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings for this process, read once."""
    return Settings()
