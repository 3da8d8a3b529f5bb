"""Interview insights: the entry point. `streamlit run app.py`

Opens the workspace store, draws the workspace sidebar and hands over to the
page the user picked. Pages live in pages/, one per step of the work.
"""

import streamlit as st

from insights.errors import InsightsError
from insights.ui.cold_start import skip_direct_run_check
from insights.ui.gate import admit, signed_in_badge
from insights.ui.navigation import build_pages
from insights.ui.page import APP_ICON, leave_pages_folder_mode
from insights.ui.sidebar import workspace_sidebar
from insights.ui.signed_in import record_actions_as_signed_in_person
from insights.ui.state import get_store, show_error, show_flash
from insights.ui.warm_up import warm_up_in_background

skip_direct_run_check()  # before anything is drawn: see insights/ui/cold_start.py
leave_pages_folder_mode()  # a fresh server's first sessions: see its docstring
st.set_page_config(
    page_title="Interview insights",
    page_icon=APP_ICON,  # see insights/ui/page.py
    layout="wide",
)

record_actions_as_signed_in_person()
if not admit():  # a team server and no one (allowed) signed in: the sign-in screen only
    st.stop()
store = get_store()
page = st.navigation(build_pages())
workspace_sidebar(store)
signed_in_badge()
show_flash()
try:
    page.run()
except InsightsError as error:  # a change made in another tab meanwhile, say: a message
    show_error(error)
finally:
    warm_up_in_background()  # what the next pages import, while this one is read
