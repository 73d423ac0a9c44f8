"""The ribbon's buttons, declared once.

Each button of the "Efficient Capital" tab is one :class:`Button`: its label, icon
(an Office built-in ``imageMso``), screen tip and help text, the VBA callback the
ribbon calls (a ``Sub`` of the add-in's ``EfficapRibbon`` module) and the Python
function of :mod:`efficap_xl.actions` that callback runs through xlwings' ``RunPython``.

Read by: the build, which generates the ribbon XML (``customUI/customUI14.xml``) and
the ``EfficapRibbon`` VBA module from :data:`RIBBON`; :func:`efficap_xl.actions.show_help`,
which lists the buttons for the user; and the tests, which check that the built
add-in's XML, its VBA and the actions all agree with this list.

Implements :class:`Button`, :class:`Menu`, :class:`Group`, :data:`RIBBON` and
:func:`buttons` (every button, menus flattened, in ribbon order).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["RIBBON", "TAB_ID", "TAB_LABEL", "VBA_MODULE", "Button", "Group", "Menu", "buttons"]

TAB_ID = "efficapTab"
TAB_LABEL = "Efficient Capital"
#: The VBA module holding the callbacks.
VBA_MODULE = "EfficapRibbon"


@dataclass(frozen=True)
class Button:
    """One ribbon button.

    Attributes
    ----------
    id : str
        Ribbon control id (unique in the ribbon).
    label, image, screentip, supertip : str
        Text on the button, ``imageMso`` icon name, bold tip title, tip text (also the
        "what it does" of the help sheet).
    callback : str
        Name of the VBA ``Sub <callback>(control As IRibbonControl)``.
    action : str
        Function of :mod:`efficap_xl.actions` the callback runs.
    args : tuple
        Literal arguments of that call (numbers or text).
    """

    id: str
    label: str
    image: str
    screentip: str
    supertip: str
    callback: str
    action: str
    args: tuple[int | str, ...] = ()

    @property
    def on_action(self) -> str:
        """The ribbon's ``onAction``: ``EfficapRibbon.<callback>``."""
        return f"{VBA_MODULE}.{self.callback}"

    @property
    def python(self) -> str:
        """The Python statement ``RunPython`` runs."""
        args = ", ".join(repr(a) for a in self.args)
        return f"import efficap_xl.actions as a; a.{self.action}({args})"


@dataclass(frozen=True)
class Menu:
    """A drop-down of buttons (``New from template``)."""

    id: str
    label: str
    image: str
    screentip: str
    supertip: str
    buttons: tuple[Button, ...]


@dataclass(frozen=True)
class Group:
    """A group of the tab: large buttons and menus."""

    id: str
    label: str
    controls: tuple[Button | Menu, ...]


def _figure(number: int, label: str, supertip: str) -> Button:
    return Button(
        id=f"efficapNewFigure{number}",
        label=f"Figure {number}: {label}",
        image="FileNew",
        screentip=f"Figure {number} template",
        supertip=supertip,
        callback=f"OnNewFigure{number}",
        action="new_from_template",
        args=(number,),
    )


RIBBON: tuple[Group, ...] = (
    Group(
        "efficapTemplates",
        "Templates",
        (
            Menu(
                "efficapNewMenu",
                "New from template",
                "FileNew",
                "New workbook from a template",
                "Writes one of the research note's template workbooks, the Portfolio Lab or the "
                "overlay screen to a new file and opens it (never over an existing file).",
                (
                    _figure(
                        1,
                        "exposures and solve",
                        "Fund weights in, notional exposures out; target exposures in, fund "
                        "weights out.",
                    ),
                    _figure(
                        2,
                        "performance",
                        "Standardized performance of the blends from a Prices sheet, with a chart.",
                    ),
                    _figure(
                        3,
                        "fees and yields",
                        "Fund fundamentals and each blend's weighted expense ratio and SEC yield.",
                    ),
                    Button(
                        id="efficapNewLab",
                        label="Portfolio Lab",
                        image="FileNew",
                        screentip="Portfolio Lab template",
                        supertip="Up to 3 blends of up to 8 funds: exposures, a solve, and "
                        "their track record (performance, risk, stress, calendar years, "
                        "drawdowns, charts) from a Prices sheet.",
                        callback="OnNewLab",
                        action="new_from_template",
                        args=("lab",),
                    ),
                    Button(
                        id="efficapNewScreen",
                        label="Overlay screen",
                        image="FileNew",
                        screentip="Overlay screen template",
                        supertip="Keep a core's exposures and stack each candidate fund on "
                        "top at a few sizes: solved weights, CAGR and drawdown against the "
                        "core, stress periods, from a Prices sheet.",
                        callback="OnNewScreen",
                        action="new_from_template",
                        args=("screen",),
                    ),
                ),
            ),
        ),
    ),
    Group(
        "efficapPortfolio",
        "Portfolio",
        (
            Button(
                "efficapSolve",
                "Solve weights",
                "Calculator",
                "Solve for fund weights",
                "Select Asset class | Target cells; the funds are listed below them in the first "
                "column. Writes the weights into the first free column beside the funds.",
                "OnSolveWeights",
                "solve_weights",
            ),
            Button(
                "efficapRefresh",
                "Refresh prices",
                "Refresh",
                "Load price histories",
                "Pick a CSV or XLSX file (or several TICKER.csv files), or download the sheet's "
                "tickers where the download extra is installed, into the Prices sheet efficap "
                "laid out (a new sheet otherwise: your cells are never overwritten).",
                "OnRefreshPrices",
                "refresh_prices",
            ),
            Button(
                "efficapRecalc",
                "Recalculate",
                "CalculateNow",
                "Recalculate every formula",
                "Makes Excel recalculate all open workbooks, EFFCAP_ functions included.",
                "OnRecalculate",
                "recalculate",
            ),
        ),
    ),
    Group(
        "efficapReference",
        "Reference",
        (
            Button(
                "efficapCatalog",
                "Fund catalog",
                "TableInsert",
                "Insert the fund catalog",
                "Adds a sheet with the built-in fund catalog as values: edit it and pass it as "
                "the catalog argument.",
                "OnInsertCatalog",
                "insert_catalog",
            ),
            Button(
                "efficapHelp",
                "Help",
                "Help",
                "efficap help",
                "Adds a sheet listing the ribbon buttons and every EFFCAP_ function with its "
                "arguments and help.",
                "OnShowHelp",
                "show_help",
            ),
        ),
    ),
)


def buttons() -> list[Button]:
    """Every button of :data:`RIBBON` in ribbon order (a menu's buttons in its place)."""
    out: list[Button] = []
    for group in RIBBON:
        for control in group.controls:
            out.extend(control.buttons if isinstance(control, Menu) else (control,))
    return out
