"""The distribution check of the official predikat, live under the evaluation grids.

Three lines of counts and shares per predikat (with N and the employees still
without both ratings, counted apart), then every broken rule of the curve in
words, or that the curve holds, or why nothing was checked (README, "The
official evaluation", step 5).  ``check_report`` is the whole check as a text to
read: every rule of the organisation's curve with whether it holds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from rich.text import Text
from textual.widgets import Static

from models.dates import format_decimal
from models.evaluation import PREDIKAT, Distribution, describe_rule, rule_holds
from models.i18n import get_language, t
from models.labels import official_predikat_label, organisation_label
from tui.widgets.text import fit

COLUMNS = ((PREDIKAT[0], PREDIKAT[3]), (PREDIKAT[1], PREDIKAT[4]), (PREDIKAT[2], None))
"""The three lines of counts: read down the left column, then the right one."""
_LABEL = 18
_HALF = 36


def _count(dist: Distribution, code: str) -> str:
    shares = dist.shares()
    label = fit(official_predikat_label(code), _LABEL - 1).ljust(_LABEL)
    return f"{label}{dist.counts[code]:>4}  {shares[code]:>5}%"


def count_lines(dist: Distribution) -> list[str]:
    """Counts and shares per predikat in two columns, N and the unrated in the last cell."""
    lines = []
    for left, right in COLUMNS:
        if right is None:
            other = t("evaluasi.dist.n", n=dist.jumlah, belum=dist.belum)
        else:
            other = _count(dist, right)
        lines.append(_count(dist, left).ljust(_HALF) + other)
    return lines


def check_lines(dist: Distribution) -> list[str]:
    """The verdict: each broken rule, or that the curve holds, or why nothing was checked."""
    if dist.organisasi is None:
        return [t("evaluasi.dist.no_org")]
    org = organisation_label(dist.organisasi)
    if dist.jumlah == 0:
        return [t("evaluasi.dist.nobody", org=org)]
    if not dist.breaches:
        return [t("evaluasi.dist.fits", org=org)]
    return [t("evaluasi.dist.breach", rule=str(breach)) for breach in dist.breaches]


class DistributionPanel(Static):
    """Counts per predikat and the verdict of the curve, redrawn after every save."""

    DEFAULT_CSS = """
    DistributionPanel {
        height: auto;
        max-height: 6;
        padding: 0 1;
        background: $boost;
    }
    DistributionPanel.-broken {
        color: $warning;
    }
    """

    def show(self, dist: Distribution | None) -> None:
        if dist is None:
            self.update("")
            return
        width = max(20, (self.size.width or 80) - 2)
        text = Text("\n".join(fit(line, width) for line in count_lines(dist)))
        for line in check_lines(dist):
            text.append("\n" + fit(line, width), style="bold" if dist.breaches else "")
        self.set_class(bool(dist.breaches), "-broken")
        self.update(text)


def check_report(dist: Distribution, curve: Mapping[str, Sequence[Mapping[str, Any]]]) -> str:
    """The whole check in words: counts, shares, and every rule with whether it holds."""
    lines = [
        t("evaluasi.report.org", org=organisation_label(dist.organisasi)),
        t("evaluasi.report.n", n=dist.jumlah, belum=dist.belum),
        "",
        *count_lines(dist),
        "",
    ]
    if dist.organisasi is None or dist.jumlah == 0:
        lines.extend(check_lines(dist))
        return "\n".join(lines)
    lines.append(t("evaluasi.report.rules", org=organisation_label(dist.organisasi)))
    for rule in curve[dist.organisasi]:
        count = sum(dist.counts[code] for code in rule["predikat"])
        held = rule_holds(rule, count, dist.jumlah)
        verdict = t("evaluasi.report.holds" if held else "evaluasi.report.broken")
        if "persen" in rule:
            share = Decimal(count * 100) / Decimal(dist.jumlah)
            found = t(
                "evaluasi.report.share",
                count=count,
                n=dist.jumlah,
                share=format_decimal(share, get_language(), 1),
            )
        else:
            found = t("evaluasi.report.count", count=count)
        lines.append(f"  {verdict}: {describe_rule(rule)} ({found})")
    lines.append("")
    lines.extend(check_lines(dist))
    return "\n".join(lines)
