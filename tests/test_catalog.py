"""Fund catalog: the built-in facts, user overrides, header aliases, bad tables."""

import pandas as pd
import pytest

from efficap.catalog import (
    asset_classes,
    builtin_catalog,
    exposure_matrix,
    fund_fact,
    load_catalog,
    normalize_catalog,
    resolve_asset_class,
)
from efficap.errors import CatalogError, UnknownTickerError

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
    assert pd.isna(merged.loc["NTSX", "gross_expense_ratio"])  # whole row replaced
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
