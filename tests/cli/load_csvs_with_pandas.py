#!/usr/bin/python3
"""Loads every CSV under the directories given with pandas.read_csv and no options, as a user
would, and checks each against its own text: every row and column read, and every column whose
values are all numbers read as numbers. Prints how many files it read; exit code 1 on the first
file that does not hold."""
import csv
import pathlib
import sys

import pandas


def check(path):
    frame = pandas.read_csv(path)
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    ragged = next((i for i, row in enumerate(rows) if len(row) != len(rows[0])), None)
    if ragged is not None:
        return f"row {ragged} has {len(rows[ragged])} fields, the header {len(rows[0])}"
    if list(frame.columns) != rows[0] or len(frame) != len(rows) - 1:
        return f"read as {frame.shape} with columns {list(frame.columns)}, its text has {len(rows) - 1} rows of {rows[0]}"
    for column in frame.columns:
        if frame[column].dtype != object:
            continue
        values = list(frame[column].dropna())
        try:
            [float(v) for v in values]
        except ValueError:
            continue
        if values:
            return f"column {column} holds numbers ({values[:3]}) but was read as text"
    return None


def main():
    files = sorted(p for d in sys.argv[1:] for p in pathlib.Path(d).rglob("*.csv"))
    for path in files:
        problem = check(path)
        if problem:
            print(f"{path}: {problem}")
            return 1
    print(f"{len(files)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
