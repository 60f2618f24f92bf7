"""cp-screen for Python: a screening checklist for documented risk factors of cerebral palsy.

It never makes a diagnosis. Every result says which listed risk factors are present,
absent or not assessed in the answers given; "not assessed" (an unknown or missing
answer) is never counted as "absent".

The work is done by the cp-screen library (Rust), on the same parallel pipeline as
``cp-screen screen``, with the GIL released. ``screen`` returns exactly the table that
``cp-screen screen --format csv`` writes, typed by its codebook; ``screen_records``
yields exactly the objects of ``--format jsonl``.

>>> import pandas as pd, cp_screen
>>> df = pd.DataFrame({"study_no": ["b-1"], "weeks": ["30+4"], "bwt": [4.1]})
>>> out = cp_screen.screen(df, mapping={"columns": {"study_no": "id", "weeks":
...     "gestational_age_weeks", "bwt": "birth_weight_grams"}},
...     units={"birth_weight_grams": "lb"})
>>> out.loc[0, "preterm_under_32_weeks"]
'present'
"""

from __future__ import annotations

import json
import math
import os
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
    Iterable,
    Iterator,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
)

from . import _native

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    import polars

__all__ = [
    "ScreenError",
    "screen",
    "screen_records",
    "screen_table",
    "codebook",
    "rule_sets",
    "factors",
    "export_questionnaire",
    "frame_meta",
    "__version__",
]

__version__: str = _native.VERSION

#: Rows of a data frame handed to the library at a time.
CHUNK_ROWS = 65536
#: Records of an iterable of dicts handed to the library at a time.
CHUNK_RECORDS = 4096


