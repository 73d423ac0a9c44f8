Attribute VB_Name = "EfficapRibbon"
' Ribbon callbacks of the "Efficient Capital" tab (addin/efficap_xl/ribbon/customUI14.xml).
' One Sub per button; each calls one Python function of efficap_xl.actions through
' xlwings' RunPython (module "xlwings" of this add-in). The Python side works on the
' active workbook (xw.Book.caller()) and reports problems in a message box.
Option Explicit

Sub OnNewFigure1(control As IRibbonControl)
    RunPython "import efficap_xl.actions as a; a.new_from_template(1)"
End Sub

Sub OnNewFigure2(control As IRibbonControl)
    RunPython "import efficap_xl.actions as a; a.new_from_template(2)"
End Sub

Sub OnNewFigure3(control As IRibbonControl)
    RunPython "import efficap_xl.actions as a; a.new_from_template(3)"
End Sub

Sub OnSolveWeights(control As IRibbonControl)
    RunPython "import efficap_xl.actions as a; a.solve_weights()"
End Sub

Sub OnRefreshPrices(control As IRibbonControl)
    RunPython "import efficap_xl.actions as a; a.refresh_prices()"
End Sub

Sub OnRecalculate(control As IRibbonControl)
    RunPython "import efficap_xl.actions as a; a.recalculate()"
End Sub

Sub OnInsertCatalog(control As IRibbonControl)
    RunPython "import efficap_xl.actions as a; a.insert_catalog()"
End Sub

Sub OnShowHelp(control As IRibbonControl)
    RunPython "import efficap_xl.actions as a; a.show_help()"
End Sub
