"""The spec (efficap_xl.spec) and the UDFs (efficap_xl.udfs) must not drift apart.

On Linux xlwings' classic decorators are no-ops, so two checks are made:

1. what :func:`efficap_xl.spec.udf` applied, as recorded on each function;
2. what xlwings' *Windows* decorators (``xlwings.udfs.xlfunc/xlarg/xlret``)
   build from the same bodies, imported here with the pywin32 modules stubbed:
   the ``__xlfunc__`` metadata Excel's function wizard and the VBA wrappers are
   generated from, and the VBA wrapper text itself.
"""

from __future__ import annotations

import inspect
import io
import re
import types
from pathlib import Path

import pytest

from efficap_xl import spec, udfs
from efficap_xl.spec import SPEC, Arg, Func, SpecError

ADDIN = Path(__file__).resolve().parents[1] / "addin"
UDF_NAMES = sorted(n for n in dir(udfs) if n.startswith("EFFCAP_"))


def test_every_udf_is_in_the_spec_and_back():
    assert UDF_NAMES == sorted(SPEC)
    for name in UDF_NAMES:
        assert getattr(udfs, name).__efficap_spec__ is SPEC[name]


@pytest.mark.parametrize("name", sorted(SPEC))
def test_signature_matches_spec(name):
    fn = getattr(udfs, name)
    params = list(inspect.signature(fn).parameters.values())
    assert [p.name for p in params] == [a.name for a in SPEC[name].args]
    for p, a in zip(params, SPEC[name].args, strict=True):
        assert p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        assert (p.default is None) if a.optional else (p.default is inspect.Parameter.empty)
    # optional arguments come last (Excel and VBA require it)
    flags = [a.optional for a in SPEC[name].args]
    assert flags == sorted(flags)


@pytest.mark.parametrize("name", sorted(SPEC))
def test_help_texts(name):
    func = SPEC[name]
    fn = getattr(udfs, name)
    assert fn.__doc__ == func.help
    assert name.startswith("EFFCAP_") and name == name.upper()
    assert func.category == "efficap"
    assert 20 < len(func.help) <= spec.MAX_HELP
    assert func.returns in spec.RETURNS
    for arg in func.args:
        assert arg.kind in spec.KIND_OPTIONS
        assert arg.doc and len(arg.doc) <= spec.MAX_HELP
        assert arg.doc.startswith("Optional") == arg.optional, arg.name


# A sentence ends at a full stop after a lower-case letter, digit, % or ")" and before a
# space or the end: "U.S." and "e.g." do not end one.
_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<=[a-z0-9%)])\.(?=\s|$)")


def first_sentence(text: str) -> str:
    """The first sentence of a help text, with its full stop."""
    end = _SENTENCE_END.search(text)
    return text[: end.end()] if end else text


def states_units(text: str) -> bool:
    """Whether the first sentence says what unit the result is in."""
    first = first_sentence(text)
    return "decimal" in first or "Growth of 1" in first


def test_first_sentence():
    assert first_sentence("U.S. Equities as decimals. Then more.") == "U.S. Equities as decimals."
    assert first_sentence("A table (e.g. 0.24 for 24%). More.") == "A table (e.g. 0.24 for 24%)."
    assert first_sentence("Ends at 120%. More.") == "Ends at 120%."
    assert first_sentence("No full stop") == "No full stop"
    assert states_units("Weights as decimals (format as %): spills rows. More.")
    assert not states_units("A table of weights. As decimals.")  # units only in sentence 2


@pytest.mark.parametrize(
    "name",
    sorted(
        n
        for n, f in SPEC.items()
        if n not in ("EFFCAP_FUND", "EFFCAP_VERSION", "EFFCAP_ASSET_CLASSES", "EFFCAP_SIMULATE")
    ),
)
def test_numeric_help_states_units(name):
    assert states_units(SPEC[name].help), first_sentence(SPEC[name].help)


def test_simulate_help_states_its_units():
    """EFFCAP_SIMULATE returns closes, neither decimals nor a growth of 1: it says so."""
    first = first_sentence(SPEC["EFFCAP_SIMULATE"].help)
    assert "closes in its own price units" in first and "Date | Close | Simulated" in first


