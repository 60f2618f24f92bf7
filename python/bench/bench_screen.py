"""Screening a DataFrame of N rows (default 1,000,000) against the command's CSV-to-CSV
run on the same rows, side by side in one run, median of R runs each.

    python python/bench/bench_screen.py [--rows N] [--runs R] [--cli target/release/cp-screen]
        [--baseline DIR]

With ``--baseline DIR`` (a directory holding another build of the package, as
``DIR/cp_screen_baseline/``: a copy of an installed ``cp_screen``), that build is timed
too, in turn with the others, so that a change is measured before and after in one run.

The rows are generated with a fixed seed: every yes/no question answered "yes", "no",
"unknown" or left empty, gestational ages as "31+4", "39" or 38.5, birth weights in grams
(some missing), and one row in 200 invalid (353 weeks). The CSV file is what pandas
writes; the DataFrame is what pandas reads back from it (default types). Peak memory:
the command's maximum resident set (from wait4), and for Python the growth of the
process's peak resident set (VmHWM, reset before each call) over its size before it,
beside the result frame's own size.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import cp_screen

ROOT = Path(__file__).resolve().parents[2]
YES_NO = [
    "maternal_infection", "harmful_exposure", "fetal_hypoxia", "maternal_nutrition_disorder",
    "threatened_miscarriage", "family_cerebral_palsy", "family_epilepsy",
    "family_intellectual_disability", "chromosomal_abnormality", "fetal_malformation",
    "birth_asphyxia", "amnion_abnormality", "abnormal_fetal_position", "short_umbilical_cord",
]


def generate(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(25)
    data = {"id": np.char.add("b-", np.arange(1, n + 1).astype(str))}
    answers = np.array(["yes", "no", "unknown", ""], dtype=object)
    for q in YES_NO:
        data[q] = answers[rng.choice(4, size=n, p=[0.1, 0.6, 0.1, 0.2])]
    weeks = rng.integers(24, 42, size=n)
    days = rng.integers(0, 7, size=n)
    form = rng.integers(0, 3, size=n)
    ga = np.where(form == 0, np.char.add(np.char.add(weeks.astype(str), "+"), days.astype(str)),
                  np.where(form == 1, weeks.astype(str), np.char.add(weeks.astype(str), ".5")))
    ga = ga.astype(object)
    ga[::200] = "353"
    data["gestational_age_weeks"] = ga
    weight = rng.integers(600, 4800, size=n).astype(float)
    weight[rng.random(n) < 0.05] = np.nan
    data["birth_weight_grams"] = weight
    return pd.DataFrame(data)


def status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def reset_peak() -> None:
    """Linux: make the peak resident set (VmHWM) the current one."""
    Path("/proc/self/clear_refs").write_text("5")


def fingerprint(frame: pd.DataFrame):
    """The columns, their dtypes and a hash of every cell: equal for equal frames."""
    hashed = pd.util.hash_pandas_object(frame, index=True)
    return list(frame.columns), [str(t) for t in frame.dtypes], int(hashed.sum()), len(frame)


def cli_run(cli: str, path: Path, out: Path):
    # Peak memory from GNU time when there is one: a forked child's ru_maxrss counts the
    # parent's pages from before the exec.
    timer = ["/usr/bin/time", "-f", "%M"] if Path("/usr/bin/time").exists() else []
    start = time.perf_counter()
    with open(out, "wb") as f:
        p = subprocess.run([*timer, cli, "--lang", "en", "screen", "--format", "csv", "--quiet", str(path)],
                           stdout=f, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    assert p.returncode in (0, 1), p.returncode
    peak = int(p.stderr.split()[-1]) / 1024 if timer else float("nan")
    return elapsed, peak  # MiB


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--cli", default=str(ROOT / "target/release/cp-screen"))
    ap.add_argument("--baseline", help="a directory with another build as cp_screen_baseline/")
    args = ap.parse_args()
    cp_screen._native.choose_language("en")
    baseline = None
    if args.baseline:
        sys.path.insert(0, args.baseline)
        import cp_screen_baseline as baseline  # type: ignore[import-not-found]

        baseline._native.choose_language("en")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rows.csv"
        generate(args.rows).to_csv(path, index=False)
        df = pd.read_csv(path)
        print(f"{args.rows} rows, {path.stat().st_size / 2**20:.1f} MiB of CSV; "
              f"frame dtypes: {dict(df.dtypes.astype(str).value_counts())}", flush=True)
        cli_times, py_times, cli_peaks, base_times = [], [], [], []
        result = None
        for run in range(args.runs):
            t, peak = cli_run(args.cli, path, Path(tmp) / "out.csv")
            cli_times.append(t)
            cli_peaks.append(peak)
            if baseline is not None:
                del result
                result = None
                reset_peak()
                before = status_kib("VmRSS")
                start = time.perf_counter()
                before_result = baseline.screen(df, name=str(path))
                base_times.append(time.perf_counter() - start)
                base_grew = (status_kib("VmHWM") - before) / 1024
                base_print = fingerprint(before_result)
                del before_result
                print(f"run {run + 1}: baseline Python {base_times[-1]:.3f} s "
                      f"(peak RSS grew {base_grew:.0f} MiB)", flush=True)
            del result
            reset_peak()
            before = status_kib("VmRSS")
            start = time.perf_counter()
            result = cp_screen.screen(df, name=str(path))
            py_times.append(time.perf_counter() - start)
            grew = (status_kib("VmHWM") - before) / 1024
            print(f"run {run + 1}: CLI {t:.3f} s ({peak:.1f} MiB); Python {py_times[-1]:.3f} s "
                  f"(peak RSS grew {grew:.0f} MiB)", flush=True)
        size = result.memory_usage(deep=True).sum() / 2**20
        if baseline is not None:
            b = statistics.median(base_times)
            c = statistics.median(cli_times)
            print(f"baseline: cp_screen.screen(df) {b:.3f} s, ratio {b / c:.2f}x; "
                  f"its result equals this build's: {base_print == fingerprint(result)}")
        head = cp_screen.screen_table(df.head(20000), name=str(path))
        with open(Path(tmp) / "out.csv", encoding="utf-8") as f:
            same = head == f.read(len(head))
        c, p = statistics.median(cli_times), statistics.median(py_times)
        print(f"median: CLI CSV-to-CSV {c:.3f} s, peak {statistics.median(cli_peaks):.1f} MiB; "
              f"cp_screen.screen(df) {p:.3f} s; ratio {p / c:.2f}x; result frame {size:.0f} MiB; "
              f"first 20,000 rows byte-identical: {same}")


if __name__ == "__main__":
    sys.exit(main())
