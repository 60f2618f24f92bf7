"""cp_screen.screen and friends against the command line, byte for byte and cell by cell."""

import json

import pandas as pd
import pytest

import cp_screen
from helpers import cli_cells, disagreements

REGISTRY = "tests/fixtures/registry"


def read_exact(path):
    """A CSV as its cells are written (no type guessing), so that the bytes match."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_csv_table_is_byte_for_byte_the_commands(cli, root):
    df = read_exact(root / "examples/cohort.csv")
    expected, _ = cli("screen", "--format", "csv", "examples/cohort.csv")
    assert cp_screen.screen_table(df, name="examples/cohort.csv", lang="en") == expected


def test_mapped_registry_byte_for_byte(cli, root):
    mapping = json.loads((root / REGISTRY / "mapping.json").read_text())
    # pandas reads the columns as it likes: numbers with NaN, -99 as a float.
    df = pd.read_csv(root / REGISTRY / "cohort.csv")
    expected, code = cli(
        "screen", "--format", "csv", "--mapping", f"{REGISTRY}/mapping.json", f"{REGISTRY}/cohort.csv"
    )
    assert code == 0
    assert cp_screen.screen_table(df, mapping=mapping, name=f"{REGISTRY}/cohort.csv") == expected
    frame = cp_screen.screen(df, mapping=mapping, name=f"{REGISTRY}/cohort.csv")
    assert disagreements(frame, expected) == []


def test_mapping_as_keywords_and_file(cli, root):
    df = pd.read_csv(root / REGISTRY / "cohort.csv")
    by_file = cp_screen.screen(df, mapping=root / REGISTRY / "mapping.json")
    by_keywords = cp_screen.screen(
        df,
        columns={"study_no": "id", "weeks": "gestational_age_weeks", "bwt_lb": "birth_weight_grams", "asphyxia": "birth_asphyxia"},
        codes={"birth_asphyxia": {1: "yes", 2: "no", 9: "unknown"}},
        units={"birth_weight_grams": "lb"},
        na=-99,
    )
    pd.testing.assert_frame_equal(by_file, by_keywords)


def test_records_and_jsonl(cli, root):
    lines = (root / "examples/cohort.jsonl").read_text().splitlines()
    records = [json.loads(line) for line in lines]
    expected, code = cli("screen", "--format", "jsonl", "examples/cohort.jsonl")
    assert code == 1
    assert cp_screen.screen_table(records, format="jsonl") == expected
    results = list(cp_screen.screen_records(iter(records)))
    assert results == [json.loads(line) for line in expected.splitlines()]
    assert results[2]["status"] == "invalid"
    assert results[2]["errors"][0]["code"] == "out_of_range"


def test_frame_from_records_equals_command_table(cli, root):
    records = [json.loads(line) for line in (root / "examples/cohort.jsonl").read_text().splitlines()]
    expected, _ = cli("screen", "--format", "csv", "examples/cohort.jsonl")
    frame = cp_screen.screen(records, name="examples/cohort.jsonl")
    assert disagreements(frame, expected) == []


def test_dtypes_follow_the_codebook():
    df = pd.DataFrame(
        {"id": ["a", "b", "c"], "gestational_age_weeks": ["30+4", "353", None], "birth_asphyxia": ["yes", "no", "unknown"]}
    )
    out = cp_screen.screen(df)
    book = cp_screen.codebook()
    assert list(out.columns) == [f["name"] for f in book["fields"]]
    statuses = ["present", "absent", "not_assessed", "not_applicable"]
    assert list(out["status"].cat.categories) == ["screened", "invalid"]
    assert list(out["preterm_under_32_weeks"].cat.categories) == statuses
    assert str(out["follow_up"].dtype) == "boolean"
    assert str(out["gestational_age_weeks"].dtype) == "float64"
    assert str(out["record"].dtype) == "Int64"
    assert out["gestational_age_weeks"][0] == 30 + 4 / 7
    # One row per input row, in order; the invalid one with its code, never partly screened.
    assert out["record"].tolist() == [1, 2, 3]
    assert out["status"].tolist() == ["screened", "invalid", "screened"]
    assert out.loc[1, "error_code"] == "out_of_range"
    assert pd.isna(out.loc[1, "preterm_under_32_weeks"])
    # Unknown is not no.
    assert out.loc[2, "preterm_under_32_weeks"] == "not_assessed"
    assert out.loc[2, "birth_asphyxia"] == "not_assessed"
    assert out.loc[1, "birth_asphyxia"] is pd.NA or pd.isna(out.loc[1, "birth_asphyxia"])
    assert out.loc[0, "birth_asphyxia"] == "present"


def test_index_is_kept_and_blank_rows_have_results():
    df = pd.DataFrame(
        {"id": [None, "x", None], "gestational_age_weeks": [None, 30.0, None]}, index=[10, 20, 30]
    )
    out = cp_screen.screen(df)
    assert list(out.index) == [10, 20, 30]
    assert out["record"].tolist() == [1, 2, 3]
    assert out["status"].tolist() == ["screened"] * 3
    assert out.loc[10, "preterm_under_32_weeks"] == "not_assessed"
    assert out.loc[20, "preterm_under_32_weeks"] == "present"
    assert pd.isna(out.loc[30, "line"])


def test_whole_run_problems_are_exceptions_with_codes():
    df = pd.DataFrame({"gestation_weeks": [30]})
    with pytest.raises(cp_screen.ScreenError) as e:
        cp_screen.screen(df)
    assert e.value.code == "csv_unknown_column"
    with pytest.raises(cp_screen.ScreenError) as e:
        cp_screen.screen(df, rule_set="nope")
    assert e.value.code == "unknown_rule_set"
    with pytest.raises(cp_screen.ScreenError) as e:
        cp_screen.screen(df, units={"birth_weight_grams": "stone"})
    assert e.value.code.startswith("mapping") or e.value.code
    with pytest.raises(cp_screen.ScreenError) as e:
        cp_screen.screen(df, lang="zh-Hans")
    assert e.value.code == "language_already_chosen"
    # Extra columns are fine when allowed; a bad row never raises.
    out = cp_screen.screen(pd.DataFrame({"gestational_age_weeks": ["abc"], "x": [1]}), allow_extra_fields=True)
    assert out["error_code"].tolist() == ["not_a_number"]


def test_polars_gives_the_same_table():
    pl = pytest.importorskip("polars")
    data = {"id": ["a", "b", "c"], "gestational_age_weeks": [30.5, 353.0, None], "birth_asphyxia": ["yes", "no", None]}
    out = cp_screen.screen(pl.DataFrame(data))
    assert isinstance(out, pl.DataFrame)
    assert out.schema["preterm_under_32_weeks"] == pl.Enum(["present", "absent", "not_assessed", "not_applicable"])
    assert out.schema["follow_up"] == pl.Boolean
    assert out.schema["gestational_age_weeks"] == pl.Float64
    via_pandas = cp_screen.screen(pd.DataFrame(data))
    text = cp_screen.screen_table(pd.DataFrame(data))
    assert cp_screen.screen_table(pl.DataFrame(data)) == text
    assert disagreements(out, text) == []
    assert disagreements(via_pandas, text) == []


def test_rule_sets_factors_questionnaire(cli):
    names = [r["name"] for r in cp_screen.rule_sets()]
    assert names[0] == "cerebral-palsy"
    expected, _ = cli("factors", "--format", "json")
    assert cp_screen.factors() == json.loads(expected)
    expected, _ = cli("codebook")
    assert cp_screen.codebook() == json.loads(expected)
    expected, _ = cli("export", "questionnaire")
    assert cp_screen.export_questionnaire() == json.loads(expected)
    for name in names:
        out = cp_screen.screen([{"id": "x"}], rule_set=name)
        assert out["status"].tolist() == ["screened"]


def test_many_rows_in_chunks_keep_order(monkeypatch):
    monkeypatch.setattr(cp_screen, "CHUNK_ROWS", 7)
    n = 1000
    df = pd.DataFrame({"id": [f"r{i}" for i in range(n)], "gestational_age_weeks": [20 + (i % 25) for i in range(n)]})
    df.loc[::97, "gestational_age_weeks"] = None
    df.loc[::97, "id"] = None
    out = cp_screen.screen(df, threads=2)
    assert out["record"].tolist() == list(range(1, n + 1))
    assert out["id"].tolist()[1:5] == ["r1", "r2", "r3", "r4"]
    weeks = df["gestational_age_weeks"]
    expected = ["not_assessed" if pd.isna(w) else ("present" if w < 32 else "absent") for w in weeks]
    assert out["preterm_under_32_weeks"].astype(object).tolist() == expected


def test_frame_meta_matches():
    meta = cp_screen.frame_meta()
    out = cp_screen.screen([{"id": "a"}])
    assert list(meta.columns) == list(out.columns)
    assert list(meta.dtypes.astype(str)) == list(out.dtypes.astype(str))


def test_empty_frame():
    out = cp_screen.screen(pd.DataFrame({"id": pd.Series([], dtype=str)}))
    assert len(out) == 0
    assert list(out.columns) == [f["name"] for f in cp_screen.codebook()["fields"]]
