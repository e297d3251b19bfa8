#!/usr/bin/env python3
"""MSE-vs-shots chart of README "Running on quantum hardware" as SVG (standard library only).

Reads the CSV that scripts/quantum-figures.sh writes (columns: kind,label,shots,mse; kind = shots | noise | zne |
zne-linear) and draws a log-log plot: the finite-shot MSE against N with the 1/N reference line through the
10^3-shot point (or the first), and the noise rows (exact expectations) as horizontal lines, with and without ZNE.
Usage: quantum_chart.py TABLE.csv OUT.svg
"""
import csv
import math
import sys

W, H, LEFT, RIGHT, TOP, BOTTOM = 880, 460, 70, 330, 40, 50
COLOURS = ["#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf"]


def main(table, out):
    rows = list(csv.DictReader(open(table)))
    shots = [(float(r["shots"]), float(r["mse"])) for r in rows if r["kind"] == "shots"]
    levels = [r for r in rows if r["kind"] != "shots"]
    if not shots:
        sys.exit("quantum_chart.py: no 'shots' rows in " + table)
    xs = [n for n, _ in shots]
    ys = [m for _, m in shots] + [float(r["mse"]) for r in levels]
    x0, x1 = math.log10(min(xs)) - 0.2, math.log10(max(xs)) + 0.2
    y0, y1 = math.floor(math.log10(max(min(ys), 1e-4))), math.ceil(math.log10(max(ys)))
    px = lambda n: LEFT + (math.log10(n) - x0) / (x1 - x0) * (W - LEFT - RIGHT)
    py = lambda m: TOP + (y1 - math.log10(max(m, 10 ** y0))) / (y1 - y0) * (H - TOP - BOTTOM)
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{LEFT}" y="22" font-size="14">pixel MSE against the exact render (0–255 scale) vs shots per circuit</text>']
    for e in range(y0, y1 + 1):
        svg.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{py(10 ** e):.1f}" y2="{py(10 ** e):.1f}" stroke="#ddd"/>')
        svg.append(f'<text x="{LEFT - 8}" y="{py(10 ** e) + 4:.1f}" text-anchor="end">1e{e}</text>')
    for n in xs:
        svg.append(f'<line x1="{px(n):.1f}" x2="{px(n):.1f}" y1="{TOP}" y2="{H - BOTTOM}" stroke="#eee"/>')
        svg.append(f'<text x="{px(n):.1f}" y="{H - BOTTOM + 16}" text-anchor="middle">{int(n):,}</text>')
    svg.append(f'<text x="{(LEFT + W - RIGHT) / 2}" y="{H - 12}" text-anchor="middle">shots N (log)</text>')
    svg.append(f'<rect x="{LEFT}" y="{TOP}" width="{W - LEFT - RIGHT}" height="{H - TOP - BOTTOM}" fill="none" stroke="#333"/>')
    # 1/N through the 10^3-shot point: the shot variance (1 − ⟨Z⟩²)/N carried linearly to the pixels
    n_ref, m_ref = next(((n, m) for n, m in shots if n == 1000), shots[0])
    ref = [(n, m_ref * n_ref / n) for n in (min(xs), max(xs))]
    svg.append(f'<line x1="{px(ref[0][0]):.1f}" y1="{py(ref[0][1]):.1f}" x2="{px(ref[1][0]):.1f}" y2="{py(ref[1][1]):.1f}" '
               'stroke="#888" stroke-dasharray="6,4"/>')
    legend = [("#888", "1/N reference", "6,4")]
    points = " ".join(f"{px(n):.1f},{py(m):.1f}" for n, m in shots)
    svg.append(f'<polyline points="{points}" fill="none" stroke="#1f77b4" stroke-width="2"/>')
    svg += [f'<circle cx="{px(n):.1f}" cy="{py(m):.1f}" r="4" fill="#1f77b4"/>' for n, m in shots]
    legend.insert(0, ("#1f77b4", "finite shots, noiseless", None))
    noises = []
    for r in levels:
        if r["label"] not in noises:
            noises.append(r["label"])
    dash = {"noise": None, "zne": "2,3", "zne-linear": "8,3,2,3"}
    name = {"noise": "", "zne": " + ZNE Richardson", "zne-linear": " + ZNE linear"}
    for r in levels:
        colour = COLOURS[noises.index(r["label"]) % len(COLOURS)]
        y = py(float(r["mse"]))
        style = f' stroke-dasharray="{dash[r["kind"]]}"' if dash[r["kind"]] else ""
        svg.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{colour}" stroke-width="1.5"{style}/>')
        legend.append((colour, f'{r["label"]}{name[r["kind"]]}: {float(r["mse"]):.3g}', dash[r["kind"]]))
    for i, (colour, text, d) in enumerate(legend):
        y = TOP + 10 + 17 * i
        style = f' stroke-dasharray="{d}"' if d else ""
        svg.append(f'<line x1="{W - RIGHT + 10}" x2="{W - RIGHT + 34}" y1="{y}" y2="{y}" stroke="{colour}" stroke-width="2"{style}/>')
        svg.append(f'<text x="{W - RIGHT + 40}" y="{y + 4}" font-size="10">{text}</text>')
    svg.append("</svg>")
    open(out, "w").write("\n".join(svg) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
