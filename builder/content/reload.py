"""The preview's reload of ``content/`` after a save: only the files its watcher named.

:func:`~builder.content.loader.load_content` lists every folder and looks at each of the
archive's files, even when its ``changed`` says that all but one are as they were: at
10,000 bulletins that took 0.2 s of the 1 s a save took to show. When the last load found
no error and the files named are bulletin files it already knew, still plain files, the
result is the last one with those files read again (and any that had just been written
then, whose stat alone cannot be trusted). The addresses and numbers of the others are
known from the last reload: only when a file read again takes one already held are they
all compared again, as a whole load does. A new, deleted or replaced file is left to a
whole load.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Collection
from pathlib import Path
from urllib.parse import unquote

from builder.content.loader import LoadResult, check_collisions, load_one
from builder.content.model import Bulletin
from builder.content.names import url_key
from builder.content.originals import Originals
from builder.core.display import display_path


def reload_content(
    content_dir: Path, previous: LoadResult, changed: Collection[str], *, drafts: bool
) -> LoadResult | None:
    """``previous`` (a load of ``content_dir`` with the same ``drafts``) with the files
    ``changed`` (paths under ``content_dir``) read again; None when a whole load is
    needed: see the module's docstring."""
    if previous.errors:
        return None  # its findings may hide others (collisions are looked for last)
    todo = set(changed) | {path for path, (seen, _) in previous.files.items() if seen[1]}
    base = str(content_dir)
    for path in todo:
        if path not in previous.files:
            return None  # a new file, or one that did not load
        try:
            mode = os.lstat(os.path.join(base, path)).st_mode
        except OSError:
            return None  # deleted
        if not stat.S_ISREG(mode):
            return None
    shown_dir = display_path(content_dir)
    now = time.time_ns()
    originals = Originals(now)
    files = dict(previous.files)
    published = {b.slug_path: b for b in previous.bulletins}
    claims = dict(previous.claims if previous.claims is not None else _all_claims(published))
    skipped = previous.drafts_skipped
    found = []
    shown_paths = set()
    replaced: dict[str, Bulletin] = {}  # by slug path: the new bulletin, in the old one's place
    taken = False  # an address or number already held by another bulletin
    for path in sorted(todo):
        shown = path if shown_dir == "." else os.path.join(shown_dir, path)
        old = files[path][1]
        new_seen, outcome, fresh, diagnostics, draft = load_one(
            os.path.join(base, path), path, shown, files[path], todo, now, originals, drafts
        )
        if new_seen is None:
            return None  # deleted meanwhile
        files[path] = (new_seen, outcome)
        gone = published.pop(old.bulletin.slug_path, None) if old.bulletin is not None else None
        if gone is not None:
            for claim in _claims(gone):
                claims.pop(claim, None)  # another's, when two files swapped one
        if old.bulletin is not None:
            skipped -= old.bulletin.draft and not drafts
        if fresh is not None and fresh.bulletin is not None:
            bulletin = published[fresh.bulletin.slug_path] = fresh.bulletin
            for claim in _claims(bulletin):
                taken = taken or claim in claims
                claims[claim] = bulletin.slug_path
            if gone is not None and gone.sort_key == bulletin.sort_key:
                replaced[bulletin.slug_path] = bulletin
        skipped += draft
        found.extend(diagnostics)
        shown_paths.add(shown)
    result = LoadResult(drafts_skipped=skipped, files=files, claims=None if taken else claims)
    result.diagnostics = [d for d in previous.diagnostics if d.path not in shown_paths]
    result.diagnostics.extend(found)
    if taken:
        listed = [
            outcome
            for _, outcome in files.values()
            if outcome.bulletin is not None and outcome.bulletin.slug_path in published
        ]
        result.diagnostics.extend(check_collisions(listed))
    if len(published) == len(previous.bulletins) and len(replaced) == len(todo):
        result.bulletins = [replaced.get(b.slug_path, b) for b in previous.bulletins]
    else:
        result.bulletins = sorted(published.values(), key=lambda b: b.sort_key)
    result.diagnostics.sort(key=lambda d: (d.path, d.line or 0, d.code))
    return result


def _claims(bulletin: Bulletin) -> list[str]:
    """The addresses and the number ``bulletin`` holds, as
    :func:`~builder.content.loader.check_collisions` compares them."""
    found = ["u" + url_key(bulletin.slug_path)]
    found += ["u" + url_key(unquote(alias)) for alias in bulletin.aliases]
    if bulletin.number is not None:
        found.append("n" + bulletin.number.casefold())
    return found


def _all_claims(published: dict[str, Bulletin]) -> dict[str, str]:
    """Of bulletins that hold no address or number twice (a load with no error)."""
    return {claim: path for path, bulletin in published.items() for claim in _claims(bulletin)}
