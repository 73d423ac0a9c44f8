"""Fund catalog: the built-in facts, user overrides, header aliases, bad tables."""

import pandas as pd
import pytest

from efficap.catalog import (
    Catalog,
    asset_classes,
    builtin_catalog,
    exposure_matrix,
    fund_fact,
    load_catalog,
    normalize_catalog,
    resolve_asset_class,
)
from efficap.errors import CatalogError, UnitsError, UnknownTickerError
from efficap.exposure import exposures, total_notional

# Figure 3 of the note, and its fund table: ticker -> (net ER, gross ER, SEC sub, SEC unsub,
# assets $M, inception).
FIGURE3 = {
    "NTSX": (0.0020, 0.0020, 0.0118, 0.0118, 1211.09, "2018-08-02"),
    "WTMF": (0.0066, 0.0067, 0.0226, 0.0225, 215.41, "2011-01-05"),
    "IVV": (0.0003, 0.0003, 0.0105, 0.0105, 725340.63, "2000-05-15"),
    "AGG": (0.0003, 0.0003, 0.0417, 0.0417, 137314.91, "2003-09-22"),
}


@pytest.mark.parametrize("ticker", FIGURE3)
def test_builtin_catalog_holds_figure3_facts(ticker):
    net, gross, sub, unsub, assets, inception = FIGURE3[ticker]
    row = builtin_catalog().loc[ticker]
    assert row["net_expense_ratio"] == pytest.approx(net)
    assert row["gross_expense_ratio"] == pytest.approx(gross)
    assert row["sec_yield_subsidized"] == pytest.approx(sub)
    assert row["sec_yield_unsubsidized"] == pytest.approx(unsub)
    assert row["total_assets_musd"] == pytest.approx(assets)
    assert row["inception"] == pd.Timestamp(inception)
    assert row["source"]


def test_builtin_exposures_per_dollar():
    matrix = exposure_matrix(builtin_catalog(), ["IVV", "AGG", "NTSX", "WTMF"])
    assert matrix.loc["NTSX", "U.S. Equities"] == 0.9
    assert matrix.loc["NTSX", "U.S. Fixed Income"] == 0.6
    assert matrix.loc["WTMF", "Managed Futures"] == 1.0
    assert matrix.sum(axis=1).to_dict() == {"IVV": 1.0, "AGG": 1.0, "NTSX": 1.5, "WTMF": 1.0}


def test_every_builtin_fund_has_exposure_and_a_source():
    catalog = builtin_catalog()
    assert {"NTSI", "NTSE", "GDE", "RSST", "RSSB", "RSBT"} <= set(catalog.index)
    assert (catalog[asset_classes(catalog)].abs().sum(axis=1) > 0).all()
    assert (catalog["source"].str.len() > 20).all()


def test_builtin_catalog_is_a_copy():
    copy = builtin_catalog()
    copy.loc["IVV", "net_expense_ratio"] = 9.0
    assert builtin_catalog().loc["IVV", "net_expense_ratio"] == 0.0003


def test_user_rows_override_and_extend():
    user = pd.DataFrame(
        {
            "Ticker": ["ntsx", "XYZ"],
            "Net ER": ["0.25%", 0.001],
            "U.S. Equities": [0.9, 0.5],
            "u.s. fixed income": [0.6, None],
            "Crypto": [None, 0.5],
        }
    )
    merged = load_catalog(user)
    assert merged.loc["NTSX", "net_expense_ratio"] == pytest.approx(0.0025)
    assert merged.loc["NTSX", "gross_expense_ratio"] == 0.002  # blank cell keeps built-in
    assert merged.loc["XYZ", "U.S. Fixed Income"] == 0.0  # blank exposure is 0
    assert merged.loc["XYZ", "Crypto"] == 0.5
    assert merged.loc["IVV", "Crypto"] == 0.0
    assert merged.loc["IVV", "net_expense_ratio"] == 0.0003  # untouched rows kept


def test_catalog_from_excel_rows_and_files(tmp_path):
    rows = [["Ticker", "Managed Futures", "Net ER"], ["DBMF", 1.0, 0.0085], [None, None, None]]
    assert load_catalog(rows).loc["DBMF", "net_expense_ratio"] == 0.0085
    path = tmp_path / "mine.csv"
    path.write_text("Ticker,Gold\nGLDM,1.0\n")
    assert load_catalog(path).loc["GLDM", "Gold"] == 1.0
    xlsx = tmp_path / "mine.xlsx"
    pd.DataFrame({"Ticker": ["GLDM"], "Gold": [1.0]}).to_excel(xlsx, index=False)
    assert load_catalog(str(xlsx)).loc["GLDM", "Gold"] == 1.0


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("net_expense_ratio", 0.002),
        ("Net ER", 0.002),
        ("gross expense ratio", 0.002),
        ("SEC yield", 0.0118),
        ("u.s. equities", 0.9),
        ("Managed Futures", 0.0),
        ("inception", pd.Timestamp("2018-08-02")),
        ("name", "WisdomTree U.S. Efficient Core Fund"),
    ],
)
def test_fund_fact(field, expected):
    assert fund_fact(" ntsx ", field) == expected


