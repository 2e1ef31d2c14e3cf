"""One schema: the SQLModel tables. A migrated blank file and a blank server database both
match them column by column, and a server follows the file's version rules."""

from __future__ import annotations

import ast
import json
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import CheckConstraint, create_engine, inspect

from tests.safety.helpers import query, run_tracker
from tests.server.full_rows import every_field_set
from tracker.storage import mapping
from tracker.storage.database import ensure_database
from tracker.storage.dialects import MARK_SEPARATOR, MARKS_SEPARATOR
from tracker.storage.migrations import LATEST_VERSION
from tracker.storage.server import FIRST_SERVER_VERSION, SERVER_STEPS, tracker_tables

# What a column's declared type is, as either database reports it.
TYPE_FAMILY = {
    "INTEGER": "integer", "BOOLEAN": "boolean", "TEXT": "text", "VARCHAR": "text",
    "REAL": "real", "FLOAT": "real", "DOUBLE PRECISION": "real", "DOUBLE_PRECISION": "real",
}  # fmt: skip


def _family(type_name: str, *, file: bool) -> str:
    family = TYPE_FAMILY[type_name.upper().split("(")[0]]
    # SQLite has no boolean: migration 1 made the yes/no columns INTEGER 0/1.
    return "integer" if file and family == "boolean" else family


def _check_meaning(text: str) -> tuple:
    """A CHECK constraint's rule, the same whichever way a database writes it back
    (SQLite keeps ``x BETWEEN 0 AND 5``; PostgreSQL says ``x >= 0 AND x <= 5``)."""
    text = " ".join(text.split())
    bounded = re.fullmatch(r"(\w+) BETWEEN (-?\d+) AND (-?\d+)", text) or re.fullmatch(
        r"(\w+) >= (-?\d+) AND (\w+) <= (-?\d+)", text
    )
    if bounded and bounded.lastindex == 3:
        return ("between", bounded[1], int(bounded[2]), int(bounded[3]))
    if bounded and bounded[1] == bounded[3]:
        return ("between", bounded[1], int(bounded[2]), int(bounded[4]))
    one_of = re.fullmatch(r"(\w+) IN \((.*)\)", text) or re.fullmatch(
        r"(\w+)::text = ANY \(ARRAY\[(.*)\]::text\[\]\)", text
    )
    if one_of:
        return ("one of", one_of[1], tuple(sorted(re.findall(r"'([^']*)'", one_of[2]))))
    return ("unread", text)  # shows as a difference, never silently equal


def _default(text: object, *, file: bool) -> str:
    """A column's server default as one word (no quotes, no type cast)."""
    word = str(text).split("::")[0].strip("'")
    # SQLite has no boolean: migration 1 made the yes/no defaults 0 and 1.
    return {"false": "0", "true": "1"}.get(word, word) if file else word


def _described(engine_url: str, *, file: bool) -> dict[str, dict[str, list[tuple]]]:
    """Each table as the database describes it: columns, CHECK rules, indexes, foreign keys
    and column defaults."""
    engine = create_engine(engine_url)
    try:
        inspector = inspect(engine)
        described = {}
        for table in tracker_tables():
            keys = inspector.get_pk_constraint(table.name)["constrained_columns"]
            columns = inspector.get_columns(table.name)
            if file:  # SQLAlchemy does not read ON DELETE back from a file: SQLite does
                with engine.connect() as connection:
                    found = connection.exec_driver_sql(
                        f"PRAGMA foreign_key_list({table.name})"
                    ).fetchall()
                foreign = [
                    ((row[3],), row[2], (row[4],), None if row[6] == "NO ACTION" else row[6])
                    for row in found
                ]
            else:
                foreign = [
                    (
                        tuple(key["constrained_columns"]),
                        key["referred_table"],
                        tuple(key["referred_columns"]),
                        key["options"].get("ondelete"),
                    )
                    for key in inspector.get_foreign_keys(table.name)
                ]
            described[table.name] = {
                "columns": [
                    (column["name"], _family(str(column["type"]), file=file),
                     column["nullable"], column["name"] in keys)
                    for column in columns
                ],
                "checks": sorted(_check_meaning(check["sqltext"])
                                 for check in inspector.get_check_constraints(table.name)),
                "indexes": sorted((index["name"], tuple(index["column_names"]),
                                   bool(index["unique"]))
                                  for index in inspector.get_indexes(table.name)),
                "foreign_keys": sorted(foreign, key=str),
                "defaults": sorted((column["name"], _default(column["default"], file=file))
                                   for column in columns if column["default"] is not None),
            }  # fmt: skip
        return described
    finally:
        engine.dispose()