class ScreenError(Exception):
    """A whole run failed: a rule set, mapping, language or input that cannot be used.

    ``code`` is the stable name of the problem, the same in every language and the same
    as the command line's (``unknown_rule_set``, ``csv_unknown_column``,
    ``mapping_unknown_question``, ...); ``message`` is for people. One invalid record is
    never an exception: it is a row (a result) with its error code.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{message} [{code}]")
        self.code = code
        self.message = message


def _raise(e: BaseException) -> None:
    code, message = e.args if len(e.args) == 2 else ("error", str(e))
    raise ScreenError(code, message) from None


MappingArg = Union[str, "os.PathLike[str]", Mapping[str, Any], None]
#: ``na=``: a code, a list of codes, or ``{question: code or codes}``.
NaArg = Union[str, int, float, Sequence[Any], Mapping[str, Any], None]
#: ``keep=``: a column or a list of columns.
KeepArg = Union[str, Sequence[str], None]


def _screener(
    rule_set: Optional[str],
    rules: Optional[str],
    mapping: MappingArg,
    codes: Optional[Mapping[str, Mapping[Any, str]]],
    units: Optional[Mapping[str, str]],
    na: NaArg,
    lang: Optional[str],
    columns: Optional[Mapping[str, str]] = None,
    keep: Union[str, Sequence[str], None] = None,
    decimal_comma: bool = False,
) -> Any:
    """The native screener for these options (the command line's, as keyword arguments)."""
    try:
        _native.choose_language(lang)
        text: Optional[str] = None
        if mapping is not None:
            if isinstance(mapping, Mapping):
                text = json.dumps(mapping)
            else:
                with open(mapping, encoding="utf-8") as f:
                    text = f.read()
        map_ = [f"{c}={q}" for c, q in (columns or {}).items()]
        codes_ = [
            f"{q}:" + ",".join(f"{_code(c)}={a}" for c, a in table.items())
            for q, table in (codes or {}).items()
        ]
        units_ = [f"{q}={u}" for q, u in (units or {}).items()]
        na_ = _na(na)
        if keep is None:
            keep_ = []
        elif isinstance(keep, str):
            keep_ = [keep]
        else:
            keep_ = [str(k) for k in keep]
        return _native.Screener(
            rule_set=rule_set,
            rules=None if rules is None else str(rules),
            mapping=text,
            map=map_,
            codes=codes_,
            units=units_,
            na=na_,
            keep=keep_,
            decimal_comma=bool(decimal_comma),
        )
    except _native.ScreenError as e:
        _raise(e)


def _na(na: "NaArg") -> List[str]:
    """``--na`` options: codes for unknown in every question, or ``{question: codes}`` for
    one question (``QUESTION:VALUE``)."""
    def codes(value: Any) -> List[Any]:
        if value is None:
            return []
        if isinstance(value, (str, int, float)):
            return [value]
        return list(value)

    if isinstance(na, Mapping):
        return [f"{q}:{_code(v)}" for q, values in na.items() for v in codes(values)]
    return [_code(v) for v in codes(na)]


def _code(value: Any) -> str:
    """A code as the table writes it: 1 and 1.0 are both "1"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ---- data frames in ------------------------------------------------------------------------


def _kind(data: Any) -> str:
    module = type(data).__module__.split(".")[0]
    if module == "pandas" and hasattr(data, "columns"):
        return "pandas"
    if module == "polars" and hasattr(data, "columns"):
        if hasattr(data, "collect") and not hasattr(data, "to_pandas"):
            return "polars-lazy"
        return "polars"
    if isinstance(data, (str, bytes, Mapping)):
        raise TypeError(
            "screen() takes a pandas or polars DataFrame or an iterable of dicts; "
            f"got {type(data).__name__}"
        )
    return "records"


def _arrow_text(arr: Any) -> Optional[Tuple[str, Any, Any, Any]]:
    """An Arrow string array (or chunked array) as its buffers: ``("s", offsets, mask,
    data)`` with Int64 offsets and a byte per row (1 = missing) when some are missing; no
    Python object per cell. None when it is not text."""
    import numpy as np
    import pyarrow as pa

    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    if pa.types.is_string_view(arr.type) or pa.types.is_string(arr.type):
        if pa.types.is_string_view(arr.type):
            arr = arr.cast(pa.large_string())
    elif not pa.types.is_large_string(arr.type):
        return None
    n = len(arr)
    _, offsets, data = arr.buffers()
    width = np.int32 if pa.types.is_string(arr.type) else np.int64
    offs = np.frombuffer(offsets, dtype=width, count=n + 1, offset=arr.offset * np.dtype(width).itemsize)
    lo, hi = int(offs[0]), int(offs[-1])
    body = data[lo:hi].to_pybytes() if data is not None and hi > lo else b""
    mask = None
    if arr.null_count:
        mask = arr.is_null().to_numpy(zero_copy_only=False).view(np.uint8).tobytes()
    return ("s", offs.astype(np.int64).tobytes(), mask, body)


def _arrow_of(col: Any) -> Any:
    """A pandas column's Arrow string array, when its values are held as one (pandas'
    ``str`` dtype with pyarrow storage, ``string[pyarrow]``, ``ArrowDtype(string)``)."""
    array = getattr(col, "array", None)
    if type(array).__name__ not in ("ArrowStringArray", "ArrowStringArrayNumpySemantics", "ArrowExtensionArray"):
        return None
    try:
        return array.__arrow_array__()
    except Exception:  # pragma: no cover - an array that will not hand over its buffers
        return None


def _pandas_column(col: Any) -> Tuple[str, Any, Any]:
    import numpy as np
    import pandas as pd

    dtype = col.dtype
    if pd.api.types.is_string_dtype(dtype) and dtype != object:
        arrow = _arrow_of(col)
        if arrow is not None:
            text = _arrow_text(arrow)
            if text is not None:
                return text
    mask = col.isna().to_numpy()
    has_na = bool(mask.any())
    mask_bytes = mask.astype(np.uint8).tobytes() if has_na else None
    if pd.api.types.is_bool_dtype(dtype):
        values = col.to_numpy(dtype=np.uint8, na_value=0)
        return ("b", values.tobytes(), mask_bytes)
    if pd.api.types.is_integer_dtype(dtype) and not pd.api.types.is_unsigned_integer_dtype(dtype):
        values = col.to_numpy(dtype=np.int64, na_value=0)
        return ("i", values.tobytes(), mask_bytes)
    if pd.api.types.is_float_dtype(dtype) and getattr(dtype, "itemsize", 8) == 8:
        values = col.to_numpy(dtype=np.float64, na_value=np.nan)
        return ("f", values.tobytes(), None)
    if pd.api.types.is_string_dtype(dtype) or dtype == object:
        # Text: one string per column, joined by NUL (missing is empty, as in the CSV).
        joined = _joined(col.to_numpy(dtype=object, na_value="").tolist() if has_na or dtype != object
                         else col.tolist())
        if joined is not None:
            return ("j", joined, len(col))
    values = col.astype(object).to_numpy()
    if has_na:
        values = values.copy()
        values[mask] = None
    return ("o", values.tolist(), None)


def _joined(values: List[Any]) -> Optional[str]:
    """The cells joined by NUL, or None when some are not text or hold NUL."""
    try:
        joined = "\0".join(values)
    except TypeError:
        return None
    if joined.count("\0") != max(len(values) - 1, 0):
        return None
    return joined


def _has_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _polars_column(col: Any) -> Tuple[str, Any, Any]:
    import numpy as np
    import polars as pl

    dtype = col.dtype
    mask = col.is_null()
    has_null = mask.any()
    mask_bytes = mask.to_numpy().astype(np.uint8).tobytes() if has_null else None
    if dtype == pl.Boolean:
        return ("b", col.fill_null(False).to_numpy().astype(np.uint8).tobytes(), mask_bytes)
    if dtype.is_integer() and dtype not in (pl.UInt64,):
        return ("i", col.fill_null(0).cast(pl.Int64).to_numpy().tobytes(), mask_bytes)
    if dtype == pl.Float64:
        return ("f", col.fill_null(float("nan")).to_numpy().tobytes(), None)
    if dtype in (pl.Categorical,) or isinstance(dtype, pl.Enum):
        col = col.cast(pl.String)
    if dtype == pl.String or dtype in (pl.Categorical,) or isinstance(dtype, pl.Enum):
        if _has_pyarrow():
            text = _arrow_text(col.to_arrow())
            if text is not None:
                return text
        joined = _joined(col.fill_null("").to_list())
        if joined is not None:
            return ("j", joined, len(col))
    return ("o", col.to_list(), None)


def _frame_chunks(data: Any, kind: str) -> Tuple[List[str], Callable[[], Any]]:
    """The header and a callable returning the next chunk's columns (None at the end)."""
    header = [str(c) for c in data.columns]
    n = len(data)
    state = {"start": 0}
    column = _pandas_column if kind == "pandas" else _polars_column

    def next_chunk() -> Optional[List[Tuple[str, Any, Any]]]:
        start = state["start"]
        if start >= n:
            return None
        stop = min(start + CHUNK_ROWS, n)
        state["start"] = stop
        if kind == "pandas":
            part = data.iloc[start:stop]
            return [column(part.iloc[:, i]) for i in range(part.shape[1])]
        part = data.slice(start, stop - start)
        return [column(part.to_series(i)) for i in range(part.width)]

    return header, next_chunk


