"""Several machines: the same 20-year history on a PostgreSQL server and in a SQLite file.

    python benchmarks/server_bench.py [--rounds 5] [--url postgresql+psycopg://...]

Builds the 20-year database of ``bench.py`` (7,300 nights, every practice marked, notes,
diary items) as a file, exports it, and imports that CSV into an empty database on the server
(``--url``, else a throwaway local cluster started as the tests do, ``tests/pg_cluster.py``).
Then times, as whole processes alternating file and server round by round (medians):
``week --json``, ``trends --json --weeks 52``, ``export``, a check-in save, and the app's
check-in data on screen (headless, as ``first_frame.py`` measures it). Prints each as the
ratio server / file measured in this same run. Run by hand, not by CI.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]  # bench.py beside it; tests.pg_cluster

from bench import Samples, console_script, run_once  # noqa: E402
from first_frame import OURS, run  # noqa: E402


def app_data_seconds(target: str) -> float:
    """Process start to the check-in's data on screen, headless (``first_frame.py``'s probe)."""
    marks = run(OURS, target)
    if "data" not in marks:
        raise SystemExit("the app did not show its data")
    return marks["data"]


@contextlib.contextmanager
def server(url: str | None) -> Iterator[str]:
    """The given server URL, or a new database on a throwaway local cluster."""
    if url:
        yield url
        return
    from tests.pg_cluster import running_cluster, server_binaries

    binaries = server_binaries()
    if binaries is None:
        raise SystemExit("no PostgreSQL server binaries: pass --url or apt-get install postgresql")
    with running_cluster(binaries) as cluster:
        yield cluster.database()


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--nights", type=int, default=7300, help=argparse.SUPPRESS)
    parser.add_argument("--url", help="an empty database on your server (else a local cluster)")
    args = parser.parse_args()
    script = console_script()
    with (
        tempfile.TemporaryDirectory(prefix="sleep-server-bench-") as folder,
        server(args.url) as url,
    ):
        from tracker.storage.paths import parse_target

        shown = str(parse_target(url))
        subprocess.run([sys.executable, str(HERE / "bench.py"), "--build", folder,
                        "--nights", str(args.nights)], check=True)  # fmt: skip
        file = str(Path(folder) / "twenty-years.db")
        csv_file = Path(folder) / "twenty-years.csv"
        subprocess.run([script, "--db", file, "export", "-o", str(csv_file)], check=True,
                       stderr=subprocess.DEVNULL)  # fmt: skip
        started = time.perf_counter()
        subprocess.run([script, "--db", url, "import", str(csv_file)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        imported = time.perf_counter() - started
        print(
            f"{args.nights} nights; server {shown}; import into the server "
            f"{imported:.1f} s; {args.rounds} alternated rounds, medians",
            file=sys.stderr,
        )

        measures = {
            "week --json": ["week", "--json"],
            "trends --json --weeks 52": ["trends", "--json", "--weeks", "52"],
            "export": ["export"],
        }
        samples = {(name, kind): Samples() for name in [*measures, "check-in save",
                   "app: check-in data on screen"] for kind in ("file", "server")}  # fmt: skip
        targets = {"file": file, "server": url}
        from tracker.domain.clock import default_night

        night = default_night(datetime.now(), 15).isoformat()
        for round_number in range(args.rounds):
            kinds = ["file", "server"] if round_number % 2 == 0 else ["server", "file"]
            for name, arguments in measures.items():
                for kind in kinds:
                    run_once([script, "--db", targets[kind], *arguments], samples[(name, kind)])
            for kind in kinds:
                quality = str(1 + round_number % 5)
                run_once([script, "--db", targets[kind], "checkin", "--night", night,
                          "--quality", quality], samples[("check-in save", kind)])  # fmt: skip
                samples[("app: check-in data on screen", kind)].seconds.append(
                    app_data_seconds(targets[kind])
                )

    print(f"| Measure ({args.nights} nights, whole process) | SQLite file | PostgreSQL | "
          "server / file |")  # fmt: skip
    print("|---|---|---|---|")
    for name in dict.fromkeys(name for name, _ in samples):
        on_file = statistics.median(samples[(name, "file")].seconds)
        on_server = statistics.median(samples[(name, "server")].seconds)
        print(f"| {name} | {on_file * 1000:.0f} ms | {on_server * 1000:.0f} ms | "
              f"{on_server / on_file:.2f}x |")  # fmt: skip
    print(f"\nimport of the 20-year CSV into the server: {imported:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
