"""Price checks that warn: gaps against the NYSE calendar, closed days, bad prints."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from efficap.cli import main
from efficap.market_calendar import trading_days
from efficap.pricecheck import (
    SPLIT_RATIOS,
    PriceWarning,
    check_prices,
    price_findings,
    price_notes,
    probable_splits,
    suspicious_moves,
)
from efficap.prices import read_prices, validate_prices


def calm(n: int = 120, start: str = "2024-01-02", daily: float = 0.01, seed: int = 7) -> pd.Series:
    """A random walk of `n` closes on NYSE trading days, `daily` log volatility."""
    days = trading_days(start, "2030-12-31")[:n]
    steps = np.random.default_rng(seed).normal(0.0, daily, n)
    steps[0] = 0.0
    return pd.Series(100 * np.exp(np.cumsum(steps)), index=days, name="IVV")


def test_a_bad_print_reversed_next_day_is_flagged():
    closes = calm()
    bad = closes.index[60]
    closes[bad] = closes.iloc[59] * 0.67  # -33%, then back: +49% into the next close
    closes.iloc[61] = closes.iloc[59] * 1.001
    moves = suspicious_moves(closes)
    assert [day for day, _, _ in moves] == [bad]
    _, into, out = moves[0]
    assert into == pytest.approx(-0.33)
    assert out == pytest.approx(1.001 / 0.67 - 1)  # +49.4%
    table = check_prices(closes.to_frame())
    assert table.loc["IVV", "suspicious_moves"] == 1
    assert table.loc["IVV", "suspicious_worst"] == f"{bad:%Y-%m-%d} (-33.0% then +49.4%)"


def test_a_move_that_stays_or_a_small_reversal_is_not_flagged():
    closes = calm()
    closes.iloc[60:] *= 0.67  # a level shift that stays (a real drop, or a split)
    assert suspicious_moves(closes) == []
    closes = calm()
    closes.iloc[60] *= 1.03  # +3% and back: three typical moves, not eight
    assert suspicious_moves(closes) == []


def test_gaps_and_closed_days_hand_checked():
    # 2024-01-02..01-10: the 5th (a Friday) has no close; a close on Saturday the 6th.
    days = ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-06", "2024-01-08"]
    days += ["2024-01-09", "2024-01-10"]
    prices = pd.DataFrame({"AGG": np.linspace(100, 101, 7)}, index=pd.to_datetime(days))
    row = check_prices(prices).loc["AGG"]
    assert row["first"] == pd.Timestamp("2024-01-02")
    assert row["last"] == pd.Timestamp("2024-01-10")
    assert (row["rows"], row["missing_days"], row["extra_days"]) == (7, 1, 1)
    assert (row["missing_first"], row["extra_first"]) == ("2024-01-05", "2024-01-06")
    assert price_notes(prices, "agg.csv") == [
        "AGG in agg.csv: 1 NYSE trading day without a close from 2024-01-02 to 2024-01-10 "
        "(first: 2024-01-05).",
        "AGG in agg.csv: 1 close on days the NYSE was closed (2024-01-06).",
    ]


def test_holidays_are_not_gaps():
    # Good Friday 2024-03-29 and Juneteenth 2024-06-19: the NYSE was closed.
    days = trading_days("2024-03-25", "2024-06-21")
    assert pd.Timestamp("2024-03-29") not in days
    prices = pd.DataFrame({"SPY": np.linspace(1, 2, len(days))}, index=days)
    assert price_notes(prices) == []


BAD_PRINT = r"^IVV: 1 close looks like a bad print \(a move reversed the next day\): "


def test_readers_warn_and_never_refuse(tmp_path: Path):
    closes = calm(n=80)
    closes.iloc[40] = closes.iloc[39] * 0.5
    text = "Date,Close\n" + "".join(f"{d:%Y-%m-%d},{v}\n" for d, v in closes.items())
    (tmp_path / "IVV.csv").write_text(text)
    with pytest.warns(PriceWarning, match=BAD_PRINT) as caught:
        frame = read_prices(tmp_path)
    assert len(caught) == 1 and f"{closes.index[40]:%Y-%m-%d} (-50.0% then" in str(
        caught[0].message
    )
    assert frame["IVV"].iloc[40] == pytest.approx(closes.iloc[40])  # kept, not refused
    with pytest.warns(PriceWarning, match=BAD_PRINT):
        validate_prices(closes)


def test_clean_prices_raise_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error", PriceWarning)
        validate_prices(calm())


@settings(max_examples=40, deadline=None)
@given(
    daily=st.floats(0.002, 0.02),
    at=st.integers(25, 170),
    size=st.floats(0.0, 1.0),
    down=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_any_large_reversed_print_is_found(daily, at, size, down, seed):
    closes = calm(n=200, daily=daily, seed=seed)
    jump = max(0.25, 30 * daily) + size * 0.75  # log size of the bad print
    closes.iloc[at] *= np.exp(-jump if down else jump)
    assert closes.index[at] in [day for day, _, _ in suspicious_moves(closes)]


# --------------------------------------------------------------------------- splits


@pytest.mark.parametrize("ratio", list(SPLIT_RATIOS))
def test_an_unadjusted_split_that_stays_is_named_with_its_ratio(ratio):
    closes = calm()
    day = closes.index[60]
    closes.iloc[60:] *= SPLIT_RATIOS[ratio]
    assert probable_splits(closes) == [
        (day, ratio, pytest.approx(closes.iloc[60] / closes.iloc[59] - 1))
    ]
    assert suspicious_moves(closes) == []
    row = check_prices(closes.to_frame()).loc["IVV"]
    assert row["probable_splits"] == 1 and row["splits_worst"].startswith(
        f"{day:%Y-%m-%d} ({ratio}, "
    )


def test_a_split_on_the_last_close_is_flagged_and_a_reversed_one_is_a_bad_print():
    closes = calm()
    last = closes.copy()
    last.iloc[-1] = last.iloc[-2] * 0.5
    assert [(d, r) for d, r, _ in probable_splits(last)] == [(last.index[-1], "2:1")]
    back = calm()
    back.iloc[60] = back.iloc[59] * 0.5  # halved for one day only: a bad print, not a split
    assert probable_splits(back) == []
    assert [d for d, _, _ in suspicious_moves(back)] == [back.index[60]]


def test_a_large_move_off_any_split_ratio_or_small_for_the_fund_is_no_split():
    closes = calm()
    closes.iloc[60:] *= 0.75  # -25%: 0.12 in log from 2:3, 29 typical moves of 1%
    assert probable_splits(closes) == []
    wild = calm(daily=0.08)  # a fund moving 8% a day: a 3:2-sized drop is not 8 moves
    wild.iloc[60:] *= 2 / 3
    assert probable_splits(wild) == []


@settings(max_examples=40, deadline=None)
@given(
    daily=st.floats(0.002, 0.02),
    at=st.integers(25, 170),
    ratio=st.sampled_from(list(SPLIT_RATIOS)),
    noise=st.floats(-3.0, 3.0),
    seed=st.integers(0, 2**32 - 1),
)
def test_any_split_on_an_ordinary_day_is_found(daily, at, ratio, noise, seed):
    closes = calm(n=200, daily=daily, seed=seed)
    # The split day's close also carries that day's real move: up to 3 typical moves.
    real = np.log(closes.iloc[at] / closes.iloc[at - 1])
    closes.iloc[at:] *= SPLIT_RATIOS[ratio] * np.exp(noise * daily - real)
    found = [(d, r) for d, r, _ in probable_splits(closes)]
    assert (closes.index[at], ratio) in found


def test_findings_list_every_finding_worst_first():
    closes = calm(n=200, daily=0.004)  # 4-6% prints are 10 typical moves or more
    for at, size in ((40, 0.95), (70, 0.94), (120, 0.67), (150, 0.96)):
        closes.iloc[at] = closes.iloc[at - 1] * size  # a print reversed the next day
        closes.iloc[at + 1] = closes.iloc[at - 1] * 1.001
    gappy = calm(n=200, daily=0.01, seed=3).drop(closes.index[[20, 30]])
    prices = pd.concat({"BTAL": closes, "AGG": gappy}, axis=1)
    table = price_findings(prices)
    assert list(table.index) == [1, 2, 3, 4, 5, 6]
    assert table.iloc[0][["Fund", "date", "finding"]].tolist() == [
        "BTAL",
        closes.index[120],
        "bad print",
    ]
    assert table.iloc[0]["move"] == pytest.approx(-0.33)
    assert table.iloc[0]["then"] == pytest.approx(1.001 / 0.67 - 1)
    assert list(table["sigmas"].iloc[:4]) == sorted(table["sigmas"].iloc[:4], reverse=True)
    assert table["finding"].iloc[4:].tolist() == ["no close on a trading day"] * 2
    assert (
        check_prices(prices)
        .loc["BTAL", "suspicious_worst"]
        .startswith(f"{closes.index[120]:%Y-%m-%d} (-33.0% then +49.4%)")
    )


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_prices_check_names_a_halved_ivv_as_a_split(capsys, tmp_path, shared_prices_dir):
    ivv = pd.read_csv(shared_prices_dir / "IVV.csv", index_col=0, parse_dates=True)
    ivv.loc["2019-06-03":, "Close"] /= 2  # a raw file after a 2:1 split
    ivv.to_csv(tmp_path / "IVV.csv")
    code, out, err = _run(capsys, "prices", "check", str(tmp_path))
    assert code == 0
    first = out.splitlines()[2]
    assert "2019-06-03" in first and "split" in first and "2:1" in first
    assert (
        "IVV: 1 one-day move looks like an unadjusted split (not reversed): 2019-06-03 (2:1" in err
    )
    with pytest.warns(PriceWarning, match=r"2019-06-03 \(2:1, -50\.\d%\)"):
        read_prices(tmp_path)


def test_prices_check_json_lists_all_findings_and_csv_starts_with_the_worst(capsys, tmp_path):
    closes = calm(n=200, daily=0.004)  # 4-6% prints are 10 typical moves or more
    for at, size in ((40, 0.95), (70, 0.94), (120, 0.67)):
        closes.iloc[at] = closes.iloc[at - 1] * size
        closes.iloc[at + 1] = closes.iloc[at - 1] * 1.001
    text = "Date,Close\n" + "".join(f"{d:%Y-%m-%d},{v}\n" for d, v in closes.items())
    (tmp_path / "BTAL.csv").write_text(text)
    code, out, _ = _run(capsys, "prices", "check", str(tmp_path), "--format", "json")
    assert code == 0
    findings = json.loads(out)["findings"]
    assert [f["date"] for f in findings.values()] == [
        f"{closes.index[i]:%Y-%m-%d}" for i in (120, 70, 40)
    ]
    code, out, _ = _run(capsys, "prices", "check", str(tmp_path), "--format", "csv")
    assert out.splitlines()[1].startswith(f"1,BTAL,{closes.index[120]:%Y-%m-%d},bad print,-0.33,")


# --------------------------------------------------------------------------- real data


def test_real_histories_gaps_as_documented_and_no_false_alarms(shared_prices_dir: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PriceWarning)
        prices = read_prices(shared_prices_dir)
    table = check_prices(prices)
    # The data README: DBMF 27 and KMLM 80 trading days missing, no other gaps.
    assert table["missing_days"][table["missing_days"] > 0].to_dict() == {"DBMF": 27, "KMLM": 80}
    assert table.loc["DBMF", "missing_first"] == "2019-06-12, 2019-07-12, 2019-07-17"
    assert (table["extra_days"] == 0).all()
    # The crash days of 1997-10 (SPY), 2008-10 and 2020-03 are real moves, not bad prints.
    assert (table["suspicious_moves"] == 0).all()
    # No unadjusted split in the real files, not even on the crash days of 2008 or 2020.
    assert (table["probable_splits"] == 0).all()
    assert set(price_findings(prices)["finding"]) == {"no close on a trading day"}
    assert table.loc["SPY", "first"] <= pd.Timestamp("2008-10-01")


@settings(max_examples=30, deadline=None)
@given(
    n=st.integers(1, 150),
    holes=st.lists(st.integers(0, 149), max_size=10),
    prints=st.lists(st.tuples(st.integers(1, 148), st.floats(0.3, 3.0)), max_size=4),
    seed=st.integers(0, 2**32 - 1),
)
def test_findings_are_ordered_worst_first_on_any_history(n, holes, prints, seed):
    closes = calm(n=n, daily=0.005, seed=seed)
    for at, factor in prints:
        if at < n:
            closes.iloc[at] *= factor
    closes = closes.drop(closes.index[[h for h in holes if 0 < h < n - 1]])
    table = price_findings(closes.to_frame())
    kinds = {"probable": 0, "bad": 1, "close": 2, "no": 3}
    rank = [kinds[f.split()[0]] for f in table["finding"]]
    assert rank == sorted(rank)
    for kind in (0, 1):
        sig = table["sigmas"][[r == kind for r in rank]].tolist()
        assert sig == sorted(sig, reverse=True)
    counts = check_prices(closes.to_frame()).iloc[0]
    assert len(table) == sum(
        int(counts[c] or 0)
        for c in ("missing_days", "extra_days", "suspicious_moves", "probable_splits")
    )