def _plain(value: Any) -> Any:
    """A value as JSON has it: NaN and pandas' missing values are null, numpy scalars
    are numbers."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    item = getattr(value, "item", None)
    if callable(item):
        try:
            return _plain(item())
        except (TypeError, ValueError):
            pass
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    return value


def _default(value: Any) -> Any:
    plain = _plain(value)
    if plain is value:
        return str(value)
    return plain


def _record_chunks(records: Iterable[Mapping[str, Any]]) -> Callable[[], Optional[bytes]]:
    """A callable returning the next records as JSON Lines (None at the end)."""
    it = iter(records)

    def next_chunk() -> Optional[bytes]:
        lines = []
        for record in it:
            if isinstance(record, Mapping):
                record = {str(k): _plain(v) for k, v in record.items()}
            lines.append(json.dumps(record, ensure_ascii=False, default=_default))
            if len(lines) >= CHUNK_RECORDS:
                break
        if not lines:
            return None
        return ("\n".join(lines) + "\n").encode("utf-8")

    return next_chunk


def _source(data: Any) -> Tuple[str, Optional[List[str]], Callable[[], Any]]:
    kind = _kind(data)
    if kind == "polars-lazy":
        data = data.collect()
        kind = "polars"
    if kind in ("pandas", "polars"):
        header, next_chunk = _frame_chunks(data, kind)
        return kind, header, next_chunk
    return kind, None, _record_chunks(data)


# ---- the table out -------------------------------------------------------------------------


def _to_pandas(columns: Dict[str, Tuple[Any, ...]]) -> "pandas.DataFrame":
    import numpy as np
    import pandas as pd

    out = {}
    for name, col in columns.items():
        kind = col[0]
        if kind == "int":
            values = np.frombuffer(col[1], dtype=np.int64)
            missing = np.frombuffer(col[2], dtype=np.uint8).astype(bool)
            out[name] = pd.arrays.IntegerArray(values.copy(), missing)
        elif kind == "float":
            out[name] = np.frombuffer(col[1], dtype=np.float64).copy()
        elif kind == "bool":
            codes = np.frombuffer(col[1], dtype=np.int8)
            out[name] = pd.arrays.BooleanArray(codes == 1, codes < 0)
        elif kind == "enum":
            codes = np.frombuffer(col[1], dtype=np.int8)
            out[name] = pd.Categorical.from_codes(codes, categories=col[2])
        elif kind == "arrow":
            strings = _arrow_strings(col)
            if _string_dtype(pd) is object:
                strings = strings.to_numpy(zero_copy_only=False)
            out[name] = pd.array(strings, dtype=_string_dtype(pd))
        else:
            out[name] = pd.array(col[1], dtype=_string_dtype(pd))
    return pd.DataFrame(out, copy=False)


def _arrow_strings(col: Tuple[Any, ...]) -> Any:
    """A text column handed over as Arrow buffers (Int64 offsets, the bytes, a validity
    bitmap or None) as a pyarrow ``large_string`` array, without copying them."""
    import pyarrow as pa

    _, offsets, data, validity = col
    n = len(offsets) // 8 - 1
    buffers = [None if validity is None else pa.py_buffer(validity), pa.py_buffer(offsets), pa.py_buffer(data)]
    return pa.Array.from_buffers(pa.large_string(), n, buffers)


def _string_dtype(pd: Any) -> Any:
    """pandas' default string dtype (``str`` from pandas 3), else object."""
    if int(pd.__version__.split(".")[0]) >= 3:
        return "str"
    return object


