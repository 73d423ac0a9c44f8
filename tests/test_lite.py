"""The xlwings Lite host (efficap_xl.lite): the same functions, checked through xlwings' own
Office.js protocol in CPython, and a core that can load in Pyodide.

``xlwings.server.custom_functions_meta`` and ``custom_functions_call`` are what xlwings
Lite runs in Pyodide to register and call the ``@func`` functions; tests/officejs.py
sends them the payloads Office.js sends (matrices, serial-number dates, ``""`` for empty
cells, error objects). They need ``XLWINGS_LICENSE_KEY`` (xlwings PRO; ``noncommercial``
for this open-source project's tests) and skip with that reason without it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import textwrap
from decimal import Decimal
from importlib import metadata
from pathlib import Path

import officejs
import pytest

from efficap_xl import cache, lite, spec, udfs
from efficap_xl.spec import SPEC

REPO = Path(__file__).resolve().parents[1]
FUNDS = ["IVV", "NTSX", "AGG", "WTMF"]
EFFICIENT = [0.24, 0.40, 0.16, 0.20]
CLASSES = ["U.S. Equities", "U.S. Fixed Income", "Managed Futures"]
DATES = [dt.datetime(2024, 12, d) for d in (23, 24, 26, 27, 30, 31)]
PRICES = [["IVV", "AGG"], [100.0, 50.0], [101.0, 50.5], [100.5, 50.2], [102.0, 50.1]]
PRICES += [[101.5, 50.4], [103.0, 50.6]]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _run(code: str, env: dict[str, str] | None = None) -> dict:
    """Run `code` in a fresh Python; it prints one JSON object as its last line."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- one spec


def test_build_decorates_every_spec_function_for_lite():
    seen: dict[str, list] = {}

    def func(**options):
        def deco(f):
            seen.setdefault(f.__name__, []).append(("func", options))
            return f

        return deco

    def arg(name, **options):
        def deco(f):
            seen.setdefault(f.__name__, []).append(("arg", name, options))
            return f

        return deco

    def ret(**options):
        return lambda f: f

    built = lite.build((func, arg, ret))
    assert list(built) == [f.name for f in spec.FUNCTIONS]
    for name, fn in built.items():
        want = SPEC[name]
        assert fn.__doc__ == want.help and fn.__efficap_spec__ is want
        assert fn.__wrapped__ is getattr(udfs, name).__wrapped__  # the same body
        assert ("func", {"volatile": False, "namespace": ""}) in seen[name]
        args = [(d[1], d[2]) for d in seen[name] if d[0] == "arg"][::-1]
        assert [a for a, _ in args] == [a.name for a in want.args]
        for (_, options), a in zip(args, want.args, strict=True):
            assert options == {**spec.KIND_OPTIONS[a.kind], "doc": a.doc}


def test_the_module_exports_every_function():
    assert [n for n in lite.__all__ if n.startswith("EFFCAP_")] == [f.name for f in spec.FUNCTIONS]
    for f in spec.FUNCTIONS:
        assert getattr(lite, f.name).__efficap_spec__ is SPEC[f.name]
        assert f"    {f.name},\n" in lite.main_py()


def test_lite_functions_never_check_the_classic_addin(monkeypatch):
    """The VBA add-in's version check answers for the classic host only."""
    monkeypatch.setattr(spec, "version_mismatch", lambda: "stale add-in")
    assert udfs.EFFCAP_VERSION() == "#EFFCAP: stale add-in"
    assert lite.EFFCAP_VERSION().startswith("efficap ")


def test_unknown_host_is_refused():
    with pytest.raises(spec.SpecError, match="Unknown host"):
        spec.udf(udfs.EFFCAP_VERSION.__wrapped__, host="server")


# --------------------------------------------------------------------------- Office.js


