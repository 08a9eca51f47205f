"""The bulletin importer: raw press-bulletin text to one Markdown file with front matter.

Steps, one module each: :mod:`decode` (bytes to text), :mod:`clean` (letterhead and page
marks out), :mod:`header` (dateline and number), :mod:`parse` (title, highlights,
paragraphs, links), :mod:`preserve` (no word lost), :mod:`slug` (where the file goes),
:mod:`report` (what the editor is told), :mod:`write` (the file, atomically).
:func:`import_text` runs the pure steps in order; :func:`import_file` first tells a PDF
(:mod:`read_pdf`) or Word file (:mod:`read_docx`) from text by its content, and reads
it into the same lines. The command reports and writes.
"""

from builder.importer.model import ImportResult, Overrides, Refused
from builder.importer.pipeline import import_file, import_text

__all__ = ["ImportResult", "Overrides", "Refused", "import_file", "import_text"]
