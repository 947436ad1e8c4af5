"""The PySide6 adapters of 年报助手: pages, table models and dialogs built from forms/."""
