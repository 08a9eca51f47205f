"""``boletines serve``: build, serve on localhost, rebuild on every change, reload the tabs.

Three parts wired together here: a build session (:class:`builder.build.session.BuildSession`,
which keeps the archive, its rendered pages' keys and the search plan in memory between
rebuilds and updates its output folder in place), the HTTP server of
:mod:`builder.serve.http`, and watchers (:mod:`builder.serve.watch`) over ``content/``,
``theme/``, ``templates/`` and ``site.yaml``. Changes are queued; one worker thread
rebuilds, so builds never overlap and a burst of saves gives one rebuild. The tabs reload
as soon as the pages are in place; the search index follows (the changed shard only), and
a new change stops it, to be indexed with the next. A failed rebuild keeps the last good
site (nothing is written before every page is made), prints its errors in the terminal and
sends them to the open tabs, which show them in a banner.
"""

from __future__ import annotations

import errno
import queue
import signal
import sys
import threading
import time
import traceback
import webbrowser
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from builder.build.options import BuildOptions
from builder.build.session import BuildSession, PendingSearch
from builder.check.files import outside_an_archive
from builder.check.links import saved_link_findings
from builder.core.display import display_path, terminal_lines, terminal_text
from builder.core.errors import BoletinesError, Diagnostic, os_reason
from builder.core.i18n import THEME_DIR, Catalog, load_catalog
from builder.core.settings import load_settings
from builder.search.index import CHILDREN
from builder.serve.heap import collector_paused, release
from builder.serve.http import DevServer
from builder.serve.livereload import LiveState, reload_script
from builder.serve.watch import Watcher

STOP_GRACE = 0.3  # seconds a failed rebuild waits to learn whether Ctrl-C caused it

OUTPUT_NAME = ".boletines-serve"
"""Where the preview is built, next to site.yaml (ignored by git, removed by make clean)."""


@dataclass(frozen=True)
class ServeOptions:
    config_path: Path = Path("site.yaml")
    content_dir: Path = Path("content")
    host: str = "127.0.0.1"
    port: int = 8000
    search: bool = True
    drafts: bool = False
    out_dir: Path | None = None
    open_browser: bool = False


class _Either:
    """Stops a watcher when the server stops or when its watched folders must change."""

    def __init__(self, *events: threading.Event) -> None:
        self.events = events

    def is_set(self) -> bool:
        return any(event.is_set() for event in self.events)


