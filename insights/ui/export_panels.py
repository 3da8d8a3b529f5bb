"""Download buttons for the prioritized list, and the write-back to the Google Sheet."""

from __future__ import annotations

import streamlit as st

from insights import export_formats, prioritize
from insights.access import Capability
from insights.errors import InsightsError
from insights.quote_bank import testimonials
from insights.sources.sheets import configured_endpoint, open_client
from insights.store import Store, WorkspaceData
from insights.ui.gate import facilitators_only, may
from insights.ui.importer import credentials, share_with
from insights.ui.state import show_error
from insights.ui.text import md_escape
from insights.writeback import PRIORITIZED_WORKSHEET, describe, imported_sheets, publish

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MARKDOWN_MIME = "text/markdown"


def download_buttons(result: prioritize.Prioritized, workspace: str, *, key: str) -> None:
    """CSV, XLSX and Markdown of the list as shown; each file is made when its button is clicked."""
    downloads = [
        (
            "CSV",
            "csv",
            CSV_MIME,
            ":material/csv:",
            lambda: export_formats.to_csv(export_formats.insight_rows(result)),
            "One row per insight, in priority order, with its strongest quotes.",
        ),
        (
            "Excel workbook",
            "xlsx",
            XLSX_MIME,
            ":material/table_view:",
            lambda: export_formats.workbook(result),
            "Five sheets: prioritized insights, gaps and unsupported bets, highlights, "
            "quote bank, decisions.",
        ),
        (
            "Markdown",
            "md",
            MARKDOWN_MIME,
            ":material/description:",
            lambda: export_formats.to_markdown(result, workspace),
            "A table and the strongest quotes, ready to paste into a document or a wiki.",
        ),
    ]
    for column, (label, extension, mime, icon, make, words) in zip(
        st.columns(len(downloads)), downloads, strict=True
    ):
        column.download_button(
            label,
            data=make,
            file_name=export_formats.file_name(workspace, "prioritized insights", extension),
            mime=mime,
            icon=icon,
            on_click="ignore",
            key=f"{key}_{extension}",
            width="stretch",
            help=words,
        )


def quote_bank_download(data: WorkspaceData, workspace: str, *, key: str) -> None:
    """The quote bank as a CSV that honours consent: no declined quote, names as agreed."""
    usable = len(testimonials(data))
    st.download_button(
        f"Quote bank ({usable} quotes; declined ones left out)",
        data=lambda: export_formats.to_csv(export_formats.quote_rows(data)),
        file_name=export_formats.file_name(workspace, "quote bank", "csv"),
        mime=CSV_MIME,
        icon=":material/format_quote:",
        on_click="ignore",
        key=key,
        disabled=not usable,
    )


def writeback_panel(store: Store, workspace: str, result: prioritize.Prioritized) -> None:
    """Write the list into the sheet's "Prioritized insights" worksheet, and themes back."""
    if not may(Capability.WRITE_BACK):
        facilitators_only(Capability.WRITE_BACK)
        return
    found = credentials()
    endpoint = configured_endpoint()
    if not found.configured and not endpoint:
        st.info(found.missing_message(writing=True), icon=":material/key:")
        return
    if found.client_email:
        share_with(found.client_email, "an Editor")
    imported = imported_sheets(result.data)
    url = st.text_input(
        "Google Sheet link",
        value=imported[0].url if imported else (found.default_spreadsheet or ""),
        placeholder="https://docs.google.com/spreadsheets/d/…/edit",
        key="writeback_url",
    )
    worksheets = [s.worksheet for s in imported if s.worksheet]
    with_themes = st.checkbox(
        "Also write each highlight's theme into a “Theme” column of the highlights worksheet",
        key="writeback_themes",
        disabled=not worksheets,
        help="Rows are matched to highlights the way the import matched them; a Theme column "
        "is added at the end if the worksheet has none."
        if worksheets
        else "Import highlights from a Google Sheet first: the theme column goes back there.",
    )
    worksheet = None
    if with_themes and worksheets:
        worksheet = st.selectbox("Highlights worksheet", worksheets, key="writeback_worksheet")
    st.caption(
        f"Creates the worksheet “{PRIORITIZED_WORKSHEET}”, or empties and refills it if it "
        "exists. Everything is written as plain values (RAW): nothing runs as a formula."
    )
    if not st.button(
        "Write to the Google Sheet",
        type="primary",
        icon=":material/cloud_upload:",
        disabled=not url.strip(),
        key="writeback_go",
    ):
        return
    try:
        with st.spinner("Writing to the sheet…"):
            outcome = publish(
                store,
                result,
                open_client(found, endpoint=endpoint),
                found,
                url,
                theme_worksheet=worksheet,
            )
    except InsightsError as error:
        show_error(error)
        return
    st.success(md_escape(describe(outcome)), icon=":material/check_circle:")
    st.link_button("Open the sheet", outcome.url, icon=":material/open_in_new:")
