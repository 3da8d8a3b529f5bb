"""Where the workspace store lives, from the environment or Streamlit secrets."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

DATABASE_URL_SETTING = "INSIGHTS_DATABASE_URL"
DEFAULT_DATABASE_PATH = Path(".insights") / "insights.db"


def database_url(
    environ: Mapping[str, str] | None = None,
    secrets: Mapping[str, object] | None = None,
    cwd: Path | None = None,
) -> str:
    """The SQLAlchemy URL of the store.

    INSIGHTS_DATABASE_URL in the environment wins, then the secret of the same
    name, then ``[connections.sql] url`` (the secret Streamlit's own SQL connection
    reads, so a team's existing secrets file works as it is), then a SQLite file at
    ``.insights/insights.db`` under the working folder.
    """
    environ = os.environ if environ is None else environ
    from_env = environ.get(DATABASE_URL_SETTING, "").strip()
    if from_env:
        return from_env
    from_secrets = str((secrets or {}).get(DATABASE_URL_SETTING, "") or "").strip()
    if from_secrets:
        return from_secrets
    connection = (secrets or {}).get("connections", {})
    sql = connection.get("sql", {}) if isinstance(connection, Mapping) else {}
    from_connection = str((sql.get("url", "") if isinstance(sql, Mapping) else "") or "").strip()
    if from_connection:
        return from_connection
    path = (cwd or Path.cwd()) / DEFAULT_DATABASE_PATH
    return f"sqlite:///{path}"


def streamlit_secrets(cwd: Path | None = None) -> dict:
    """The secrets Streamlit would read (.streamlit/secrets.toml here, then in the home folder).

    The CLI reads them too, so one file configures both the app and the command.
    """
    import tomllib

    merged: dict = {}
    for path in (
        Path.home() / ".streamlit" / "secrets.toml",
        (cwd or Path.cwd()) / ".streamlit" / "secrets.toml",
    ):
        if path.is_file():
            try:
                merged.update(tomllib.loads(path.read_text(encoding="utf-8")))
            except (OSError, tomllib.TOMLDecodeError):
                continue
    return merged
