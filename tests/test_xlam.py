"""The add-in file (efficap_xl.build.xlam, ``efficap addin build``), read back independently.

- the package: zip parts, content types, relationships, the workbook's code names,
  the xlwings settings sheet (read by openpyxl), built as ``efficap addin install``
  builds it: the interpreter or conda settings and the versions it records, and the
  ``Declare ... Lib "xlwings64-<version>.dll"`` lines olevba reads from its VBA;
- ``--out`` as a folder or an ``.xlam`` file name, never another file type;
- the ribbon: well-formed customUI 2009/07 XML, checked by hand against the schema
  rules of the elements and attributes it uses, every ``onAction`` a ``Sub
  X(control As IRibbonControl)`` of the ``EfficapRibbon`` module that runs one existing,
  tested function of efficap_xl.actions (tests/test_ribbon.py: all as efficap_xl.buttons
  declares them);
- the VBA project: oletools' olevba extracts every module; every ribbon callback and
  every UDF wrapper is there; each wrapper's arguments match efficap_xl.spec;
- a build failure that is not the user's input (a missing source, an xlwings without
  the expected VBA) raises BuildError;
- LibreOffice (headless) opens the add-in and writes its VBA back (skipped without
  ``soffice``).
"""

from __future__ import annotations

import ast
import io
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import openpyxl
import pytest

from efficap._io import OverwriteError
from efficap.errors import BuildError, EfficapError
from efficap_xl import actions, spec, versions
from efficap_xl.build import ribbon, vba_project, xlam
from efficap_xl.build.settings import AddinSettings, installed_xlwings

olevba = pytest.importorskip("oletools.olevba", reason="pip install oletools")

ROOT = Path(__file__).resolve().parents[1]
CUI = "{http://schemas.microsoft.com/office/2009/07/customui}"
EXPECTED_MODULES = {
    "ThisWorkbook.cls",
    "Sheet1.cls",
    "xlwings.bas",
    "EfficapRibbon.bas",
    "xlwings_udfs.bas",
    "EfficapHelp.bas",
}


FAKE_PYTHON = r"C:\Users\ana\envs\efficap\Scripts\python.exe"
#: What ``efficap addin install`` records for a Python in a virtual environment.
INSTALL_SETTINGS = AddinSettings("0.37.7", interpreter=FAKE_PYTHON)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The add-in as built off Windows: no interpreter recorded, this xlwings."""
    settings = AddinSettings(installed_xlwings())
    return xlam.build_xlam(tmp_path_factory.mktemp("addin") / "efficap.xlam", settings=settings)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The add-in as ``efficap addin install`` builds it on Windows, for a fake venv Python
    and an xlwings version other than the one installed here."""
    appdata = tmp_path_factory.mktemp("appdata")
    return xlam.install(
        platform="win32", environ={"APPDATA": str(appdata)}, settings=INSTALL_SETTINGS
    )


@pytest.fixture(scope="module")
def parts(built) -> dict[str, bytes]:
    with zipfile.ZipFile(built) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.fixture(scope="module")
def macros(built) -> dict[str, str]:
    parser = olevba.VBA_Parser(str(built))
    assert parser.detect_vba_macros()
    return {name: code.replace("\r\n", "\n") for _, _, name, code in parser.extract_macros()}


def _ribbon() -> ET.Element:
    return ET.fromstring(ribbon.custom_ui())


def _ribbon_source() -> str:
    return ribbon.callbacks_module()


def _subs(code: str) -> dict[str, tuple[str, str]]:
    """Sub name -> (parameter list, body) of every Sub in VBA `code`."""
    found = re.finditer(
        r"^(?:Public |Private )?Sub (\w+)\(([^)]*)\)\n(.*?)^End Sub", code, re.M | re.S
    )
    return {m.group(1): (m.group(2), m.group(3)) for m in found}


