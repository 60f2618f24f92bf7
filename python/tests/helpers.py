"""Comparing a result frame with the command's CSV table, cell by cell."""

import io
import math

import pandas as pd


def cli_cells(text: str) -> pd.DataFrame:
    """The command's table, every cell as the text it wrote."""
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def as_text(value) -> str:
    """A cell of a result frame as the command writes it."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def disagreements(frame, text: str):
    """(row, column, frame's cell, command's cell) wherever they differ."""
    if not isinstance(frame, pd.DataFrame):
        frame = frame.to_pandas()
    expected = cli_cells(text)
    assert list(frame.columns) == list(expected.columns)
    assert len(frame) == len(expected)
    out = []
    for column in expected.columns:
        ours = frame[column].astype(object).tolist()
        theirs = expected[column].tolist()
        for row, (a, b) in enumerate(zip(ours, theirs)):
            if as_text(a) != b:
                # Numbers: the same float, however written.
                try:
                    if b and float(as_text(a)) == float(b):
                        continue
                except ValueError:
                    pass
                out.append((row, column, as_text(a), b))
    return out
