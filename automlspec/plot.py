"""`candidates --plot`: each candidate's objective value over time, as SVG or PNG.

The chart is SVG written here, with the standard library only: one dot per candidate at its
CreationTime (minutes since the job's first candidate) and objective value, a step line of the best
value so far in the objective's direction, the best candidate ringed and named. The same bytes for
the same candidates, so a test reads the drawing back with ``xml.etree``.

PNG is that SVG rasterised by resvg (``pip install 'automlspec[plot]'`` installs ``resvg-py``: a
3 MB wheel, a static Rust library, no system libraries; it draws the labels with the system's fonts).
Why not a plotting library (measured in docs/results.md): matplotlib brings 173 MB of dependencies
(numpy, pillow, fonttools...) and about 0.5 s of import for a scatter plot; pygal is small (1.3 MB)
but writes PNG only through cairosvg, which needs pillow, cffi and the system's libcairo (27 MB more).
"""

from __future__ import annotations

import itertools
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape as _xml_escape

from .errors import UsageError
from .facts import MAXIMIZE
from .jobs.leaderboard import Candidate
from .terminal import escape

WIDTH, HEIGHT = 760, 420
LEFT, RIGHT, TOP, BOTTOM = 78, 24, 56, 56
COLORS = {"dot": "#4c78a8", "best": "#e45756", "line": "#54a24b", "grid": "#e5e5e5", "text": "#333333"}
FORMATS = (".svg", ".png")
PNG_EXTRA = "pip install 'automlspec[plot]'"


def xml_escape(text: str) -> str:
    """Text from AWS (a candidate's name, a metric) in SVG: the project's one escape first (a control
    character is not allowed in XML 1.0, a lone surrogate cannot be written as UTF-8), then XML's."""
    return _xml_escape(escape(text))


# At most this many ticks on an axis: the loop that makes them is bounded by a count, never by a float
# reaching a limit (0.85 + 1e-17 is 0.85: a step below the values' precision never got there).
MAX_TICKS = 12


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About ``count`` round tick values (1, 2 or 5 times a power of ten apart) covering low..high; for
    a range no round step can cover (two values one float step apart, a span past the largest float,
    subnormal values) the two ends themselves."""
    if not math.isfinite(low) or not math.isfinite(high):
        return [0.0]
    if high <= low:
        spread = abs(low) * 0.1 or 1.0
        biggest = sys.float_info.max  # 1.7e308 widened is not infinity
        low, high = max(low - spread, -biggest), min(high + spread, biggest)
    try:
        raw = high / max(1, count) - low / max(1, count)  # halves first: high - low may pass 1.8e308
        power = 10.0 ** math.floor(math.log10(raw))  # a float: 10 ** 306 would be an exact int
        step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
        first = math.floor(low / step) * step
    except (ValueError, OverflowError, ZeroDivisionError, StopIteration):
        return _ends(low, high)
    ticks = []
    for index in range(MAX_TICKS + 1):
        value = first + index * step
        ticks.append(round(value, 12))
        if value >= high - step * 1e-9:
            break
    steps_apart = all(b > a for a, b in itertools.pairwise(ticks))
    if not (steps_apart and ticks[0] <= low and ticks[-1] >= high and all(map(math.isfinite, ticks))):
        return _ends(low, high)
    return ticks


def _ends(low: float, high: float) -> list[float]:
    """The range's own ends as its ticks (both finite: a widened end past the largest float is dropped)."""
    return [value for value in dict.fromkeys((low, high)) if math.isfinite(value)] or [0.0]


def _fraction(value: float, low: float, high: float) -> float:
    """Where ``value`` lies between ``low`` and ``high`` (0..1), also when ``high - low`` passes the
    largest float (-1e308..1e308): then computed on values scaled down first."""
    span = high - low
    if math.isfinite(span):
        return (value - low) / (span or 1)
    scale = max(abs(low), abs(high))
    return (value / scale - low / scale) / ((high / scale - low / scale) or 1)


def _label(value: float) -> str:
    return f"{value:.6g}"


