"""The scale drills of `make test`, run again for the report: `python -m bench.drills`.

- Queues: 100 statement builds queued on a busy bulk worker; a withdrawal must still reach
  the bank within 2 s on the money worker (tests/reliability/test_queues.py).
- Read replica: a real streaming replica (pg_basebackup, its own port) with its replay
  paused; lag-tolerant reads go to it and nothing reads its own writes there
  (tests/reliability/test_read_replica.py).

Each drill records what it measured (the `drill_figures` fixture) in a file named by
DRILL_FIGURES; the outcome of each test is pytest's. Both go to results.json "drills".
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import save_section

ROOT = Path(__file__).resolve().parent.parent
DRILLS = {
    "queues": "tests/reliability/test_queues.py",
    "replica": "tests/reliability/test_read_replica.py",
}


def main():
    results = {}
    for name, path in DRILLS.items():
        with tempfile.NamedTemporaryFile("r", suffix=".jsonl") as figures:
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "config.settings.test",
                "DRILL_FIGURES": figures.name,
            }
            run = subprocess.run(  # noqa: S603  (pytest on our own drill)
                [sys.executable, "-m", "pytest", path, "-q", "-p", "no:cacheprovider"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
            )
            lines = [json.loads(line) for line in figures.read().splitlines() if line]
        results[name] = {
            "passed": run.returncode == 0,
            "figures": lines[-1] if lines else {},
            "output": "" if run.returncode == 0 else run.stdout[-2000:],
        }
        outcome = "passed" if run.returncode == 0 else "FAILED"
        print(f"{name:<8} {outcome} {results[name]['figures']}")
    save_section("drills", results)


if __name__ == "__main__":
    main()