# The functions the sheet templates and the reference name, with their arguments in order.
SIGNATURES = {
    "EFFCAP_TRAILING": "EFFCAP_TRAILING(dates, prices, weights, as_of, period, [rebalance], "
    "[window])",
    "EFFCAP_PERFORMANCE": "EFFCAP_PERFORMANCE(dates, prices, weights_table, as_of, [rebalance], "
    "[window])",
    "EFFCAP_STRESS": "EFFCAP_STRESS(dates, prices, weights_table, [periods], [rebalance])",
    "EFFCAP_DRAWDOWNS": "EFFCAP_DRAWDOWNS(dates, prices, weights, [top], [rebalance])",
    "EFFCAP_CALENDAR": "EFFCAP_CALENDAR(dates, prices, weights_table, [rebalance])",
    "EFFCAP_SIMULATE": "EFFCAP_SIMULATE(dates, prices, ticker, [catalog], [spread])",
}


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_signatures(name):
    assert SPEC[name].signature == SIGNATURES[name]


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("EFFCAP_STRESS", ["Period | Start | End | one column per blend", "n/a where"]),
        (
            "EFFCAP_DRAWDOWNS",
            ["Rank | Depth | Peak | Trough | Recovery | Trading days", "not recovered"],
        ),
        ("EFFCAP_CALENDAR", ["Year | one column per blend | Partial", "Partial names the blends"]),
        ("EFFCAP_SIMULATE", ["Date | Close | Simulated (TRUE/FALSE)", "last row Validation"]),
        ("EFFCAP_PERFORMANCE", ["as of 2026-03-31; annual; linked"]),
        ("EFFCAP_TRAILING", ["linked history unless window is restart"]),
    ],
)
def test_new_help_declares_the_result(name, says):
    for text in says:
        assert text in SPEC[name].help
    assert SPEC[name].returns == ("value" if name == "EFFCAP_TRAILING" else "table")


def test_rebalance_help_says_the_default_is_annual():
    docs = [a.doc for f in SPEC.values() for a in f.args if a.name == "rebalance"]
    with_rule = {f.name for f in SPEC.values() if "rebalance" in [a.name for a in f.args]}
    assert {
        f"EFFCAP_{n}"
        for n in ("BLEND", "TRAILING", "PERFORMANCE", "STATS", "STRESS", "DRAWDOWNS", "CALENDAR")
    } <= with_rule
    for doc in docs:
        assert "default annual" in doc
    for func in SPEC.values():
        for text in (func.help, *(a.doc for a in func.args)):
            if "quarterly" in text:
                assert "quarterly (default" not in text and "default quarterly" not in text, text


def test_window_help():
    for name in ("EFFCAP_TRAILING", "EFFCAP_PERFORMANCE"):
        last = SPEC[name].args[-1]
        assert last.name == "window" and last.optional
        assert last.doc.startswith("Optional: linked (default;") and "restart" in last.doc


def test_the_spec_is_importable_from_one_place():
    from efficap_xl import spec_facts, spec_model, spec_prices, spec_screen
    from efficap_xl.spec import CATEGORY, FUNCTIONS, MAX_HELP, VBA_RESERVED, reference_markdown

    assert spec.Arg is spec_model.Arg and spec.Func is spec_model.Func
    assert spec.SpecError is spec_model.SpecError and spec.KIND_OPTIONS is spec_model.KIND_OPTIONS
    assert (CATEGORY, MAX_HELP) == ("efficap", 255) and "dim" in VBA_RESERVED
    assert FUNCTIONS == (
        *spec_facts.EXPOSURE_FUNCTIONS,
        *spec_prices.PRICE_FUNCTIONS,
        *spec_screen.SCREEN_FUNCTIONS,
        *spec_facts.CATALOG_FUNCTIONS,
    )
    assert len(SPEC) == len(FUNCTIONS)  # no name twice
    assert all(f"### `{f.signature}`" in reference_markdown() for f in FUNCTIONS)


@pytest.mark.parametrize("name", sorted(SPEC))
def test_recorded_decorators_match_spec(name):
    func = SPEC[name]
    applied = getattr(udfs, name).__efficap_decorators__
    assert applied[0] == ("func", None, {"category": "efficap", "volatile": False})
    assert applied[1] == ("ret", None, func.ret_options)
    args = [d for d in applied if d[0] == "arg"]
    assert [d[1] for d in args] == [a.name for a in func.args]
    for (_, _, options), a in zip(args, func.args, strict=True):
        assert options == {**spec.KIND_OPTIONS[a.kind], "doc": a.doc}
        assert options["err_to_str"] is True
    assert len(applied) == len(func.args) + 2


