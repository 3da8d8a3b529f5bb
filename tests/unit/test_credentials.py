"""Where Google credentials come from, in which order, and what is said when they are wrong."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from insights.sources.credentials import CredentialsError, resolve_credentials
from insights.sources.sheets import open_client, read_sheet

KEY = "1FernFoamStudyKeyAbcdefghijklmnop"


@pytest.fixture(scope="module")
def private_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def service_account(
    private_key: str, token_uri: str = "https://oauth2.googleapis.com/token", **extra
) -> dict:
    return {
        "type": "service_account",
        "project_id": "fern-and-foam",
        "private_key_id": "abc123",
        "private_key": private_key,
        "client_email": "insights@fern-and-foam.iam.gserviceaccount.com",
        "client_id": "1234567890",
        "token_uri": token_uri,
        **extra,
    }


def test_streamlit_secrets_in_the_st_gsheets_connection_layout(private_key: str) -> None:
    secrets = {
        "connections": {
            "gsheets": {
                **service_account(private_key),
                "spreadsheet": "https://docs.google.com/spreadsheets/d/abc/edit",
            }
        }
    }
    found = resolve_credentials(secrets, environ={})
    assert found.configured
    assert found.client_email == "insights@fern-and-foam.iam.gserviceaccount.com"
    assert found.origin == "Streamlit secrets [connections.gsheets]"
    assert found.default_spreadsheet == "https://docs.google.com/spreadsheets/d/abc/edit"


def test_secrets_win_over_a_key_file_which_wins_over_oauth(private_key: str, tmp_path) -> None:
    key_file = tmp_path / "key.json"
    key_file.write_text(
        json.dumps(service_account(private_key, client_email="file@x.iam.gserviceaccount.com"))
    )
    oauth_file = tmp_path / "authorized_user.json"
    oauth_file.write_text(
        json.dumps(
            {
                "type": "authorized_user",
                "client_id": "c",
                "client_secret": "s",
                "refresh_token": "r",
            }
        )
    )
    environ = {
        "GOOGLE_APPLICATION_CREDENTIALS": str(key_file),
        "INSIGHTS_OAUTH_TOKEN_FILE": str(oauth_file),
    }
    secrets = {"connections": {"gsheets": service_account(private_key)}}

    assert resolve_credentials(secrets, environ).origin == "Streamlit secrets [connections.gsheets]"
    from_file = resolve_credentials({}, environ)
    assert from_file.client_email == "file@x.iam.gserviceaccount.com"
    assert from_file.origin.startswith("GOOGLE_APPLICATION_CREDENTIALS")
    oauth = resolve_credentials({}, {"INSIGHTS_OAUTH_TOKEN_FILE": str(oauth_file)})
    assert oauth.configured and oauth.client_email is None


def test_nothing_configured_is_not_an_error_until_a_sheet_is_read(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    found = resolve_credentials({}, {})
    assert not found.configured and "[connections.gsheets]" in found.missing_message()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"private_key": "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n"},
            "private_key is not a valid key",
        ),
        ({"client_email": ""}, "missing client_email"),
        ({"type": "authorized_user"}, "not “service_account”"),
    ],
)
def test_broken_secrets_are_explained_without_the_secret(private_key: str, change, message) -> None:
    secrets = {"connections": {"gsheets": {**service_account(private_key), **change}}}
    with pytest.raises(CredentialsError, match=message) as raised:
        resolve_credentials(secrets, {})
    assert "BEGIN PRIVATE KEY" not in str(raised.value) and "not a key" not in str(raised.value)


def test_a_key_file_that_is_missing_or_not_json_is_explained(tmp_path) -> None:
    with pytest.raises(CredentialsError, match="no file there"):
        resolve_credentials({}, {"INSIGHTS_SERVICE_ACCOUNT_FILE": str(tmp_path / "nope.json")})
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(CredentialsError, match="not a readable JSON key file"):
        resolve_credentials({}, {"INSIGHTS_SERVICE_ACCOUNT_FILE": str(tmp_path / "bad.json")})


def test_a_service_account_signs_in_and_sends_its_token(private_key: str, sheets_api) -> None:
    """The whole credential path: a token from token_uri, then Bearer on every Sheets request."""
    sheets_api.add_spreadsheet(KEY, "Study", {"Notes": [["Quote"], ["Too pricey"]]})
    secrets = {
        "connections": {
            "gsheets": service_account(private_key, token_uri=f"{sheets_api.url}/token")
        }
    }
    credentials = resolve_credentials(secrets, {})
    client = open_client(credentials, endpoint=sheets_api.url)

    read_sheet(client, KEY, "Notes", None, credentials)

    assert sheets_api.tokens_issued == 1
    sheets_calls = [r for r in sheets_api.requests if r.path.startswith("/v4/")]
    assert [r.authorization for r in sheets_calls] == ["Bearer loopback-token"] * 2
