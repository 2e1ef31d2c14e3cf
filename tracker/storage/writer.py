"""Every write of the tracker, through SQLModel sessions, one transaction each.

Imported by the repository on its first write only: SQLAlchemy, SQLModel and pydantic cost
about 250 ms to import, which must not stand before the app's first data on screen or a
read-only command. Each transaction takes the write lock at BEGIN (see ``engine.py``).
What it reads inside a transaction (a night, the practices, the targets) and every row it
writes go through ``mapping.py``, as the repository's reads do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from tracker.domain.errors import InputRefused
from tracker.domain.nights import Change, Night, Targets, check_in, targets_for
from tracker.domain.practices import (
    CUSTOM_CATEGORIES,
    Category,
    Kind,
    Practice,
    unknown_key_message,
    validate_key,
    validate_label,
)
from tracker.domain.preferences import PREFERENCE_NAMES, parse_preference
from tracker.domain.values import check_tolerance
from tracker.storage import mapping
from tracker.storage.dialects import for_dialect
from tracker.storage.engine import WRITE, make_engine
from tracker.storage.tables import MarkRow, NightRow, PracticeRow, SettingRow, TargetRow

NIGHT = NightRow.__table__
MARK = MarkRow.__table__
PRACTICE = PracticeRow.__table__
TARGET = TargetRow.__table__
SETTING = SettingRow.__table__

CHUNK = 500
"""Rows per IN (...) list: below SQLite's limit on bound variables."""


class Writer:
    """Write transactions on one database file."""

    def __init__(self, path: Path | Engine) -> None:
        """On a file (its own engine), or on a server's engine (``server.py``)."""
        self._owns_engine = not isinstance(path, Engine)
        self.engine = path if isinstance(path, Engine) else make_engine(path)
        self._writer = self.engine.execution_options(**WRITE)

    def close(self) -> None:
        if self._owns_engine:  # a server's engine belongs to its repository
            self.engine.dispose()

    def session(self) -> Session:
        """A session whose transaction takes the write lock at BEGIN."""
        return Session(self._writer)

    # Nights ---------------------------------------------------------------------------

    def save_change(self, night: date, change: Change, default_night: date) -> Night:
        with self.session() as session:
            merged = check_in(
                _night(session, night),
                night,
                change,
                default_night=default_night,
                practices=_practices(session),
            )
            upsert_night(session, merged)
            session.commit()
        return merged

    def bulk_save(
        self,
        nights: Sequence[Night],
        new_practices: Sequence[Practice],
        replace: bool,
        unchanged: Mapping[date, Night | None] | None = None,
    ) -> None:
        keys = [night.night.isoformat() for night in nights]
        with self.session() as session:
            if unchanged:
                _refuse_changed(session, unchanged)
            present: list[str] = []
            for start in range(0, len(keys), CHUNK):
                chunk = keys[start : start + CHUNK]
                present += session.execute(
                    select(NIGHT.c.night).where(NIGHT.c.night.in_(chunk))
                ).scalars()
            if present and not replace:
                shown = ", ".join(sorted(present)[:10]) + (" ..." if len(present) > 10 else "")
                raise InputRefused(
                    f"{len(present)} night(s) already logged: {shown} (use --replace to overwrite)"
                )
            if new_practices:
                _add_practices(session, new_practices)
            for start in range(0, len(present), CHUNK):
                chunk = present[start : start + CHUNK]
                session.execute(delete(NIGHT).where(NIGHT.c.night.in_(chunk)))
            if nights:
                now = _now()
                session.execute(NIGHT.insert(), [mapping.night_row(n, now) for n in nights])
                marks = mapping.mark_rows(nights)
                if marks:
                    session.execute(MARK.insert(), marks)
            session.commit()

    # Practices ------------------------------------------------------------------------

    def add_practice(
        self, key: str, label: str, category: Category, added: date | None = None
    ) -> Practice:
        validate_key(key)
        label = validate_label(label)
        if category not in CUSTOM_CATEGORIES:
            raise InputRefused(f"A custom practice cannot be in the {category} category")
        with self.session() as session:
            existing = {practice.key: practice for practice in _practices(session)}
            if key in existing:
                state = " (archived; restore it instead)" if existing[key].archived else ""
                raise InputRefused(f"A practice with the key '{key}' already exists{state}")
            position = max((p.position for p in existing.values()), default=0) + 1
            practice = Practice(key, label, category, Kind.CHECKED, position, added=added)
            session.execute(PRACTICE.insert().values(**mapping.practice_row(practice)))
            session.commit()
        return practice

    def rename_practice(self, key: str, label: str) -> Practice:
        label = validate_label(label)
        with self.session() as session:
            practice = replace(_existing_practice(session, key), label=label)
            _update_practice(session, practice)
            session.commit()
        return practice

    def set_archived(self, key: str, archived: bool) -> Practice:
        with self.session() as session:
            practice = _existing_practice(session, key)
            if practice.derived:
                raise InputRefused(
                    f"'{key}' is computed from your bed and wake times and cannot be "
                    f"{'archived' if archived else 'restored'}"
                )
            if practice.archived == archived:
                raise InputRefused(f"'{key}' is already {'archived' if archived else 'active'}")
            practice = replace(practice, archived=archived)
            _update_practice(session, practice)
            session.commit()
        return practice

    def move_practice(self, key: str, position: int) -> None:
        with self.session() as session:
            practice = _existing_practice(session, key)
            if practice.derived:
                raise InputRefused(f"'{key}' is computed from your times and always comes last")
            practices = _practices(session)
            checked = [p for p in practices if not p.derived]
            if not 1 <= position <= len(checked):
                raise InputRefused(f"Position must be 1-{len(checked)}, not {position}")
            order = [p for p in checked if p.key != key]
            order.insert(position - 1, practice)
            derived = [p for p in practices if p.derived]
            for index, item in enumerate([*order, *derived], start=1):
                if item.position != index:
                    _update_practice(session, replace(item, position=index))
            session.commit()

    # Targets and preferences ----------------------------------------------------------

    def set_target(self, name: str, value: int, effective_from: date) -> Targets:
        if name not in ("bedtime", "wake", "tolerance"):
            raise InputRefused(f"Unknown target '{name}'")
        if name == "tolerance":
            check_tolerance(value)
        with self.session() as session:
            base = targets_for(effective_from, mapping.targets_history(_run(session)))
            if getattr(base, name) == value:
                return base  # the version in force already says so: no row added
            targets = replace(base, effective_from=effective_from, **{name: value})
            row = mapping.target_row(targets)
            session.execute(
                insert(session, TARGET)
                .values(**row)
                .on_conflict_do_update(
                    index_elements=["effective_from"],
                    set_={k: v for k, v in row.items() if k != "effective_from"},
                )
            )
            # Later versions are kept as they were: the new value applies until the next one
            # (DESIGN, Practices); the command or screen says which later version applies.
            session.commit()
        return targets

    def set_preference(self, name: str, raw: str) -> None:
        if name not in PREFERENCE_NAMES:
            raise InputRefused(f"Unknown setting '{name}'")
        value = str(parse_preference(name, raw))
        with self.session() as session:
            row = mapping.setting_row(name, value)
            session.execute(
                insert(session, SETTING)
                .values(**row)
                .on_conflict_do_update(index_elements=["name"], set_={"value": row["value"]})
            )
            session.commit()