def _expected(*, file: bool) -> dict[str, dict[str, list[tuple]]]:
    """Each SQLModel table, described as ``_described`` describes a database."""
    return {
        table.name: {
            "columns": [
                (column.name, _family(type(column.type).__name__.replace("AutoString", "VARCHAR"),
                                      file=file),
                 bool(column.nullable), bool(column.primary_key))
                for column in table.columns
            ],
            "checks": sorted(_check_meaning(str(constraint.sqltext))
                             for constraint in table.constraints
                             if isinstance(constraint, CheckConstraint)),
            "indexes": sorted((index.name, tuple(column.name for column in index.columns),
                               bool(index.unique)) for index in table.indexes),
            "foreign_keys": sorted((((key.parent.name,), key.column.table.name,
                                     (key.column.name,), key.ondelete)
                                    for key in table.foreign_keys), key=str),
            "defaults": sorted(
                (column.name, _default(getattr(column.server_default.arg, "text",  # type: ignore[union-attr]
                                               column.server_default.arg), file=file))  # type: ignore[union-attr]
                for column in table.columns if column.server_default is not None
            ),
        }
        for table in tracker_tables()
    }  # fmt: skip


def test_a_migrated_blank_file_matches_the_sqlmodel_tables(tmp_path: Path) -> None:
    """Column by column, and the CHECK rules, indexes, foreign keys and defaults too."""
    path = tmp_path / "tracker.db"
    ensure_database(path)
    assert _described(f"sqlite:///{path}", file=True) == _expected(file=True)


def test_the_schema_comparison_sees_a_missing_check_or_index(tmp_path: Path) -> None:
    """A migration that forgot a CHECK or an index would not pass the test above."""
    path = tmp_path / "tracker.db"
    ensure_database(path)
    with closing(sqlite3.connect(path)) as db:
        db.execute("DROP INDEX mark_by_practice")
        db.execute("ALTER TABLE night DROP COLUMN waso")
        db.execute("ALTER TABLE night ADD COLUMN waso INTEGER")  # no CHECK this time
    found, expected = _described(f"sqlite:///{path}", file=True), _expected(file=True)
    assert found["mark"]["indexes"] == [] != expected["mark"]["indexes"]
    assert ("between", "waso", 0, 720) in expected["night"]["checks"]
    assert ("between", "waso", 0, 720) not in found["night"]["checks"]
    assert found["night"]["columns"] == expected["night"]["columns"]


def test_a_blank_server_database_matches_the_sqlmodel_tables(pg_url: str) -> None:
    made = run_tracker("week", "--db", pg_url)
    assert made.returncode == 0, made.stderr
    assert _described(pg_url, file=False) == _expected(file=False)


