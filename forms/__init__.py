"""The Qt-free core of 年报助手: format definitions, drafts, checks, draft files and rendering."""

__version__ = "0.1.0"
