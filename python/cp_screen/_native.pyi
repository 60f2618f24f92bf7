"""Type stubs of the native module (the cp-screen library, in Rust)."""

from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

VERSION: str

class ScreenError(Exception):
    """(code, message) of a whole run that failed."""

def choose_language(tag: Optional[str] = None) -> str: ...
def rule_sets() -> str: ...

class ResultStream(Iterator[bytes]):
    def __iter__(self) -> "ResultStream": ...
    def __next__(self) -> bytes: ...

class Screener:
    def __init__(
        self,
        rule_set: Optional[str] = None,
        rules: Optional[str] = None,
        mapping: Optional[str] = None,
        map: List[str] = ...,
        codes: List[str] = ...,
        units: List[str] = ...,
        na: List[str] = ...,
        keep: List[str] = ...,
        decimal_comma: bool = False,
    ) -> None: ...
    def codebook(self) -> str: ...
    def factors(self) -> str: ...
    def questionnaire(self) -> str: ...
    def frame(
        self,
        next_chunk: Callable[[], Any],
        header: Optional[List[str]],
        name: str,
        allow_extra_fields: bool = False,
        threads: int = 0,
        arrow: bool = False,
        field_errors: str = "strict",
    ) -> Dict[str, Tuple[Any, ...]]: ...
    def table(
        self,
        next_chunk: Callable[[], Any],
        header: Optional[List[str]],
        name: str,
        format: str = "csv",
        allow_extra_fields: bool = False,
        threads: int = 0,
        field_errors: str = "strict",
    ) -> bytes: ...
    def stream(
        self,
        next_chunk: Callable[[], Any],
        header: Optional[List[str]],
        name: str,
        allow_extra_fields: bool = False,
        threads: int = 0,
        explain: bool = False,
        field_errors: str = "strict",
    ) -> ResultStream: ...
