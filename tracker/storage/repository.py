"""The storage API the interfaces use: domain objects in, domain objects out.

Each public method is one unit of work with its own session; writes are one transaction that
takes the write lock at BEGIN. Reads fetch plain column tuples, not ORM objects, so that the
views cost what they show and history reads stay one quick pass.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.exc import DatabaseError as SQLDatabaseError
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from tracker.domain import clock
from tracker.domain.errors import InputRefused, UnusableFile
from tracker.domain.nights import Change, Night, Targets, apply_change, targets_for
from tracker.domain.practices import (
    CUSTOM_CATEGORIES,
    Category,
    Kind,
    Mark,
    Practice,
    unknown_key_message,
    validate_key,
    validate_label,
)
from tracker.domain.preferences import PREFERENCE_NAMES, Preferences, parse_preference
from tracker.storage.database import prepare_database
from tracker.storage.engine import WRITE, make_engine
from tracker.storage.tables import MarkRow, NightRow, PracticeRow, SettingRow, TargetRow

NIGHT = NightRow.__table__
MARK = MarkRow.__table__
PRACTICE = PracticeRow.__table__
TARGET = TargetRow.__table__
SETTING = SettingRow.__table__

_NIGHT_COLUMNS = (
    NIGHT.c.night,
    NIGHT.c.bedtime,
    NIGHT.c.wake,
    NIGHT.c.quality,
    NIGHT.c.room_temp_c,
    NIGHT.c.note,
    NIGHT.c.in_bed,
    NIGHT.c.out_of_bed,
    NIGHT.c.latency,
    NIGHT.c.awakenings,
    NIGHT.c.waso,
)


class Repository:
    """Everything the tracker stores, behind plain methods."""

    def __init__(self, engine: Engine, path: Path) -> None:
        self.engine = engine
        self.path = path
        self._writer = engine.execution_options(**WRITE)

    @classmethod
    def open(cls, path: Path) -> Repository:
        """Check, create or migrate the file at ``path`` and connect to it.

        Raises:
            UnusableFile: see ``fileguard.inspect_database``.
        """
        prepare_database(path)
        return cls(make_engine(path), path)

    def close(self) -> None:
        self.engine.dispose()

    def read_session(self) -> Session:
        """A session for one read-only unit of work."""
        return Session(self.engine)

    def write_session(self) -> Session:
        """A session whose transaction takes the write lock at BEGIN."""
        return Session(self._writer)

    # Nights ---------------------------------------------------------------------------

    def get_night(self, night: date) -> Night | None:
        nights = self.nights_between(night, night)
        return nights[0] if nights else None

    def nights_between(self, first: date, last: date) -> list[Night]:
        """Logged nights from ``first`` to ``last`` inclusive, oldest first."""
        marks = _MarksParser()
        fromiso = date.fromisoformat
        rows = self._read_rows(_NIGHTS_BETWEEN_SQL, (first.isoformat(), last.isoformat()))
        return [
            Night(
                night=fromiso(row[0]),
                bedtime=row[1],
                wake=row[2],
                quality=row[3],
                room_temp_c=row[4],
                note=row[5],
                marks=dict(marks(row[11])),
                in_bed=row[6],
                out_of_bed=row[7],
                latency=row[8],
                awakenings=row[9],
                waso=row[10],
            )
            for row in rows
        ]

    def history(self, last: date) -> list[Night]:
        """Every night up to ``last`` with only times and marks: the input of streaks."""
        marks = _MarksParser()
        fromiso = date.fromisoformat
        return [
            Night(fromiso(night), bedtime, wake, marks=dict(marks(text)))
            for night, bedtime, wake, text in self._read_rows(_HISTORY_SQL, (last.isoformat(),))
        ]

    def _read_rows(self, sql: str, parameters: tuple[object, ...]) -> list[tuple]:
        """All rows of one read statement, as plain tuples from the driver's own cursor.

        History reads run on decades of nights, where building SQLAlchemy rows costs more than
        the query; one statement is also one consistent snapshot without a transaction.
        """
        with self.engine.connect() as connection, guard(self.path):
            cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            try:
                return cursor.execute(sql, parameters).fetchall()
            finally:
                cursor.close()

    def night_dates(self) -> tuple[date | None, date | None, int]:
        """First and last logged night and how many there are."""
        with self.read_session() as session, guard(self.path):
            first, last, count = session.execute(
                select(func.min(NIGHT.c.night), func.max(NIGHT.c.night), func.count())
            ).one()
        return (
            date.fromisoformat(first) if first else None,
            date.fromisoformat(last) if last else None,
            int(count),
        )

    def save_change(self, night: date, change: Change, *, default_night: date) -> Night:
        """Merge ``change`` into a night in one transaction and return the night as saved.

        Raises:
            InputRefused: a future night, an unknown or derived practice, or a merged night
                that breaks a rule; nothing is written.
        """
        if night > default_night:
            raise InputRefused(
                f"{night.isoformat()} is in the future; the latest night you can log is "
                f"{default_night.isoformat()}"
            )
        if change.empty:
            raise InputRefused("Nothing to record: give at least one field or practice")
        with self.write_session() as session, guard(self.path):
            practices = self._practices(session)
            _check_markable(change.marks, practices)
            current = _assemble(
                session.execute(
                    select(*_NIGHT_COLUMNS).where(NIGHT.c.night == night.isoformat())
                ).all(),
                session.execute(
                    select(MARK.c.night, MARK.c.practice, MARK.c.state).where(
                        MARK.c.night == night.isoformat()
                    )
                ).all(),
            )
            merged = apply_change(current[0] if current else None, night, change)
            upsert_night(session, merged)
            session.commit()
        return merged

    def bulk_save(
        self,
        nights: Sequence[Night],
        *,
        new_practices: Sequence[Practice] = (),
        replace: bool = False,
    ) -> None:
        """Write many already-validated nights (and new custom practices) in one transaction.

        With ``replace`` the given nights overwrite stored ones (their marks included);
        without it a night already stored is a refusal and nothing is written.

        Raises:
            InputRefused: nights already present (without ``replace``).
        """
        keys = [night.night.isoformat() for night in nights]
        with self.write_session() as session, guard(self.path):
            present: list[str] = []
            for chunk_start in range(0, len(keys), 500):  # SQLite's variable limit
                chunk = keys[chunk_start : chunk_start + 500]
                present += (
                    session.execute(select(NIGHT.c.night).where(NIGHT.c.night.in_(chunk)))
                    .scalars()
                    .all()
                )
            if present and not replace:
                shown = ", ".join(sorted(present)[:10]) + (" ..." if len(present) > 10 else "")
                raise InputRefused(
                    f"{len(present)} night(s) already logged: {shown} (use --replace to overwrite)"
                )
            if new_practices:
                self.add_practices(session, new_practices)
            for chunk_start in range(0, len(present), 500):
                session.execute(
                    delete(NIGHT).where(NIGHT.c.night.in_(present[chunk_start : chunk_start + 500]))
                )
            if nights:
                session.execute(NIGHT.insert(), [night_values(night) for night in nights])
                mark_rows = [
                    {"night": night.night.isoformat(), "practice": key, "state": str(mark)}
                    for night in nights
                    for key, mark in night.marks.items()
                ]
                if mark_rows:
                    session.execute(MARK.insert(), mark_rows)
            session.commit()

    def delete_night(self, night: date) -> bool:
        with self.write_session() as session, guard(self.path):
            result = session.execute(delete(NIGHT).where(NIGHT.c.night == night.isoformat()))
            session.commit()
        return bool(result.rowcount)

    # Practices ------------------------------------------------------------------------

    def practices(self) -> list[Practice]:
        """All practices, archived included, in their order."""
        with self.read_session() as session, guard(self.path):
            return self._practices(session)

    @staticmethod
    def _practices(session: Session) -> list[Practice]:
        rows = session.execute(
            select(
                PRACTICE.c.key,
                PRACTICE.c.label,
                PRACTICE.c.category,
                PRACTICE.c.kind,
                PRACTICE.c.position,
                PRACTICE.c.archived,
                PRACTICE.c.builtin,
            )
            # Schedule practices come last: a custom practice added later goes above them.
            .order_by(PRACTICE.c.kind == "derived", PRACTICE.c.position, PRACTICE.c.key)
        ).all()
        return [
            Practice(
                key, label, Category(category), Kind(kind), position, bool(archived), bool(builtin)
            )
            for key, label, category, kind, position, archived, builtin in rows
        ]

    def add_practice(self, key: str, label: str, category: Category = Category.CUSTOM) -> Practice:
        validate_key(key)
        label = validate_label(label)
        if category not in CUSTOM_CATEGORIES:
            raise InputRefused(f"A custom practice cannot be in the {category} category")
        with self.write_session() as session, guard(self.path):
            existing = {practice.key: practice for practice in self._practices(session)}
            if key in existing:
                state = " (archived; restore it instead)" if existing[key].archived else ""
                raise InputRefused(f"A practice with the key '{key}' already exists{state}")
            position = max((p.position for p in existing.values()), default=0) + 1
            session.execute(
                PRACTICE.insert().values(
                    key=key,
                    label=label,
                    category=str(category),
                    kind="checked",
                    position=position,
                    archived=False,
                    builtin=False,
                )
            )
            session.commit()
        return Practice(key, label, category, Kind.CHECKED, position)

    def add_practices(self, session: Session, practices: Iterable[Practice]) -> None:
        """Insert custom practices inside a caller's transaction (CSV import)."""
        start = session.execute(select(func.max(PRACTICE.c.position))).scalar() or 0
        for offset, practice in enumerate(practices, start=1):
            session.execute(
                PRACTICE.insert().values(
                    key=practice.key,
                    label=practice.label,
                    category=str(practice.category),
                    kind="checked",
                    position=start + offset,
                    archived=practice.archived,
                    builtin=False,
                )
            )

    def _existing_practice(self, session: Session, key: str) -> Practice:
        practices = self._practices(session)
        for practice in practices:
            if practice.key == key:
                return practice
        raise InputRefused(unknown_key_message(key, [p.key for p in practices]))

    def rename_practice(self, key: str, label: str) -> Practice:
        label = validate_label(label)
        with self.write_session() as session, guard(self.path):
            practice = self._existing_practice(session, key)
            session.execute(update(PRACTICE).where(PRACTICE.c.key == key).values(label=label))
            session.commit()
        return Practice(
            practice.key,
            label,
            practice.category,
            practice.kind,
            practice.position,
            practice.archived,
            practice.builtin,
        )

    def set_archived(self, key: str, archived: bool) -> Practice:
        with self.write_session() as session, guard(self.path):
            practice = self._existing_practice(session, key)
            if practice.derived:
                raise InputRefused(
                    f"'{key}' is computed from your bed and wake times and cannot be "
                    f"{'archived' if archived else 'restored'}"
                )
            if practice.archived == archived:
                raise InputRefused(f"'{key}' is already {'archived' if archived else 'active'}")
            session.execute(update(PRACTICE).where(PRACTICE.c.key == key).values(archived=archived))
            session.commit()
        return Practice(
            practice.key,
            practice.label,
            practice.category,
            practice.kind,
            practice.position,
            archived,
            practice.builtin,
        )

    def move_practice(self, key: str, position: int) -> list[Practice]:
        """Put a checked practice at ``position`` (from 1) among the checked practices."""
        with self.write_session() as session, guard(self.path):
            practice = self._existing_practice(session, key)
            if practice.derived:
                raise InputRefused(f"'{key}' is computed from your times and always comes last")
            checked = [p for p in self._practices(session) if not p.derived]
            if not 1 <= position <= len(checked):
                raise InputRefused(f"Position must be 1-{len(checked)}, not {position}")
            order = [p for p in checked if p.key != key]
            order.insert(position - 1, practice)
            derived = [p for p in self._practices(session) if p.derived]
            for index, item in enumerate([*order, *derived], start=1):
                session.execute(
                    update(PRACTICE).where(PRACTICE.c.key == item.key).values(position=index)
                )
            session.commit()
        return self.practices()

    # Targets and preferences ----------------------------------------------------------

    def targets_history(self) -> list[Targets]:
        with self.read_session() as session, guard(self.path):
            rows = session.execute(
                select(
                    TARGET.c.effective_from, TARGET.c.bedtime, TARGET.c.wake, TARGET.c.tolerance
                ).order_by(TARGET.c.effective_from)
            ).all()
        return [Targets(date.fromisoformat(d), bed, wake, tol) for d, bed, wake, tol in rows]

    def set_target(self, name: str, value: int, effective_from: date) -> Targets:
        """Change one target from a night on; nights before it keep the targets they had."""
        if name not in ("bedtime", "wake", "tolerance"):
            raise InputRefused(f"Unknown target '{name}'")
        if name == "tolerance" and not 0 <= value <= 180:
            raise InputRefused(f"tolerance must be 0-180 minutes, not {value}")
        with self.write_session() as session, guard(self.path):
            rows = session.execute(
                select(TARGET.c.effective_from, TARGET.c.bedtime, TARGET.c.wake, TARGET.c.tolerance)
            ).all()
            history = [Targets(date.fromisoformat(d), b, w, t) for d, b, w, t in rows]
            base = targets_for(effective_from, history)
            values = {"bedtime": base.bedtime, "wake": base.wake, "tolerance": base.tolerance}
            values[name] = value
            session.execute(
                insert(TARGET)
                .values(effective_from=effective_from.isoformat(), **values)
                .on_conflict_do_update(index_elements=["effective_from"], set_=values)
            )
            # "Nights from then on are judged by the new target": later versions, which
            # exist for the other targets, take the new value of this one too.
            session.execute(
                update(TARGET)
                .where(TARGET.c.effective_from > effective_from.isoformat())
                .values({name: value})
            )
            session.commit()
        return Targets(effective_from, **values)

    def preferences(self) -> Preferences:
        with self.read_session() as session, guard(self.path):
            rows = session.execute(select(SETTING.c.name, SETTING.c.value)).all()
        return Preferences.from_stored(dict(rows))

    def set_preference(self, name: str, raw: str) -> Preferences:
        if name not in PREFERENCE_NAMES:
            raise InputRefused(f"Unknown setting '{name}'")
        value = parse_preference(name, raw)
        with self.write_session() as session, guard(self.path):
            session.execute(
                insert(SETTING)
                .values(name=name, value=str(value))
                .on_conflict_do_update(index_elements=["name"], set_={"value": str(value)})
            )
            session.commit()
        return self.preferences()