def test_fund_fact_blank_is_none():
    assert fund_fact("NTSE", "net_expense_ratio") is None


def test_resolve_asset_class_is_case_insensitive():
    assert resolve_asset_class(builtin_catalog(), " managed futures ") == "Managed Futures"


@pytest.mark.parametrize(
    ("table", "error", "fragment"),
    [
        (pd.DataFrame({"Fund": ["x"]}), CatalogError, "needs a 'Ticker' column"),
        (pd.DataFrame({"Ticker": ["A", "a"], "Gold": [1, 1]}), CatalogError, "A more than once"),
        (
            pd.DataFrame({"Ticker": ["A"], "Gold": ["lots"]}),
            CatalogError,
            "A Gold: expected a number",
        ),
        (pd.DataFrame({"Ticker": ["A"], "Net ER": [True]}), CatalogError, "expected a number"),
        (pd.DataFrame({"Ticker": ["A"], "Inception": ["soon"]}), CatalogError, "expected a date"),
        (pd.DataFrame({"Ticker": [None, " "], "Gold": [1, 1]}), CatalogError, "no funds"),
        (
            pd.DataFrame([["A", 1, 2]], columns=["Ticker", "Net ER", "net_expense_ratio"]),
            CatalogError,
            "duplicate columns",
        ),
    ],
)
def test_bad_user_tables(table, error, fragment):
    with pytest.raises(error, match=fragment):
        normalize_catalog(table)


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        (lambda: load_catalog("/no/such/file.csv"), CatalogError, "not found"),
        (lambda: load_catalog([["Ticker"]]), CatalogError, "header row and at least one"),
        (lambda: fund_fact("ZZZZ", "net ER"), UnknownTickerError, "Unknown ticker: ZZZZ"),
        (lambda: fund_fact("IVV", "colour"), CatalogError, "Unknown field 'colour'"),
        (lambda: resolve_asset_class(builtin_catalog(), "Bitcoin"), CatalogError, "Known:"),
        (
            lambda: exposure_matrix(builtin_catalog(), ["IVV", "AAA", "BBB"]),
            UnknownTickerError,
            "Unknown tickers: AAA, BBB",
        ),
    ],
)
def test_bad_lookups(call, error, fragment):
    with pytest.raises(error, match=fragment):
        call()


# --------------------------------------------------------------------------- units


NTSX_90 = (
    "NTSX U.S. Equities is 90 (9000%): not plausible for an exposure per $1 (-300% to 300%). "
    "Write a decimal or a percent, e.g. 90% or 0.9."
)
IVV_ER_20 = (
    "IVV Net ER is 0.2 (20%): not plausible for an expense ratio (0% to 3%). "
    "Write a decimal or a percent, e.g. 0.2% or 0.002."
)


def as_csv(tmp_path, rows):
    path = tmp_path / "mine.csv"
    path.write_text("\n".join(",".join(map(str, row)) for row in rows) + "\n")
    return path


def as_xlsx(tmp_path, rows):
    path = tmp_path / "mine.xlsx"
    pd.DataFrame(rows[1:], columns=rows[0]).to_excel(path, index=False)
    return path


def as_frame(tmp_path, rows):
    return pd.DataFrame(rows[1:], columns=rows[0])


@pytest.mark.parametrize("make", [as_csv, as_xlsx, as_frame])
@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["Ticker", "U.S. Equities", "U.S. Fixed Income"], ["NTSX", 90, 60]], NTSX_90),
        ([["Ticker", "Net ER"], ["IVV", 0.20]], IVV_ER_20),
    ],
)
def test_whole_percents_in_a_user_catalog_are_refused(tmp_path, make, rows, message):
    with pytest.raises(UnitsError) as caught:
        load_catalog(make(tmp_path, rows))
    assert str(caught.value) == message


@pytest.mark.parametrize("make", [as_csv, as_xlsx, as_frame])
def test_percent_text_and_decimals_are_accepted(tmp_path, make):
    rows = [["Ticker", "Net ER", "SEC yield", "U.S. Equities"], ["IVV", "0.20%", "1.5%", "90%"]]
    merged = load_catalog(make(tmp_path, rows))
    assert merged.loc["IVV", "net_expense_ratio"] == pytest.approx(0.002)
    assert merged.loc["IVV", "sec_yield_subsidized"] == pytest.approx(0.015)
    assert merged.loc["IVV", "U.S. Equities"] == pytest.approx(0.9)


@pytest.mark.parametrize(
    ("column", "value", "fragment"),
    [
        ("SEC yield", 4.17, r"^IVV SEC yield is 4\.17 \(417%\): not plausible for a yield "),
        ("Gross ER", -0.001, r"^IVV Gross ER is -0\.001 \(-0\.1%\): not plausible for an expense"),
        ("Gold", -5, r"^IVV Gold is -5 \(-500%\): not plausible for an exposure per \$1 "),
    ],
)
def test_other_implausible_facts_are_refused(column, value, fragment):
    with pytest.raises(UnitsError, match=fragment):
        load_catalog(pd.DataFrame({"Ticker": ["IVV"], column: [value]}))


