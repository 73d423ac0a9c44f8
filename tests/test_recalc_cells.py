"""Tests of tests/recalc_cells.py: cells handed to EFFCAP_ calls, counted by hand."""

from __future__ import annotations

import pytest
import xlsxwriter
from recalc_cells import MAX_ROWS, Unsized, cells_per_recalculation, effcap_calls


def _book(path, formulas, *, table=True):
    """A workbook: a Prices sheet (dates in A2:A11, two funds in B1:C11), an Excel Table
    'Closes' over E1:G11 (Date, IVV, AGG), names, and `formulas` on 'Lab sheet'."""
    wb = xlsxwriter.Workbook(str(path))
    prices = wb.add_worksheet("Prices")
    prices.write_row(0, 1, ["IVV", "AGG"])
    for i in range(10):
        prices.write_row(i + 1, 0, [45000 + i, 100.0 + i, 50.0])
    if table:
        prices.add_table(
            "E1:G11",
            {"name": "Closes", "columns": [{"header": h} for h in ("Date", "IVV", "AGG")]},
        )
    wb.define_name("Dates", "=Prices!$A$2:$A$11")
    wb.define_name("Px", "=Prices!$B$1:$C$11")
    wb.define_name("Both", "=Prices!$A$2:$A$11,Prices!$B$2:$B$3")
    wb.define_name("Dynamic", "=OFFSET(Prices!$A$2,0,0,COUNTA(Prices!$A:$A)-1,1)")
    lab = wb.add_worksheet("Lab sheet")
    wb.define_name("'Lab sheet'!W", "='Lab sheet'!$B$2:$C$2")
    lab.write("A1", "EFFCAP_BLEND(Prices!A:A) in a text cell is no call")
    for cell, (kind, text) in formulas.items():
        if kind == "array":
            lab.write_array_formula(f"{cell}:{cell}", text)
        elif kind == "dynamic":
            lab.write_dynamic_array_formula(f"{cell}:{cell}", text)
        else:
            lab.write_formula(cell, text)
    wb.close()
    return path


def test_references_names_tables_and_literals_count_as_excel_reads_them(tmp_path):
    formulas = {
        # 10 dates + 11 x 2 prices + 2 weights; literals read no range
        "A3": ("plain", '=EFFCAP_TRAILING(Prices!$A$2:$A$11,Prices!$B$1:$C$11,$B$2:$C$2,"5Y",1)'),
        # the same through names (a sheet-scoped one among them), as an array formula
        "A4": ("array", "{=EFFCAP_BLEND(Dates,Px,W)}"),
        # table parts: data of Date (10), headers and data of IVV:AGG (2 x 11), headers (3)
        "A5": (
            "dynamic",
            "=EFFCAP_STATS(Closes[Date],Closes[[#All],[IVV]:[AGG]],Closes[#Headers])",
        ),
        # a table name alone is its data (10 x 3); a union name adds its areas (10 + 2)
        "A6": ("plain", "=EFFCAP_CALENDAR(Closes,Both)"),
        # a whole column; a quoted sheet name; a call inside another function
        "A7": ("plain", "=ROUND(EFFCAP_NOTIONAL(A:A,'Lab sheet'!B2:C2),2)"),
        "A8": ("plain", "=EFFCAP_VERSION()"),
        "A9": ("plain", '=IF(A1="EFFCAP_X(A:A)",1,2)'),  # only text mentions it
    }
    calls = effcap_calls(_book(tmp_path / "book.xlsx", formulas))
    got = {(c.cell, c.function): c.arguments for c in calls}
    assert got == {
        ("A3", "EFFCAP_TRAILING"): (10, 22, 2, 0, 0),
        ("A4", "EFFCAP_BLEND"): (10, 22, 2),
        ("A5", "EFFCAP_STATS"): (10, 22, 3),
        ("A6", "EFFCAP_CALENDAR"): (30, 12),
        ("A7", "EFFCAP_NOTIONAL"): (MAX_ROWS, 2),
        ("A8", "EFFCAP_VERSION"): (),
    }
    assert all(c.sheet == "Lab sheet" for c in calls)
    assert cells_per_recalculation(tmp_path / "book.xlsx") == 34 + 34 + 35 + 42 + MAX_ROWS + 2