class Preview:
    """One running preview: the output folder, the server, the watchers and the rebuilder."""

    def __init__(self, options: ServeOptions, stream: TextIO | None = None) -> None:
        self.options = options
        self.stream = stream if stream is not None else sys.stderr
        self.root = options.config_path.absolute().parent
        self.out_dir = options.out_dir or self.root / OUTPUT_NAME
        self.state = LiveState()
        self.language = "es"
        self.base_path = "/"
        self.stopping = threading.Event()
        self._retarget = threading.Event()
        self._changes: queue.Queue[str] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self.server: DevServer | None = None
        self.last_rebuild: float | None = None
        # called when the search index of a rebuild is in place (the benchmark listens)
        self.on_indexed: Callable[[], None] | None = None
        self.templates_dir = self.root / "templates"
        self.session = BuildSession(
            BuildOptions(
                config_path=options.config_path,
                content_dir=options.content_dir,
                out_dir=self.out_dir,
                drafts=options.drafts,
                search=options.search,
            )
        )
        self._read_settings()

    # -- settings and messages -------------------------------------------------------------

    def _read_settings(self) -> None:
        try:
            config = load_settings(self.options.config_path)
        except BoletinesError:
            return  # the build reports it; keep the last good language and base path
        self.language = config.language
        self.base_path = config.base_path
        self.templates_dir = config.templates_dir

    @property
    def catalog(self) -> Catalog:
        return load_catalog(self.language)

    def say(self, code: str, **args: object) -> None:
        print(terminal_text(self.catalog.message(code, **args)), file=self.stream, flush=True)

    # -- building --------------------------------------------------------------------------

    def rebuild(self, changed: Iterable[str] = ()) -> bool:
        """Build once; tell the tabs to reload, or to show what went wrong. Broken links
        and images in the bulletins just saved (``changed``) are reported as warnings."""
        started = time.perf_counter()
        if any(Path(path).is_relative_to(THEME_DIR) for path in changed):
            load_catalog.cache_clear()  # the UI strings may have changed
        try:
            # what the watchers reported: only those bulletins are read again (none: all checked)
            report, pending = self.session.rebuild(list(changed) or None)
        except BoletinesError as exc:
            if self._interrupted():
                return False
            self._read_settings()
            self._failed(self._render(exc.diagnostics))
            return False
        except Exception:  # a bug, not the editor's fault: show it, keep serving
            if self._interrupted():
                return False
            self._failed(traceback.format_exc().rstrip())
            return False
        self._read_settings()
        self.last_rebuild = time.perf_counter() - started
        findings = [*report.warnings, *self._link_findings(changed)]
        for line in self._render(findings).splitlines():
            print(line, file=self.stream)
        self.say("serve.rebuilt", seconds=self.last_rebuild)
        self.state.built()
        return self.index(pending)

    def index(self, pending: PendingSearch | None) -> bool:
        """Write what the rebuild left for after the pages were shown, and bring the
        search index up to date with them; False when that failed (the tabs are told, and
        the previous index stays)."""
        started = time.perf_counter()
        try:
            self.session.complete()
            pages = self.session.search(pending) if pending is not None else None
        except BoletinesError as exc:
            if self._interrupted():
                return False
            self._failed(self._render(exc.diagnostics))
            return False
        except Exception:  # a bug: show it, keep serving
            if self._interrupted():
                return False
            self._failed(traceback.format_exc().rstrip())
            return False
        if pages is not None:
            self.say("serve.indexed", seconds=time.perf_counter() - started)
            if self.on_indexed is not None:
                self.on_indexed()
        return True

    def _link_findings(self, changed: Iterable[str]) -> list[Diagnostic]:
        content = self.options.content_dir.absolute()
        saved = [
            Path(path)
            for path in changed
            if path.endswith(".md") and Path(path).is_file() and Path(path).is_relative_to(content)
        ]
        if not saved:
            return []
        try:
            config = load_settings(self.options.config_path)
        except BoletinesError:
            return []
        return saved_link_findings(sorted(set(saved)), content, self.out_dir, config)

    def _interrupted(self) -> bool:
        """Whether the preview is stopping, so a failed build is no news for the editor.

        Stopping kills a rebuild's Pagefind (:meth:`stop`), which fails that rebuild; a
        failure may also come a moment before ``stopping`` is set."""
        return self.stopping.wait(STOP_GRACE)

    def _render(self, diagnostics: Iterable[Diagnostic]) -> str:
        ordered = sorted(diagnostics, key=lambda d: (not d.is_error, d.path, d.line or 0, d.code))
        return "\n".join(d.render(self.catalog) for d in ordered)

    def _failed(self, text: str) -> None:
        self.say("serve.failed")
        print(terminal_lines(text), file=self.stream, flush=True)
        self.state.failed(text)

    def _rebuild_loop(self) -> None:
        while not self.stopping.is_set():
            try:
                changed = self._changes.get(timeout=0.2)
            except queue.Empty:
                continue
            pending = [changed]
            while True:  # one rebuild for a burst of saves
                try:
                    pending.append(self._changes.get_nowait())
                except queue.Empty:
                    break
            if self.stopping.is_set():
                return
            self.say("serve.rebuilding", path=display_path(pending[0]))
            with collector_paused():
                self.rebuild(pending)

    # -- watching --------------------------------------------------------------------------

    def watched_roots(self) -> set[Path]:
        """The source folders, existing or not, as absolute paths."""
        folders = (self.options.content_dir, THEME_DIR, self.templates_dir)
        return {folder.absolute() for folder in folders}

    def watched_folders(self) -> list[Path]:
        folders = [self.options.content_dir, THEME_DIR, self.templates_dir]
        return [folder for folder in folders if folder.is_dir()]

    def _watch_folders(self, watcher: Watcher) -> None:
        """Recursive watch of the sources; redone when ``templates/`` appears or goes."""
        while True:
            self._retarget.clear()
            for paths in watcher.changes(_Either(self.stopping, self._retarget)):
                self._queue(paths)
            watcher.close()
            if self.stopping.is_set():
                return
            watcher = Watcher(self.watched_folders())

    def _watch_root(self, watcher: Watcher) -> None:
        """site.yaml, watched through its folder: editors save by replacing the file."""
        for paths in watcher.changes(self.stopping):
            if any(Path(p) in self.watched_roots() for p in paths):
                self._retarget.set()  # a watched folder appeared or went away
            self._queue(paths)
        watcher.close()

    def _queue(self, paths: Iterable[str]) -> None:
        """Queue changed paths for the rebuild thread, stopping a search index that is
        being made of pages about to change."""
        for path in paths:
            self._changes.put(path)
        self.session.cancel()

    def _root_watcher(self) -> Watcher:
        config_name = self.options.config_path.name
        folders = self.watched_roots()

        def relevant(path: str) -> bool:
            return Path(path).name == config_name or Path(path) in folders

        return Watcher([self.root], recursive=False, accept=relevant)

    # -- running ---------------------------------------------------------------------------

    def bind(self) -> DevServer:
        """Open the port (raises OSError when it is taken); nothing is served yet."""
        fallback = (
            '<!doctype html><html lang="{lang}"><meta charset="utf-8">'
            "<title>boletines serve</title><body><p>{text}</p></body></html>"
        ).format(lang=self.language, text=self.catalog.message("serve.no_site"))
        self.server = DevServer(
            (self.options.host, self.options.port),
            self.out_dir,
            lambda: self.base_path,
            self.state,
            reload_script(self.catalog.message("serve.banner_title")),
            fallback.encode(),
            self.catalog.message("serve.misdirected").encode() + b"\n",
        )
        return self.server

    def start(self) -> None:
        """Build once, then serve and watch in background threads."""
        if self.server is None:
            self.bind()
        assert self.server is not None
        with collector_paused():
            self.rebuild()
        folders, root = Watcher(self.watched_folders()), self._root_watcher()
        targets = {
            "http": self.server.serve_forever,
            "rebuild": self._rebuild_loop,
            "watch-sources": lambda: self._watch_folders(folders),
            "watch-settings": lambda: self._watch_root(root),
        }
        for name, target in targets.items():
            thread = threading.Thread(target=target, name=f"serve-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)

    @property
    def url(self) -> str:
        assert self.server is not None
        host = self.options.host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.server.port}{self.base_path}"

    def stop(self) -> None:
        self.stopping.set()
        CHILDREN.kill_all()  # a rebuild's Pagefind: in a session of its own, Ctrl-C misses it
        if self.server is not None:
            self.server.stop()
        for thread in self._threads:
            thread.join(timeout=5)
        release()


