#!/usr/bin/env python3
"""Quality-against-kimg chart of README "Quality on real faces" as SVG (standard library only).

Reads metrics.csv of several run directories (columns kimg,metric,value as `train --metrics` and `metrics` append them)
and draws three panels against kimg, one line per run: the Fréchet distance (fid50k_full, here in the face-embedding
space of the detector the runs used), precision (pr50k3_full_precision) and the layout ratio (layout; 1 = as varied
as the real faces). A metric a run lacks is left out of its panel; repeated rows for one kimg keep the last.
Usage: quality_chart.py OUT.svg LABEL=RUNDIR [LABEL=RUNDIR ...]
"""
import csv
import math
import os
import sys

PANELS = [("fid50k_full", "face Fréchet distance (lower is better)", False),
          ("pr50k3_full_precision", "precision, k = 3 (higher is better)", False),
          ("layout", "layout: edge-map correlation, fakes / reals (1 = as varied as reals)", True)]
PW, PH, LEFT, GAP, TOP, BOTTOM, LEGEND = 300, 240, 55, 45, 50, 45, 190
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"]


def read(run):
    series = {}
    with open(os.path.join(run, "metrics.csv")) as f:
        for row in csv.DictReader(f):
            if row["kimg"]:
                series.setdefault(row["metric"], {})[float(row["kimg"])] = float(row["value"])
    return {m: sorted(v.items()) for m, v in series.items()}


def nice_ticks(lo, hi, n=5):
    span = (hi - lo) or 1.0
    base = 10 ** math.floor(math.log10(span / n))
    step = next(base * m for m in (1, 2, 5, 10) if span / (base * m) <= n)
    first = math.ceil(lo / step - 1e-9)
    return [round(k * step, 10) for k in range(first, int(math.floor(hi / step + 1e-9)) + 1)]


def main(out, pairs):
    runs = []
    for pair in pairs:
        label, _, path = pair.partition("=")
        if not path:
            sys.exit(f"quality_chart.py: expected LABEL=RUNDIR, got '{pair}'")
        runs.append((label, read(path)))
    kmax = max((k for _, s in runs for v in s.values() for k, _ in v), default=1)
    width = LEFT + len(PANELS) * (PW + GAP) + LEGEND
    height = TOP + PH + BOTTOM
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">',
           f'<rect width="{width}" height="{height}" fill="white"/>']
    for i, (metric, title, one_line) in enumerate(PANELS):
        x0 = LEFT + i * (PW + GAP)
        values = [y for _, s in runs for _, y in s.get(metric, [])]
        if one_line:
            values.append(1.0)
        lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
        lo = 0.0 if lo >= 0 else lo
        hi = hi * 1.05 if hi > 0 else 1.0
        px = lambda k: x0 + k / kmax * PW
        py = lambda v: TOP + (hi - v) / (hi - lo) * PH
        svg.append(f'<text x="{x0}" y="{TOP - 12}" font-size="12">{title}</text>')
        for t in nice_ticks(lo, hi):
            svg.append(f'<line x1="{x0}" x2="{x0 + PW}" y1="{py(t):.1f}" y2="{py(t):.1f}" stroke="#e5e5e5"/>')
            svg.append(f'<text x="{x0 - 5}" y="{py(t) + 4:.1f}" text-anchor="end">{t:g}</text>')
        for t in nice_ticks(0, kmax):
            svg.append(f'<text x="{px(t):.1f}" y="{TOP + PH + 15}" text-anchor="middle">{t:g}</text>')
        svg.append(f'<text x="{x0 + PW / 2}" y="{TOP + PH + 32}" text-anchor="middle">kimg</text>')
        if one_line:
            svg.append(f'<line x1="{x0}" x2="{x0 + PW}" y1="{py(1):.1f}" y2="{py(1):.1f}" stroke="#333" stroke-dasharray="4,3"/>')
        for j, (label, series) in enumerate(runs):
            points = series.get(metric, [])
            if not points:
                continue
            colour = COLOURS[j % len(COLOURS)]
            path = " ".join(f"{px(k):.1f},{py(v):.1f}" for k, v in points)
            svg.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.8"/>')
            for k, v in points:
                svg.append(f'<circle cx="{px(k):.1f}" cy="{py(v):.1f}" r="2.5" fill="{colour}"/>')
        svg.append(f'<rect x="{x0}" y="{TOP}" width="{PW}" height="{PH}" fill="none" stroke="#333"/>')
    lx = LEFT + len(PANELS) * (PW + GAP) - 10
    for j, (label, _) in enumerate(runs):
        y = TOP + 10 + j * 18
        svg.append(f'<line x1="{lx}" x2="{lx + 20}" y1="{y}" y2="{y}" stroke="{COLOURS[j % len(COLOURS)]}" stroke-width="2.5"/>')
        svg.append(f'<text x="{lx + 26}" y="{y + 4}">{label}</text>')
    svg.append("</svg>")
    with open(out, "w") as f:
        f.write("\n".join(svg) + "\n")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
