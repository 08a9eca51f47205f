"""Live reload: the events a tab receives, and the script added to served HTML only."""

from __future__ import annotations

import threading

from builder.serve.livereload import LiveState, event_stream, inject, reload_script, sse_event


def test_events_multi_line_data_is_split_into_data_lines():
    assert sse_event("error", "a.md:3: uno\nb.md:4: dos") == (
        b"event: error\ndata: a.md:3: uno\ndata: b.md:4: dos\n\n"
    )


def test_a_tab_gets_hello_then_error_then_reload_and_the_stream_ends_on_close():
    state = LiveState()
    stream = event_stream(state, keepalive=5)
    hello = next(stream)
    assert hello.startswith(b"retry: 1000\nevent: hello\ndata: ")
    assert hello.endswith(f"{state.instance}-0\n\n".encode())
    threading.Timer(0.05, state.failed, args=("content/a.md:2: mal",)).start()
    assert next(stream) == b"event: error\ndata: content/a.md:2: mal\n\n"
    threading.Timer(0.05, state.built).start()
    assert next(stream) == f"event: reload\ndata: {state.instance}-1\n\n".encode()
    threading.Timer(0.05, state.close).start()
    assert list(stream) == []


def test_a_tab_that_connects_after_a_failed_build_sees_the_error_at_once():
    state = LiveState()
    state.failed("content/a.md:2: mal")
    stream = event_stream(state, keepalive=5)
    next(stream)
    assert next(stream) == b"event: error\ndata: content/a.md:2: mal\n\n"


def test_quiet_periods_send_keepalive_comments():
    state = LiveState()
    stream = event_stream(state, keepalive=0.01)
    next(stream)
    assert next(stream) == b": keepalive\n\n"


def test_the_script_goes_before_the_last_body_end_tag_and_cannot_close_itself():
    script = reload_script("Título </script><b>")
    assert script.count(b"</script>") == 1
    html = b"<html><body><p>&lt;/body&gt;</p></BODY ></html>"
    assert inject(html, script) == b"<html><body><p>&lt;/body&gt;</p>" + script + b"</BODY ></html>"
    assert inject(b"<p>sin cuerpo", b"<s>") == b"<p>sin cuerpo<s>"
