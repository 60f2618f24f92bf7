"""A real consumer of `cp-screen screen --format csv`: pandas reads the table with the
types the codebook gives, and every value agrees with the JSON Lines results of the same
input. Run by tests/table.rs: python3 pandas_reads_table.py CODEBOOK CSV JSONL [SEP]."""
import json
import sys

import pandas as pd

codebook_path, csv_path, jsonl_path = sys.argv[1:4]
sep = sys.argv[4] if len(sys.argv) > 4 else ","
codebook = json.load(open(codebook_path, encoding="utf-8"))
fields = codebook["fields"]

# The codebook's types, as pandas dtypes; missing values are the codebook's.
pandas_type = {"integer": "Int64", "number": "float64", "string": "string", "boolean": "boolean"}
dtypes = {f["name"]: ("string" if f["type"] == "boolean" else pandas_type[f["type"]]) for f in fields}
booleans = [f["name"] for f in fields if f["type"] == "boolean"]
table = pd.read_csv(
    csv_path,
    sep=sep,
    dtype=dtypes,
    keep_default_na=False,
    na_values=codebook["missingValues"],
    encoding="utf-8-sig",
)
for name in booleans:
    field = next(f for f in fields if f["name"] == name)
    mapping = {v: True for v in field["trueValues"]} | {v: False for v in field["falseValues"]}
    raw = table[name].astype("string")
    assert raw.dropna().isin(list(mapping)).all(), (name, raw.unique())
    table[name] = raw.map(mapping, na_action="ignore").astype("boolean")

assert list(table.columns) == [f["name"] for f in fields], (list(table.columns), [f["name"] for f in fields])

# Every constraint the codebook states holds.
for f in fields:
    column = table[f["name"]]
    c = f.get("constraints", {})
    if c.get("required"):
        assert column.notna().all(), f["name"]
    if "enum" in c:
        assert column.dropna().isin(c["enum"]).all(), (f["name"], column.unique())
    if "minimum" in c:
        assert (column.dropna() >= c["minimum"]).all(), f["name"]
    if "maximum" in c:
        assert (column.dropna() <= c["maximum"]).all(), f["name"]

# The table says what the JSON results say.
results = [json.loads(line) for line in open(jsonl_path, encoding="utf-8")]
assert len(results) == len(table), (len(results), len(table))
factors = [f["name"] for f in fields if f.get("cp_screen", {}).get("kind") == "factor"]
numbers = [f for f in fields if f.get("cp_screen", {}).get("kind") == "question"]
kept = [f for f in fields if f.get("cp_screen", {}).get("kind") == "kept"]
for (_, row), result in zip(table.iterrows(), results):
    assert row["record"] == result["record"]
    assert row["status"] == result["status"]
    assert (pd.isna(row["id"]) and result["id"] is None) or row["id"] == str(result["id"])
    assert row["errors"] == len(result["errors"])
    if result["errors"]:
        assert row["error_code"] == result["errors"][0]["code"]
    for factor in factors:
        want = None
        for status in ("absent", "not_assessed", "not_applicable"):
            if factor in result[status]:
                want = status
        if any(p["id"] == factor for p in result["present"]):
            want = "present"
        got = None if pd.isna(row[factor]) else row[factor]
        assert got == want, (row["record"], factor, got, want)
    if result["status"] == "screened":
        assert bool(row["follow_up"]) == result["follow_up"]
    for number in numbers:
        value = row[number["name"]]
        assert pd.isna(value) or isinstance(value, float), (number["name"], value)
    # A kept input column (--keep) is the JSON result's `kept` value (empty is missing).
    for field in kept:
        value = row[field["name"]]
        want = result["kept"][field["cp_screen"]["column"]]
        assert (pd.isna(value) and want == "") or value == want, (field["name"], value, want)

print(f"pandas read {len(table)} rows and {len(table.columns)} columns with the codebook's types")
