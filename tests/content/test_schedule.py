"""Scheduled publication end to end: ``boletines build --now`` leaves a bulletin out of the
site, the feeds, the search data and the export until its moment, then publishes it by
itself; a build with nothing new due changes nothing; ``check`` lists what is waiting."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from editor_support import bulletin

from builder.content.model import Bulletin
from builder.content.schedule import publish_at, split_due
from builder.core.zones import localized, parse_moment, time_zone

PUBLISHED = "2025/2025-11-25-imss-inaugura.md"
TOMORROW = "2025/2025-11-26-jornada-de-vacunacion.md"
MEXICO = time_zone("America/Mexico_City")


def tomorrow(publish: str | None = "2025-11-26 09:00") -> str:
    text = bulletin("Jornada de vacunación", date="2025-11-26", number='"592/2025"', tags="[salud]")
    if publish is not None:
        text = text.replace("draft: false\n", f"publish: {publish}\ndraft: false\n")
    return text


@pytest.fixture
def archive(write):
    write({PUBLISHED: bulletin(tags="[salud]"), TOMORROW: tomorrow()})


def published_paths(site) -> list[str]:
    export = json.loads((site / "_site/bulletins.json").read_text(encoding="utf-8"))
    return [record["path"] for record in export["bulletins"]]


def everywhere(site, path: str) -> dict[str, bool]:
    """Where a bulletin shows: its page, home, the feeds, the sitemap, the export."""
    out = site / "_site"
    return {
        "page": (out / path / "index.html").exists(),
        "home": path in (out / "index.html").read_text(encoding="utf-8"),
        "feed": path in (out / "feed.xml").read_text(encoding="utf-8"),
        "topic feed": path in (out / "temas/salud/feed.xml").read_text(encoding="utf-8"),
        "sitemap": path in (out / "sitemap.xml").read_text(encoding="utf-8"),
        "export": path in published_paths(site),
    }


def test_a_bulletin_scheduled_for_nine_appears_at_nine_and_not_before(cli, site, archive):
    path = TOMORROW.removesuffix(".md")
    before = cli("build", "--no-search", "--now", "2025-11-26T08:59")
    assert before.code == 0
    assert before.lines[-1] == (
        "Programados para más tarde, aún no publicados: 1 (boletines check los lista)."
    )
    assert set(everywhere(site, path).values()) == {False}
    assert (site / "_site/2025/2025-11-25-imss-inaugura/index.html").exists()

    # An hour later in UTC-06:00 is 15:00 UTC: the same moment written with its offset.
    at_nine = cli("build", "--no-search", "--now", "2025-11-26T15:00:00Z")
    assert at_nine.code == 0
    assert at_nine.lines == ["2 boletines, 11 páginas en " + at_nine.lines[0].split(" en ")[1]]
    assert set(everywhere(site, path).values()) == {True}


def test_a_build_with_nothing_new_due_is_a_no_change_build(cli, site, archive):
    assert cli("build", "--no-search", "--now", "2025-11-26T07:00").code == 0
    page = site / "_site/index.html"
    stamp = page.stat().st_mtime_ns
    later = cli("build", "--no-search", "--now", "2025-11-26T08:59:59")
    assert later.lines[0].startswith("sin cambios: 1 boletín, 10 páginas ya al día en _site")
    assert page.stat().st_mtime_ns == stamp
    due = cli("build", "--no-search", "--now", "2025-11-26T09:00")
    assert due.lines[0].startswith("2 boletines, 11 páginas en ")
    again = cli("build", "--no-search", "--now", "2025-11-27T09:00")
    assert again.lines[0].startswith("sin cambios: 2 boletines, 11 páginas ya al día en _site")
    # A clock set back before the moment takes the bulletin out again.
    back = cli("build", "--no-search", "--now", "2025-11-26T08:00")
    assert back.lines[0].startswith("1 boletín, 10 páginas en ")


def test_a_future_date_without_a_time_is_due_at_midnight_in_the_site_zone(cli, site, write):
    write({PUBLISHED: bulletin(tags="[salud]"), TOMORROW: tomorrow(publish=None)})
    path = TOMORROW.removesuffix(".md")
    cli("build", "--no-search", "--now", "2025-11-26T05:59:59Z")  # 23:59:59 in Mexico City
    assert path not in published_paths(site)
    cli("build", "--no-search", "--now", "2025-11-26T06:00:00Z")
    assert path in published_paths(site)


def test_the_site_time_zone_decides_a_time_written_without_offset(cli, site, write):
    site.joinpath("site.yaml").write_text("timezone: Europe/Madrid\n", encoding="utf-8")
    write({PUBLISHED: bulletin(), TOMORROW: tomorrow()})  # 09:00 in Madrid is 08:00 UTC
    cli("build", "--no-search", "--now", "2025-11-26T07:59:00Z")
    assert TOMORROW.removesuffix(".md") not in published_paths(site)
    cli("build", "--no-search", "--now", "2025-11-26T08:00:00Z")
    assert TOMORROW.removesuffix(".md") in published_paths(site)


def test_a_preview_with_drafts_shows_the_scheduled_bulletin_marked(cli, site, archive):
    assert cli("build", "--no-search", "--drafts", "--now", "2025-11-26T08:00").code == 0
    page = site / "_site" / TOMORROW.removesuffix(".md") / "index.html"
    text = page.read_text(encoding="utf-8")
    assert (
        "Programado: se publica el 26 de noviembre de 2025 a las 09:00 (America/Mexico_City); "
        "hasta entonces solo se ve en la vista previa." in text
    )
    assert '<meta name="robots" content="noindex">' in text


def test_check_lists_scheduled_bulletins_without_failing(cli, archive):
    result = cli("check", "--strict", "--now", "2025-11-26T08:00")
    assert result.lines == [
        f"content/{TOMORROW}:10: programado: se publicará el 26 de noviembre de 2025 a las "
        "09:00 (America/Mexico_City); hasta entonces no aparece en el sitio, los feeds, la "
        "búsqueda ni los datos.",
        "0 errores, 0 avisos en 2 boletines.",
    ]
    assert result.code == 0
    assert cli("check", "--now", "2025-11-26T09:00").lines == [
        "0 errores, 0 avisos en 2 boletines."
    ]


def test_check_warns_of_a_link_to_a_bulletin_published_later(cli, write):
    body = "Vea [la jornada](/2025/2025-11-26-jornada-de-vacunacion/).\n"
    write({PUBLISHED: bulletin(body=body), TOMORROW: tomorrow()})
    result = cli("check", "--now", "2025-11-25T12:00")
    assert result.lines[0] == (
        f"content/{PUBLISHED}:13: aviso: el enlace /2025/2025-11-26-jornada-de-vacunacion/ "
        "lleva a un boletín programado para el 26 de noviembre de 2025 a las 09:00; hasta "
        "entonces el enlace no funciona."
    )


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_mistyped_now_is_refused_with_exact_message(cli, archive, command):
    result = cli(command, "--now", "mañana a las 9")
    assert result.code == 1
    assert result.err.strip().splitlines() == [
        "--now: «mañana a las 9» no es una fecha y hora; escriba --now AAAA-MM-DDTHH:MM (hora "
        "del sitio), por ejemplo 2025-11-26T09:00, o con zona: 2025-11-26T09:00-06:00."
    ]


def test_parse_moment_reads_dates_local_times_and_offsets():
    assert parse_moment("2025-11-26") == dt.datetime(2025, 11, 26)
    assert parse_moment("2025-11-26T09:00") == dt.datetime(2025, 11, 26, 9)
    assert parse_moment(" 2025-11-26T09:00-06:00 ") == dt.datetime(
        2025, 11, 26, 9, tzinfo=dt.timezone(dt.timedelta(hours=-6))
    )
    assert parse_moment("mañana") is None


def make(path: str, date: dt.date | None, publish: dt.datetime | None = None) -> Bulletin:
    return Bulletin(source=None, slug_path=path, title=path, body="", date=date, publish=publish)


def test_split_due_gives_the_span_in_which_the_same_bulletins_are_due():
    bulletins = [
        make("a", dt.date(2025, 11, 24)),
        make("b", dt.date(2025, 11, 26), dt.datetime(2025, 11, 26, 9)),
        make("c", dt.date(2025, 11, 27)),
        make("d", None),
    ]
    schedule = split_due(bulletins, dt.datetime(2025, 11, 26, 8), MEXICO)
    assert [b.slug_path for b in schedule.due] == ["a", "d"]
    assert [b.slug_path for b, _ in schedule.waiting] == ["b", "c"]
    assert schedule.since == dt.datetime(2025, 11, 24, tzinfo=MEXICO)
    assert schedule.until == dt.datetime(2025, 11, 26, 9, tzinfo=MEXICO)
    assert schedule.span() == ("2025-11-24T06:00:00+00:00", "2025-11-26T15:00:00+00:00")


def test_an_offset_in_publish_wins_over_the_site_zone():
    utc = make("x", None, dt.datetime(2025, 11, 26, 15, tzinfo=dt.UTC))
    assert publish_at(utc, MEXICO) == localized(dt.datetime(2025, 11, 26, 9), MEXICO)
    assert publish_at(make("y", None), MEXICO) is None


def test_a_machine_without_time_zone_data_gets_a_message_not_a_traceback(cli, archive, monkeypatch):
    import zoneinfo

    import builder.core.zones

    def unknown(name: str):
        raise zoneinfo.ZoneInfoNotFoundError(name)

    monkeypatch.setattr(builder.core.zones, "time_zone", unknown)
    monkeypatch.setattr(zoneinfo, "available_timezones", set)
    result = cli("build", "--no-search")
    assert result.code == 1
    assert result.err.strip().splitlines() == [
        "site.yaml: este equipo no tiene los datos de zonas horarias para saber qué hora es en "
        '"America/Mexico_City"; instálelos (pip install tzdata) y vuelva a intentarlo.'
    ]


def test_a_preview_drops_the_mark_once_the_moment_has_passed(cli, site, archive):
    page = site / "_site" / TOMORROW.removesuffix(".md") / "index.html"
    cli("build", "--no-search", "--drafts", "--now", "2025-11-26T08:00")
    assert "Programado: se publica" in page.read_text(encoding="utf-8")
    later = cli("build", "--no-search", "--drafts", "--now", "2025-11-26T09:30")
    assert not later.lines[0].startswith("sin cambios")
    assert "Programado: se publica" not in page.read_text(encoding="utf-8")