# --------------------------------------------------------------------------- merge rule


def test_partial_row_overrides_only_the_cells_it_fills():
    merged = load_catalog(pd.DataFrame({"Ticker": ["IVV"], "Net ER": ["0.04%"]}))
    assert merged.loc["IVV", "net_expense_ratio"] == pytest.approx(0.0004)
    assert merged.loc["IVV", "U.S. Equities"] == 1.0  # kept, not wiped to 0
    assert merged.loc["IVV", "name"] == "iShares Core S&P 500 ETF"
    assert merged.loc["IVV", "inception"] == pd.Timestamp("2000-05-15")
    efficient = {"IVV": 0.24, "NTSX": 0.40, "AGG": 0.16, "WTMF": 0.20}
    assert total_notional(efficient, merged) == pytest.approx(1.2)


def test_zero_is_a_value_and_blank_keeps():
    user = pd.DataFrame(
        {"Ticker": ["NTSX"], "U.S. Equities": [1.0], "U.S. Fixed Income": [0], "Gold": [None]}
    )
    merged = load_catalog(user)
    assert merged.loc["NTSX", ["U.S. Equities", "U.S. Fixed Income", "Gold"]].tolist() == [
        1.0,
        0.0,
        0.0,
    ]
    assert merged.loc["NTSX", "net_expense_ratio"] == 0.002


def test_new_fund_needs_an_exposure():
    with pytest.raises(CatalogError) as caught:
        load_catalog(pd.DataFrame({"Ticker": ["IVV", "MYF"], "Net ER": [0.0003, 0.001]}))
    assert str(caught.value) == (
        "New fund MYF has no exposures: give its exposure per $1 in an asset-class column "
        "(0.9 or 90% for 90 cents a dollar)."
    )
    with pytest.raises(CatalogError, match=r"^New fund MYF has no exposures"):
        load_catalog([["Ticker", "Gold"], ["MYF", None]])
    assert load_catalog([["Ticker", "Cash"], ["MYF", 0]]).loc["MYF", "Cash"] == 0.0


# --------------------------------------------------------------------------- Catalog type


def test_load_catalog_returns_a_catalog_and_keeps_one_as_is():
    full = load_catalog()
    assert isinstance(full, Catalog) and isinstance(builtin_catalog(), Catalog)
    assert load_catalog(full) is full
    assert type(full.loc[["IVV"]]) is pd.DataFrame  # derived frames are user rows
    assert type(full.copy()) is pd.DataFrame


def test_a_sliced_catalog_is_user_rows_over_the_builtin():
    sliced = load_catalog().loc[["IVV", "AGG"]]
    assert exposures({"NTSX": 1.0}, sliced).to_dict() == {
        "U.S. Equities": 0.9,
        "U.S. Fixed Income": 0.6,
    }
    assert fund_fact("WTMF", "net ER", sliced) == 0.0066
    assert load_catalog(sliced).equals(load_catalog())


def test_catalog_round_trips_through_csv(tmp_path):
    path = tmp_path / "all.csv"
    load_catalog().to_csv(path)
    assert load_catalog(path).equals(load_catalog())


# --------------------------------------------------------------------------- repeats, dates


def test_repeated_header_in_a_file_is_refused_not_renamed(tmp_path):
    path = as_csv(tmp_path, [["Ticker", "Gold", "Gold"], ["GLDM", 1.0, 0.5]])
    with pytest.raises(CatalogError, match=r"^Catalog has duplicate columns: Gold\.$"):
        load_catalog(path)
    path = as_xlsx(tmp_path, [["Ticker", "Net ER", "Net ER"], ["IVV", 0.001, 0.002]])
    with pytest.raises(CatalogError, match=r"duplicate columns: net_expense_ratio"):
        load_catalog(path)


def test_repeated_ticker_rows_are_refused(tmp_path):
    path = as_csv(tmp_path, [["Ticker", "Gold"], ["GLDM", 1.0], ["gldm", 0.5]])
    with pytest.raises(CatalogError, match=r"^Catalog lists GLDM more than once\.$"):
        load_catalog(path)


def test_catalog_dates_are_read_by_the_one_rule():
    user = pd.DataFrame({"Ticker": ["IVV"], "Inception": ["03/04/2001"]})
    with pytest.raises(CatalogError) as caught:
        load_catalog(user)
    assert str(caught.value) == (
        "IVV inception '03/04/2001' is ambiguous (day/month or month/day?): "
        "write 2001-04-03 or 2001-03-04."
    )
    user = pd.DataFrame({"Ticker": ["IVV"], "Inception": ["15/05/2000"]})
    assert load_catalog(user).loc["IVV", "inception"] == pd.Timestamp("2000-05-15")