def _functions(code: str) -> dict[str, list[str]]:
    found = re.finditer(r"^Function (\w+)\(([^)]*)\)", code, re.M)
    return {m.group(1): [p.strip() for p in m.group(2).split(",") if p.strip()] for m in found}


# --------------------------------------------------------------------------- package


def test_package_parts_and_content_types(parts):
    for name in (
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/vbaProject.bin",
        "xl/worksheets/sheet1.xml",
        xlam.RIBBON_PART,
    ):
        assert name in parts, name
    ct = ET.fromstring(parts["[Content_Types].xml"])
    ns = "{http://schemas.openxmlformats.org/package/2006/content-types}"
    overrides = {e.get("PartName"): e.get("ContentType") for e in ct.iter(f"{ns}Override")}
    defaults = {e.get("Extension"): e.get("ContentType") for e in ct.iter(f"{ns}Default")}
    assert overrides["/xl/workbook.xml"] == xlam.ADDIN_CONTENT_TYPE
    vba_type = overrides.get("/xl/vbaProject.bin", defaults.get("bin"))
    assert vba_type == "application/vnd.ms-office.vbaProject"
    assert defaults["xml"] == "application/xml"  # serves customUI/customUI14.xml
    assert "macroEnabled.main" not in str(overrides).replace("addin.macroEnabled", "")


def test_relationships(parts):
    ns = "{http://schemas.openxmlformats.org/package/2006/relationships}"
    rels = ET.fromstring(parts["_rels/.rels"])
    by_type = {e.get("Type"): e.get("Target") for e in rels.iter(f"{ns}Relationship")}
    assert by_type[xlam.RIBBON_REL_TYPE] == xlam.RIBBON_PART
    assert xlam.RIBBON_REL_TYPE.endswith("/office/2007/relationships/ui/extensibility")
    ids = [e.get("Id") for e in rels.iter(f"{ns}Relationship")]
    assert len(ids) == len(set(ids))
    wb_rels = ET.fromstring(parts["xl/_rels/workbook.xml.rels"])
    targets = {e.get("Type"): e.get("Target") for e in wb_rels.iter(f"{ns}Relationship")}
    assert targets["http://schemas.microsoft.com/office/2006/relationships/vbaProject"] == (
        "vbaProject.bin"
    )
    assert parts[xlam.RIBBON_PART] == ribbon.custom_ui()


def test_code_names_match_the_document_modules(parts, macros):
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    wb = ET.fromstring(parts["xl/workbook.xml"])
    assert wb.find(f"{main}workbookPr").get("codeName") == "ThisWorkbook"
    assert wb.find(f"{main}fileVersion").get("codeName")
    assert [s.get("name") for s in wb.iter(f"{main}sheet")] == [versions.SETTINGS_SHEET]
    sheet = ET.fromstring(parts["xl/worksheets/sheet1.xml"])
    assert sheet.find(f"{main}sheetPr").get("codeName") == "Sheet1"
    assert 'Attribute VB_Name = "ThisWorkbook"' in macros["ThisWorkbook.cls"]
    assert 'Attribute VB_Name = "Sheet1"' in macros["Sheet1.cls"]


def _sheet_cells(parts: dict[str, bytes]) -> dict[str, str]:
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    strings = [
        "".join(t.text or "" for t in si.iter(f"{main}t"))
        for si in ET.fromstring(parts["xl/sharedStrings.xml"]).iter(f"{main}si")
    ]
    sheet = ET.fromstring(parts["xl/worksheets/sheet1.xml"])
    return {c.get("r"): strings[int(c.find(f"{main}v").text)] for c in sheet.iter(f"{main}c")}


def test_settings_sheet(parts):
    import xlwings

    import efficap

    cells = _sheet_cells(parts)
    assert (cells["A1"], cells["B1"]) == ("UDF Modules", "efficap_xl.udfs")
    # Built on Linux: no interpreter entry (a blank one would hide the user's setting).
    assert (cells["A2"], cells["B2"]) == ("efficap version", efficap.__version__)
    assert (cells["A3"], cells["B3"]) == ("xlwings version", xlwings.__version__)
    assert "A4" not in cells
    assert versions.SETTINGS_SHEET == f"{versions.PROJECT_NAME}.conf" == "efficap.conf"


