"""The research note's Figures 1-3 as tables, computed by the core.

Implements
----------
- :data:`PORTFOLIOS` -- the note's three portfolios (Figure 1 fund weights).
- :func:`figure1` -- fund weights and the notional exposures they produce.
- :func:`figure2` -- standardized performance (2b) and the chart data (2a) from prices.
- :func:`figure3` -- fund fundamentals from the catalog and what they imply per blend.

Each returns a dict of name -> DataFrame, row labels as the note prints them, numbers
as decimals. The only published numbers kept here are the note's *inputs* (the
portfolios' weights and the funds it shows); every output is computed.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from efficap.catalog import CatalogLike, load_catalog
from efficap.exposure import TOTAL_NOTIONAL, exposure_table, total_notional
from efficap.fees import weighted_fact

EFFICIENT = "Efficient Allocation to Managed Futures"
TRADITIONAL_MF = "Traditional Allocation to Managed Futures"
SIXTY_FORTY = "Traditional 60/40"

#: The note's portfolios, in Figure 1's column order (weights as decimals of capital).
PORTFOLIOS: dict[str, dict[str, float]] = {
    SIXTY_FORTY: {"IVV": 0.60, "NTSX": 0.0, "AGG": 0.40, "WTMF": 0.0},
    TRADITIONAL_MF: {"IVV": 0.50, "NTSX": 0.0, "AGG": 0.30, "WTMF": 0.20},
    EFFICIENT: {"IVV": 0.24, "NTSX": 0.40, "AGG": 0.16, "WTMF": 0.20},
}
#: The funds in the order Figure 1 lists them, and in the order Figures 2b and 3 do.
FIGURE1_FUNDS = ("IVV", "NTSX", "AGG", "WTMF")
FIGURE2_FUNDS = ("NTSX", "WTMF", "IVV", "AGG")
FIGURE1_CLASSES = ("U.S. Equities", "U.S. Fixed Income", "Managed Futures")
#: Figure 2b's blend rows come first, efficient blend on top.
FIGURE2_BLENDS = (EFFICIENT, TRADITIONAL_MF, SIXTY_FORTY)
FIGURE2_AS_OF = "2026-03-31"
FIGURE2A_AS_OF = "2026-04-08"
FIGURE2A_PERIODS = ("YTD", "1Y", "3Y")

#: Figure 2b as the note publishes it (as of 2026-03-31), decimals; None = n/a. Shown in
#: the Figure 2 template as a reference beside the computed table; never used to compute.
PUBLISHED_FIGURE2B: dict[str, tuple[float | None, ...]] = {
    EFFICIENT: (-0.0235, 0.1536, 0.1322, 0.0776, None, 0.0927),
    TRADITIONAL_MF: (-0.0152, 0.1388, 0.1229, 0.0763, 0.0836, 0.0775),
    SIXTY_FORTY: (-0.0269, 0.1217, 0.1253, 0.0756, 0.0927, 0.0793),
    "NTSX (NAV)": (-0.0487, 0.1658, 0.1556, 0.0825, None, 0.1138),
    "NTSX (MP)": (-0.0478, 0.1668, 0.1557, 0.0815, None, 0.1138),
    "WTMF (NAV)": (0.0362, 0.1936, 0.0969, 0.0647, 0.0301, 0.0088),
    "WTMF (MP)": (0.0411, 0.1986, 0.0988, 0.0654, 0.0304, 0.0089),
    "IVV (NAV)": (-0.0490, 0.1708, 0.1805, 0.1190, 0.1406, 0.0790),
    "IVV (MP)": (-0.0487, 0.1708, 0.1809, 0.1189, 0.1406, 0.0790),
    "AGG (NAV)": (0.0056, 0.0490, 0.0381, 0.0042, 0.0172, 0.0315),
    "AGG (MP)": (0.0054, 0.0490, 0.0377, 0.0040, 0.0170, 0.0314),
}

_FUNDAMENTALS = {
    "SEC 30-day yield (subsidized)": "sec_yield_subsidized",
    "SEC 30-day yield (unsubsidized)": "sec_yield_unsubsidized",
    "Total expense ratio (gross)": "gross_expense_ratio",
    "Total expense ratio (net)": "net_expense_ratio",
    "Total assets ($ millions)": "total_assets_musd",
}


def figure1(catalog: CatalogLike = None) -> dict[str, pd.DataFrame]:
    """Return Figure 1, "Adding vs. Replacing": fund weights and notional exposures.

    Returns
    -------
    dict
        ``"weights"``: rows IVV, NTSX, AGG, WTMF, Total; ``"exposures"``: rows
        U.S. Equities, U.S. Fixed Income, Managed Futures, Total (total notional).
        Columns are the three portfolios; values are decimals.
    """
    weights = pd.DataFrame(PORTFOLIOS).loc[list(FIGURE1_FUNDS)]
    weights.loc["Total"] = weights.sum()
    held = {name: held_weights(w) for name, w in PORTFOLIOS.items()}
    exposure = exposure_table(held, catalog, FIGURE1_CLASSES)
    exposure = exposure.drop(index="Financing").rename(index={TOTAL_NOTIONAL: "Total"})
    weights.index.name, exposure.index.name = "ETF", "Exposure"
    return {"weights": weights, "exposures": exposure}


def figure2(
    prices: pd.DataFrame,
    as_of: str | pd.Timestamp = FIGURE2_AS_OF,
    rebalance: str | None = None,
    chart_as_of: str | pd.Timestamp = FIGURE2A_AS_OF,
    catalog: CatalogLike = None,
    window: str | None = None,
) -> dict[str, pd.DataFrame]:
    """Return Figure 2: standardized performance (2b) and the bar chart's data (2a).

    Parameters
    ----------
    prices : pandas.DataFrame
        Total-return price histories with columns IVV, AGG, NTSX, WTMF (see
        :func:`efficap.prices.read_prices`). Market closes give market-price (MP)
        returns; the note's fund rows also show NAV returns, which prices cannot.
    as_of : date
        Date of the standardized table (the note: 2026-03-31).
    rebalance : str, optional
        Blend rebalancing rule (see :func:`efficap.blend.parse_rebalance`); None means
        the default, annual. The note does not state its rule; annual, with periods
        read off the blend's linked history, reproduces its blend rows best.
    chart_as_of : date
        Date of the Figure 2a returns (the note: 2026-04-08).
    catalog : optional
        User catalog, for the expense-ratio columns.
    window : {"linked", "restart"}, optional
        Window convention (default linked: periods read off each blend's history).

    Returns
    -------
    dict
        ``"standardized"``: rows the three blends then ``"<TICKER> (MP)"`` for each fund;
        columns Inception (the fund's first close in `prices`, where its since-inception
        return starts; not the catalog's inception date, a few days earlier when the
        data start later), Gross ER, Net ER, YTD, 1Y, 3Y, 5Y, 10Y, Since Inception
        (returns annualized over a year; NaN where the history is too short).
        ``"chart"``: rows the three blends, columns YTD, 1Y, 3Y as of `chart_as_of`.
        Each table's ``attrs`` carry ``as_of``, ``rebalance``, ``window`` and ``caption``
        (see :func:`efficap.performance.caption`).
    """
    from efficap.performance import PERIOD_LABELS, PERIODS, standardized_table

    table = load_catalog(catalog)
    blends = {name: held_weights(PORTFOLIOS[name]) for name in FIGURE2_BLENDS}
    funds = {f"{t} (MP)": {t: 1.0} for t in FIGURE2_FUNDS}
    returns = standardized_table(prices, {**blends, **funds}, as_of, rebalance, window=window)
    attrs = dict(returns.attrs)
    returns = returns[list(PERIODS)].rename(columns=PERIOD_LABELS)
    facts = pd.DataFrame(
        {
            "Inception": [prices[t].first_valid_index() for t in FIGURE2_FUNDS],
            "Gross ER": [table.at[t, "gross_expense_ratio"] for t in FIGURE2_FUNDS],
            "Net ER": [table.at[t, "net_expense_ratio"] for t in FIGURE2_FUNDS],
        },
        index=list(funds),
    )
    standardized = facts.reindex(returns.index).join(returns)
    standardized.index.name = "Fund / blend"
    standardized.attrs = attrs
    chart = standardized_table(
        prices, blends, chart_as_of, rebalance, periods=FIGURE2A_PERIODS, window=window
    )
    chart.index.name = "Blend"
    return {"standardized": standardized, "chart": chart}


def figure3(catalog: CatalogLike = None) -> dict[str, pd.DataFrame]:
    """Return Figure 3, fundamentals, and what they imply for each blend.

    Returns
    -------
    dict
        ``"fundamentals"``: rows SEC yields, expense ratios, total assets; columns
        NTSX, WTMF, IVV, AGG (decimals, assets in $ millions). ``"blends"``: rows the
        three portfolios; columns weighted net and gross expense ratio, weighted SEC
        yields, and notional exposure per $1 invested.
    """
    table = load_catalog(catalog)
    fundamentals = pd.DataFrame(
        {t: [table.at[t, field] for field in _FUNDAMENTALS.values()] for t in FIGURE2_FUNDS},
        index=list(_FUNDAMENTALS),
    ).astype(float)
    fundamentals.index.name = "Fundamental"
    rows = {}
    for name, weights in PORTFOLIOS.items():
        held = held_weights(weights)
        rows[name] = {
            "Net expense ratio": weighted_fact(held, "net_expense_ratio", table),
            "Gross expense ratio": weighted_fact(held, "gross_expense_ratio", table),
            "SEC yield (subsidized)": weighted_fact(held, "sec_yield_subsidized", table),
            "SEC yield (unsubsidized)": weighted_fact(held, "sec_yield_unsubsidized", table),
            "Notional exposure per $1": total_notional(held, table),
        }
    blends = pd.DataFrame(rows).T
    blends.index.name = "Blend"
    return {"fundamentals": fundamentals, "blends": blends}


def held_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Return `weights` without its zero weights.

    A blend's history starts at its youngest *held* fund, so a 0% NTSX must not
    shorten the 60/40 blend's history to NTSX's.
    """
    return {ticker: weight for ticker, weight in weights.items() if weight}
