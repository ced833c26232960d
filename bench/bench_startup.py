"""Start-up of every ``cspkit`` command, against ``python -c pass`` measured in the same run.

Two measures, each the best of ``--runs`` runs (the machine may be shared, so CPU seconds of the
best run are printed beside wall-clock seconds):

- ``help``: ``cspkit --help``, every ``cspkit <group> --help`` and every ``cspkit <command> --help``,
  run to the end. Target: under 0.3 s each.
- ``start``: each command run for real, in a pseudo-terminal as a person would, timed until its
  first output (the spinner or progress bar that says it has started), then stopped. Target:
  under 0.6 s each. Runs in an empty, temporary ``CSPKIT_HOME``.

Run ``python -m bench startup`` (``--runs N``, default 5; ``--quick`` for 2).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pty
import select
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HELP_TARGET = 0.3
START_TARGET = 0.6
# The installed command, as people run it (python -m cspkit.cli.main where it is not installed).
_SCRIPT = Path(sys.executable).with_name("cspkit")
CSPKIT = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "cspkit.cli.main"]

# Each command with arguments that let it start real work; the files need not exist for the
# ones that say so only after they have started.
STARTS = {
    "demo": ["demo", "--out", "{tmp}/demo-files"],
    "load": ["load", "police-uk", "{tmp}/no-such-folder"],
    "assess": ["assess", "--area", "Cannock Chase", "--period", "2022-01..2022-11"],
    "status": ["status"],
    "sources": ["sources"],
    "serve": ["serve", "--port", "8799"],
    "priorities templates": ["priorities", "templates"],
    "priorities score": ["priorities", "score", "--no-record"],
    "priorities sessions": ["priorities", "sessions"],
    "survey summarise": ["survey", "summarise", "{tmp}/no-such-survey.csv"],
    "report assessment": ["report", "assessment", "--area", "Cannock Chase", "--period", "2022-01..2022-11"],
}


def command_paths() -> list[list[str]]:
    """``[]``, every group and every command, as argument lists (read from the app itself)."""
    import typer.main

    from cspkit.cli.main import app

    paths: list[list[str]] = []

    def walk(command, prefix: list[str]) -> None:
        paths.append(prefix)
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, [*prefix, name])

    walk(typer.main.get_command(app), [])
    return paths


def run_to_end(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run to its end."""
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime


def run_to_first_output(args: list[str], env: dict[str, str], timeout: float = 30.0) -> tuple[float, float]:
    """Wall and CPU seconds until the command writes anything to its terminal; then it is stopped."""
    controller, terminal = pty.openpty()
    start = time.perf_counter()
    process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=terminal, stderr=terminal, env=env,
                               start_new_session=True)
    os.close(terminal)
    try:
        ready, _, _ = select.select([controller], [], [], timeout)
        wall = time.perf_counter() - start if ready else float("inf")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        _, _, usage = os.wait4(process.pid, 0)
        os.close(controller)
    return wall, usage.ru_utime + usage.ru_stime


def best(measure, runs: int) -> tuple[float, float]:
    return min((measure() for _ in range(runs)), key=lambda pair: pair[0])


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench startup")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="Two runs of each.")
    options, _ = parser.parse_known_args(argv)
    runs = 2 if options.quick else options.runs
    with tempfile.TemporaryDirectory(prefix="cspkit-bench-startup-") as tmp:
        env = {**os.environ, "CSPKIT_HOME": str(Path(tmp) / "home"), "COLUMNS": "100"}
        baseline, baseline_cpu = best(lambda: run_to_end([sys.executable, "-c", "pass"], env), runs)
        print(f"baseline: python -c pass  {baseline:.3f} s wall, {baseline_cpu:.3f} s CPU (best of {runs}); "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        if baseline > 0.03:
            print("The machine is busy (python -c pass usually takes about 0.01 s): wall-clock times are inflated, "
                  "CPU seconds are the better guide.")
        print(f"\n{'help':<40} {'wall s':>7} {'CPU s':>6} {'ratio':>6}  target {HELP_TARGET} s")
        slow = 0
        for path in command_paths():
            wall, cpu = best(lambda path=path: run_to_end([*CSPKIT, *path, "--help"], env), runs)
            slow += wall >= HELP_TARGET
            label = " ".join(["cspkit", *path, "--help"])
            flag = "  SLOW" if wall >= HELP_TARGET else ""
            flag += " (CPU over target too)" if flag and cpu >= HELP_TARGET else " (CPU within target)" if flag else ""
            print(f"{label:<40} {wall:7.3f} {cpu:6.3f} {wall / baseline:5.0f}x{flag}")
        print(f"\n{'start (time to first output)':<40} {'wall s':>7} {'CPU s':>6} {'ratio':>6}  "
              f"target {START_TARGET} s")
        for name, arguments in STARTS.items():
            args = [*CSPKIT, *(a.format(tmp=tmp) for a in arguments)]
            wall, cpu = best(lambda args=args: run_to_first_output(args, env), runs)
            slow += wall >= START_TARGET
            flag = "  SLOW" if wall >= START_TARGET else ""
            flag += " (CPU over target too)" if flag and cpu >= START_TARGET else " (CPU within target)" if flag else ""
            print(f"{'cspkit ' + name:<40} {wall:7.3f} {cpu:6.3f} {wall / baseline:5.0f}x{flag}")
        print(f"\n{slow} over target." if slow else "\nEvery command within its target.")


if __name__ == "__main__":
    main(sys.argv[1:])
