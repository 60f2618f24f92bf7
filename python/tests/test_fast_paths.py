"""The fast paths of `screen` (issue 25, speed): text columns handed over as Arrow buffers,
the table handed back as typed cells and text as Arrow arrays. Whatever a frame holds,
and however its text is stored, the result is the command's table, cell by cell."""

import pandas as pd
import pytest

import cp_screen
from helpers import disagreements

pa = pytest.importorskip("pyarrow")

# Ids that a table writes with care: formulas (guarded with '), separators, quotes, line
# breaks, letters beyond ASCII, empty and missing.
IDS = ["-5", "=1+1", "+x", "@a", "a,b", 'q"uote', "line\nbreak", "ünï 名", "", None, "plain", "\tq"]
WEEKS = ["30+4", "39", "38.5", "353", None, "abc", "31", "", "40+0", "27", "36+6", "33"]
ASPHYXIA = ["yes", "no", "unknown", None, "", "maybe", "yes", "no", "yes", "no", None, "yes"]


def frames():
    """The same cells, stored every way a pandas or polars user may hold text."""
    data = {"id": IDS, "gestational_age_weeks": WEEKS, "birth_asphyxia": ASPHYXIA}
    out = {
        "object": pd.DataFrame(data, dtype=object),
        "str": pd.DataFrame(data, dtype="str"),
        "string[pyarrow]": pd.DataFrame(data, dtype="string[pyarrow]"),
        "ArrowDtype(string)": pd.DataFrame(data, dtype=pd.ArrowDtype(pa.string())),
        "ArrowDtype(large_string)": pd.DataFrame(data, dtype=pd.ArrowDtype(pa.large_string())),
        # Arrow columns in several chunks, sliced across them.
        "chunked": pd.concat([pd.DataFrame(data, dtype="str")] * 3, ignore_index=True).iloc[5:29],
    }
    return out


@pytest.mark.parametrize("kind", list(frames()))
@pytest.mark.parametrize("chunk_rows", [65536, 5])
def test_every_text_storage_gives_the_command_table(kind, chunk_rows, monkeypatch):
    monkeypatch.setattr(cp_screen, "CHUNK_ROWS", chunk_rows)
    df = frames()[kind]
    out = cp_screen.screen(df)
    text = cp_screen.screen_table(df)
    assert disagreements(out, text) == []
    reference = cp_screen.screen(df.astype(object).where(df.notna(), None))
    pd.testing.assert_frame_equal(out, reference)


def test_the_table_equals_the_commands(cli, tmp_path):
    df = frames()["str"]
    path = tmp_path / "rows.csv"
    df.to_csv(path, index=False)
    expected, _ = cli("screen", "--format", "csv", "--quiet", str(path))
    out = cp_screen.screen(df, name=str(path))
    assert disagreements(out, expected) == []
    assert out["id"].tolist()[:4] == ["'-5", "'=1+1", "'+x", "'@a"]


def test_polars_text_and_categoricals():
    pl = pytest.importorskip("polars")
    data = {"id": IDS, "gestational_age_weeks": WEEKS, "birth_asphyxia": ASPHYXIA}
    for df in (
        pl.DataFrame(data),
        pl.DataFrame(data).with_columns(pl.col("birth_asphyxia").cast(pl.Categorical)),
    ):
        out = cp_screen.screen(df)
        text = cp_screen.screen_table(df)
        assert disagreements(out, text) == []
        assert out.schema["status"] == pl.Enum(["screened", "invalid"])
        assert out.schema["follow_up"] == pl.Boolean
        assert out.schema["id"] == pl.String
        assert out["follow_up"].null_count() == out["status"].eq("invalid").sum()


def test_nul_in_a_cell_is_kept():
    df = pd.DataFrame({"id": ["a\0b", "c"], "gestational_age_weeks": ["30", "31"]}, dtype="str")
    out = cp_screen.screen(df)
    assert out["id"].tolist() == ["a\0b", "c"]
    assert disagreements(out, cp_screen.screen_table(df)) == []


def test_result_text_columns_are_arrow_backed():
    out = cp_screen.screen(pd.DataFrame({"id": ["x", None]}, dtype="str"))
    assert out["id"].dtype == pd.array(["x"], dtype=cp_screen._string_dtype(pd)).dtype
    assert out["id"].isna().tolist() == [False, True]
    assert out["file"].tolist() == ["<data>", "<data>"]


def test_float_cells_are_written_as_rust_displays_them():
    # A float column is written as Rust's `Display` writes each number (whole numbers
    # without ".0", never an exponent); the id column shows the text the screen read.
    values = [1.0, -2.0, 0.5, -0.0, 0.0, 1e16, 2.0**53, 2.0**53 + 2, 1e300, 123456789.125, float("nan")]
    out = cp_screen.screen(pd.DataFrame({"id": values}))
    expected = ["1", "'-2", "0.5", "'-0", "0", "10000000000000000", "9007199254740992",
                "9007199254740994", "1" + "0" * 300, "123456789.125", None]
    got = [None if pd.isna(v) else v for v in out["id"].tolist()]
    assert got == expected


def test_without_pyarrow_the_same_table(monkeypatch):
    # The paths taken when pyarrow is not installed: text joined, result text as lists.
    df = frames()["object"]
    fast = cp_screen.screen(df)
    monkeypatch.setattr(cp_screen, "_has_pyarrow", lambda: False)
    monkeypatch.setattr(cp_screen, "_arrow_of", lambda col: None)
    slow = cp_screen.screen(df)
    assert disagreements(slow, cp_screen.screen_table(df)) == []
    pd.testing.assert_frame_equal(slow, fast)
