"""The ribbon is declared once (efficap_xl.buttons) and the built add-in agrees with it.

Read back from a built ``efficap.xlam`` with independent readers: the ribbon part parsed
as XML, the ``EfficapRibbon`` module extracted by olevba. For every button of the list
there is exactly one XML button (id, label, icon, tips, ``onAction``), exactly one VBA
``Sub <callback>(control As IRibbonControl)`` running ``RunPython`` on the action, and
that action is a public function of efficap_xl.actions exercised by tests/test_actions.py;
nothing else is in the XML or the module.
"""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from efficap.errors import BuildError
from efficap_xl import actions, buttons
from efficap_xl.build import ribbon, xlam

olevba = pytest.importorskip("oletools.olevba", reason="pip install oletools")

CUI = "{" + ribbon.NAMESPACE + "}"
TESTS = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return xlam.build_xlam(tmp_path_factory.mktemp("ribbon") / "efficap.xlam")


@pytest.fixture(scope="module")
def xml_buttons(built) -> dict[str, dict[str, str]]:
    with zipfile.ZipFile(built) as zf:
        root = ET.fromstring(zf.read(xlam.RIBBON_PART))
    found = [b.attrib for b in root.iter(f"{CUI}button")]
    assert len(found) == len({b["id"] for b in found})
    return {b["id"]: dict(b) for b in found}


@pytest.fixture(scope="module")
def vba_subs(built) -> dict[str, tuple[str, str]]:
    parser = olevba.VBA_Parser(str(built))
    code = {n: t.replace("\r\n", "\n") for _, _, n, t in parser.extract_macros()}
    module = code[f"{buttons.VBA_MODULE}.bas"]
    subs = re.finditer(r"^Sub (\w+)\(([^)]*)\)\n(.*?)^End Sub", module, re.M | re.S)
    return {m.group(1): (m.group(2), m.group(3)) for m in subs}


def test_the_list():
    every = buttons.buttons()
    assert [b.label for b in every] == [
        "Figure 1: exposures and solve",
        "Figure 2: performance",
        "Figure 3: fees and yields",
        "Portfolio Lab",
        "Overlay screen",
        "Solve weights",
        "Refresh prices",
        "Recalculate",
        "Fund catalog",
        "Help",
    ]
    assert len({b.id for b in every}) == len({b.callback for b in every}) == len(every)
    assert [b.args for b in every[:3]] == [(1,), (2,), (3,)]


def test_xml_buttons_are_the_list(xml_buttons):
    every = buttons.buttons()
    assert set(xml_buttons) == {b.id for b in every}
    for b in every:
        got = xml_buttons[b.id]
        assert got["label"] == b.label and got["imageMso"] == b.image
        assert got["screentip"] == b.screentip and got["supertip"] == b.supertip
        assert got["onAction"] == f"{buttons.VBA_MODULE}.{b.callback}"


def test_xml_layout_follows_the_groups(built):
    with zipfile.ZipFile(built) as zf:
        root = ET.fromstring(zf.read(xlam.RIBBON_PART))
    tab = root.find(f"{CUI}ribbon/{CUI}tabs/{CUI}tab")
    assert (tab.get("id"), tab.get("label")) == (buttons.TAB_ID, buttons.TAB_LABEL)
    groups = tab.findall(f"{CUI}group")
    assert [(g.get("id"), g.get("label")) for g in groups] == [
        (g.id, g.label) for g in buttons.RIBBON
    ]
    for element, group in zip(groups, buttons.RIBBON, strict=True):
        assert [c.get("id") for c in element] == [c.id for c in group.controls]
        for child, control in zip(element, group.controls, strict=True):
            if isinstance(control, buttons.Menu):
                assert child.tag == f"{CUI}menu" and child.get("label") == control.label
                assert [b.get("id") for b in child] == [b.id for b in control.buttons]
                assert all("size" not in b.attrib for b in child)  # a menu's buttons: no size
            else:
                assert child.tag == f"{CUI}button" and child.get("size") == "large"


def test_vba_callbacks_are_the_list(vba_subs):
    every = buttons.buttons()
    assert set(vba_subs) == {b.callback for b in every}  # one Sub per button, no other
    for b in every:
        params, body = vba_subs[b.callback]
        assert params == "control As IRibbonControl"
        match = re.fullmatch(r'\s*RunPython "import efficap_xl\.actions as a; (a\.[^"]+)"\s*', body)
        assert match, body
        call = ast.parse(match.group(1), mode="eval").body
        assert call.func.attr == b.action
        assert tuple(ast.literal_eval(a) for a in call.args) == b.args


def test_python_actions_are_the_list():
    tested = (TESTS / "test_actions.py").read_text(encoding="utf-8")
    for b in buttons.buttons():
        assert b.action in actions.__all__ and callable(getattr(actions, b.action))
        assert f"actions.{b.action}(" in tested, f"{b.action} has no test"
        assert b.python == (
            f"import efficap_xl.actions as a; a.{b.action}({', '.join(map(repr, b.args))})"
        )


def test_help_sheet_lists_the_same_buttons():
    rows = actions.help_rows()
    listed = [r[0] for r in rows[4 : 4 + len(buttons.buttons())]]
    assert listed == [b.label for b in buttons.buttons()]


def test_generation_refuses_duplicates(monkeypatch):
    twin = buttons.Button("efficapSolve", "Twin", "Help", "t", "s", "OnTwin", "show_help")
    group = buttons.Group("efficapExtra", "Extra", (twin,))
    monkeypatch.setattr(ribbon, "RIBBON", (*buttons.RIBBON, group))
    with pytest.raises(BuildError, match="share an id"):
        ribbon.custom_ui()
    clash = buttons.Button("efficapTwin", "Twin", "Help", "t", "s", "OnShowHelp", "show_help")
    monkeypatch.setattr(buttons, "RIBBON", (*buttons.RIBBON, buttons.Group("g", "G", (clash,))))
    with pytest.raises(BuildError, match="share a VBA callback"):
        ribbon.callbacks_module()
    long = buttons.Button("efficapLong", "x" * 1025, "Help", "t", "s", "OnLong", "show_help")
    monkeypatch.setattr(ribbon, "RIBBON", (buttons.Group("g", "G", (long,)),))
    with pytest.raises(BuildError, match="empty or too long"):
        ribbon.custom_ui()