def _check_markable(marks: dict[str, Mark | None] | object, practices: Sequence[Practice]) -> None:
    by_key = {practice.key: practice for practice in practices}
    for key in marks:  # type: ignore[attr-defined]
        practice = by_key.get(key)
        if practice is None:
            raise InputRefused(
                unknown_key_message(key, [p.key for p in practices if not p.derived])
            )
        if practice.derived:
            raise InputRefused(
                f"'{key}' is computed from your bed and wake times; log --bed/--wake instead"
            )
        if practice.archived and marks[key] is not None:  # type: ignore[index]
            raise InputRefused(
                f"'{key}' is archived; restore it first (sleep-tracker practices restore {key})"
            )


def _assemble(rows: Sequence[tuple], marks: Sequence[tuple]) -> list[Night]:
    by_night: dict[str, dict[str, Mark]] = defaultdict(dict)
    for night, practice, state in marks:
        by_night[night][practice] = Mark(state)
    return [
        Night(
            night=date.fromisoformat(row[0]),
            bedtime=row[1],
            wake=row[2],
            quality=row[3],
            room_temp_c=row[4],
            note=row[5],
            marks=by_night.get(row[0], {}),
            in_bed=row[6],
            out_of_bed=row[7],
            latency=row[8],
            awakenings=row[9],
            waso=row[10],
        )
        for row in rows
    ]