def _to_polars(columns: Dict[str, Tuple[Any, ...]]) -> "polars.DataFrame":
    import numpy as np
    import polars as pl

    arrow = _has_pyarrow()
    if arrow:
        import pyarrow as pa
    series = []
    for name, col in columns.items():
        kind = col[0]
        if kind == "int":
            values = pl.Series(name, np.frombuffer(col[1], dtype=np.int64), dtype=pl.Int64)
            missing = pl.Series(np.frombuffer(col[2], dtype=np.uint8).astype(bool))
            s = pl.select(pl.when(missing).then(None).otherwise(values)).to_series()
        elif kind == "float":
            s = pl.Series(name, np.frombuffer(col[1], dtype=np.float64), nan_to_null=True)
        elif kind == "bool" and arrow:
            codes = np.frombuffer(col[1], dtype=np.int8)
            s = pl.Series(name, pa.array(codes == 1, mask=codes < 0), dtype=pl.Boolean)
        elif kind == "bool":
            codes = np.frombuffer(col[1], dtype=np.int8)
            s = pl.Series(name, [None if c < 0 else bool(c) for c in codes.tolist()], dtype=pl.Boolean)
        elif kind == "enum" and arrow:
            # The labels taken by code in Arrow (vectorised), then read as the Enum.
            codes = np.frombuffer(col[1], dtype=np.int8)
            labels = pa.array(list(col[2]), type=pa.large_string()).take(pa.array(codes, mask=codes < 0))
            s = pl.Series(name, labels, dtype=pl.Enum(col[2]))
        elif kind == "enum":
            codes = np.frombuffer(col[1], dtype=np.int8)
            labels = np.array(list(col[2]) + [None], dtype=object)
            s = pl.Series(name, labels[np.where(codes < 0, len(col[2]), codes)].tolist(), dtype=pl.Enum(col[2]))
        elif kind == "arrow":
            s = pl.Series(name, _arrow_strings(col), dtype=pl.String)
        else:
            s = pl.Series(name, col[1], dtype=pl.String)
        series.append(s.alias(name))
    return pl.DataFrame(series)


