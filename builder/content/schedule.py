"""Scheduled publication: which bulletins are due at a given moment.

A bulletin is due from its ``publish`` moment when it has one, else from the start of its
``date`` (00:00) in the site's time zone (site.yaml ``timezone``, by default
America/Mexico_City); an undated bulletin without ``publish`` is always due. A ``publish``
written without an offset is a local time in the site's zone.

The moment "now" is a value the build is given (``boletines build --now``, by default the
clock as the command starts); nothing here reads the clock. What a build publishes depends
on the moment only through :func:`split_due`, and :class:`Schedule` says for which span
of moments the same bulletins are due, so a build with nothing new due changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from builder.content.model import Bulletin
from builder.core.zones import localized


def publish_at(bulletin: Bulletin, zone: dt.tzinfo) -> dt.datetime | None:
    """The moment ``bulletin`` becomes due, in ``zone``; None when it always is."""
    if bulletin.publish is not None:
        return localized(bulletin.publish, zone).astimezone(zone)
    if bulletin.date is not None:
        return dt.datetime.combine(bulletin.date, dt.time(), tzinfo=zone)
    return None


@dataclass(frozen=True)
class Schedule:
    """The bulletins due at one moment, those still waiting (soonest first, each with its
    moment), and the span ``[since, until)`` of moments at which the same ones are due:
    ``since`` is the latest moment among the due ones, ``until`` the soonest waiting one."""

    due: tuple[Bulletin, ...]
    waiting: tuple[tuple[Bulletin, dt.datetime], ...] = ()
    since: dt.datetime | None = None

    @property
    def until(self) -> dt.datetime | None:
        return self.waiting[0][1] if self.waiting else None

    def span(self) -> tuple[str | None, str | None]:
        """``since`` and ``until`` as ISO text in UTC, for the build manifest."""
        return (_utc_text(self.since), _utc_text(self.until))


def _utc_text(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(dt.UTC).isoformat()


def split_due(bulletins: Iterable[Bulletin], now: dt.datetime, zone: dt.tzinfo) -> Schedule:
    """Which of ``bulletins`` are due at ``now`` (naive: a local time in ``zone``)."""
    now = localized(now, zone)
    due: list[Bulletin] = []
    waiting: list[tuple[Bulletin, dt.datetime]] = []
    since: dt.datetime | None = None
    for bulletin in bulletins:
        moment = publish_at(bulletin, zone)
        if moment is None or moment <= now:
            due.append(bulletin)
            if moment is not None and (since is None or moment > since):
                since = moment
        else:
            waiting.append((bulletin, moment))
    waiting.sort(key=lambda item: (item[1], item[0].slug_path))
    return Schedule(tuple(due), tuple(waiting), since)


def same_bulletins_due(span: object, now: dt.datetime, zone: dt.tzinfo) -> bool:
    """Whether ``now`` lies in a :meth:`Schedule.span` stored by an earlier build: then the
    same bulletins are due as then, whatever the clock says."""
    if not (isinstance(span, list | tuple) and len(span) == 2):
        return False
    try:
        since, until = (None if s is None else dt.datetime.fromisoformat(s) for s in span)
    except (TypeError, ValueError):
        return False
    now = localized(now, zone)
    return (since is None or since <= now) and (until is None or now < until)