def test_every_check_rule_refuses_a_row_that_breaks_it(store: str) -> None:
    """On a migrated file and on a server: each CHECK of the SQLModel tables is in force."""
    made = run_tracker("checkin", "--night", "2026-01-01", "--done", "routine", db=store)  # type: ignore[arg-type]
    assert made.returncode == 0, made.stderr
    rules = [
        _check_meaning(str(constraint.sqltext))
        for table in tracker_tables()
        for constraint in table.constraints
        if isinstance(constraint, CheckConstraint)
    ]
    assert len(rules) == 9
    for index, rule in enumerate(rules):
        night = f"2026-02-{index + 1:02d}"
        if rule[0] == "between":
            for value in (rule[2] - 1, rule[3] + 1):
                with pytest.raises(Exception, match="(?i)check"):
                    query(store, f"INSERT INTO night (night, updated_at, {rule[1]}) "
                          "VALUES (?, 'now', ?)", (night, value))  # fmt: skip
            query(store, f"INSERT INTO night (night, updated_at, {rule[1]}) VALUES (?, 'now', ?)",
                  (night, rule[3]))  # fmt: skip
        else:
            assert rule == ("one of", "state", ("done", "missed", "skipped"))
            with pytest.raises(Exception, match="(?i)check"):
                query(store, "INSERT INTO mark VALUES ('2026-01-01', 'meditation', 'maybe')")


def test_the_mapping_names_every_column_of_every_table_in_order() -> None:
    """The mapping's plain column tuples (stdlib, for the fast read path) are the SQLModel
    tables' columns."""
    assert {table.name: tuple(table.columns.keys()) for table in tracker_tables()} == (
        mapping.COLUMNS
    )


def test_every_column_of_every_table_is_written_by_the_mapping() -> None:
    night, practice, targets = every_field_set()
    written = {
        "night": mapping.night_row(night, "2026-01-02T07:00:00"),
        "mark": mapping.mark_rows([night])[0],
        "practice": mapping.practice_row(practice),
        "target": mapping.target_row(targets),
        "setting": mapping.setting_row("unit", "F"),
    }
    for table in tracker_tables():
        assert tuple(written[table.name]) == tuple(table.columns.keys()), table.name
        assert None not in written[table.name].values(), table.name


def test_every_column_of_every_table_is_read_back_by_the_mapping() -> None:
    """Each row -> domain mapping turns the row ``domain -> row`` made back into the object."""
    night, practice, targets = every_field_set()
    row = mapping.night_row(night, "2026-01-02T07:00:00")
    marks = MARKS_SEPARATOR.join(
        f"{m['practice']}{MARK_SEPARATOR}{m['state']}" for m in mapping.mark_rows([night])
    )
    assert set(mapping.NIGHT_READ) | set(mapping.WRITTEN_ONLY["night"]) == set(row)
    read = (*(row[column] for column in mapping.NIGHT_READ), marks)
    assert mapping.night_from_row(read, mapping.MarksParser()) == night
    stored_practice = mapping.practice_row(practice)
    assert mapping.practice_from_row(*stored_practice.values()) == practice
    assert mapping.targets_from_row(*mapping.target_row(targets).values()) == targets
    assert mapping.preferences_from_rows([("unit", "F")]).unit == "F"


# Where SQL that reads or writes our tables may live, outside mapping.py, and why.
SQL_ELSEWHERE = {
    "dialects.py": "the fragments mapping.py builds its statements from",
    "migrations.py": "the file's schema history, frozen",
    "verify.py": "damage filters run in SQL before rows reach the mapping",
    "quick_status.py": "status's stdlib shortcut, which reads keys and counts only",
}
_TOUCHES_A_TABLE = re.compile(r"\b(FROM|INTO|UPDATE|JOIN)\s+(night|mark|practice|target|setting)\b")
KEY_COLUMNS = {"night", "key", "effective_from", "name", "position"}
"""What SQLAlchemy code outside mapping.py may name: keys (and the practices' next place)."""


def _storage_modules() -> list[Path]:
    import tracker

    return sorted(Path(tracker.__file__).parent.rglob("*.py"))


