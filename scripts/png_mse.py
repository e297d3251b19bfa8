#!/usr/bin/env python3
"""Mean squared pixel error (0–255 scale) and PSNR between the same-named PNGs of two folders.

Standard library only (zlib PNG decoding of the 8-bit RGB/RGBA files `qirengan generate` writes), so the
figures in README "Running on quantum hardware" can be reproduced on a bare machine.
Usage: png_mse.py REFERENCE_DIR OTHER_DIR
"""
import math
import os
import struct
import sys
import zlib


def read_png(path):
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and color in (2, 6), f"{path}: only 8-bit RGB/RGBA"
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        filt = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if filt == 1:
                line[i] = (line[i] + a) & 255
            elif filt == 2:
                line[i] = (line[i] + b) & 255
            elif filt == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif filt == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return [v for row in rows for i, v in enumerate(row) if i % channels < 3]


def main(reference, other):
    names = sorted(n for n in os.listdir(reference) if n.endswith(".png"))
    total, count = 0.0, 0
    for name in names:
        a, b = read_png(os.path.join(reference, name)), read_png(os.path.join(other, name))
        total += sum((x - y) ** 2 for x, y in zip(a, b))
        count += len(a)
    mse = total / count
    psnr = float("inf") if mse == 0 else 10 * math.log10(255 ** 2 / mse)
    print(f"{mse:.3f} {psnr:.2f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
