"""Start-up: what a user waits for before anything is computed.

``efficap --help`` against ``python -c "import pandas"`` (the floor: efficap is built
on pandas), and ``import efficap_xl.udfs`` (what the xlwings COM server imports
before the first Excel function runs; ``import xlwings`` alone beside it, since the
server has xlwings loaded already). Each is a fresh process; the CPU it used
(user + sys, from ``os.wait4``) is less sensitive to the load of a shared machine
than its wall time. Bytecode cached, as after ``pip install`` (see :func:`compiled`).
Seven runs of each, interleaved; the medians and the ratio are
printed at the end of the run (goal: ``efficap --help`` at most 1.3x ``import
pandas``). The benchmark's own time is wall time of one run. With
``--benchmark-disable`` each command runs once, as a check.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys

import pytest

from .measurements import report

RUNS = 7
PANDAS = [sys.executable, "-c", "import pandas"]
UDFS = [sys.executable, "-c", "import efficap_xl.udfs"]
XLWINGS = [sys.executable, "-c", "import xlwings"]  # the COM server has it loaded already
_SCRIPT = shutil.which("efficap", path=os.path.dirname(sys.executable))
HELP = [_SCRIPT, "--help"] if _SCRIPT else [sys.executable, "-m", "efficap", "--help"]


def _cpu(command: list[str], env: dict[str, str]) -> float:
    """Seconds of CPU (user + sys) a fresh process running `command` used."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.returncode == 0, process.stderr.read() if process.stderr else command
    process.stderr.close()
    return usage.ru_utime + usage.ru_stime


@pytest.fixture(scope="module")
def compiled(tmp_path_factory) -> dict[str, str]:
    """An environment whose bytecode is cached, as after ``pip install``.

    Python compiles a module from source when its bytecode is not cached; with
    ``PYTHONDONTWRITEBYTECODE`` set (as on some CI machines) an editable checkout's
    modules would be compiled on every start while pandas' come compiled. Here every
    module's bytecode goes to a temporary prefix, written by a first run of each
    command and read by the measured ones, so efficap and pandas start alike.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path_factory.mktemp("pycache"))
    return env


def _medians(benchmark, commands: dict[str, list[str]], env: dict[str, str]) -> dict[str, float]:
    for command in commands.values():
        _cpu(command, env)  # writes the bytecode
    runs = 1 if benchmark.disabled else RUNS
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(_cpu(command, env))
    return {name: statistics.median(values) for name, values in times.items()}


def test_bench_help_over_import_pandas(benchmark, compiled):
    done = benchmark.pedantic(
        subprocess.run, args=(HELP,), kwargs={"capture_output": True, "text": True},
        rounds=1, iterations=1,
    )  # fmt: skip
    assert done.returncode == 0 and "commands:" in done.stdout, done.stderr
    cpu = _medians(benchmark, {"help": HELP, "pandas": PANDAS}, compiled)
    if benchmark.disabled:
        return
    ratio = cpu["help"] / cpu["pandas"]
    benchmark.extra_info.update(help_cpu_s=cpu["help"], pandas_cpu_s=cpu["pandas"], ratio=ratio)
    report(
        "start-up help",
        f"efficap --help {cpu['help']:.3f} s CPU / import pandas {cpu['pandas']:.3f} s"
        f" = {ratio:.2f}x (goal <= 1.3x; medians of {RUNS} runs)",
    )


def test_bench_import_udfs(benchmark, compiled):
    benchmark.pedantic(subprocess.run, args=(UDFS,), kwargs={"check": True}, rounds=1)
    cpu = _medians(benchmark, {"udfs": UDFS, "xlwings": XLWINGS, "pandas": PANDAS}, compiled)
    if benchmark.disabled:
        return
    benchmark.extra_info.update({f"{name}_cpu_s": value for name, value in cpu.items()})
    report(
        "start-up udfs",
        f"import efficap_xl.udfs {cpu['udfs']:.3f} s CPU (import xlwings alone"
        f" {cpu['xlwings']:.3f} s, import pandas {cpu['pandas']:.3f} s; medians of {RUNS} runs)",
    )
