"""``serve --open`` opens the preview in the browser once it is ready; without it, nothing."""

from __future__ import annotations

import threading

import pytest

import builder.serve.preview as serve_module
from builder.cli import main


@pytest.mark.parametrize("flag", [True, False])
def test_open_starts_the_browser_at_the_preview_address(site, write, monkeypatch, flag):
    from editor_support import bulletin

    write({"2025/2025-11-25-a.md": bulletin()})
    opened: list[str] = []
    done = threading.Event()

    def open_url(url: str) -> bool:
        opened.append(url)
        done.set()
        return True

    monkeypatch.setattr(serve_module.webbrowser, "open", open_url)
    ready = threading.Event()
    real_say = serve_module.Preview.say

    def say(self, code, **args):  # once ready (or opened), stop the preview
        real_say(self, code, **args)
        if code == "serve.watching":
            ready.set()
            threading.Timer(0.3, self.stopping.set).start()

    monkeypatch.setattr(serve_module.Preview, "say", say)
    args = ["serve", "--port", "0", "--no-search"] + (["--open"] if flag else [])
    assert main(args) == 0
    assert ready.is_set()
    if flag:
        assert done.wait(5)
        assert opened[0].startswith("http://127.0.0.1:") and opened[0].endswith("/")
    else:
        assert opened == []