def test_meta_lists_every_function_with_its_help():
    server = officejs.server_or_skip()
    meta = server.custom_functions_meta(officejs.lite_module())
    by_name = {f["name"]: f for f in meta["functions"]}
    assert set(by_name) == set(SPEC)  # no namespace: =EFFCAP_EXPOSURE(...) as in VBA
    assert meta["allowErrorForDataTypeAny"] is True
    for name, want in SPEC.items():
        got = by_name[name]
        assert got["id"] == name and got["description"] == want.help
        assert [p["name"] for p in got["parameters"]] == [a.name for a in want.args]
        for p, a in zip(got["parameters"], want.args, strict=True):
            assert p["description"] == a.doc and p.get("optional", False) == a.optional
            assert (p["dimensionality"], p["type"]) == ("matrix", "any")
        assert got["result"] == {"dimensionality": "matrix", "type": "any"}
        assert "volatile" not in got["options"]


def test_figure1_exposures_as_officejs_sends_them():
    """The acceptance call: Figure 1's efficient column, as Office.js hands it."""
    officejs.server_or_skip()
    out = officejs.call(
        "EFFCAP_EXPOSURE",
        [["IVV"], ["NTSX"], ["AGG"], ["WTMF"]],
        [[0.24], [0.40], [0.16], [0.20]],
        [["U.S. Equities"], ["U.S. Fixed Income"], ["Managed Futures"]],
        raw=True,
    )
    assert [len(r) for r in out] == [1, 1, 1]
    assert [r[0] for r in out] == pytest.approx([0.6, 0.4, 0.2], abs=1e-12)


def test_the_generated_main_py_through_xlwings_server(tmp_path):
    """main.py as written by `efficap lite`, imported as xlwings Lite imports it."""
    officejs.server_or_skip()
    lite.write(tmp_path)
    result = _run(
        f"""
        import asyncio, json, sys
        sys.path.insert(0, {str(tmp_path)!r})
        import xlwings, xlwings.server as server
        import main
        meta = server.custom_functions_meta(main)
        data = {{
            "func_name": "EFFCAP_EXPOSURE",
            "args": [[["IVV"], ["NTSX"], ["AGG"], ["WTMF"]], [[0.24], [0.40], [0.16], [0.20]],
                     [["U.S. Equities"], ["U.S. Fixed Income"], ["Managed Futures"]], None],
            "caller_address": "[Book1]Sheet1!A1", "version": xlwings.__version__,
            "runtime": "1.4", "client": "Office.js",
        }}
        out = asyncio.run(server.custom_functions_call(data, main))
        print(json.dumps({{"functions": meta["functions"], "out": out,
                          "server_route": xlwings.func is server.func}}))
        """,
        # How xlwings Lite's Pyodide sees xlwings: `from xlwings import func` is the
        # Office.js decorator.
        env={"XLWINGS_ON_SERVER": "true"},
    )
    assert result["server_route"] is True
    assert {f["name"]: f["description"] for f in result["functions"]} == {
        n: f.help for n, f in SPEC.items()
    }
    assert [r[0] for r in result["out"]] == pytest.approx([0.6, 0.4, 0.2], abs=1e-12)


@pytest.mark.parametrize("form", ["object", "text"])
def test_error_cells_are_named_never_read_as_tickers(form):
    officejs.server_or_skip()
    na = officejs.error_value("#N/A") if form == "object" else "#N/A"
    data = officejs.payload("EFFCAP_NOTIONAL", ())
    data["args"] = [[["IVV"], [na]], [[0.5], [0.5]], None]
    assert officejs.run(data) == [["#EFFCAP: Ticker 2 is #N/A."]]


def test_empty_cells_and_omitted_arguments():
    officejs.server_or_skip()
    data = officejs.payload("EFFCAP_FEES", ())
    data["args"] = [[["IVV"], ["AGG"], [""]], [[0.5], [0.5], [""]], None, None]  # blank rows
    assert officejs.run(data) == [[udfs.EFFCAP_FEES(["IVV", "AGG"], [0.5, 0.5])]]
    data["args"][1] = [[0.5], [""], [""]]
    assert officejs.run(data) == [["#EFFCAP: Weight 2 (AGG) is blank; enter 0 for none."]]


def test_serial_dates_give_what_date_cells_give():
    """Office.js hands date cells as serial numbers (whole numbers arrive as ints)."""
    officejs.server_or_skip()
    classic = udfs.EFFCAP_TRAILING(DATES, PRICES, [0.6, 0.4], DATES[-1], "SI")
    serials = [[int(officejs.cell_to_officejs(d))] for d in DATES]
    as_of = [[officejs.cell_to_officejs(DATES[-1])]]
    data = officejs.payload("EFFCAP_TRAILING", ())
    data["args"] = [serials, PRICES, [[0.6], [0.4]], as_of, [["SI"]], None, None]
    assert officejs.run(data) == [[classic]] and isinstance(classic, float)


