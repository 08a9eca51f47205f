"""Work done in forked children (rendering workers, the data export) fails like work done
in the build itself: a user error is a message, and a child that dies without answering
(killed, out of memory) costs time, not the build."""

from __future__ import annotations

import datetime as dt
import os
import signal
from pathlib import Path

import pytest
from reliability_support import looks_like_traceback, run_process

from builder.core.background import Forked
from builder.core.errors import BoletinesError, error
from builder.render.parallel import PARALLEL_MIN


def failing() -> int:
    raise BoletinesError([error("templates/bulletin.html", 3, "build.template", detail="x")])


def test_a_user_error_in_the_child_is_raised_as_itself() -> None:
    with pytest.raises(BoletinesError) as caught:
        Forked(failing).result()
    [diagnostic] = caught.value.diagnostics
    assert (diagnostic.path, diagnostic.line, diagnostic.code) == (
        "templates/bulletin.html",
        3,
        "build.template",
    )


def test_a_child_that_dies_without_answering_is_done_again_here() -> None:
    parent = os.getpid()

    def compute() -> list[int]:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)  # the out-of-memory killer, or kill -9
        return [1, 2, 3]

    assert Forked(compute).result() == [1, 2, 3]


def test_a_programming_error_in_the_child_is_still_an_error() -> None:
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        Forked(lambda: 1 // 0).result()


def test_site_template_failing_in_a_rendering_worker_is_a_message(tmp_path: Path) -> None:
    """A site template that breaks on one bulletin far down the list (rendered by a worker
    process on an archive this size): ``path: message`` and exit 1, as in one process."""
    (tmp_path / "site.yaml").write_text('title: "Prueba"\nbase_url: "/"\n', encoding="utf-8")
    count = PARALLEL_MIN + 20
    for i in range(count):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=i)
        path = tmp_path / "content" / str(day.year) / f"boletin-{i:04d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f'---\ntitle: "Boletín {i}"\ndate: {day.isoformat()}\n---\nTexto {i}.\n',
            encoding="utf-8",
        )
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "bulletin.html").write_text(
        '{% extends "!theme/bulletin.html" %}{% block content %}'
        '{% if bulletin.title == "Boletín 7" %}{{ t("no.such.key") }}{% endif %}'
        "{{ super() }}{% endblock %}\n",
        encoding="utf-8",
    )
    done = run_process(["build", "--no-search"], tmp_path, timeout=120)
    assert done.code == 1, done.text
    assert not looks_like_traceback(done.err), done.err
    assert done.err.splitlines() == [
        f"{tmp_path / 'templates' / 'bulletin.html'}: error en la plantilla: "
        "no UI string 'no.such.key' in theme/i18n/es.yaml"
    ]
    assert not (tmp_path / "_site").exists()


def test_ctrl_c_while_python_loads_the_command_is_a_quiet_exit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Interrupting incremental rebuilds early found it: Ctrl-C during the imports of the
    ``boletines`` script itself (``from builder.cli import main``) printed a traceback.
    Now it ends the program as Ctrl-C later does, with status 130 and nothing printed."""
    import builtins
    import importlib
    import sys

    real = builtins.__import__

    def interrupted(name: str, *args: object, **kwargs: object) -> object:
        if name == "argparse":
            raise KeyboardInterrupt
        return real(name, *args, **kwargs)

    saved = importlib.import_module("builder.cli")
    del sys.modules["builder.cli"]
    monkeypatch.setattr(builtins, "__import__", interrupted)
    code: object = None
    try:
        importlib.import_module("builder.cli")
    except SystemExit as exc:
        code = exc.code
    except KeyboardInterrupt:
        code = "KeyboardInterrupt escaped: a traceback for the user"
    finally:
        monkeypatch.setattr(builtins, "__import__", real)
        sys.modules["builder.cli"] = saved
    assert code == 130