def test_no_second_mapping_of_rows_outside_the_mapping_module() -> None:
    """A statement reading a table, SQLAlchemy code naming a value column or writing columns
    one by one, anywhere but mapping.py (and the few places listed with their reason) is a
    second mapping: so the repository and the writer (inside its transaction) can only read a
    night through ``mapping.nights_between``."""
    found = []
    for path in _storage_modules():
        if path.name in ("mapping.py", "tables.py"):
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and _TOUCHES_A_TABLE.search(node.value)
                and path.name not in SQL_ELSEWHERE
            ):
                found.append(f"{path.name}:{node.lineno}: {node.value[:60]}")
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "c"
                and node.attr not in KEY_COLUMNS
            ):
                found.append(f"{path.name}:{node.lineno}: .c.{node.attr}")
            if (  # .values(label=...): a row written column by column, not by the mapping
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "values"
                and any(keyword.arg is not None for keyword in node.keywords)
            ):
                found.append(f"{path.name}:{node.lineno}: .values(column=...)")
    assert found == []


def test_every_file_migration_has_its_server_step() -> None:
    assert set(SERVER_STEPS) == set(range(FIRST_SERVER_VERSION, LATEST_VERSION))


def _server_query(url: str, sql: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as connection:
        cursor = connection.execute(sql)  # type: ignore[arg-type]
        return [tuple(row) for row in cursor] if cursor.description else []


def test_a_server_with_a_newer_schema_is_refused_untouched(pg_url: str) -> None:
    made = run_tracker("checkin", "--night", "2026-01-02", "--quality", "4", "--db", pg_url)
    assert made.returncode == 0, made.stderr
    _server_query(pg_url, f"UPDATE tracker_schema SET version = {LATEST_VERSION + 1}")
    before = _server_query(pg_url, "SELECT * FROM night") + _server_query(
        pg_url, "SELECT * FROM tracker_schema"
    )
    for command in (("checkin", "--quality", "3"), ("week",), ("status",), ("export",)):
        result = run_tracker(*command, "--db", pg_url)
        assert result.returncode == 3, (command, result.stderr)
        assert "newer sleep-tracker" in result.stderr and "Traceback" not in result.stderr
    after = _server_query(pg_url, "SELECT * FROM night") + _server_query(
        pg_url, "SELECT * FROM tracker_schema"
    )
    assert after == before


def test_another_programs_tables_are_refused_untouched(pg_url: str) -> None:
    _server_query(pg_url, "CREATE TABLE night (id integer PRIMARY KEY, sky text)")
    result = run_tracker("checkin", "--quality", "3", "--db", pg_url)
    assert result.returncode == 3
    assert "not a sleep-tracker's" in result.stderr
    tables_now = {name for (name,) in _server_query(
        pg_url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}  # fmt: skip
    assert tables_now == {"night"}


@pytest.mark.parametrize("openers", [2])
def test_two_programs_creating_the_tables_at_once_both_succeed(pg_url: str, openers: int) -> None:
    import subprocess
    import sys

    from tests.safety.helpers import REPO_ROOT

    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "tracker", "checkin", "--night", f"2026-01-0{index + 1}",
             "--quality", "4", "--db", pg_url],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO_ROOT,
        )
        for index in range(openers)
    ]  # fmt: skip
    for process in processes:
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    assert _server_query(pg_url, "SELECT count(*) FROM night") == [(openers,)]
    assert _server_query(pg_url, "SELECT version FROM tracker_schema") == [(LATEST_VERSION,)]


def _version_2_server(pg_url: str) -> dict[str, list[tuple]]:
    """A server database as version 2 of the program made it (the SQLModel tables of then:
    today's less practice.added), with nights, marks, targets, a setting and a custom
    practice; returns every row."""
    for args in (
        ("checkin", "--night", "2026-01-02", "--bed", "23:10", "--wake", "06:50", "--quality",
         "4", "--done", "routine", "--missed", "meditation", "--latency", "15", "--waso", "20"),
        ("practices", "add", "no_screens", "No screens after 22:00"),
        ("checkin", "--night", "2026-01-03", "--bed", "00:40", "--wake", "07:15", "--done",
         "no_screens", "--skipped", "routine", "--note", "late"),
        ("settings", "set", "bedtime", "22:30", "--from", "2026-01-03"),
        ("settings", "set", "unit", "F"),
    ):  # fmt: skip
        made = run_tracker(*args, "--db", pg_url)
        assert made.returncode == 0, (args, made.stderr)
    _server_query(pg_url, "ALTER TABLE practice DROP COLUMN added")
    _server_query(pg_url, "UPDATE tracker_schema SET version = 2")
    return _server_rows(pg_url)


