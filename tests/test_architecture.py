"""The import direction between the project's apps (docs/architecture.md), checked with `ast`.

A module may import only from its own app or from apps in lower layers, and never imports a
project app inside a function (the usual way to hide a cycle). `AppConfig.ready` is the one place
a function may import (its own app or a lower layer), as Django documents for signal handlers and
registrations that need loaded models.

Set ARCHITECTURE_ROOT to check another checkout, e.g. the tree before the split:
`ARCHITECTURE_ROOT=/tmp/oldmain pytest tests/test_architecture.py`.
"""

import ast
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

LAYERS: dict[str, int] = {
    app: number
    for number, app in enumerate(
        [
            "caching",
            "richtext",
            "records",
            "keydocs",
            "sitewide",
            "pages",
            "sitesearch",
            "opendata",
            "editorial",
            "identity",
            "content",
            "portal",
        ],
        start=1,
    )
}
SKIPPED_DIRS = {"migrations", "tests", "__pycache__"}

# Known breaches that other pieces of issue 14 remove; each entry must still be a breach, so the
# list only shrinks. (module path, imported app)
PENDING: set[tuple[str, str]] = set()

ROOT = Path(os.environ.get("ARCHITECTURE_ROOT") or Path(__file__).resolve().parent.parent)


@dataclass(frozen=True)
class Breach:
    """One import that breaks the rules, as `path:line` and why."""

    path: str
    line: int
    imported: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} imports {self.imported}: {self.reason}"


def app_modules(root: Path) -> list[tuple[str, Path]]:
    """Every (app, module path) of the layered apps present under `root`."""
    found = []
    for app in LAYERS:
        app_dir = root / app
        if not app_dir.is_dir():
            continue
        for path in sorted(app_dir.rglob("*.py")):
            if not SKIPPED_DIRS.intersection(path.relative_to(root).parts):
                found.append((app, path))
    return found


def imported_app(node: ast.Import | ast.ImportFrom, app: str) -> list[str]:
    """The top-level packages an import statement names; a relative import names its own app."""
    if isinstance(node, ast.ImportFrom):
        if node.level:
            return [app]
        return [node.module.split(".")[0]] if node.module else []
    return [alias.name.split(".")[0] for alias in node.names]


def _is_ready_method(path: Path, stack: list[ast.AST]) -> bool:
    return path.name == "apps.py" and any(
        isinstance(node, ast.FunctionDef) and node.name == "ready" for node in stack
    )


def breaches_in(app: str, path: Path, root: Path) -> list[Breach]:
    """The imports in one module that point upward or sit inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    relative = str(path.relative_to(root))
    found: list[Breach] = []

    def visit(node: ast.AST, stack: list[ast.AST]) -> None:
        if isinstance(node, ast.Import | ast.ImportFrom):
            in_function = any(
                isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
                for parent in stack
            )
            for target in imported_app(node, app):
                if target not in LAYERS:
                    continue
                if LAYERS[target] > LAYERS[app]:
                    found.append(Breach(relative, node.lineno, target, f"{app} is below {target}"))
                if in_function and not _is_ready_method(path, stack):
                    found.append(Breach(relative, node.lineno, target, "import inside a function"))
        for child in ast.iter_child_nodes(node):
            visit(child, [*stack, node])

    visit(tree, [])
    return found


def all_breaches(root: Path) -> list[Breach]:
    """Every breach in every layered app under `root`."""
    return [breach for app, path in app_modules(root) for breach in breaches_in(app, path, root)]


def test_the_checker_finds_an_upward_and_a_hidden_import(tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "models.py").write_text(
        "from pages.models import HomePage\n\ndef f():\n    from keydocs import selectors\n"
    )
    (tmp_path / "records" / "apps.py").write_text(
        "class C:\n    def ready(self):\n        from . import signals\n"
    )
    found = {(b.path, b.imported, b.reason) for b in all_breaches(tmp_path)}
    assert found == {
        ("records/models.py", "pages", "records is below pages"),
        ("records/models.py", "keydocs", "records is below keydocs"),
        ("records/models.py", "keydocs", "import inside a function"),
    }


def test_imports_point_down_the_layers_and_never_hide_in_functions() -> None:
    breaches = [b for b in all_breaches(ROOT) if (b.path, b.imported) not in PENDING]
    assert not breaches, "Imports that break the layers (docs/architecture.md):\n" + "\n".join(
        map(str, breaches)
    )


@pytest.mark.skipif(not PENDING, reason="no pending breaches are listed")
def test_pending_breaches_are_still_real() -> None:
    current = {(b.path, b.imported) for b in all_breaches(ROOT)}
    assert current >= PENDING, f"Fixed, so remove from PENDING: {sorted(PENDING - current)}"


def module_name(path: Path, root: Path) -> str:
    """The dotted name of a module file (`pages/models/__init__.py` is `pages.models`)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_imports(path: Path, root: Path, modules: set[str]) -> set[str]:
    """The project modules a module imports at its top level (the names they resolve to)."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:
                parts = package.split(".")
                source = ".".join([*parts[: len(parts) - node.level + 1], *filter(None, [source])])
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                found.add(submodule if submodule in modules else source)
    return found & modules - {name}


def import_cycles(root: Path) -> list[list[str]]:
    """Groups of project modules that import each other, directly or through others."""
    paths = [path for _app, path in app_modules(root)]
    modules = {module_name(path, root) for path in paths}
    graph = {module_name(path, root): module_imports(path, root, modules) for path in paths}
    reach: dict[str, set[str]] = {}
    for start in graph:
        seen, todo = set(), list(graph[start])
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(graph.get(current, ()))
        reach[start] = seen
    cycles = {
        frozenset(m for m in graph if start in reach[m] and m in reach[start]) for start in graph
    }
    return sorted(sorted(cycle) for cycle in cycles if len(cycle) > 1)


def test_the_cycle_finder_sees_a_cycle_inside_an_app(tmp_path: Path) -> None:
    (tmp_path / "pages" / "models").mkdir(parents=True)
    (tmp_path / "pages" / "models" / "__init__.py").write_text("from .topics import TopicPage\n")
    (tmp_path / "pages" / "models" / "topics.py").write_text("from .. import selectors\n")
    (tmp_path / "pages" / "selectors.py").write_text("from . import models\n")
    (tmp_path / "pages" / "blocks.py").write_text("from pages.selectors import x\n")
    assert import_cycles(tmp_path) == [["pages.models", "pages.models.topics", "pages.selectors"]]


def test_no_module_imports_itself_through_others() -> None:
    assert import_cycles(ROOT) == [], "Modules that import each other (docs/architecture.md)"
