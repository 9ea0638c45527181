"""The CLI as a whole: every command has help text and a README entry (the docs cannot drift
from the commands, as in sqlite-utils), and the package stays a thin layer below nothing."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import typer

from kommunanalys.cli.app import app

ROOT = Path(__file__).parents[2]
CLI = ROOT / "src" / "kommunanalys" / "cli"


def commands() -> dict[str, typer.core.TyperCommand | typer.core.TyperGroup]:
    """Every command and command group by its path, e.g. ``goals load``."""
    found = {}

    def walk(group: typer.core.TyperGroup, prefix: str) -> None:
        for name, command in group.commands.items():
            path = f"{prefix}{name}"
            found[path] = command
            if isinstance(command, typer.core.TyperGroup):
                walk(command, f"{path} ")

    walk(typer.main.get_group(app), "")
    return found


def test_every_command_and_group_has_help_text() -> None:
    missing = [path for path, command in commands().items() if not (command.help or "").strip()]
    assert not missing, f"commands without help text: {missing}"


def readme_commands() -> set[str]:
    """The command paths the README's CLI table names (`kommunanalys goals load FILE`, the
    short forms after it such as `goals show …`, and `a\\|b` alternatives)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## CLI", 1)[1].split("\n## ", 1)[0]
    groups = {p for p, c in commands().items() if isinstance(c, typer.core.TyperGroup)}
    named = set()
    for row in re.findall(r"^\| (.*?) \| .* \|$", section, flags=re.M):
        for span in re.findall(r"`([^`]+)`", row):
            words = span.removeprefix("kommunanalys ").split()
            if not words:
                continue
            if words[0] in groups and len(words) > 1:
                named |= {f"{words[0]} {sub}" for sub in words[1].split("\\|")}
                named.add(words[0])
            else:
                named.add(words[0])
    return named


def test_the_readme_cli_table_names_every_command_and_no_other() -> None:
    actual = set(commands())
    documented = readme_commands()
    assert actual - documented == set(), "commands missing from the README's CLI table"
    assert documented - actual == set(), "README names commands that do not exist"


def module_level_imports(path: Path) -> set[str]:
    """Modules ``path`` imports at module level (not inside functions)."""
    imported = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
            imported |= {f"{node.module}.{alias.name}" for alias in node.names}
    return imported


def test_the_cli_imports_no_web_module_at_module_level() -> None:
    """Only ``serve``/``demo`` start the web app, importing it when they run."""
    for path in CLI.glob("*.py"):
        web = {m for m in module_level_imports(path) if m.startswith("kommunanalys.web")}
        assert not web, f"{path.name} imports {web}"


def test_no_command_module_imports_the_app() -> None:
    """app.py imports the command modules; none imports it back (no cycle)."""
    for path in CLI.glob("*.py"):
        if path.name in ("app.py", "__main__.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                names = {f"{node.module}.{alias.name}" for alias in node.names}
                assert "kommunanalys.cli.app" not in {node.module, *names}, path.name


def test_a_write_the_disk_refuses_is_one_line_and_exit_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kommunanalys.cli.database import open_store
    from kommunanalys.store.backend import DatabaseUnavailable

    with pytest.raises(typer.Exit) as exit_, open_store(tmp_path / "k.duckdb", must_exist=False):
        raise DatabaseUnavailable()
    assert exit_.value.exit_code == 2
    err = capsys.readouterr().err
    assert "Fel:" in err and "kan inte skriva just nu" in err and "Traceback" not in err
