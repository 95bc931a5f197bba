"""Which project code a rule runs, so that editing it reruns the rule.

Snakemake does not see a script's imports; listing a module's file and those of
every scripts.* module it imports, transitively, as inputs closes that gap.
"""

from __future__ import annotations

import ast

from scripts import paths


def imported_modules(source: str) -> set[str]:
    """Names of the scripts.* modules a module's source imports."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[1] for alias in node.names if alias.name.startswith("scripts."))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "scripts":
                names.update(alias.name for alias in node.names)
            elif node.module.startswith("scripts."):
                names.add(node.module.split(".")[1])
    return names


def code_of(module: str) -> list[str]:
    """The module's file and those of every scripts.* module it imports, transitively."""
    seen: set[str] = set()
    pending = [module]
    while pending:
        name = pending.pop()
        path = paths.SCRIPTS / f"{name}.py"
        if name in seen or not path.exists():
            continue
        seen.add(name)
        pending.extend(imported_modules(path.read_text(encoding="utf-8")))
    return sorted(str(paths.SCRIPTS / f"{name}.py") for name in seen)