def listen_error(exc: OSError, options: ServeOptions, catalog: Catalog) -> str:
    if exc.errno == errno.EADDRINUSE:
        return catalog.message("serve.port_in_use", port=options.port, suggestion=options.port + 1)
    reason = os_reason(exc)
    return catalog.message(
        "serve.cannot_listen", host=options.host, port=options.port, reason=reason
    )


def serve(options: ServeOptions, stream: TextIO | None = None) -> int:
    """Run until Ctrl-C (or SIGTERM); 0 when stopped, 1 when the port cannot be opened or
    there is no archive here."""
    elsewhere = outside_an_archive(options.config_path, options.content_dir)
    if elsewhere is not None:
        raise BoletinesError([elsewhere])
    preview = Preview(options, stream)
    previous = _stop_on_sigterm()
    try:
        try:
            preview.bind()
        except OSError as exc:
            problem = listen_error(exc, options, preview.catalog)
            print(terminal_text(f"boletines serve: {problem}"), file=preview.stream)
            return 1
        preview.start()
        preview.say("serve.listening", url=preview.url)
        watched = [*preview.watched_folders(), options.config_path]
        preview.say("serve.watching", paths=", ".join(display_path(p) for p in watched))
        if options.open_browser:  # in a thread: a browser may take a while to start
            threading.Thread(target=webbrowser.open, args=(preview.url,), daemon=True).start()
        while not preview.stopping.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
        _restore_sigterm(previous)
    preview.say("serve.stopped")
    return 0


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _stop_on_sigterm() -> object:
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, _raise_interrupt)


def _restore_sigterm(previous: object) -> None:
    if previous is not None:
        signal.signal(signal.SIGTERM, previous)  # type: ignore[arg-type]
