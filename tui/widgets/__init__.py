"""Reusable widgets of the Kinerja TUI."""