# ---- the API -------------------------------------------------------------------------------


def screen(
    data: Union["pandas.DataFrame", "polars.DataFrame", Iterable[Mapping[str, Any]]],
    *,
    rule_set: Optional[str] = None,
    rules: Optional[str] = None,
    mapping: MappingArg = None,
    columns: Optional[Mapping[str, str]] = None,
    codes: Optional[Mapping[str, Mapping[Any, str]]] = None,
    units: Optional[Mapping[str, str]] = None,
    na: NaArg = None,
    keep: KeepArg = None,
    decimal_comma: bool = False,
    lang: Optional[str] = None,
    allow_extra_fields: bool = False,
    field_errors: str = "strict",
    name: str = "<data>",
    threads: int = 0,
) -> Any:
    """Screen every row (or record) and return the table of ``cp-screen screen --format csv``.

    Parameters
    ----------
    data:
        A pandas or polars DataFrame (one record per row; its columns are read as the CSV
        header, so column names are question ids, ``id``, or the dataset's own names given
        a mapping), or an iterable of dicts (answer records, as JSON objects).
    rule_set:
        An embedded rule set by name (``--rule-set``): ``"cerebral-palsy"`` (default) or
        ``"cp-evidence"``; see ``rule_sets()``.
    rules:
        A rule file to use instead (``--rules``).
    mapping:
        A mapping (``--mapping``): a dict ``{"columns": ..., "codes": ..., "units": ...,
        "missing": [...]}`` or the path of such a JSON file. The options below add to it.
    columns:
        ``{column: question}`` (``--map``), also ``{column: "id"}``.
    codes:
        ``{question: {code: answer}}`` (``--codes``), e.g. ``{"birth_asphyxia": {1:
        "yes", 2: "no", 9: "unknown"}}``.
    units:
        ``{question: unit}`` for bare numbers (``--unit``), e.g. ``{"birth_weight_grams":
        "lb"}``.
    na:
        More codes that mean unknown (``--na``): a code or a list of codes for every
        question (a number matches by value: ``999`` also matches ``999.0``), or
        ``{question: code or codes}`` for one question only (``--na QUESTION:VALUE``).
    keep:
        Input columns carried through (``--keep``): the last columns of the table, as
        written (named ``input_NAME`` when the table has a column of that name), also
        ``kept`` in the results of ``screen_records``; added to the mapping's ``keep``.
    decimal_comma:
        Numbers are written with a decimal comma (``--decimal-comma``): ``31,5`` is
        31.5. DataFrames only (they are read as CSV); an iterable of dicts is refused
        (``option_does_nothing``), as the command refuses it with JSON.
    lang:
        The language of ``error_message`` (``--lang``); by default the environment's, as
        the command line. One language per process: the first call decides.
    allow_extra_fields:
        Ignore columns (or keys) that are not questions (``--allow-extra-fields``).
    field_errors:
        ``"strict"`` (default): an answer that fails its check (a 46-week pregnancy, a
        stray code) makes its whole row invalid. ``"not-assessed"``: it is read as
        unknown, only the factors that need it are not assessed, and the row is screened
        with its error still in ``errors``, ``error_field``, ``error_code`` and
        ``error_message`` (``--field-errors``). Any other value is a ``ValueError``.
    name:
        The input's name, in the ``file`` column.
    threads:
        Worker threads (``-j``); 0 is one per core. Results never depend on it.

    Returns
    -------
    A DataFrame of the input's kind (pandas for an iterable of dicts) with the codebook's
    columns and types: ``status`` and every factor column categorical (``present``,
    ``absent``, ``not_assessed``, ``not_applicable``; missing when the record is
    invalid), ``follow_up`` boolean, the number questions as floats (unrounded, in the
    question's unit), ``record``, ``line`` and ``errors`` integers, the rest strings. One
    row per input row, in order (a pandas result has the input's index; ``record`` is the
    1-based position in ``data``, as the command numbers records within a file); an invalid row is a row with ``status`` ``invalid`` and
    its ``error_code``. Unknown is never absent.

    Raises
    ------
    ScreenError
        When the whole run cannot be done (an unknown rule set, a mapping that does not
        fit the rules, a column that is not a question), with its ``code``.
    """
    screener = _screener(rule_set, rules, mapping, codes, units, na, lang, columns, keep, decimal_comma)
    kind, header, next_chunk = _source(data)
    try:
        table = screener.frame(
            next_chunk,
            header,
            name,
            allow_extra_fields=allow_extra_fields,
            threads=threads,
            arrow=_has_pyarrow(),
            field_errors=field_errors,
        )
    except _native.ScreenError as e:
        _raise(e)
    if kind == "polars":
        return _to_polars(table)
    result = _to_pandas(table)
    if kind == "pandas" and len(result) == len(data):
        # Indexed like the input, so that it joins back to it (and Dask partitions line up).
        result.index = data.index
    return result


