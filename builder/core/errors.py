"""Errors for users (diagnostics with a place) and for the CLI to turn into an exit status.

A stage never prints: it returns or raises diagnostics, and only the CLI renders them
(in the site's language, through the i18n catalog) as ``path:line: message``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from builder.core.display import terminal_text

if TYPE_CHECKING:
    from builder.core.i18n import Catalog

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Diagnostic:
    """One finding about the user's input: where, what (a message code), how bad."""

    path: str
    line: int | None
    code: str
    args: Mapping[str, object] = field(default_factory=dict)
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def render(self, catalog: Catalog) -> str:
        """The line shown to the editor; control characters in the file's name, keys or
        values are written out (``\\x1b``), so no input can move the cursor or fake a line."""
        text = catalog.message(self.code, **self.args)
        if self.severity == "warning":
            text = f"{catalog.message('label.warning')}: {text}"
        return terminal_text(f"{self.location()}: {text}")


class BoletinesError(Exception):
    """Bad user input: carries every diagnostic found, so all are reported at once."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = list(diagnostics)
        super().__init__("; ".join(f"{d.location()}: {d.code}" for d in self.diagnostics))


def error(path: str, line: int | None, code: str, **args: object) -> Diagnostic:
    return Diagnostic(path, line, code, args, "error")


def warning(path: str, line: int | None, code: str, **args: object) -> Diagnostic:
    return Diagnostic(path, line, code, args, "warning")


def raise_if_errors(diagnostics: Iterable[Diagnostic]) -> None:
    found = list(diagnostics)
    if any(d.is_error for d in found):
        raise BoletinesError(found)


def os_reason(exc: OSError) -> str:
    """Why the system refused, as it words it ("Permission denied"), for a message."""
    return exc.strerror or str(exc) or type(exc).__name__
