"""SQLModel tables: the one definition of the schema.

A server database is created from these classes (``server.py``); a file is built by the
ordered migrations of ``migrations.py``, and a test checks that a migrated blank file matches
these tables (columns, CHECK rules, indexes, foreign keys, defaults). ``mapping.py`` maps
their rows to domain objects and back; its plain column lists are checked against these
classes by a test.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Index, text
from sqlmodel import Field, SQLModel


def _between(column: str, low: int, high: int) -> CheckConstraint:
    return CheckConstraint(f"{column} BETWEEN {low} AND {high}", name=f"{column}_range")


class NightRow(SQLModel, table=True):
    __tablename__ = "night"
    __table_args__ = (
        _between("bedtime", 0, 1439),
        _between("wake", 0, 1439),
        _between("quality", 1, 5),
        _between("in_bed", 0, 1439),
        _between("out_of_bed", 0, 1439),
        _between("latency", 0, 720),
        _between("awakenings", 0, 99),
        _between("waso", 0, 720),
    )

    night: str = Field(primary_key=True)
    """ISO date the evening began."""
    bedtime: int | None = None
    wake: int | None = None
    quality: int | None = None
    room_temp_c: float | None = None
    note: str | None = None
    updated_at: str
    in_bed: int | None = None
    out_of_bed: int | None = None
    latency: int | None = None
    awakenings: int | None = None
    waso: int | None = None


class PracticeRow(SQLModel, table=True):
    __tablename__ = "practice"

    key: str = Field(primary_key=True)
    label: str
    category: str
    kind: str = Field(default="checked", sa_column_kwargs={"server_default": "checked"})
    position: int
    # A boolean on a server; in a file an INTEGER 0/1, as migration 1 made it.
    archived: bool = Field(default=False, sa_column_kwargs={"server_default": text("false")})
    builtin: bool = Field(default=False, sa_column_kwargs={"server_default": text("false")})
    added: str | None = None
    """ISO night the practice was added on (schema 3); NULL: it has always been there."""


class MarkRow(SQLModel, table=True):
    __tablename__ = "mark"
    __table_args__ = (
        CheckConstraint("state IN ('done', 'missed', 'skipped')", name="state_known"),
        Index("mark_by_practice", "practice", "night"),
    )

    night: str = Field(primary_key=True, foreign_key="night.night", ondelete="CASCADE")
    practice: str = Field(primary_key=True, foreign_key="practice.key")
    state: str


class TargetRow(SQLModel, table=True):
    __tablename__ = "target"

    effective_from: str = Field(primary_key=True)
    bedtime: int
    wake: int
    tolerance: int


class SettingRow(SQLModel, table=True):
    __tablename__ = "setting"

    name: str = Field(primary_key=True)
    value: str