def test_currency_cells_are_plain_numbers():
    """Windows hands a Currency cell as a Decimal, Office.js as a number: same answer."""
    officejs.server_or_skip()
    classic = udfs.EFFCAP_NOTIONAL(FUNDS, [Decimal("0.24"), Decimal("0.4"), 0.16, 0.2])
    assert officejs.call("EFFCAP_NOTIONAL", FUNDS, [0.24, 0.4, 0.16, 0.2]) == classic


def _working(name: str) -> list:
    from test_udfs_properties import good

    return [good(name, a) for a in SPEC[name].args]


@pytest.mark.parametrize("name", sorted(SPEC))
def test_both_hosts_show_the_same_cells(name):
    """Every function on working values: the classic answer, as Office.js would show it,
    is the Lite answer (dates as serial numbers in both)."""
    officejs.server_or_skip()
    args = _working(name)
    classic = officejs.as_cells(getattr(udfs, name)(*args))
    cache.clear()
    assert officejs.call(name, *args) == classic


# --------------------------------------------------------------------------- requirements


def test_requirements_pin_only_pure_python_wheels():
    pins = lite.pinned_requirements()
    names = [p.split("==")[0] for p in pins]
    assert "exchange-calendars" in names and "openpyxl" in names
    assert not set(names) & lite.PYODIDE_BUILT and "xlwings" not in names
    for pin in pins:
        name, version = pin.split("==")
        assert metadata.version(name) == version
        wheel = metadata.distribution(name).read_text("WHEEL") or ""
        tags = re.findall(r"^Tag: (\S+)$", wheel, flags=re.MULTILINE)
        assert tags and all(t.endswith("-none-any") for t in tags), (name, tags)


def test_requirements_txt_lines():
    text = lite.requirements_txt("https://example.org/a/efficap-0.1.0-py3-none-any.whl")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    assert lines[0] == "https://example.org/a/efficap-0.1.0-py3-none-any.whl"
    assert lines[1:] == lite.pinned_requirements()
    assert f"Pyodide {lite.PYODIDE['pyodide']}" in text


def test_ci_runs_the_function_tests_at_pyodides_versions():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    for package in ("numpy", "pandas", "scipy"):
        assert f"{package}=={lite.PYODIDE[package]}" in ci
    assert "XLWINGS_LICENSE_KEY" in ci


# --------------------------------------------------------------------------- Pyodide


def test_classic_route_never_imports_lite_or_xlwings_server():
    result = _run(
        """
        import json, sys
        import efficap_xl.udfs
        print(json.dumps(sorted(m for m in sys.modules
                                if m in ("efficap_xl.lite", "xlwings.server"))))
        """
    )
    assert result == []


