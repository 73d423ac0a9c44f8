"""Every command line of the README runs as written: the Quick start lines and the block
under "The command line", from a fresh copy of the repository with ``../shared`` beside
it, each exiting 0. The few that cannot run here are listed in :data:`EXCEPTED` with the
reason."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")

#: Command -> why this test does not run it.
EXCEPTED = {
    "pip install .": "installs into the environment running these tests; CI's fresh "
    "environment installs the project itself (.ci/run), and 'efficap figure 1' after it "
    "runs here",
    "pip install -e '.[test]'": "the same, for the test extras (.ci/run runs this line)",
    "python -m pytest": "runs this very suite (.ci/run runs it)",
}
if sys.platform.startswith("win"):
    EXCEPTED["efficap addin install"] = (
        "on Windows it installs the add-in into Excel's add-ins folder: run it by hand"
    )


def _block(text: str, heading: str, language: str) -> list[str]:
    """The fenced blocks of `language` in the section `heading` (up to the next ##)."""
    section = text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```{language}\n(.*?)```", section, flags=re.S)


def readme_commands() -> list[str]:
    """The README's command lines, continuation lines joined, descriptions dropped."""
    commands = []
    blocks = _block(README, "Quick start", "bash") + _block(README, "The command line", "text")
    for block in blocks:
        for line in re.sub(r" *\\\n\s*", " ", block).splitlines():
            # Two or more spaces end the command; what follows describes it.
            command = re.split(r"\s{2,}", line.strip(), maxsplit=1)[0]
            if command:
                commands.extend(part.strip() for part in command.split(" && "))
    return commands


COMMANDS = readme_commands()


def test_the_readme_commands_are_found():
    assert "efficap figure 1" in COMMANDS
    assert "efficap prices check ../shared/data/prices" in COMMANDS
    assert len(COMMANDS) >= 20
    assert not [c for c in COMMANDS if "..." in c.split()], "a command must be complete"
    assert set(EXCEPTED) <= set(COMMANDS)


@pytest.fixture(scope="module")
def fresh_clone(tmp_path_factory, shared_prices_dir) -> Path:
    """A copy of the repository's files (what a clone holds) with ../shared beside it."""
    base = tmp_path_factory.mktemp("clone")
    repo = base / "efficap"
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout.split(b"\0")
        files = [ROOT / os.fsdecode(name) for name in listed if name]
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: the tree
        skip = {".git", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis"}
        files = [p for p in ROOT.rglob("*") if not skip & set(p.relative_to(ROOT).parts)]
    for path in files:
        if path.is_file():
            target = repo / path.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    (base / "shared").symlink_to(shared_prices_dir.parent.parent, target_is_directory=True)
    return repo


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    # The efficap and python of the environment running the tests come first.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["HOME"] = str(cwd.parent / "home")  # doctor reads settings files under HOME
    Path(env["HOME"]).mkdir(exist_ok=True)
    return subprocess.run(
        command, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


@pytest.mark.parametrize("command", [c for c in dict.fromkeys(COMMANDS) if c not in EXCEPTED])
def test_the_readme_command_exits_0_as_written(fresh_clone, command):
    done = _run(command, fresh_clone)
    assert done.returncode == 0, f"{command}\n{done.stderr[-2000:]}"
    assert "Traceback" not in done.stderr
    if "--out" in command:
        # The same command again writes the same content: not an error (one rule for
        # build and analyze --out: only a file that differs needs --force).
        again = _run(command, fresh_clone)
        assert again.returncode == 0, f"{command} (again)\n{again.stderr[-2000:]}"
