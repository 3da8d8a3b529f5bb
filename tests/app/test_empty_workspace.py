"""Every page that counts highlights opens on an empty workspace with one clear next step."""

from __future__ import annotations

import pytest

from insights.store import Store
from insights.workspaces import create_workspace

PAGES = [
    "pages/dedupe.py",
    "pages/themes.py",
    "pages/insights.py",
    "pages/workshop.py",
    "pages/quotes.py",
    "pages/export.py",
]


@pytest.mark.parametrize("page", PAGES)
def test_an_empty_workspace_says_to_import_first(app_url: str, new_app, page: str) -> None:
    create_workspace(Store(app_url), "Empty")
    at = new_app()
    at.query_params["workspace"] = "Empty"
    at.run()
    at.switch_page(page).run()

    assert not at.exception, at.exception
    assert [i.value for i in at.info] == [
        "This workspace has no highlights yet. Import some first."
    ]
    assert not at.get("download_button") and not at.dataframe
