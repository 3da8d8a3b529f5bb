"""Interview insights: from customer-interview highlights to prioritized decisions.

The core of the app. Everything here runs without Streamlit; only
``insights.ui`` draws.
"""

__version__ = "0.1.0"