_MARKS_OF_NIGHT = (
    "(SELECT group_concat(m.practice || ':' || m.state) FROM mark AS m WHERE m.night = n.night)"
)
_NIGHTS_BETWEEN_SQL = (
    "SELECT n.night, n.bedtime, n.wake, n.quality, n.room_temp_c, n.note, n.in_bed, "
    f"n.out_of_bed, n.latency, n.awakenings, n.waso, {_MARKS_OF_NIGHT} "
    "FROM night AS n WHERE n.night BETWEEN ? AND ? ORDER BY n.night"
)
_HISTORY_SQL = (
    f"SELECT n.night, n.bedtime, n.wake, {_MARKS_OF_NIGHT} "
    "FROM night AS n WHERE n.night <= ? ORDER BY n.night"
)
_MARK_OF_TEXT = {str(mark): mark for mark in Mark}


class _MarksParser:
    """Turns a night's ``key:state,...`` text into (key, Mark) pairs, each distinct text once.

    Practice keys are ``[a-z][a-z0-9_]*`` and states are words, so neither holds ``:`` or
    ``,``. Over a long history the same few hundred combinations recur, so each is parsed once.
    """

    def __init__(self) -> None:
        self._seen: dict[str | None, tuple[tuple[str, Mark], ...]] = {None: ()}

    def __call__(self, text: str | None) -> tuple[tuple[str, Mark], ...]:
        pairs = self._seen.get(text)
        if pairs is None:
            pairs = tuple(
                (key, _MARK_OF_TEXT[state])
                for key, _, state in (item.partition(":") for item in text.split(","))  # type: ignore[union-attr]
            )
            self._seen[text] = pairs
        return pairs


