"""Time zones and moments: the site's zone (site.yaml ``timezone``) and ``--now``.

Every stage that needs a moment gets it as a value; nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from builder.core.errors import BoletinesError, error

DEFAULT_TIMEZONE = "America/Mexico_City"


def time_zone(name: str) -> dt.tzinfo:
    """The IANA zone ``name``; raises ``zoneinfo.ZoneInfoNotFoundError`` or ``ValueError``."""
    return zoneinfo.ZoneInfo(name)


def zone_problem(name: str) -> bool:
    """True when ``name`` is no time zone this machine (or the tzdata package) knows."""
    try:
        time_zone(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return True
    return False


def site_zone(name: str, config_path: str = "site.yaml") -> dt.tzinfo:
    """The site's zone, or a user error: the default zone is not checked when site.yaml is
    read, and a machine without time-zone data (Windows without the tzdata package, a
    slim container) knows none."""
    try:
        return time_zone(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        code = "config.no_timezone_data" if not zoneinfo.available_timezones() else None
        raise BoletinesError(
            [error(config_path, None, code or "config.bad_timezone", value=f'"{name}"')]
        ) from None


def localized(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """``moment`` as an aware time: a naive one is a local time in ``zone``."""
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


def parse_moment(text: str) -> dt.datetime | None:
    """``--now`` as given: ``2025-11-26``, ``2025-11-26T09:00`` or with an offset
    (``2025-11-26T09:00-06:00``, ``...Z``); None when it is none of those."""
    text = text.strip()
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment
