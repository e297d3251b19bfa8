#!/usr/bin/env python3
"""Compares two run directories of scripts/guard.sh: the reference and a new run of the same options.

Standard library only. Identical is required of: the set of files (log.txt and report.html aside: they hold
times), every tensor of every snapshot (dtype, shape and bytes) and its metadata but for the elapsed time,
options.json, metrics.csv, spectrum-*.json, every PNG, and stats.csv in every reference column except the
timing and memory ones (time, sec_per_kimg, images_per_s, peak_mem_mib); columns the new run adds after the
reference's are fine. Prints one line per difference; exit status 1 when there is one.
Usage: guard_compare.py REFERENCE_RUN_DIR NEW_RUN_DIR
"""
import csv
import json
import os
import struct
import sys

SKIPPED_FILES = {"log.txt", "report.html"}
TIMING_COLUMNS = {"time", "sec_per_kimg", "images_per_s", "peak_mem_mib"}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    meta = header.pop("__metadata__", {})
    body = data[8 + n:]
    tensors = {k: (v["dtype"], v["shape"], body[v["data_offsets"][0]:v["data_offsets"][1]]) for k, v in header.items()}
    return meta, tensors


def compare_snapshot(ref, new, diffs):
    ref_meta, ref_t = read_safetensors(ref)
    new_meta, new_t = read_safetensors(new)
    name = os.path.basename(ref)
    if sorted(ref_t) != sorted(new_t):
        diffs.append(f"{name}: tensor names differ: only in reference {sorted(set(ref_t) - set(new_t))}, "
                     f"only in new {sorted(set(new_t) - set(ref_t))}")
    for key in sorted(set(ref_t) & set(new_t)):
        if ref_t[key] != new_t[key]:
            what = "dtype/shape" if ref_t[key][:2] != new_t[key][:2] else "values"
            diffs.append(f"{name}: tensor {key}: {what} differ")
    for key in sorted(set(ref_meta) | set(new_meta)):
        a, b = ref_meta.get(key), new_meta.get(key)
        if key == "training_state" and a and b:
            a, b = json.loads(a), json.loads(b)
            a.pop("ElapsedSeconds", None)
            b.pop("ElapsedSeconds", None)
        if a != b:
            diffs.append(f"{name}: metadata {key} differs")


def compare_stats(ref, new, diffs):
    with open(ref, newline="") as f:
        ref_rows = list(csv.reader(f))
    with open(new, newline="") as f:
        new_rows = list(csv.reader(f))
    ref_head, new_head = ref_rows[0], new_rows[0]
    if new_head[:len(ref_head)] != ref_head:
        diffs.append(f"stats.csv: header {new_head} does not begin with the reference's {ref_head}")
        return
    if len(ref_rows) != len(new_rows):
        diffs.append(f"stats.csv: {len(new_rows) - 1} rows, reference {len(ref_rows) - 1}")
    for i, (a, b) in enumerate(zip(ref_rows[1:], new_rows[1:]), start=1):
        for j, column in enumerate(ref_head):
            if column not in TIMING_COLUMNS and a[j] != b[j]:
                diffs.append(f"stats.csv row {i} {column}: {b[j]}, reference {a[j]}")


def main(ref_dir, new_dir):
    diffs = []
    ref_files = set(os.listdir(ref_dir)) - SKIPPED_FILES
    new_files = set(os.listdir(new_dir)) - SKIPPED_FILES
    for f in sorted(ref_files - new_files):
        diffs.append(f"missing: {f}")
    for f in sorted(new_files - ref_files):
        diffs.append(f"not in the reference: {f}")
    for f in sorted(ref_files & new_files):
        a, b = os.path.join(ref_dir, f), os.path.join(new_dir, f)
        if f.endswith(".safetensors"):
            compare_snapshot(a, b, diffs)
        elif f == "stats.csv":
            compare_stats(a, b, diffs)
        else:
            with open(a, "rb") as x, open(b, "rb") as y:
                if x.read() != y.read():
                    diffs.append(f"{f}: contents differ")
    label = os.path.basename(os.path.normpath(new_dir))
    for d in diffs:
        print(f"[guard] {label}: {d}")
    if not diffs:
        print(f"[guard] {label}: identical ({len(ref_files & new_files)} files)")
    return 1 if diffs else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