def _server_rows(pg_url: str) -> dict[str, list[tuple]]:
    return {
        "night": _server_query(pg_url, "SELECT * FROM night ORDER BY night"),
        "mark": _server_query(pg_url, "SELECT * FROM mark ORDER BY night, practice"),
        "practice": _server_query(pg_url, "SELECT key, label, category, kind, position, archived, "
                                          "builtin FROM practice ORDER BY key"),  # fmt: skip
        "target": _server_query(pg_url, "SELECT * FROM target ORDER BY effective_from"),
        "setting": _server_query(pg_url, "SELECT * FROM setting ORDER BY name"),
    }


def test_a_version_2_server_is_migrated_keeping_every_row(pg_url: str) -> None:
    rows = _version_2_server(pg_url)
    assert len(rows["night"]) == 2 and len(rows["mark"]) == 4 and len(rows["practice"]) == 9

    result = run_tracker("week", "--night", "2026-01-03", "--json", "--db", pg_url)

    assert result.returncode == 0, result.stderr
    assert _server_query(pg_url, "SELECT application, version FROM tracker_schema") == [
        ("sleep-tracker", LATEST_VERSION)
    ]
    assert _server_rows(pg_url) == rows
    assert _server_query(pg_url, "SELECT count(*), count(added) FROM practice") == [(9, 0)]
    assert json.loads(result.stdout)["practices"]["no_screens"]["done"] == 1
    # The migrated server is the SQLModel tables, as a blank one is.
    assert _described(pg_url, file=False) == _expected(file=False)
    added = run_tracker("practices", "add", "reading", "Read before bed", "--db", pg_url)
    assert added.returncode == 0, added.stderr
    assert _server_query(pg_url, "SELECT key FROM practice WHERE added IS NOT NULL") == [
        ("reading",)
    ]


def test_two_programs_migrating_a_version_2_server_at_once_both_succeed(pg_url: str) -> None:
    """The step runs once, inside the transaction that holds the write lock and re-reads the
    version: the second program finds the server migrated."""
    import subprocess
    import sys

    from tests.safety.helpers import REPO_ROOT

    rows = _version_2_server(pg_url)
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "tracker", "week", "--json", "--db", pg_url],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO_ROOT,
        )
        for _ in range(2)
    ]  # fmt: skip
    for process in processes:
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    assert _server_query(pg_url, "SELECT version FROM tracker_schema") == [(LATEST_VERSION,)]
    assert _server_rows(pg_url) == rows


def test_a_migration_that_fails_after_its_step_leaves_the_version_2_server_as_it_was(
    pg_url: str,
) -> None:
    """One transaction: when the version cannot be written after the step ran (a trigger
    made by hand refuses it), the step's column is gone again, the version and every row are
    as they were; exit 3, one line."""
    rows = _version_2_server(pg_url)
    _server_query(pg_url, "CREATE FUNCTION no_update() RETURNS trigger LANGUAGE plpgsql AS "
                          "$$ BEGIN RAISE EXCEPTION 'version frozen'; END $$")  # fmt: skip
    _server_query(pg_url, "CREATE TRIGGER frozen BEFORE UPDATE ON tracker_schema "
                          "FOR EACH ROW EXECUTE FUNCTION no_update()")  # fmt: skip
    result = run_tracker("week", "--json", "--db", pg_url)
    assert result.returncode == 3, result.stderr
    assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1
    assert "version frozen" in result.stderr and "Traceback" not in result.stderr
    assert _server_query(pg_url, "SELECT version FROM tracker_schema") == [(2,)]
    assert _server_query(pg_url, "SELECT column_name FROM information_schema.columns "
                                 "WHERE table_name = 'practice' AND column_name = 'added'") == []
    assert _server_rows(pg_url) == rows
