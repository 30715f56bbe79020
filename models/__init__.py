"""Kinerja's domain: rules, scoring, storage and file formats.

Nothing in this package imports Textual, so the CLI, the tests and the TUI
share one implementation of every rule.
"""