def test_loading_and_calling_starts_nothing_and_reads_only_package_files():
    """What Pyodide cannot do: threads, subprocesses, forks, or reading outside the install."""
    roots = sorted({sys.prefix, sys.base_prefix, str(REPO / "efficap"), str(REPO / "addin")})
    result = _run(
        f"""
        import _thread, json, os, sys, threading
        import xlwings  # the host's own package, loaded before main.py (it may load matplotlib)
        roots = [os.path.realpath(r) for r in {roots!r}]
        seen = []
        SPAWN = ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
                 "os.fork", "os.forkpty", "_posixsubprocess.fork_exec")
        def hook(event, args):
            if event in SPAWN:
                seen.append(event)
            elif event == "open" and isinstance(args[0], (str, bytes)):
                path = os.path.realpath(os.fsdecode(args[0]))
                # pandas >= 3.1 probes the CPU quota (cgroup files) before reading a CSV,
                # and copes without them; Pyodide's pandas 3.0.2 does not.
                if path.startswith(("/sys/fs/cgroup/", "/proc/")):
                    return
                if not any(path.startswith(r + os.sep) for r in roots):
                    seen.append("open " + path)
        sys.addaudithook(hook)
        started = []
        original = threading.Thread.start
        def start(self):
            started.append(self.name)
            return original(self)
        threading.Thread.start = start
        raw = _thread.start_new_thread
        def start_new(*args, **kwargs):
            started.append("_thread")
            return raw(*args, **kwargs)
        _thread.start_new_thread = start_new
        import datetime as dt
        from efficap_xl import lite
        days = [dt.datetime(2024, 12, d) for d in (23, 24, 26, 27, 30, 31)]
        prices = [["IVV", "AGG"], [100.0, 50.0], [101.0, 50.5], [100.5, 50.2],
                  [102.0, 50.1], [101.5, 50.4], [103.0, 50.6]]
        answers = [
            lite.EFFCAP_EXPOSURE(["IVV", "NTSX"], [0.5, 0.5]),
            lite.EFFCAP_TRAILING(days, prices, [0.6, 0.4], days[-1], "SI"),
            lite.EFFCAP_CALENDAR(days, prices, [["", "IVV", "AGG"], ["Mix", 0.6, 0.4]]),
            lite.EFFCAP_SIMULATE(days, [["IVV", "IEF", "BIL"], *[[r[0], r[1], 100.0]
                                 for r in prices[1:]]], "NTSX"),
        ]
        print(json.dumps({{"seen": seen, "threads": started,
                          "alive": threading.active_count(),
                          "errors": [a for a in answers if str(a).startswith("#EFFCAP")],
                          "calendars": "exchange_calendars" in sys.modules}}))
        """,
        # Pyodide has no system time-zone database: zoneinfo reads the tzdata package
        # (package data) there. An empty PYTHONTZPATH makes CPython do the same.
        env={"PYTHONTZPATH": ""},
    )
    assert result["errors"] == []
    assert result["calendars"]  # the NYSE calendar was loaded and used
    assert result["seen"] == [] and result["threads"] == [] and result["alive"] == 1


LOCK = {
    "info": {"python": "3.14.2"},
    "packages": {
        **{n: {"version": "1"} for n in lite.PYODIDE_BUILT},
        "numpy": {"version": "2.4.6"},
        "pandas": {"version": "3.0.2"},
        "scipy": {"version": "1.18.0"},
    },
}


def test_pyodide_lock_matches_the_tested_versions():
    """A lock file shaped like pyodide 314.0.8's (read from its npm package)."""
    assert lite.pyodide_mismatches(LOCK) == []
    newer = {**LOCK, "packages": {**LOCK["packages"], "pandas": {"version": "3.1.0"}}}
    del newer["packages"]["toolz"]
    assert lite.pyodide_mismatches(newer) == [
        "pandas 3.1.0, tested 3.0.2",
        "toolz is not built by this Pyodide",
    ]


def test_a_real_pyodide_lock_file_when_given():
    """EFFICAP_PYODIDE_LOCK=path/to/pyodide-lock.json checks a downloaded one."""
    path = os.environ.get("EFFICAP_PYODIDE_LOCK")
    if not path:
        pytest.skip("set EFFICAP_PYODIDE_LOCK to a pyodide-lock.json (npm pack pyodide@314.0.8)")
    assert lite.pyodide_mismatches(json.loads(Path(path).read_text(encoding="utf-8"))) == []


def test_the_template_workbooks_call_only_names_xlwings_lite_registers():
    """The committed templates need no conversion: every EFFCAP_ name in their formulas
    is a Lite function's name as registered (no namespace, no _xludf. prefix)."""
    import zipfile

    server = officejs.server_or_skip()
    registered = {
        f["name"] for f in server.custom_functions_meta(officejs.lite_module())["functions"]
    }
    books = sorted((REPO / "workbooks").glob("*.xlsx"))
    assert books
    for book in books:
        with zipfile.ZipFile(book) as z:
            xml = "".join(
                z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/")
            )
        formulas = re.findall(r"<f[^>]*>([^<]*)</f>", xml)
        called = set(re.findall(r"(?<![\w.])(EFFCAP_[A-Z_]+)\(", " ".join(formulas)))
        assert called and called <= registered, (book.name, called - registered)
        assert "_xludf." not in xml and "_xldudf" not in xml
