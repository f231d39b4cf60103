"""The application layer: every question and every change the CLI and the TUI make, answered in one place.

A screen or a command asks a service and renders what it returns; none of them
computes a domain figure itself. That is what makes painpal give one answer
everywhere: the Insights screen, the Care screen's brief, ``painpal report``
and ``painpal review`` read the same period, the same settings and the same
rules (after sitting, day start, medication), because they call the same code.

Each module answers one kind of question and takes what it needs (a store, the
instant ``now``) as arguments, so tests call it with a temporary store and a
fixed clock. Services may take time (they read files): the TUI calls them from
worker threads. Nothing here imports Textual.
"""