def insert(session: Session, table: object) -> sqlite.Insert | postgresql.Insert:
    """An INSERT that can say ON CONFLICT DO UPDATE, in the session's SQL dialect."""
    dialect = session.connection().dialect.name
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return make(table)  # type: ignore[arg-type]


def _run(session: Session) -> mapping.Run:
    """Runs one of ``mapping``'s statements inside the session's transaction."""
    connection = session.connection()
    dialect = connection.dialect.name

    def run(sql: str, parameters: Sequence[object] = ()) -> list[tuple]:
        result = connection.exec_driver_sql(for_dialect(sql, dialect), tuple(parameters))
        return [tuple(row) for row in result]

    return run


def _dialect(session: Session) -> str:
    return session.connection().dialect.name


def _practices(session: Session) -> list[Practice]:
    """The practices as the repository reads them (``mapping.practices``)."""
    return mapping.practices(_run(session))


def _night(session: Session, night: date) -> Night | None:
    """The night as the repository reads it (``mapping.night``), inside the transaction."""
    return mapping.night(_run(session), _dialect(session), night)


def _refuse_changed(session: Session, seen: Mapping[date, Night | None]) -> None:
    """Refuse when a night differs from how it was read before the transaction began."""
    first, last = min(seen), max(seen)
    stored = mapping.nights_between(_run(session), _dialect(session), first, last)
    now = {night.night: night for night in stored}
    changed = sorted(night for night, before in seen.items() if now.get(night) != before)
    if changed:
        shown = ", ".join(n.isoformat() for n in changed[:5]) + (" ..." if len(changed) > 5 else "")
        raise InputRefused(
            f"{len(changed)} night(s) changed while the import was being prepared "
            f"(another program saved them): {shown}. Nothing was imported; run it again"
        )


def _existing_practice(session: Session, key: str) -> Practice:
    practices = _practices(session)
    for practice in practices:
        if practice.key == key:
            return practice
    raise InputRefused(unknown_key_message(key, [p.key for p in practices]))


def _update_practice(session: Session, practice: Practice) -> None:
    """Write a practice's row again as ``mapping.practice_row`` makes it."""
    session.execute(
        update(PRACTICE)
        .where(PRACTICE.c.key == practice.key)
        .values(**mapping.practice_row(practice))
    )


def _add_practices(session: Session, practices: Iterable[Practice]) -> None:
    """Insert custom practices inside the caller's transaction (CSV import)."""
    start = session.execute(select(func.max(PRACTICE.c.position))).scalar() or 0
    for offset, practice in enumerate(practices, start=1):
        row = replace(practice, kind=Kind.CHECKED, position=start + offset, builtin=False)
        session.execute(PRACTICE.insert().values(**mapping.practice_row(row)))


def _now() -> str:
    """The ``updated_at`` of rows written now."""
    return datetime.now().isoformat(timespec="seconds")


def upsert_night(session: Session, night: Night) -> None:
    row = mapping.night_row(night, _now())
    session.execute(
        insert(session, NIGHT)
        .values(**row)
        .on_conflict_do_update(
            index_elements=["night"], set_={k: v for k, v in row.items() if k != "night"}
        )
    )
    session.execute(delete(MARK).where(MARK.c.night == row["night"]))
    if night.marks:
        session.execute(MARK.insert(), mapping.mark_rows([night]))
