"""The module graph of the program has no circles, and no file reaches for another file's private names.

Every import counts: at the top, inside a function, under ``if TYPE_CHECKING:``. A circle is a design
error even when Python happens to load it (a lower module needing a type from a higher one gets a small
``Protocol`` of its own instead). ``from pkg import name`` is an edge to ``pkg.name`` when that is a
module, else to ``pkg`` itself (its ``__init__``).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("models", "exporters", "cli", "ui")
OUTSIDE_TESTS = (*PACKAGES, "docs", "bench")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules(folders: tuple[str, ...]) -> dict[str, Path]:
    found = {_module_name(p): p for folder in folders for p in (ROOT / folder).rglob("*.py")}
    found["main"] = ROOT / "main.py"
    return found


def _imported(module: str, path: Path, known: dict[str, Path]) -> list[tuple[str, list[str], int]]:
    """(imported module, names taken from it, line) for every import in the file."""
    out = []
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[: len(package) - node.level + 1], *([base] if base else [])])
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                out.append((sub, [], node.lineno) if sub in known else (base, [alias.name], node.lineno))
    return out


def _own(name: str, known: dict[str, Path]) -> str | None:
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def import_graph() -> dict[str, set[str]]:
    known = _modules(PACKAGES)
    graph: dict[str, set[str]] = {m: set() for m in known}
    for module, path in known.items():
        for target, _names, _line in _imported(module, path, known):
            own = _own(target, known)
            if own and own != module:
                graph[module].add(own)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One circle (a → b → … → a) per strongly connected group of modules (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(group)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [_circle(graph, group) for group in groups]


def _circle(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """A shortest path from the group's first module back to itself, inside the group."""
    start = min(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(graph[v] & group):
            if w == start:
                return [*paths[v], start]
            if w not in paths:
                paths[w] = [*paths[v], w]
                queue.append(w)
    raise AssertionError(group)


def test_the_program_has_no_import_circle() -> None:
    graph = import_graph()
    assert len(graph) > 100 and "models.storage.document_file" in graph["models.summary"]
    found = [" → ".join(circle) for circle in cycles(graph)]
    assert found == []


def test_no_file_takes_another_files_private_names() -> None:
    known = _modules(OUTSIDE_TESTS)
    offenders = []
    for module, path in known.items():
        aliases = {}
        for target, names, line in _imported(module, path, known):
            if _own(target, known) is None or target == module:
                continue
            offenders += [f"{path.relative_to(ROOT)}:{line} {n}" for n in names if _private(n)]
            aliases[target.rpartition(".")[2]] = target
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            on_module = isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            if on_module and node.value.id in aliases and _private(node.attr):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value.id}.{node.attr}")
    assert offenders == []


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


# Public APIs whose names begin with an underscore: a named tuple's methods, and ``os._exit``.
PUBLIC_UNDERSCORE = {"_replace", "_make", "_fields", "_asdict", "_field_defaults", "_exit"}


def private_attributes(source: str) -> list[tuple[int, str]]:
    """(line, expression) for every ``obj._name`` in ``source`` where ``obj`` is not ``self`` or ``cls`` and
    ``_name`` is not made in the same file (a function, class or module name, or ``self._name = ...``):
    another file's private attribute, which the import check does not see (``page._check_export()``)."""
    tree = ast.parse(source)
    own: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            own.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            own.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and _on_self(node):
            own.add(node.attr)
    return [
        (node.lineno, ast.unparse(node))
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and _private(node.attr)
        and not _on_self(node)
        and node.attr not in own | PUBLIC_UNDERSCORE
    ]


def _on_self(node: ast.Attribute) -> bool:
    return isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")


def test_no_file_uses_another_files_private_attributes() -> None:
    """The program and the docs/ and bench/ scripts (tests are exempt: they may look inside)."""
    files = [*_modules(OUTSIDE_TESTS).values(), ROOT / "dev.py"]
    offenders = [
        f"{path.relative_to(ROOT)}:{line} {text}"
        for path in files
        for line, text in private_attributes(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_private_attribute_check_finds_one() -> None:
    """The check itself: a page's private method called from another file is found; one's own is not."""
    source = (
        "class Page:\n"
        "    def __init__(self):\n"
        "        self._note = None\n"
        "    def _fill(self, other):\n"
        "        other._note = self._note\n"
        "def shoot(page, row):\n"
        "    page._check_export()\n"
        "    return row._replace(a=1)\n"
    )
    assert private_attributes(source) == [(7, "page._check_export")]


def test_the_circle_check_finds_a_circle() -> None:
    """The check itself: a made-up graph with a circle through three modules is found and named."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set()}
    assert cycles(graph) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