def screen_table(
    data: Union["pandas.DataFrame", "polars.DataFrame", Iterable[Mapping[str, Any]]],
    *,
    format: str = "csv",
    rule_set: Optional[str] = None,
    rules: Optional[str] = None,
    mapping: MappingArg = None,
    columns: Optional[Mapping[str, str]] = None,
    codes: Optional[Mapping[str, Mapping[Any, str]]] = None,
    units: Optional[Mapping[str, str]] = None,
    na: NaArg = None,
    keep: KeepArg = None,
    decimal_comma: bool = False,
    lang: Optional[str] = None,
    allow_extra_fields: bool = False,
    field_errors: str = "strict",
    name: str = "<data>",
    threads: int = 0,
) -> str:
    """The text ``cp-screen screen --format FORMAT`` writes for ``data`` (``csv``,
    ``tsv``, ``jsonl``, ``json`` or ``fhir``), byte for byte, as one string.

    A frame is read as the CSV file of its rows would be; note that the command line
    skips a row whose every cell is empty (a blank line), where ``screen`` gives it the
    result of a record with no answers.
    """
    screener = _screener(rule_set, rules, mapping, codes, units, na, lang, columns, keep, decimal_comma)
    _, header, next_chunk = _source(data)
    try:
        out = screener.table(
            next_chunk,
            header,
            name,
            format=format,
            allow_extra_fields=allow_extra_fields,
            threads=threads,
            field_errors=field_errors,
        )
    except _native.ScreenError as e:
        _raise(e)
    return out.decode("utf-8")


