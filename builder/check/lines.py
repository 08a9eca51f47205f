"""Where a bulletin file's front-matter keys are, for a finding to point at the line."""

from __future__ import annotations

from pathlib import Path

from builder.content.loader import read_front_matter
from builder.core.yamlsafe import YamlDocument, load_yaml


class SourceLines:
    """Where the front-matter keys of one bulletin file are, read only when a finding needs
    a line (most bulletins have none, and re-reading every file would double the work)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._doc: YamlDocument | None = None
        self._read = False

    def field(self, *key: str | int) -> int:
        if not self._read:
            self._doc, self._read = front_matter_doc(self.path), True
        line = self._doc.line(*key) if self._doc is not None else None
        return line or 1


def front_matter_doc(path: Path) -> YamlDocument | None:
    """Re-read ``path``'s front matter the way the loader does, with the line of each key."""
    try:
        data = path.read_bytes()
    except OSError:  # removed or locked since the loader read it: no line to point at
        return None
    front, _ = read_front_matter(data, str(path))
    return load_yaml(front.yaml_text, str(path), front.yaml_line) if front else None