def _openpyxl_settings(path: Path) -> list[tuple[str, str]]:
    """The settings sheet read by openpyxl, which knows no add-in part: it is handed a copy
    whose workbook part has the macro-enabled workbook's content type instead."""
    copy = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(copy, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(
                    xlam.ADDIN_CONTENT_TYPE.encode(),
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                )
            dst.writestr(name, data)
    wb = openpyxl.load_workbook(copy)
    rows = []
    for row in wb["efficap.conf"].iter_rows(min_col=1, max_col=2, values_only=True):
        if row[0] is None:
            break  # xlwings reads column A down to the first blank cell
        rows.append((row[0], row[1]))
    wb.close()
    return rows


def test_install_records_the_interpreter_and_versions(installed):
    import efficap

    assert installed.name == "efficap.xlam"
    assert installed.parent.parts[-2:] == ("Microsoft", "AddIns")
    assert _openpyxl_settings(installed) == [
        ("UDF Modules", "efficap_xl.udfs"),
        ("Interpreter_Win", FAKE_PYTHON),
        ("efficap version", efficap.__version__),
        ("xlwings version", "0.37.7"),
    ]
    assert versions.read_settings(installed) == dict(_openpyxl_settings(installed))


def test_install_declares_the_dll_of_the_xlwings_it_records(installed):
    parser = olevba.VBA_Parser(str(installed))
    code = {name: text for _, _, name, text in parser.extract_macros()}["xlwings.bas"]
    declares = re.findall(r'Declare PtrSafe Function \w+ Lib "([^"]+)"', code)
    assert declares.count("xlwings64-0.37.7.dll") == 3
    assert declares.count("xlwings32-0.37.7.dll") == 3
    assert "KERNEL32" in declares and not [d for d in declares if "0.37.8" in d]
    assert 'Public Const XLWINGS_VERSION As String = "0.37.7"' in code
    assert 'Const XLPyDLLName As String = "xlwings64-0.37.7.dll"' in code


def test_conda_settings_replace_the_interpreter(tmp_path):
    settings = AddinSettings("0.37.8", conda_path=r"C:\Users\ana\miniconda3", conda_env="fin")
    path = xlam.build_xlam(tmp_path, settings=settings)
    rows = dict(_openpyxl_settings(path))
    assert rows["Conda Path"] == r"C:\Users\ana\miniconda3" and rows["Conda Env"] == "fin"
    assert "Interpreter_Win" not in rows


def test_install_replaces_its_own_add_in_but_not_another_file(tmp_path):
    environ = {"APPDATA": str(tmp_path)}
    first = xlam.install(platform="win32", environ=environ, settings=INSTALL_SETTINGS)
    newer = AddinSettings("0.37.8", interpreter=FAKE_PYTHON)
    again = xlam.install(platform="win32", environ=environ, settings=newer)  # no --force needed
    assert again == first and versions.read_settings(again)["xlwings version"] == "0.37.8"
    again.write_bytes(b"someone else's add-in")
    with pytest.raises(OverwriteError, match="--force"):
        xlam.install(platform="win32", environ=environ, settings=newer)
    assert again.read_bytes() == b"someone else's add-in"
    xlam.install(force=True, platform="win32", environ=environ, settings=newer)
    assert versions.read_settings(again)["xlwings version"] == "0.37.8"


def test_install_refuses_what_cannot_work(tmp_path):
    store = r"C:\Users\ana\AppData\Local\Microsoft\WindowsApps\python.exe"
    with pytest.raises(EfficapError, match="Microsoft Store Python"):
        xlam.install(
            platform="win32",
            environ={"APPDATA": str(tmp_path)},
            settings=AddinSettings("0.37.8", interpreter=store),
        )
    with pytest.raises(EfficapError, match="need Excel for Windows"):
        xlam.install(platform="linux", environ={"APPDATA": str(tmp_path)})
    assert not list(tmp_path.iterdir())


def test_build_is_deterministic_and_refuses_to_overwrite(tmp_path, built):
    same = AddinSettings(installed_xlwings())
    again = xlam.build_xlam(tmp_path / "efficap.xlam", settings=same)
    assert again.read_bytes() == built.read_bytes()
    xlam.build_xlam(again, settings=same)  # identical: fine
    again.write_bytes(b"my edited add-in")
    with pytest.raises(EfficapError, match="--force"):
        xlam.build_xlam(again, settings=same)
    assert again.read_bytes() == b"my edited add-in"
    xlam.build_xlam(again, force=True, settings=same)
    assert again.read_bytes() == built.read_bytes()
    assert xlam.build_xlam(tmp_path, settings=same).name == "efficap.xlam"  # a folder
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp files


@pytest.mark.parametrize(
    ("out", "expected"),
    [
        (None, "efficap.xlam"),
        ("dist/", "dist/efficap.xlam"),
        ("my.xlam", "my.xlam"),
        ("sub/My Add-in.XLAM", "sub/My Add-in.XLAM"),
    ],
)
def test_output_path(out, expected):
    assert xlam.output_path(out) == Path(expected)


def test_output_path_of_an_existing_folder_and_a_wrong_name(tmp_path):
    assert xlam.output_path(tmp_path) == tmp_path / "efficap.xlam"
    with pytest.raises(EfficapError) as error:
        xlam.output_path(tmp_path / "x.xlsx")
    assert str(error.value) == (
        "x.xlsx is not an add-in file name: end it in .xlam (e.g. efficap.xlam), or end a "
        "folder name with a separator."
    )
    with pytest.raises(EfficapError, match=r"end it in \.xlam"):
        xlam.output_path(tmp_path / "addin")  # not a folder yet and no separator


def test_build_into_a_new_folder(tmp_path):
    path = xlam.build_xlam(f"{tmp_path / 'new' / 'dist'}{os.sep}")
    assert path == tmp_path / "new" / "dist" / "efficap.xlam" and path.is_file()


def test_build_failures_are_build_errors(monkeypatch, tmp_path):
    monkeypatch.setattr(vba_project, "VBA_DIR", tmp_path / "missing")
    with pytest.raises(BuildError, match=r"ThisWorkbook\.cls is missing"):
        xlam.xlam_bytes(INSTALL_SETTINGS)
    assert not issubclass(BuildError, EfficapError)  # not the user's input


def test_an_xlwings_without_its_vba_is_a_build_error(monkeypatch, tmp_path):
    import xlwings

    fake = tmp_path / "xlwings" / "__init__.py"
    fake.parent.mkdir()
    fake.write_text("")
    monkeypatch.setattr(xlwings, "__file__", str(fake))
    with pytest.raises(BuildError, match=r"cannot read xlwings_custom_addin\.bas"):
        vba_project.xlwings_vba()
    (fake.parent / "xlwings_custom_addin.bas").write_text("' no constant here\n")
    with pytest.raises(BuildError, match="no PROJECT_NAME constant"):
        vba_project.xlwings_vba()


# --------------------------------------------------------------------------- ribbon

# The subset of the customUI (2009/07) schema the ribbon uses: allowed children and
# attributes per element (attributes as CT_Tab, CT_Group, CT_Menu, CT_Button and
# CT_ButtonRegular (a button inside a menu: no size) define them).
_COMMON = {"id", "label", "imageMso", "screentip", "supertip", "keytip", "visible", "tag"}
SCHEMA = {
    "customUI": ({"ribbon"}, {"onLoad", "loadImage"}),
    "ribbon": ({"tabs"}, {"startFromScratch"}),
    "tabs": ({"tab"}, set()),
    "tab": ({"group"}, {"id", "label", "keytip", "visible", "tag"}),
    "group": ({"button", "menu", "separator"}, _COMMON),
    "menu": ({"button", "menuSeparator"}, _COMMON | {"size", "itemSize", "showLabel"}),
    "button": (set(), _COMMON | {"size", "onAction", "showLabel", "showImage", "enabled"}),
}


def _walk(element: ET.Element, parent: str | None = None):
    yield element, parent
    for child in element:
        yield from _walk(child, element.tag.removeprefix(CUI))


def test_ribbon_conforms_to_the_customui14_rules():
    root = _ribbon()
    assert root.tag == f"{CUI}customUI"
    ids = []
    for element, parent in _walk(root):
        assert element.tag.startswith(CUI), element.tag
        name = element.tag.removeprefix(CUI)
        assert name in SCHEMA, name
        children, attributes = SCHEMA[name]
        assert {c.tag.removeprefix(CUI) for c in element} <= children, name
        assert set(element.attrib) <= attributes, (name, set(element.attrib) - attributes)
        if name == "button" and parent == "menu":
            assert "size" not in element.attrib  # CT_ButtonRegular has no size
        if "id" in element.attrib:
            assert re.fullmatch(r"[A-Za-z_][\w.-]*", element.get("id"))  # xsd:ID
            ids.append(element.get("id"))
        for attr in ("size", "itemSize"):
            if attr in element.attrib:
                assert element.get(attr) in ("normal", "large")
        for attr in ("label", "screentip", "supertip"):
            if attr in element.attrib:
                assert 1 <= len(element.get(attr)) <= 1024
        if name in ("tab", "group", "menu", "button"):
            assert element.get("id") and element.get("label"), name
        if name == "button":
            assert element.get("onAction") and element.get("imageMso")
    assert len(ids) == len(set(ids))
    tab = root.find(f"{CUI}ribbon/{CUI}tabs/{CUI}tab")
    assert tab.get("label") == "Efficient Capital"


def test_the_buttons_asked_for():
    labels = [b.get("label") for b in _ribbon().iter(f"{CUI}button")]
    menu = _ribbon().find(f".//{CUI}menu")
    assert menu.get("label") == "New from template"
    assert [b.get("label")[:8] for b in menu.iter(f"{CUI}button")] == [
        "Figure 1",
        "Figure 2",
        "Figure 3",
        "Portfoli",  # the Portfolio Lab
        "Overlay ",  # the overlay screen
    ]
    for label in ("Solve weights", "Refresh prices", "Recalculate", "Fund catalog", "Help"):
        assert label in labels


def _callbacks() -> list[tuple[str, str]]:
    out = []
    for button in _ribbon().iter(f"{CUI}button"):
        module, _, sub = button.get("onAction").partition(".")
        out.append((module, sub))
    return out


def _python_call(body: str) -> ast.Call:
    match = re.fullmatch(r'\s*RunPython "import efficap_xl\.actions as a; (a\.[^"]+)"\s*', body)
    assert match, body
    call = ast.parse(match.group(1), mode="eval").body
    assert isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
    return call


def test_every_callback_is_a_sub_that_runs_a_tested_action():
    subs = _subs(_ribbon_source().replace("\r\n", "\n"))
    tested = (ROOT / "tests" / "test_actions.py").read_text(encoding="utf-8")
    callbacks = _callbacks()
    assert len(callbacks) == 10
    assert {sub for _, sub in callbacks} == set(subs)  # no callback without a Sub, no orphan
    for module, sub in callbacks:
        assert module == "EfficapRibbon"
        params, body = subs[sub]
        assert params == "control As IRibbonControl"
        call = _python_call(body)
        fn = getattr(actions, call.func.attr)
        assert callable(fn) and call.func.attr in actions.__all__
        assert f"actions.{call.func.attr}(" in tested, f"{call.func.attr} has no test"
        args = [ast.literal_eval(a) for a in call.args]
        if call.func.attr == "new_from_template":
            assert args[0] in (1, 2, 3, "lab", "screen")
        else:
            assert args == []


# --------------------------------------------------------------------------- VBA


def test_olevba_extracts_every_module(macros):
    assert set(macros) == EXPECTED_MODULES
    for module in vba_project.vba_modules():
        ext = ".cls" if module.document else ".bas"
        want = module.source.replace("\r\n", "\n").strip()
        assert macros[module.name + ext].strip() == want


def test_ribbon_callbacks_in_the_vba_project(macros):
    subs = _subs(macros["EfficapRibbon.bas"])
    for _, sub in _callbacks():
        assert subs[sub][0] == "control As IRibbonControl"


def test_udf_wrappers_match_the_spec(macros):
    code = macros["xlwings_udfs.bas"]
    wrappers = _functions(code)
    assert set(wrappers) == set(spec.SPEC)
    for name, func in spec.SPEC.items():
        want = [("Optional " if a.optional else "") + a.name for a in func.args]
        assert wrappers[name] == want, name
        names = ", ".join(a.name for a in func.args)
        assert (
            f'{name} = XLPy.CallUDF("efficap_xl.udfs", "{name}", Array({names}), '
            "ActiveWorkbook, Application.Caller)"
        ) in code
    for params in wrappers.values():
        for p in params:
            assert p.removeprefix("Optional ").lower() not in spec.VBA_RESERVED


def test_spec_refuses_vba_keywords_as_argument_names():
    with pytest.raises(spec.SpecError, match="'end' is a VBA keyword"):
        spec.Arg("end", "scalar", "Last date.")


def test_function_help_is_registered_from_the_spec(macros):
    code = macros["EfficapHelp.bas"]
    assert "Workbook_Open" in macros["ThisWorkbook.cls"]
    assert "RegisterFunctionHelp" in _subs(macros["ThisWorkbook.cls"])["Workbook_Open"][1]
    assert "RegisterFunctionHelp" in _subs(code)
    for func in spec.FUNCTIONS:
        block = code.split(f'Describe "{func.name}", _\n', 1)[1]
        block = block.split("    Describe ", 1)[0].split("End Sub", 1)[0]
        strings = re.findall(r'"((?:[^"]|"")*)"', block)
        assert [t.replace('""', '"') for t in strings] == [func.help] + [a.doc for a in func.args]
    assert 'Category:="efficap"' in code and "ArgumentDescriptions:=ArgHelp" in code


def test_xlwings_module_comes_from_the_installed_package(macros):
    import xlwings

    code = macros["xlwings.bas"]
    assert 'Public Const PROJECT_NAME As String = "efficap"' in code
    assert f'XLWINGS_VERSION As String = "{xlwings.__version__}"' in code
    assert "Public Function RunPython(PythonCommand As String)" in code
    assert "xlwings is distributed under a BSD 3-clause license" in code


def test_vba_lines_obey_vba_limits(macros):
    for name, code in macros.items():
        lines = code.split("\n")
        assert max(len(line) for line in lines) < 1023, name
        run = 0
        for line in lines:
            run = run + 1 if line.endswith(" _") else 0
            assert run <= 24, name  # at most 24 line continuations
        if name == "xlwings.bas":  # xlwings' own: alternative headers under #If/#Else
            continue
        opened = len(re.findall(r"^\s*(?:Public |Private )?(?:Sub|Function) \w+\(", code, re.M))
        closed = len(re.findall(r"^\s*End (?:Sub|Function)\s*$", code, re.M))
        assert opened == closed, name


def test_no_python_for_windows_is_needed_to_generate_the_wrappers():
    before = {n for n in ("pythoncom", "pywintypes", "win32com") if n in sys.modules}
    vba_project.udf_wrappers()
    after = {n for n in ("pythoncom", "pywintypes", "win32com") if n in sys.modules}
    assert after == before  # the pywin32 stubs are removed again


# --------------------------------------------------------------------------- LibreOffice


def test_libreoffice_opens_the_addin_and_keeps_every_module(built, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = tmp_path / "profile"
    command = [
        soffice,
        "--headless",
        f"-env:UserInstallation={profile.as_uri()}",
        "--infilter=Calc MS Excel 2007 XML",  # .xlam is not detected by extension
        "--convert-to",
        "xlsm:Calc MS Excel 2007 VBA XML",
        "--outdir",
        str(tmp_path / "out"),
        str(built),
    ]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=300)
    except subprocess.TimeoutExpired:
        pytest.skip("LibreOffice did not finish in 300 s")
    converted = tmp_path / "out" / "efficap.xlsm"
    assert converted.is_file()
    with zipfile.ZipFile(converted) as zf:  # LibreOffice wrote a VBA project of its own
        assert zf.read("xl/vbaProject.bin") != zipfile.ZipFile(built).read("xl/vbaProject.bin")
    parser = olevba.VBA_Parser(str(converted))
    code = {name: text.replace("\r\n", "\n") for _, _, name, text in parser.extract_macros()}
    assert set(code) == EXPECTED_MODULES
    subs = _subs(code["EfficapRibbon.bas"])
    assert {sub for _, sub in _callbacks()} <= set(subs)
    assert set(_functions(code["xlwings_udfs.bas"])) == set(spec.SPEC)


def _procedures(module: str) -> dict[str, str]:
    """Every Sub or Function of a module (Private or not): name -> body."""
    found = re.finditer(
        r"^(?:Private |Public )?(Sub|Function) (\w+)\(([^)]*)\)[^\n]*\n(.*?)^End \1",
        module,
        re.M | re.S,
    )
    return {m.group(2): m.group(4) for m in found}


def test_links_to_another_copy_of_the_addin_are_repointed_when_a_workbook_opens(macros):
    """A workbook saved with the add-in loaded stores its EFFCAP_ calls as links to that
    machine's efficap.xlam; the add-in re-points such links to its own file when the
    workbook opens (application events in ThisWorkbook), and leaves other links alone."""
    code = macros["ThisWorkbook.cls"].replace("\r\n", "\n")
    head = code.split("Private Sub", 1)[0]
    assert re.search(r"^Private WithEvents App As Application$", head, re.M)  # module level
    procs = _procedures(code)
    assert "Set App = Application" in procs["Workbook_Open"]  # events start with the add-in
    assert "RegisterFunctionHelp" in procs["Workbook_Open"]
    # the workbooks open before the add-in loaded, and every one opened after
    assert re.search(r"For Each Wb In Application\.Workbooks\s+RepointLinks Wb", code)
    assert re.search(r"Sub App_WorkbookOpen\(ByVal Wb As Workbook\)", code)
    assert procs["App_WorkbookOpen"].strip() == "RepointLinks Wb"
    body = procs["RepointLinks"]
    assert "On Error GoTo Done" in body  # a link Excel cannot change never stops the open
    assert "If Wb Is ThisWorkbook Then Exit Sub" in body
    assert "Wb.LinkSources(xlExcelLinks)" in body and "IsEmpty(Sources)" in body
    assert re.search(
        r"If IsOtherCopy\(CStr\(Source\)\) Then\s+Wb\.ChangeLink Name:=CStr\(Source\), "
        r"NewName:=ThisWorkbook\.FullName, _\s+Type:=xlLinkTypeExcelLinks",
        body,
    )
    other = procs["IsOtherCopy"]
    assert "StrComp(FileName(Path), ThisWorkbook.Name, vbTextCompare) = 0" in other
    assert "StrComp(Path, ThisWorkbook.FullName, vbTextCompare) <> 0" in other
    assert (
        'InStrRev(Path, "\\")' in procs["FileName"] and 'InStrRev(Path, "/")' in procs["FileName"]
    )
    # the comment names the file the links point at
    assert "efficap.xlam" in code