def test_kinds_give_the_shapes_the_tests_use():
    """xlwings' own dimension stage: what each kind turns a column, a row and a cell into."""
    from xlwings.conversion.standard import AdjustDimensionsStage

    def shape(raw, kind):
        ctx = types.SimpleNamespace(value=raw)
        AdjustDimensionsStage(spec.KIND_OPTIONS[kind])(ctx)
        return ctx.value

    col, row, one = [["a"], ["b"]], [["a", "b"]], [["a"]]
    assert shape(col, "vector") == ["a", "b"] and shape(row, "vector") == ["a", "b"]
    assert shape(one, "vector") == "a" and shape(one, "scalar") == "a"
    assert shape(col, "range2d") == col and shape(row, "range2d") == row
    assert shape(one, "range2d") == one
    assert shape([[1, 2], [3, 4]], "vector") == [[1, 2], [3, 4]]


def test_spec_refuses_drift():
    def EFFCAP_NOTIONAL(tickers, weights):  # catalog missing
        return None

    with pytest.raises(SpecError, match="differ from the spec"):
        spec.udf(EFFCAP_NOTIONAL)

    def EFFCAP_FEES(tickers, weights, field, catalog=None):  # optional field without default
        return None

    with pytest.raises(SpecError, match="optional field must default to None"):
        spec.udf(EFFCAP_FEES)

    def EFFCAP_UNKNOWN():
        return None

    with pytest.raises(SpecError, match="not in the spec"):
        spec.udf(EFFCAP_UNKNOWN)


def test_signature_text():
    assert SPEC["EFFCAP_FEES"].signature == "EFFCAP_FEES(tickers, weights, [field], [catalog])"
    assert Func("X", "h", (Arg("a", "scalar", "d"),), "value").signature == "X(a)"


# --------------------------------------------------------------------------- Windows


@pytest.fixture(scope="module")
def windows_udfs():
    """xlwings.udfs as on Windows (pywin32 stubbed) and the UDFs decorated by it."""
    from efficap_xl.build.vba_project import windows_xlwings_udfs

    with windows_xlwings_udfs() as xlw:
        module = types.ModuleType("efficap_xl_udfs_windows")
        for name in UDF_NAMES:
            body = getattr(udfs, name).__wrapped__
            decorated = spec.udf(body, decorators=(xlw.xlfunc, xlw.xlarg, xlw.xlret))
            setattr(module, name, decorated)
        yield xlw, module


@pytest.mark.parametrize("name", sorted(SPEC))
def test_windows_metadata_matches_spec(windows_udfs, name):
    _, module = windows_udfs
    func = SPEC[name]
    xlf = getattr(module, name).__xlfunc__
    assert xlf["name"] == name
    assert xlf["category"] == "efficap"
    assert xlf["volatile"] is False and xlf["sub"] is False
    assert xlf["ret"]["doc"][:255] == func.help
    assert xlf["ret"]["options"] == func.ret_options
    assert [a["name"] for a in xlf["args"]] == [a.name for a in func.args]
    for got, want in zip(xlf["args"], func.args, strict=True):
        assert got["doc"] == want.doc
        # the UDFs' type hints must not become xlwings converters
        assert got["options"] == spec.KIND_OPTIONS[want.kind]
        assert ("optional" in got) == want.optional
        if want.optional:
            assert got["optional"] is None


def test_windows_vba_wrappers(windows_udfs):
    xlw, module = windows_udfs
    out = io.StringIO()
    book = types.SimpleNamespace(Name="efficap.xlam")
    xlw.generate_vba_wrapper("efficap_xl.udfs", module, out, book)
    text = out.getvalue()
    for name, func in SPEC.items():
        params = ", ".join(("Optional " if a.optional else "") + a.name for a in func.args)
        assert f"Function {name}({params})" in text
        assert f'XLPy.CallUDF("efficap_xl.udfs", "{name}"' in text


def test_windows_decorated_udfs_still_work(windows_udfs):
    _, module = windows_udfs
    assert module.EFFCAP_NOTIONAL(["IVV", "NTSX"], [0.5, 0.5]) == pytest.approx(1.25)
    assert module.EFFCAP_FUND("XYZ", "net ER").startswith("#EFFCAP: Unknown ticker: XYZ.")


def test_xlwings_conf_points_at_the_udf_module():
    conf = (ADDIN / "xlwings.conf").read_text(encoding="utf-8")
    assert '"UDF MODULES","efficap_xl.udfs"' in conf


def test_setup_guide_has_the_generated_reference():
    text = (ADDIN / "SETUP.md").read_text(encoding="utf-8")
    assert spec.reference_markdown() in text
    assert "efficap_xl.udfs" in text and "macOS" in text
