"""The county summary: a roster of units, their drafts and submission packages collected and
checked, their tables summed into a whole-area draft, and a workbook of it all (issue 14).

Qt-free like the rest of ``forms``; ``ui.summary`` is the window over it and ``main.py summary``
the command line.
"""
