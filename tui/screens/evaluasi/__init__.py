"""The official evaluation (README, "The official evaluation"): two screens on one grid.

``evaluasi.EvaluasiScreen`` is where the pejabat penilai's two ratings of every
employee are typed, one key each; ``kalibrasi.KalibrasiScreen`` shows the same
employees grouped by predikat for the calibration meeting, where every change
needs a reason.  Both follow the app's one period and share ``common``: the grid,
the distribution check under it, the reason and conflict dialogs.
"""
