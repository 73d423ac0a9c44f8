"""The ribbon XML and its VBA callbacks, generated from :data:`efficap_xl.buttons.RIBBON`.

Implements
----------
- :func:`custom_ui` -- ``customUI/customUI14.xml``: the "Efficient Capital" tab in the
  Office 2010 customUI schema (``http://schemas.microsoft.com/office/2009/07/customui``):
  one group per :class:`~efficap_xl.buttons.Group`, large buttons, a menu of normal-size
  buttons for a :class:`~efficap_xl.buttons.Menu`.
- :func:`callbacks_module` -- the ``EfficapRibbon`` VBA module: for each button one
  ``Sub <callback>(control As IRibbonControl)`` running its action through
  ``RunPython`` (from xlwings' VBA module of the add-in).

Both are deterministic text; :mod:`efficap_xl.build.xlam` puts them into the add-in.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from efficap.errors import BuildError
from efficap_xl.buttons import RIBBON, TAB_ID, TAB_LABEL, VBA_MODULE, Button, Menu, buttons

__all__ = ["NAMESPACE", "callbacks_module", "custom_ui"]

NAMESPACE = "http://schemas.microsoft.com/office/2009/07/customui"
_MAX_TEXT = 1024  # customUI's longest label, screentip and supertip


def _attrs(**values: str) -> str:
    for name, value in values.items():
        if not 1 <= len(value) <= _MAX_TEXT:
            raise BuildError(f"Ribbon attribute {name}={value!r} is empty or too long.")
    return " ".join(f"{name}={quoteattr(value)}" for name, value in values.items())


def _button(b: Button, indent: str, size: str | None) -> str:
    attrs = {"id": b.id, "label": b.label}
    if size:
        attrs["size"] = size
    attrs |= {
        "imageMso": b.image,
        "onAction": b.on_action,
        "screentip": b.screentip,
        "supertip": b.supertip,
    }
    return f"{indent}<button {_attrs(**attrs)}/>"


def custom_ui() -> bytes:
    """The ribbon part, UTF-8 XML.

    Raises
    ------
    BuildError
        If two controls share an id or a text attribute is empty or over 1024 characters.
    """
    lines = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
        "<!-- The 'Efficient Capital' ribbon tab of efficap.xlam, generated from",
        "     efficap_xl/buttons.py when the add-in is built. Every onAction names a Sub of",
        f"     the VBA module {VBA_MODULE}, which runs one function of efficap_xl.actions. -->",
        f'<customUI xmlns="{NAMESPACE}">',
        "  <ribbon>",
        "    <tabs>",
        f"      <tab {_attrs(id=TAB_ID, label=TAB_LABEL)}>",
    ]
    ids = [TAB_ID]
    for group in RIBBON:
        ids.append(group.id)
        lines.append(f"        <group {_attrs(id=group.id, label=group.label)}>")
        for control in group.controls:
            ids.append(control.id)
            if isinstance(control, Menu):
                menu = _attrs(
                    id=control.id,
                    label=control.label,
                    size="large",
                    imageMso=control.image,
                    itemSize="normal",
                    screentip=control.screentip,
                    supertip=control.supertip,
                )
                lines.append(f"          <menu {menu}>")
                lines += [_button(b, "            ", None) for b in control.buttons]
                ids += [b.id for b in control.buttons]
                lines.append("          </menu>")
            else:
                lines.append(_button(control, "          ", "large"))
        lines.append("        </group>")
    lines += ["      </tab>", "    </tabs>", "  </ribbon>", "</customUI>", ""]
    if len(ids) != len(set(ids)):
        raise BuildError("Two ribbon controls share an id.")
    return "\n".join(lines).encode("utf-8")


def callbacks_module() -> str:
    """The ``EfficapRibbon`` VBA module: one callback per button.

    Raises
    ------
    BuildError
        If two buttons share a callback name.
    """
    every = buttons()
    if len({b.callback for b in every}) != len(every):
        raise BuildError("Two ribbon buttons share a VBA callback.")
    lines = [
        f'Attribute VB_Name = "{VBA_MODULE}"',
        "' Ribbon callbacks of the 'Efficient Capital' tab, generated from efficap_xl/buttons.py",
        "' when efficap.xlam is built. Each calls one Python function of efficap_xl.actions",
        "' through xlwings' RunPython (module xlwings of this add-in); the Python side works",
        "' on the active workbook and reports problems in a message box.",
        "Option Explicit",
    ]
    for b in every:
        statement = b.python.replace('"', '""')
        lines += [
            "",
            f"Sub {b.callback}(control As IRibbonControl)",
            f'    RunPython "{statement}"',
            "End Sub",
        ]
    return "\n".join(lines) + "\n"
