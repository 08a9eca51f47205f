"""``boletines serve`` in a subprocess, as an editor runs it: it serves the site under its
base path, rebuilds when a bulletin is saved, tells open tabs to reload, reports a broken
file in the terminal and to the tabs while the last good page stays, and stops cleanly."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request

from editor_support import bulletin
from serving import PAGE, SOURCE, EventReader, fetch, start_serve, wait_until


def test_serves_under_the_base_path_with_the_reload_script_only_when_served(served, site):
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/archivo/", served.url)
    status, html = fetch(served.url + PAGE)
    assert status == 200
    assert "Primera versión del texto." in html
    assert html.count("<script data-boletines-serve>") == 1
    on_disk = (site / ".boletines-serve" / PAGE / "index.html").read_text(encoding="utf-8")
    assert "data-boletines-serve" not in on_disk
    root = served.url.replace("/archivo/", "/")
    with urllib.request.urlopen(root, timeout=5) as response:  # follows the redirect
        assert response.url == served.url
    assert fetch(root + "otra/cosa/")[0] == 404
    assert served.stop() == 0


def test_an_edit_is_served_within_seconds_and_tabs_are_told_to_reload(served, site):
    events = EventReader(served.url.replace("/archivo/", "/__boletines/events"))
    wait_until(lambda: events.names() == ["hello"])
    source = site / SOURCE
    source.write_text(source.read_text(encoding="utf-8").replace("Primera", "Segunda"))
    took = wait_until(lambda: "Segunda versión del texto." in fetch(served.url + PAGE)[1])
    assert took < 10
    wait_until(lambda: "reload" in events.names())
    served.wait_for_line(r"Cambió content/2025/2025-11-25-imss-inaugura\.md; actualizando…")
    served.wait_for_line(r"Sitio actualizado en \d+\.\d\d s")
    assert served.stop() == 0


def test_a_broken_file_is_reported_and_the_last_good_page_stays(served, site):
    events = EventReader(served.url.replace("/archivo/", "/__boletines/events"))
    wait_until(lambda: events.names() == ["hello"])
    source = site / SOURCE
    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("date: 2025-11-25", "date: 2025-11-31"), encoding="utf-8")
    message = (
        f"{SOURCE}:3: la fecha 2025-11-31 no existe en el calendario; revise el día y el mes "
        "(AAAA-MM-DD)."
    )
    served.wait_for_line(re.escape(message))
    wait_until(lambda: ("error", message) in events.events)
    status, html = fetch(served.url + PAGE)
    assert status == 200 and "Primera versión del texto." in html
    source.write_text(good.replace("Primera", "Arreglada"), encoding="utf-8")
    wait_until(lambda: "reload" in events.names())
    assert "Arreglada versión" in fetch(served.url + PAGE)[1]
    assert served.stop() == 0


def test_site_yaml_changes_are_picked_up(served, site):
    site.joinpath("site.yaml").write_text('base_url: "/otra/"\n', encoding="utf-8")
    new_url = served.url.replace("/archivo/", "/otra/")
    wait_until(lambda: fetch(new_url + PAGE)[0] == 200)
    assert served.stop() == 0


def test_ctrl_c_stops_cleanly(served):
    assert served.stop() == 0
    served.wait_for_line("Vista previa detenida.")
    assert not any("Traceback" in line for line in served.seen)


def test_a_busy_port_is_an_error_with_a_suggestion(served, site):
    port = int(re.search(r":(\d+)/", served.url).group(1))
    result = subprocess.run(
        [sys.executable, "-m", "builder", "serve", "--port", str(port)],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip().endswith(
        f"boletines serve: el puerto {port} ya está en uso (¿hay otro «boletines serve» "
        f"abierto?); ciérrelo o use otro, por ejemplo --port {port + 1}."
    )
    assert served.stop() == 0


def test_a_templates_folder_created_while_serving_is_watched(served, site):
    templates = site / "templates"
    templates.mkdir()
    (templates / "404.html").write_text(
        '{% extends "!theme/404.html" %}{% block content %}<p>Plantilla propia 1</p>{% endblock %}',
        encoding="utf-8",
    )
    wait_until(lambda: "Plantilla propia 1" in fetch(served.url + "no-existe/")[1])
    time.sleep(0.5)  # the sources watcher now includes templates/: edit inside it
    (templates / "404.html").write_text(
        (templates / "404.html").read_text(encoding="utf-8").replace("propia 1", "propia 2"),
        encoding="utf-8",
    )
    wait_until(lambda: "Plantilla propia 2" in fetch(served.url + "no-existe/")[1])
    assert served.stop() == 0


def test_without_content_the_error_page_waits_for_the_folder_to_appear(site):
    (site / "content").rmdir()
    served = start_serve(site, "--no-search")
    try:
        assert "content: no existe la carpeta de contenido content.\n" in served.seen
        status, html = fetch(served.url)
        assert status == 404
        assert "la primera compilación falló" in html and "<script data-boletines-serve>" in html
        (site / "content" / "2025").mkdir(parents=True)
        (site / SOURCE).write_text(bulletin(body="Ya hay texto.\n"), encoding="utf-8")
        wait_until(lambda: "Ya hay texto." in fetch(served.url + PAGE)[1])
        assert served.stop() == 0
    finally:
        if served.process.poll() is None:
            served.process.kill()


def test_broken_links_and_images_in_a_saved_bulletin_are_reported_as_warnings(served, site):
    source = site / SOURCE
    body = (
        "Vea [el centro](/2025/2025-08-28-centro/), [la portada](/) y "
        "[el año](/archivo/2025/).\n\n![Foto](foto.jpg)\n"
    )
    source.write_text(bulletin(body=body), encoding="utf-8")
    link = served.wait_for_line(re.escape(f"{SOURCE}:13: aviso: el enlace /2025/2025-08-28-"))
    assert link.rstrip().endswith(
        "no lleva a ningún boletín ni página del sitio; revise la dirección "
        "(la de un boletín es /AAAA/nombre-del-archivo/, sin «.md»)."
    )
    served.wait_for_line(re.escape(f"{SOURCE}:15: aviso: la imagen foto.jpg no existe"))
    served.wait_for_line(r"Sitio actualizado en \d+\.\d\d s")
    assert not any("la portada" in line or "/archivo/2025/" in line for line in served.seen)
    assert served.stop() == 0
