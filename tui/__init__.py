"""Kinerja's Textual front end; it only arranges widgets around models/."""
