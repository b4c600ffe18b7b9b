"""The package's layers, enforced: imports point down towards the core, never up or sideways.

core  <  rules  <  review | showcase | panel  <  cli

`core` knows nothing of MkDocs, git, GitHub, browsers, spreadsheets or the terminal; a module may
import its own subpackage and any lower layer, nothing else of the package."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "site_builder"
LAYERS = {"core": 0, "rules": 1, "review": 2, "showcase": 2, "panel": 2, "cli": 3}
# Third-party or standard modules that belong to an adapter, never to the core.
CORE_FORBIDDEN = ("mkdocs", "material", "subprocess", "playwright", "openpyxl", "git", "argparse")


def imports(path: Path) -> list[tuple[int, str]]:
    """Every imported module name in `path`, function-level imports included."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            if node.module == "site_builder":  # `from site_builder import cli`
                found += [(node.lineno, f"site_builder.{a.name}") for a in node.names]
    return found


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE)


def subpackage(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0]


def test_every_module_sits_in_a_known_layer() -> None:
    assert {subpackage(p) for p in modules()} == set(LAYERS)
    top = {p.name for p in PACKAGE.glob("*.py")}
    assert top == {"__init__.py", "__main__.py"}, "modules belong in a subpackage by role"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: Path) -> None:
    own = subpackage(path)
    wrong = []
    for lineno, name in imports(path):
        parts = name.split(".")
        if parts[0] == "site_builder" and len(parts) > 1:
            other = parts[1]
            if other != own and LAYERS.get(other, 99) >= LAYERS[own]:
                wrong.append(f"{lineno}: {name}")
        elif own == "core" and parts[0] in CORE_FORBIDDEN:
            wrong.append(f"{lineno}: {name}")
    assert not wrong, f"{path.relative_to(PACKAGE)} imports above its layer: {wrong}"


def test_the_check_catches_an_upward_import(tmp_path: Path) -> None:
    """The walker sees imports inside functions too (a test that could never fail is no test)."""
    sample = tmp_path / "m.py"
    sample.write_text(
        "def f():\n    import subprocess\n    from site_builder.cli import main\n", encoding="utf-8"
    )
    assert [name for _, name in imports(sample)] == ["subprocess", "site_builder.cli"]


def test_no_test_module_imports_another() -> None:
    """Shared test data lives in non-test modules (factory.py, cases.py): a test module that
    imports another couples the two and runs the other's module code on import."""
    tests = Path(__file__).resolve().parent
    wrong = [
        f"{path.name}:{lineno}: {name}"
        for path in sorted(tests.glob("test_*.py"))
        for lineno, name in imports(path)
        if name.split(".")[0].startswith("test_")
    ]
    assert wrong == []


def private_imports(path: Path) -> list[str]:
    """Private names (`_x`) `path` imports from another module of the package."""
    wrong = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("site_builder"):
            wrong += [
                f"{node.lineno}: {node.module}.{a.name}"
                for a in node.names
                if a.name.startswith("_") and not a.name.startswith("__")
            ]
    return wrong


def test_no_module_imports_another_modules_private_names() -> None:
    """What modules share is public (the pages' front(), table(), md_text() in
    showcase/pages/markdown.py); a private name stays in its module."""
    wrong = {str(p.relative_to(PACKAGE)): private_imports(p) for p in modules()}
    assert {k: v for k, v in wrong.items() if v} == {}


def test_every_kind_of_page_has_the_one_interface_and_is_listed() -> None:
    """showcase/pages/: each module that writes pages has `pages(context)` and is in KINDS, in
    the package's own order; the helpers (markdown, listings, context) write no page."""
    import inspect

    from site_builder.showcase import pages

    folder = PACKAGE / "showcase" / "pages"
    helpers = {"__init__", "markdown", "listings", "context"}
    kinds = {p.stem for p in folder.glob("*.py")} - helpers
    assert {k.__name__.rsplit(".", 1)[-1] for k in pages.KINDS} == kinds
    for kind in pages.KINDS:
        assert list(inspect.signature(kind.pages).parameters) == ["context"], kind.__name__
    for helper in helpers - {"__init__"}:
        module = __import__(f"site_builder.showcase.pages.{helper}", fromlist=["x"])
        assert not hasattr(module, "pages"), helper
