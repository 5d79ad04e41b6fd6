"""The rules of docs/architecture.md that import-linter cannot state: views stay thin and apart."""

import ast
from pathlib import Path

import pytest

VIEWS = Path(__file__).resolve().parents[1] / "assessment" / "views"
REQUEST_HELPERS = {"access", "language"}
MAX_VIEW_LINES = 40


def view_modules():
    return sorted(path for path in VIEWS.glob("*.py") if path.name != "__init__.py")


def functions(path):
    tree = ast.parse(path.read_text())
    return [node for node in tree.body if isinstance(node, ast.FunctionDef)]


@pytest.mark.parametrize("path", view_modules(), ids=lambda path: path.stem)
def test_every_view_function_is_at_most_40_lines(path):
    long = {
        node.name: node.end_lineno - (node.decorator_list[0].lineno if node.decorator_list else node.lineno) + 1
        for node in functions(path)
    }
    assert {name: lines for name, lines in long.items() if lines > MAX_VIEW_LINES} == {}


@pytest.mark.parametrize("path", view_modules(), ids=lambda path: path.stem)
def test_a_view_module_imports_no_other_view_module_but_the_request_helpers(path):
    tree = ast.parse(path.read_text())
    siblings = {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module
    }
    assert siblings <= REQUEST_HELPERS


def test_the_views_package_re_exports_nothing():
    assert (VIEWS / "__init__.py").read_text().strip() == ""
