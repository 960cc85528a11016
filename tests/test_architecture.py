"""The import graph of stories/: one way down the layers, no cycle, nothing hidden in functions.

The layers are declared in `.importlinter` (import-linter); these tests run it as ruff is run,
and add what it does not check: that every module has a layer, that no two modules import
each other even through others, and that imports inside functions only remain where a
reason is written next to them.
"""

import ast
import configparser
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# Function-level imports of the project that stay, with their reason.
DEFERRED_ON_PURPOSE = {
    # Django's documented place to connect signals and register checks: once apps are ready.
    ("stories.apps", "stories.checks"),
    ("stories.apps", "stories.signals"),
    ("stories.apps", "stories.exports"),
    ("stories.apps", "stories.edge_purge"),
    ("stories.apps", "stories.page_cache"),
}


def stories_graph():
    graph = grimp.build_graph("stories")
    return graph, sorted(m for m in graph.modules if ".migrations" not in m)


def layers():
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    lines = config["importlinter:contract:layers"]["layers"].split()
    return [name for name in lines if name not in (":", "|")]


def test_import_contracts_are_kept():
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_module_of_stories_belongs_to_a_layer():
    declared = layers()
    _graph, modules = stories_graph()
    packages_only = {"stories", "stories.contributions", "stories.sharing", "stories.video"}
    unplaced = [
        module
        for module in modules
        if module not in packages_only
        and not any(module == layer or module.startswith(layer + ".") for layer in declared)
    ]
    assert unplaced == [], f"add these to a layer in .importlinter: {unplaced}"


def strongly_connected(graph, modules):
    """Tarjan's algorithm over direct imports: groups of modules that import each other."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in modules:
                continue
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            groups.append(group)

    for module in modules:
        if module not in index:
            visit(module)
    return [sorted(group) for group in groups if len(group) > 1]


def test_no_module_of_stories_imports_itself_back_through_others():
    graph, modules = stories_graph()
    assert strongly_connected(graph, set(modules)) == []


def function_level_imports(path, module):
    tree = ast.parse(path.read_text())
    top_level = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom | ast.Import) or id(node) in top_level:
            continue
        for name in imported_names(node):
            if name.split(".")[0] == "stories":
                yield module, name


def imported_names(node):
    """``from stories import signals`` names the module stories.signals, not stories."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    names = []
    for alias in node.names:
        candidate = f"{node.module}.{alias.name}"
        is_module = (ROOT / candidate.replace(".", "/")).with_suffix(".py").exists()
        names.append(candidate if is_module else node.module)
    return names


def test_project_imports_inside_functions_only_where_a_reason_is_written():
    found = set()
    for path in (ROOT / "stories").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        found.update(function_level_imports(path, module))
    assert found - DEFERRED_ON_PURPOSE == set()


def test_the_cycle_check_finds_a_cycle():
    """The Tarjan walk above, on a graph with a known cycle: a checker that sees none fails."""
    graph = grimp.ImportGraph()
    for name in ("a", "a.one", "a.two", "a.three"):
        graph.add_module(name)
    graph.add_import(importer="a.one", imported="a.two")
    graph.add_import(importer="a.two", imported="a.three")
    graph.add_import(importer="a.three", imported="a.one")
    assert strongly_connected(graph, {"a.one", "a.two", "a.three"}) == [
        ["a.one", "a.three", "a.two"]
    ]
