"""Google credentials, found where Streamlit users already keep them.

In this order:
1. Streamlit secrets, ``[connections.gsheets]`` with the service account's
   fields (the layout st-gsheets-connection uses) and an optional ``spreadsheet``;
2. a service-account JSON file: INSIGHTS_SERVICE_ACCOUNT_FILE (environment or
   secret) or GOOGLE_APPLICATION_CREDENTIALS;
3. an OAuth authorized-user file: INSIGHTS_OAUTH_TOKEN_FILE (environment or
   secret), or gspread's default ``~/.config/gspread/authorized_user.json``.

No secret is ever put in a message or a log: messages name where the
credentials came from, and the service account's email, which is not secret
and is what the sheet must be shared with.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from insights.errors import InsightsError

SCOPES = ("https://www.googleapis.com/auth/spreadsheets",)
SERVICE_ACCOUNT_FILE_SETTING = "INSIGHTS_SERVICE_ACCOUNT_FILE"
OAUTH_FILE_SETTING = "INSIGHTS_OAUTH_TOKEN_FILE"
GSPREAD_AUTHORIZED_USER = Path("~/.config/gspread/authorized_user.json")
_SECRETS_ORIGIN = "Streamlit secrets [connections.gsheets]"
_REQUIRED_SERVICE_ACCOUNT_FIELDS = ("type", "client_email", "private_key", "token_uri")


class CredentialsError(InsightsError):
    """Credentials are configured but cannot be used."""


@dataclass(frozen=True)
class GoogleCredentials:
    """Credentials ready for gspread, or none, with where they came from."""

    credentials: Any | None
    origin: str  # where they came from, never what they are
    client_email: str | None = None  # the service account to share sheets with
    default_spreadsheet: str | None = None  # [connections.gsheets] spreadsheet

    @property
    def configured(self) -> bool:
        return self.credentials is not None

    @staticmethod
    def missing_message(*, writing: bool = False) -> str:
        """What to do when no credentials are set up, for reading a sheet or writing to it."""
        setup = (
            "Create a service account, put its key in .streamlit/secrets.toml under "
            "[connections.gsheets] (see the README, “Connect a Google Sheet”), and share the "
        )
        if writing:
            return (
                "No Google credentials are set up, so the app cannot write to Google Sheets. "
                + setup
                + "sheet with the service account's email as an Editor. Until then, export the "
                "list as CSV or Excel and import that file into the sheet."
            )
        return (
            "No Google credentials are set up, so the app cannot read Google Sheets. "
            + setup
            + "sheet with the service account's email. Or upload the sheet as a CSV/XLSX file."
        )


def _service_account(info: Mapping[str, Any], origin: str) -> GoogleCredentials:
    from google.oauth2 import service_account

    missing = [f for f in _REQUIRED_SERVICE_ACCOUNT_FIELDS if not info.get(f)]
    if missing:
        raise CredentialsError(
            f"The service account in {origin} is missing {', '.join(missing)}. Copy every field "
            "of the service account's JSON key (type, project_id, private_key_id, private_key, "
            "client_email, client_id, token_uri, …)."
        )
    if info.get("type") != "service_account":
        raise CredentialsError(
            f"The credentials in {origin} are of type “{info.get('type')}”, not "
            "“service_account”. Use the JSON key of a service account."
        )
    try:
        credentials = service_account.Credentials.from_service_account_info(
            dict(info), scopes=list(SCOPES)
        )
    except (ValueError, TypeError, KeyError):
        raise CredentialsError(
            f"The service account in {origin} cannot be used: its private_key is not a valid key. "
            "Paste the private_key from the JSON key file again, with its BEGIN and END lines "
            "and its \\n line breaks."
        ) from None
    return GoogleCredentials(
        credentials=credentials, origin=origin, client_email=str(info["client_email"])
    )


def _from_file(path: Path, origin: str) -> GoogleCredentials:
    try:
        info = json.loads(path.expanduser().read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CredentialsError(f"{origin} points to {path}, and there is no file there.") from None
    except (OSError, ValueError):
        raise CredentialsError(f"{origin} ({path}) is not a readable JSON key file.") from None
    if not isinstance(info, dict):
        raise CredentialsError(f"{origin} ({path}) is not a JSON key file.")
    if info.get("type") == "authorized_user":
        return _authorized_user(path, origin)
    return _service_account(info, f"{origin} ({path})")


def _authorized_user(path: Path, origin: str) -> GoogleCredentials:
    from google.oauth2.credentials import Credentials

    try:
        credentials = Credentials.from_authorized_user_file(str(path.expanduser()), list(SCOPES))
    except (ValueError, OSError, KeyError):
        raise CredentialsError(
            f"{origin} ({path}) is not a valid OAuth authorized-user file. Sign in again to "
            "create it (see the README, “Connect a Google Sheet”)."
        ) from None
    return GoogleCredentials(credentials=credentials, origin=f"{origin} ({path})")


def _setting(name: str, environ: Mapping[str, str], secrets: Mapping[str, Any]) -> str:
    return str(environ.get(name) or secrets.get(name) or "").strip()


def resolve_credentials(
    secrets: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> GoogleCredentials:
    """The first credentials configured, in the documented order; none is not an error here."""
    secrets = secrets or {}
    environ = os.environ if environ is None else environ
    gsheets = (secrets.get("connections") or {}).get("gsheets") or {}
    spreadsheet = str(gsheets.get("spreadsheet") or "").strip() or None
    if gsheets.get("type") or gsheets.get("private_key") or gsheets.get("client_email"):
        found = _service_account(gsheets, _SECRETS_ORIGIN)
        return GoogleCredentials(
            credentials=found.credentials,
            origin=found.origin,
            client_email=found.client_email,
            default_spreadsheet=spreadsheet,
        )
    for name in (SERVICE_ACCOUNT_FILE_SETTING, "GOOGLE_APPLICATION_CREDENTIALS"):
        path = _setting(name, environ, secrets)
        if path:
            found = _from_file(Path(path), name)
            return GoogleCredentials(
                credentials=found.credentials,
                origin=found.origin,
                client_email=found.client_email,
                default_spreadsheet=spreadsheet,
            )
    oauth_path = _setting(OAUTH_FILE_SETTING, environ, secrets)
    if oauth_path:
        found = _authorized_user(Path(oauth_path), OAUTH_FILE_SETTING)
        return GoogleCredentials(found.credentials, found.origin, None, spreadsheet)
    default = GSPREAD_AUTHORIZED_USER.expanduser()
    if default.is_file():
        found = _authorized_user(default, "gspread's authorized-user file")
        return GoogleCredentials(found.credentials, found.origin, None, spreadsheet)
    return GoogleCredentials(
        credentials=None, origin="no credentials", default_spreadsheet=spreadsheet
    )
