"""Chart geometry for summary.html: numbers in, shapes (coordinates and labels) out.

The template draws the shapes as inline SVG; every label goes through Jinja2's autoescape there,
so a page title or rule id from the archive can never inject markup into the summary.
"""
from __future__ import annotations

import math
from typing import Any

#: Colour-blind-safe palette (Okabe-Ito), one per category in order.
COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]
WIDTH = 800
_LABEL = 300  # room for the labels left of horizontal bars (about 46 characters)
_ROW = 22


def bars(items: list[tuple[str, float]]) -> dict[str, Any]:
    """Horizontal bars, largest first: [(label, value)]."""
    top = max((v for _, v in items), default=0) or 1
    span = WIDTH - _LABEL - 60
    rows = [{"label": label, "value": value, "y": i * _ROW, "width": max(1.0, span * value / top)}
            for i, (label, value) in enumerate(items)]
    return {"rows": rows, "height": len(rows) * _ROW + 4, "x0": _LABEL, "width": WIDTH}


def stacked_bars(items: list[tuple[str, list[float]]], series: list[str]) -> dict[str, Any]:
    """Horizontal bars made of one segment per series: [(label, [value per series])]."""
    top = max((sum(values) for _, values in items), default=0) or 1
    span = WIDTH - _LABEL - 60
    rows = []
    for i, (label, values) in enumerate(items):
        x, segments = float(_LABEL), []
        for j, value in enumerate(values):
            w = span * value / top
            if w > 0:
                segments.append({"x": x, "width": w, "color": COLORS[j % len(COLORS)], "series": series[j], "value": value})
            x += w
        rows.append({"label": label, "y": i * _ROW, "segments": segments, "total": sum(values), "end": x})
    return {"rows": rows, "height": len(rows) * _ROW + 4, "width": WIDTH, "x0": _LABEL,
            "legend": [{"name": s, "color": COLORS[j % len(COLORS)]} for j, s in enumerate(series)]}


def lines(xs: list[str], series: dict[str, list[float]], height: int = 260) -> dict[str, Any]:
    """A line per series over the labels `xs` (months), with a y axis from 0 to the top value."""
    left, right, top_pad, bottom = 50, 40, 10, 40
    plot_w, plot_h = WIDTH - left - right, height - top_pad - bottom
    top = max((v for values in series.values() for v in values), default=0) or 1
    ticks = _ticks(top)
    top = max(top, ticks[-1])

    def x(i: int) -> float:
        return left + (plot_w * i / (len(xs) - 1) if len(xs) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top_pad + plot_h * (1 - v / top)

    step = max(1, len(xs) // 12)  # at most ~12 month labels
    return {
        "width": WIDTH, "height": height, "left": left, "right": WIDTH - right, "bottom": top_pad + plot_h,
        "yticks": [{"y": y(t), "label": f"{t:g}"} for t in ticks],
        "xticks": [{"x": x(i), "label": label} for i, label in enumerate(xs) if i % step == 0],
        "series": [{"name": name, "color": COLORS[j % len(COLORS)],
                    "points": " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values)),
                    "dots": [{"x": x(i), "y": y(v), "value": v, "label": xs[i]} for i, v in enumerate(values)]}
                   for j, (name, values) in enumerate(series.items())],
        "empty": not xs,
    }


def _ticks(top: float) -> list[float]:
    """0 and four round steps (1, 2, 2.5 or 5 times a power of ten) reaching at least `top`."""
    magnitude = 10 ** math.floor(math.log10(top / 4))
    step = next(magnitude * f for f in (1, 2, 2.5, 5, 10) if magnitude * f * 4 >= top)
    return [round(step * i, 6) for i in range(5)]
