"""Writing an imported bulletin (and its original document) without ever leaving half a
file or clobbering one.

The text goes to a temporary file in the target's folder first, then takes the target's
name in one step: ``os.link`` when overwriting is not allowed (it fails if the name is
taken, even if another process created it a moment ago), ``os.replace`` with ``--force``.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Literal

from builder.core.display import display_path
from builder.core.errors import os_reason
from builder.importer.model import refuse

Outcome = Literal["written", "replaced", "unchanged"]


def write_bulletin(
    target: Path,
    text: str,
    force: bool,
    source: str,
    original: tuple[Path, bytes] | None = None,
) -> Outcome:
    """Write ``text`` (UTF-8, LF) to ``target``, and ``original`` (the source document's
    path and bytes) beside it; refuses to replace different content unless ``force``,
    before writing either. Identical content is left alone, so importing twice is
    harmless. The document is written first: the Markdown file never names a file that
    is not there yet."""
    files = [(target, text.encode("utf-8"))]
    if original is not None:
        files.insert(0, original)
    same = [_same(path, data, force, source) for path, data in files]
    if all(same):
        return "unchanged"
    existed = False
    for (path, data), unchanged in zip(files, same, strict=True):
        if not unchanged:
            existed = _write_file(path, data, force, source) or existed
    return "replaced" if existed else "written"


def _same(target: Path, data: bytes, force: bool, source: str) -> bool:
    """Whether ``target`` already holds ``data``; refused if it holds other bytes and not
    ``force``."""
    if not target.exists() and not target.is_symlink():
        return False
    shown = display_path(target)
    try:
        if target.read_bytes() == data:
            return True
    except OSError as exc:
        raise refuse(source, "import.write_failed", target=shown, reason=os_reason(exc)) from exc
    if not force:
        raise refuse(source, "import.exists", target=shown)
    return False


def _write_file(target: Path, data: bytes, force: bool, source: str) -> bool:
    """Write ``data`` to ``target`` in one step (a temporary file, then its name);
    whether a file was there before."""
    shown = display_path(target)
    existed = target.exists()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=".boletines-import-", dir=target.parent)
    except OSError as exc:
        raise refuse(source, "import.write_failed", target=shown, reason=os_reason(exc)) from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o644)
        if force:
            os.replace(temp, target)
        else:
            try:
                os.link(temp, target)
            except FileExistsError:
                raise refuse(source, "import.exists", target=shown) from None
            except OSError:  # no hard links here (FAT, some network shares): check, then move
                if target.exists():
                    raise refuse(source, "import.exists", target=shown) from None
                os.replace(temp, target)
    except OSError as exc:
        raise refuse(source, "import.write_failed", target=shown, reason=os_reason(exc)) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    return existed
