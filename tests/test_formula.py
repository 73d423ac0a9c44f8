"""The formula builder (efficap_xl.build.formula): names and argument order from the spec."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from efficap_xl.build.formula import formula, literal, positions
from efficap_xl.spec import SPEC, SpecError


def test_arguments_go_in_spec_order_whatever_the_keyword_order():
    text = formula(
        "EFFCAP_PERFORMANCE",
        rebalance="$B$5",
        as_of="$B$4",
        weights_table="$A$9:$E$16",
        prices="Prices!$B$1:$E$10001",
        dates="Prices!$A$2:$A$10001",
    )
    assert text == (
        "=EFFCAP_PERFORMANCE(Prices!$A$2:$A$10001,Prices!$B$1:$E$10001,$A$9:$E$16,$B$4,$B$5)"
    )


def test_skipped_optionals_are_empty_positions_and_trailing_ones_are_dropped():
    assert formula("EFFCAP_STATS", dates="d", prices="p", weights="w", risk_free="0.02") == (
        "=EFFCAP_STATS(d,p,w,,0.02)"
    )
    assert formula("EFFCAP_STATS", dates="d", prices="p", weights="w") == "=EFFCAP_STATS(d,p,w)"
    assert formula("EFFCAP_VERSION") == "=EFFCAP_VERSION()"
    assert formula("EFFCAP_FEES", tickers="t", weights="w", field=None, catalog="c") == (
        "=EFFCAP_FEES(t,w,,c)"
    )


def test_literals():
    assert literal("net ER").text == '"net ER"'
    assert literal('say "hi"').text == '"say ""hi"""'
    assert literal(True).text == "TRUE" and literal(False).text == "FALSE"
    assert literal(0.02).text == "0.02" and literal(3).text == "3"
    assert formula("EFFCAP_FUND", ticker=literal("NTSX"), field=literal("net ER")) == (
        '=EFFCAP_FUND("NTSX","net ER")'
    )
    with pytest.raises(SpecError, match="Cannot write"):
        _ = literal(object()).text


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        ("EFFCAP_NOPE", {}, "EFFCAP_NOPE is not an Excel function of the spec."),
        (
            "EFFCAP_NOTIONAL",
            {"tickers": "t", "weights": "w", "weight": "x"},
            "EFFCAP_NOTIONAL has no argument weight; it takes ['tickers', 'weights', 'catalog'].",
        ),
        ("EFFCAP_NOTIONAL", {"tickers": "t"}, "EFFCAP_NOTIONAL needs weights."),
    ],
)
def test_refuses_what_the_spec_does_not_have(name, args, message):
    with pytest.raises(SpecError) as error:
        formula(name, **args)
    assert str(error.value) == message


@given(st.sampled_from(sorted(SPEC)), st.data())
def test_property_positions_follow_the_spec(name, data):
    func = SPEC[name]
    given_args = {
        a.name: f"x{i}"
        for i, a in enumerate(func.args)
        if not a.optional or data.draw(st.booleans(), label=a.name)
    }
    placed = positions(name, given_args)
    assert placed == [given_args.get(a.name) for a in func.args]
    text = formula(name, **given_args)
    inner = text[len(f"={name}(") : -1]
    parts = inner.split(",") if inner else []
    assert [p for p in parts if p] == [
        given_args[a.name] for a in func.args if a.name in given_args
    ]
