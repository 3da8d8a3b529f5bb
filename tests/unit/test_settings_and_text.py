"""Where the store lives, and how untrusted text is shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from insights.settings import database_url
from insights.ui.text import WORD_JOINER, md_escape, plot_escape


def test_the_environment_wins_then_the_secret_then_the_default(tmp_path: Path) -> None:
    env = {"INSIGHTS_DATABASE_URL": "postgresql+psycopg://u@db/insights"}
    secrets = {"INSIGHTS_DATABASE_URL": "sqlite:///from-secrets.db"}
    assert database_url(env, secrets, tmp_path) == env["INSIGHTS_DATABASE_URL"]
    assert database_url({}, secrets, tmp_path) == "sqlite:///from-secrets.db"
    assert database_url({"INSIGHTS_DATABASE_URL": "  "}, {}, tmp_path) == (
        f"sqlite:///{tmp_path}/.insights/insights.db"
    )


@pytest.mark.parametrize(
    "text",
    [
        "![track](https://evil.example/pixel.png)",
        "[click me](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        ":red[alarm] :material/home: $x^2$ **bold** # heading",
        '=HYPERLINK("http://x")',
    ],
)
def test_markdown_special_characters_are_all_escaped(text: str) -> None:
    escaped = md_escape(text)
    # every markup character is preceded by a backslash; the letters are untouched
    for i, ch in enumerate(escaped):
        if ch in '![]()<>:*#$^`="':
            assert escaped[i - 1] == "\\", (text, escaped)
    assert escaped.replace("\\", "").replace(WORD_JOINER, "") == text


@pytest.mark.parametrize(
    "text",
    [
        "see http://hostile.test/x now",
        "HTTPS://hostile.test",
        "www.hostile.test/w",
        "write to a@hostile.test",
    ],
)
def test_bare_addresses_cannot_become_links(text: str) -> None:
    # GitHub-flavoured Markdown links bare addresses after undoing backslash escapes:
    # an invisible word joiner after "://", "www" and "@" is what stops it
    escaped = md_escape(text).replace("\\", "")
    assert not re.search(f"(?i)https?://(?!{WORD_JOINER})|www\\.|@(?!{WORD_JOINER})", escaped)
    assert escaped.replace(WORD_JOINER, "") == text


def test_plotly_labels_show_tags_as_text() -> None:
    assert plot_escape('<a href="http://hostile.test">x</a> & <b>') == (
        '&lt;a href="http://hostile.test"&gt;x&lt;/a&gt; &amp; &lt;b&gt;'
    )


def test_streamlits_sql_connection_secret_names_the_store_too(tmp_path) -> None:
    secrets = {"connections": {"sql": {"url": "postgresql+psycopg://team@db/insights"}}}
    assert database_url({}, secrets, tmp_path) == "postgresql+psycopg://team@db/insights"
    mine = {"INSIGHTS_DATABASE_URL": "sqlite:///mine.db", **secrets}
    assert database_url({}, mine, tmp_path) == "sqlite:///mine.db"  # ours wins
    assert database_url({}, {"connections": {"sql": {}}}, tmp_path).endswith("insights.db")
