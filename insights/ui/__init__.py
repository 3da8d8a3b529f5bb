"""Streamlit widgets and glue: the only part of ``insights`` that imports streamlit."""