def night_values(night: Night) -> dict[str, object]:
    """A night as the columns of its row."""
    return {
        "night": night.night.isoformat(),
        "bedtime": night.bedtime,
        "wake": night.wake,
        "quality": night.quality,
        "room_temp_c": night.room_temp_c,
        "note": night.note,
        "in_bed": night.in_bed,
        "out_of_bed": night.out_of_bed,
        "latency": night.latency,
        "awakenings": night.awakenings,
        "waso": night.waso,
        "updated_at": datetime.now().isoformat(timespec="seconds"),
    }


def upsert_night(session: Session, night: Night) -> None:
    values = night_values(night)
    session.execute(
        insert(NIGHT)
        .values(**values)
        .on_conflict_do_update(
            index_elements=["night"], set_={k: v for k, v in values.items() if k != "night"}
        )
    )
    session.execute(delete(MARK).where(MARK.c.night == values["night"]))
    if night.marks:
        session.execute(
            MARK.insert(),
            [
                {"night": values["night"], "practice": k, "state": str(m)}
                for k, m in night.marks.items()
            ],
        )


class guard:
    """Turns SQLite failures into a one-line UnusableFile naming the path."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type | None, error: BaseException | None, _tb: object) -> bool:
        if isinstance(error, OperationalError | SQLDatabaseError | sqlite3.Error):
            reason = str(getattr(error, "orig", error)) or "database error"
            raise UnusableFile(f"Cannot use {self.path}: {reason}") from None
        return False


__all__ = ["Repository", "night_values", "clock"]