def svg(job: str, candidates: Sequence[Candidate]) -> str:
    """The chart as an SVG document (UTF-8 text)."""
    points, xs, ys = _timed(job, candidates)
    direction = next((c.direction for c in points), MAXIMIZE)
    metric = next((c.metric for c in points if c.metric), "objective")
    frame = _Frame(nice_ticks(0.0, max(xs) or 1.0), nice_ticks(min(ys), max(ys)))
    better = "higher is better" if direction == MAXIMIZE else "lower is better"
    title = f"{job}: {metric} of {len(points)} candidate{'s' * (len(points) != 1)} ({better})"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}"'
        ' font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">',
        f"<title>{xml_escape(title)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="{LEFT}" y="28" font-size="15" fill="{COLORS["text"]}">{xml_escape(title)}</text>',
        *_axes(frame, metric),
    ]
    path = " ".join(
        f"{'M' if i == 0 else 'L'}{frame.px(x):.1f},{frame.py(y):.1f}"
        for i, (x, y) in enumerate(_best_so_far(xs, ys, direction))
    )
    out.append(f'<path class="best-so-far" d="{path}" fill="none" stroke="{COLORS["line"]}" stroke-width="2"/>')
    out.extend(
        f'<circle class="candidate" cx="{frame.px(xs[i]):.1f}" cy="{frame.py(ys[i]):.1f}" r="4"'
        f' fill="{COLORS["dot"]}" fill-opacity="0.8"><title>{xml_escape(c.name)}: {_label(ys[i])}</title></circle>'
        for i, c in enumerate(points)
    )
    best = max(range(len(points)), key=lambda i: ys[i] if direction == MAXIMIZE else -ys[i])
    out.extend(_best_marker(frame, frame.px(xs[best]), frame.py(ys[best]), points[best].name, ys[best]))
    legend_x = WIDTH - RIGHT - 150
    out.append(
        f'<line x1="{legend_x}" y1="24" x2="{legend_x + 18}" y2="24" stroke="{COLORS["line"]}" stroke-width="2"/>'
        f'<text x="{legend_x + 24}" y="28" fill="{COLORS["text"]}">best so far</text>'
    )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _timed(job: str, candidates: Sequence[Candidate]) -> tuple[list[Candidate], list[float], list[float]]:
    """The candidates with a start time and an objective value, in time order, with their minutes since
    the first one started and their values; UsageError when there is none."""
    timed = sorted(
        ((c.created, c.value, c) for c in candidates if c.created is not None and c.value is not None),
        key=lambda row: (row[0], row[2].name),
    )
    if not timed:
        raise UsageError(f"{job}: no candidate has an objective value yet, so there is nothing to plot")
    start = timed[0][0]
    xs = [(created - start).total_seconds() / 60 for created, _, _ in timed]
    return [c for _, _, c in timed], xs, [float(value) for _, value, _ in timed]


class _Frame:
    """The plot area: its ticks, and where a value lands in it."""

    def __init__(self, x_ticks: list[float], y_ticks: list[float]) -> None:
        self.x_ticks, self.y_ticks = x_ticks, y_ticks
        self.width, self.height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(self, x: float) -> float:
        return LEFT + _fraction(x, self.x_ticks[0], self.x_ticks[-1]) * self.width

    def py(self, y: float) -> float:
        return TOP + self.height - _fraction(y, self.y_ticks[0], self.y_ticks[-1]) * self.height


def _axes(frame: _Frame, metric: str) -> list[str]:
    """The grid lines, their labels and the two axis titles."""
    out = []
    plot_w, plot_h = frame.width, frame.height
    for tick in frame.y_ticks:
        y = frame.py(tick)
        out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="{COLORS["grid"]}"/>')
        out.append(
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" fill="{COLORS["text"]}">{_label(tick)}</text>'
        )
    for tick in frame.x_ticks:
        x = frame.px(tick)
        out.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{TOP + plot_h}" stroke="{COLORS["grid"]}"/>')
        out.append(
            f'<text x="{x:.1f}" y="{TOP + plot_h + 18}" text-anchor="middle" fill="{COLORS["text"]}">'
            f"{_label(tick)}</text>"
        )
    out.append(
        f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 12}" text-anchor="middle" fill="{COLORS["text"]}">'
        "minutes since the first candidate started</text>"
    )
    out.append(
        f'<text transform="translate(18 {TOP + plot_h / 2:.1f}) rotate(-90)" text-anchor="middle"'
        f' fill="{COLORS["text"]}">{xml_escape(metric)}</text>'
    )
    return out


def _best_so_far(xs: list[float], ys: list[float], direction: str) -> list[tuple[float, float]]:
    """Best so far: a step line that only moves in the better direction."""
    best_so_far: list[tuple[float, float]] = []
    for x, y in zip(xs, ys):
        if not best_so_far:
            best_so_far.append((x, y))
            continue
        prev = best_so_far[-1][1]
        better_now = y > prev if direction == MAXIMIZE else y < prev
        best_so_far.append((x, prev))
        if better_now:
            best_so_far.append((x, y))
    best_so_far.append((max(xs), best_so_far[-1][1]))
    return best_so_far


def _best_marker(frame: _Frame, bx: float, by: float, name: str, value: float) -> list[str]:
    """The best candidate ringed and named, the name on the side with room for it."""
    anchor = "end" if bx > LEFT + frame.width * 0.6 else "start"
    dx = -12 if anchor == "end" else 12
    dy = 16 if by < TOP + 20 else -10
    return [
        f'<circle class="best" cx="{bx:.1f}" cy="{by:.1f}" r="8" fill="none" stroke="{COLORS["best"]}" stroke-width="2"/>',
        f'<text x="{bx + dx:.1f}" y="{by + dy:.1f}" text-anchor="{anchor}" fill="{COLORS["best"]}">'
        f"best: {xml_escape(name)} ({_label(value)})</text>",
    ]


def render(job: str, candidates: Sequence[Candidate], path: Path) -> bytes:
    """The bytes to write at ``path``: SVG, or PNG for a ``.png`` path (needs the ``plot`` extra)."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(f"--plot {path}: the file name must end in .svg or .png")
    text = svg(job, candidates)
    if suffix == ".svg":
        return text.encode("utf-8")
    try:
        import resvg_py
    except ImportError:
        raise UsageError(
            f"--plot {path}: PNG needs the resvg renderer: {PNG_EXTRA} (or write .svg, which needs nothing)"
        ) from None
    return bytes(resvg_py.svg_to_bytes(svg_string=text, background="#ffffff"))
