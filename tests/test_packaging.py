"""Packaging: the licence, one version, typed marker and data files in the wheel's config.

Building a wheel needs the build backend from an index, so these tests read what the
build reads (pyproject.toml and the files it names); ``.ci/run`` builds the wheel itself
(``pip wheel --no-deps -w dist .``), installs it into a fresh environment and runs it
from outside the repository.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import efficap

tomllib = pytest.importorskip("tomllib")

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]


def test_bsd_licence_file_and_spdx_expression():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("BSD 3-Clause License\n")
    assert "Copyright (c) 2026, the efficap developers" in text
    project = PYPROJECT["project"]
    assert project["license"] == "BSD-3-Clause"
    assert project["license-files"] == ["LICENSE"]
    # An SPDX expression excludes licence classifiers (setuptools refuses both).
    assert not [c for c in project["classifiers"] if c.startswith("License ::")]
    assert "setuptools>=77" in PYPROJECT["build-system"]["requires"]
    assert project["authors"] == [{"name": "efficap developers"}]


def test_one_source_for_the_version():
    assert "version" not in PYPROJECT["project"]
    assert "version" in PYPROJECT["project"]["dynamic"]
    attr = SETUPTOOLS["dynamic"]["version"]["attr"]
    assert attr == "efficap._version.__version__"
    namespace: dict[str, str] = {}
    exec((ROOT / "efficap" / "_version.py").read_text(encoding="utf-8"), namespace)
    assert namespace["__version__"] == efficap.__version__
    assert f"## [{efficap.__version__}]" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_every_package_folder_is_in_the_wheel():
    listed = set(SETUPTOOLS["packages"])
    for init in (ROOT / "efficap").rglob("__init__.py"):
        package = ".".join(init.parent.relative_to(ROOT).parts)
        assert package in listed, package  # efficap.cli was missing once


def test_typed_marker_and_add_in_guides_ship_as_package_data():
    data = SETUPTOOLS["package-data"]
    assert "py.typed" in data["efficap"]
    assert (ROOT / "efficap" / "py.typed").is_file()
    docs = SETUPTOOLS["package-dir"]["efficap_xl.docs"]
    for name in ("ADDIN.md", "SETUP.md"):
        assert name in data["efficap_xl.docs"]
        assert (ROOT / docs / name).is_file()


# efficap is on no package index: "pip install efficap" (or -U, --force-reinstall) finds
# nothing. An extra of the installed package ('efficap[download]') is fine: pip takes
# the installed efficap and adds the extra's packages.
_FROM_INDEX = re.compile(
    r"pip install (?:(?:-U|--upgrade|--force-reinstall) )*['\"]?efficap(?![\w\[-])"
)


def _install_texts():
    docs = [ROOT / "README.md", ROOT / "addin" / "ADDIN.md", ROOT / "addin" / "SETUP.md"]
    code = sorted((ROOT / "efficap").rglob("*.py")) + sorted((ROOT / "addin").rglob("*.py"))
    return [*docs, *code]


def test_no_instruction_installs_efficap_from_a_package_index():
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in _install_texts()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _FROM_INDEX.search(line) and "finds nothing" not in line
    ]
    assert found == []


def test_install_guides_say_how_to_install_from_a_clone_or_a_wheel():
    wheel = f"dist\\efficap-{efficap.__version__}-py3-none-any.whl"
    for name in ("ADDIN.md", "SETUP.md"):
        text = (ROOT / "addin" / name).read_text(encoding="utf-8")
        assert "pip wheel --no-deps -w dist ." in text, name
        assert f"pip install {wheel}" in text, name
        assert "pip install C:\\path\\to\\efficap" in text, name
        # Every wheel named is this version's.
        names = re.findall(r"efficap-[\d.]+-py3-none-any\.whl", text)
        assert set(names) == {wheel.split("\\")[1]}, name
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip wheel --no-deps -w dist ." in readme


def test_the_install_hint_names_this_versions_wheel():
    from efficap_xl.versions import install_hint

    hint = install_hint("py")
    assert hint.startswith("py -m pip install CLONE")
    assert f"CLONE/dist/efficap-{efficap.__version__}-py3-none-any.whl" in hint
    assert not _FROM_INDEX.search(hint)


def test_the_lowest_versions_file_pins_every_lower_bound():
    # .ci/lowest.txt is what the lowest-versions run installs: each runtime dependency
    # at exactly the lowest release pyproject.toml allows.
    bounds = {}
    for requirement in PYPROJECT["project"]["dependencies"]:
        name, low = re.match(r"^([A-Za-z0-9_.-]+)\s*>=\s*([\d.]+)", requirement).groups()
        bounds[name.lower().replace("-", "_")] = low
    pins = {}
    for line in (ROOT / ".ci" / "lowest.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.strip().lower().replace("-", "_")] = version.strip()
    assert set(pins) == set(bounds)
    for name, low in bounds.items():
        pinned = tuple(int(p) for p in pins[name].split("."))
        wanted = tuple(int(p) for p in low.split("."))
        assert pinned[: len(wanted)] == wanted and not any(pinned[len(wanted) :]), name
