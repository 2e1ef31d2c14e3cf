"""SQLModel tables: the latest schema as written by ``migrations.py``.

These classes are the only place rows are described; the repository turns them into
domain objects so no interface ever holds a row.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class NightRow(SQLModel, table=True):
    __tablename__ = "night"

    night: str = Field(primary_key=True)
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
    kind: str = "checked"
    position: int
    archived: bool = False
    builtin: bool = False


class MarkRow(SQLModel, table=True):
    __tablename__ = "mark"

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