def screen_records(
    records: Union[Iterable[Mapping[str, Any]], "pandas.DataFrame", "polars.DataFrame"],
    *,
    rule_set: Optional[str] = None,
    rules: Optional[str] = None,
    mapping: MappingArg = None,
    columns: Optional[Mapping[str, str]] = None,
    codes: Optional[Mapping[str, Mapping[Any, str]]] = None,
    units: Optional[Mapping[str, str]] = None,
    na: NaArg = None,
    keep: KeepArg = None,
    decimal_comma: bool = False,
    lang: Optional[str] = None,
    allow_extra_fields: bool = False,
    field_errors: str = "strict",
    explain: bool = False,
    name: str = "<data>",
    threads: int = 0,
) -> Iterator[Dict[str, Any]]:
    """Yield one result dict per record, in order, as they are screened: the objects of
    ``cp-screen screen --format jsonl`` (``record``, ``id``, ``status``, ``present``,
    ``not_assessed``, ``absent``, ``not_applicable``, ``follow_up``, ``errors`` with
    their ``code``, ``rules``, ``rules_hash``, ``notice``; ``explain`` with
    ``explain=True``).

    Records are read lazily from ``records`` (an iterable of dicts, or a DataFrame read
    as CSV rows) and screened on every core while the results are consumed. The options
    are those of ``screen``.
    """
    screener = _screener(rule_set, rules, mapping, codes, units, na, lang, columns, keep, decimal_comma)
    _, header, next_chunk = _source(records)
    try:
        stream = screener.stream(
            next_chunk,
            header,
            name,
            allow_extra_fields=allow_extra_fields,
            threads=threads,
            explain=explain,
            field_errors=field_errors,
        )
        for chunk in stream:
            for line in chunk.splitlines():
                yield json.loads(line)
    except _native.ScreenError as e:
        _raise(e)


def codebook(
    *,
    rule_set: Optional[str] = None,
    rules: Optional[str] = None,
    mapping: MappingArg = None,
    columns: Optional[Mapping[str, str]] = None,
    codes: Optional[Mapping[str, Mapping[Any, str]]] = None,
    units: Optional[Mapping[str, str]] = None,
    na: NaArg = None,
    keep: KeepArg = None,
    decimal_comma: bool = False,
) -> Dict[str, Any]:
    """The codebook of ``screen``'s table (``cp-screen codebook``): a Frictionless Table
    Schema with every column's type, allowed values and constraints, the thresholds of
    each factor, and the mapping when one is given."""
    return json.loads(_screener(rule_set, rules, mapping, codes, units, na, None, columns, keep, decimal_comma).codebook())


def rule_sets() -> List[Dict[str, Any]]:
    """The embedded rule sets (``cp-screen rules list --format json``)."""
    return json.loads(_native.rule_sets())


def factors(*, rule_set: Optional[str] = None, rules: Optional[str] = None) -> Dict[str, Any]:
    """The factors of a rule set with their questions, sources and conditions
    (``cp-screen factors --format json``)."""
    return json.loads(_screener(rule_set, rules, None, None, None, None, None).factors())


def export_questionnaire(
    *, rule_set: Optional[str] = None, rules: Optional[str] = None
) -> Dict[str, Any]:
    """The rule set as a FHIR R4 Questionnaire (``cp-screen export questionnaire``)."""
    s = _screener(rule_set, rules, None, None, None, None, None)
    try:
        return json.loads(s.questionnaire())
    except _native.ScreenError as e:
        _raise(e)
        raise  # pragma: no cover


def frame_meta(
    *,
    rule_set: Optional[str] = None,
    rules: Optional[str] = None,
    mapping: MappingArg = None,
    columns: Optional[Mapping[str, str]] = None,
    codes: Optional[Mapping[str, Mapping[Any, str]]] = None,
    units: Optional[Mapping[str, str]] = None,
    na: NaArg = None,
    keep: KeepArg = None,
    decimal_comma: bool = False,
) -> "pandas.DataFrame":
    """An empty pandas DataFrame with ``screen``'s columns and dtypes: the ``meta`` of
    ``dask.dataframe.map_partitions(screen, meta=...)``. ``decimal_comma`` is taken (so
    that the options of ``screen`` can be passed as they are) but changes no column; the
    empty frame is made from no records, which the command would read as JSON."""
    del decimal_comma
    s = _screener(rule_set, rules, mapping, codes, units, na, None, columns, keep, False)
    return _to_pandas(s.frame(_record_chunks([]), None, "<data>"))
