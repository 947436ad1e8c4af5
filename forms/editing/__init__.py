"""Editing a draft the way a clerk's office tools do: blocks pasted from Excel/WPS (paste.py)."""