def test_dynamic_ranges_count_the_area_they_give_with_the_stored_values(tmp_path):
    # column A holds 10 dates in A2:A11 (A1 is blank): COUNTA(A:A) = 10
    formulas = {
        "A3": (
            "plain",
            "=EFFCAP_STATS(Prices!$A$2:INDEX(Prices!$A:$A,COUNTA(Prices!$A:$A)+1),"
            "OFFSET(Prices!$B$1,0,0,COUNTA(Prices!$A:$A)+1,2))",
        ),  # A2:A11 (10) and B1:C11 (22)
        "A4": ("plain", "=EFFCAP_BLEND(Dynamic,INDEX(Prices!$B$1:$C$11,0,2),Px)"),  # 9, 11, 22
        "A5": ("plain", "=EFFCAP_FEES(INDEX(Prices!$B$1:$C$1,2),OFFSET(Prices!B2,1,1))"),  # 1, 1
        "A6": ("plain", "=EFFCAP_FEES(OFFSET(Prices!A1,ROWS(Prices!A1:A3)*2-1,0,2,3))"),  # 2 x 3
    }
    calls = effcap_calls(_book(tmp_path / "book.xlsx", formulas))
    assert [c.arguments for c in calls] == [(10, 22), (9, 11, 22), (1, 1), (6,)]


def test_names_sized_by_index_to_index_count_the_rows_that_hold_dates(tmp_path):
    # the templates' idiom: a row count (at least 1), then INDEX(area,1):INDEX(area,n)
    path = tmp_path / "book.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    prices = wb.add_worksheet("Prices")
    prices.write_row(0, 0, ["Date", "IVV", "AGG"])
    for i in range(7):  # 7 dates in rows 2-8 of 20 reserved
        prices.write_row(i + 1, 0, [45000 + i, 100.0 + i, 50.0])
    wb.define_name("Rows", "=MAX(1,COUNT(Prices!$A$2:$A$21))")
    wb.define_name("Empty", "=MAX(1,COUNT(Prices!$D$2:$D$21))")
    wb.define_name("D", "=INDEX(Prices!$A$2:$A$21,1):INDEX(Prices!$A$2:$A$21,Rows)")
    wb.define_name("T", "=INDEX(Prices!$B$1:$C$21,1,1):INDEX(Prices!$B$1:$C$21,Rows+1,2)")
    wb.define_name("E", "=INDEX(Prices!$D$2:$D$21,1):INDEX(Prices!$D$2:$D$21,Empty)")
    lab = wb.add_worksheet("Lab")
    lab.write_formula("A1", "=EFFCAP_STATS(D,T,E)")
    # a width from a formula cell: its stored result (1 here, so 2 + 1 columns)
    prices.write_formula("F1", '=IF(B1="",0,1)', None, 1)
    wb.define_name(
        "W", "=INDEX(Prices!$A$1:$C$21,1,1):INDEX(Prices!$A$1:$C$21,Rows+1,2+Prices!$F$1)"
    )
    lab.write_formula("A2", "=EFFCAP_STATS(D,W,E)")
    wb.close()
    assert [c.arguments for c in effcap_calls(path)] == [(7, 16, 1), (7, 24, 1)]


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("=EFFCAP_STATS(CHOOSE(1,A1:A5,B1),B1)", "cannot size the argument CHOOSE"),
        ("=EFFCAP_STATS($B$2:$C$2*1,B1)", r"cannot size the argument \$B\$2:\$C\$2\*1"),
        ("=EFFCAP_STATS(OFFSET(A1,0,0,0,1),B1)", "cannot size the argument OFFSET"),
        ("=EFFCAP_STATS(Nowhere,B1)", "Nowhere is not a reference"),
        ("=EFFCAP_STATS(Closes[Close],B1)", "table Closes has no column Close"),
        ("=EFFCAP_STATS(EFFCAP_BLEND(A1,B1,C1),B1)", "cannot size the argument EFFCAP_BLEND"),
    ],
)
def test_an_argument_that_needs_evaluating_is_refused_not_guessed(tmp_path, formula, message):
    path = _book(tmp_path / "book.xlsx", {"A3": ("plain", formula)})
    with pytest.raises(Unsized, match=message) as caught:
        effcap_calls(path)
    assert "Lab sheet!A3" in str(caught.value)
