"""The apps stand on each other in one direction, read from the code itself (every import,
at the top of a module or anywhere else):

    common < merchant < exports < products < orders < {payouts, dropship, chat, openplatform}
    < console

An app imports only apps below it (those of one layer not each other); a lower app
tells the higher ones through signals (merchant.signals, orders.signals). Services queue
their tasks by name, so no module but Celery's discovery imports a tasks module. `make
graph` draws the same graph."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = [["common"], ["merchant"], ["exports"], ["products"], ["orders"]]
LAYERS += [["payouts", "dropship", "chat", "openplatform"], ["console"]]
RANK = {app: rank for rank, apps in enumerate(LAYERS) for app in apps}


def modules():
    for app in RANK:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield app, path


def imports(path: Path):
    """(line, module) for each import in the file, wherever it is."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            yield from ((node.lineno, name) for name in [node.module, *names])


def where(path, line) -> str:
    return f"{path.relative_to(ROOT)}:{line}"


def test_every_app_imports_only_apps_below_it():
    wrong = set()
    for app, path in modules():
        for line, module in imports(path):
            target = module.split(".")[0]
            if target in RANK and target != app and RANK[target] >= RANK[app]:
                wrong.add(f"{where(path, line)} {app} -> {target}")
    assert sorted(wrong) == []


def test_no_module_imports_a_tasks_module():
    """Tasks import services; services queue tasks by name (common.tasks.enqueue)."""
    wrong = {
        f"{where(path, line)} {module}"
        for app, path in modules()
        for line, module in imports(path)
        if re.fullmatch(r"\w+\.tasks(\.\w+)?", module)
        and module.split(".")[0] in set(RANK) - {"common"}  # common.tasks is the queueing
    }
    assert sorted(wrong) == []


def queued_task_names():
    for app, path in modules():
        if app == "common":  # where enqueue itself is
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")).startswith("enqueue")
                and node.args
            ):
                first = node.args[0]
                assert isinstance(first, ast.Constant), where(path, node.lineno)
                yield first.value


def test_every_task_queued_by_name_exists():
    from config.celery import app

    app.loader.import_default_modules()
    names = set(queued_task_names())
    assert len(names) >= 6
    assert sorted(names - set(app.tasks)) == []


@pytest.mark.parametrize("app", sorted(RANK))
def test_the_layers_name_every_app(app):
    from django.apps import apps

    assert apps.is_installed(app)


def app_graph() -> dict[tuple[str, str], int]:
    """{(app, app it imports): number of import statements}."""
    statements = {
        (app, module.split(".")[0], path, line)
        for app, path in modules()
        for line, module in imports(path)
        if module.split(".")[0] in RANK and module.split(".")[0] != app
    }
    edges = {}
    for app, target, _path, _line in statements:
        edges[app, target] = edges.get((app, target), 0) + 1
    return edges


def mermaid() -> str:
    """The app graph as a Mermaid flowchart, lowest layer at the bottom (`make graph`)."""
    lines = ["```mermaid", "flowchart BT"]
    lines += [f"    {app}" for apps in LAYERS for app in apps]
    lines += [f"    {app} --> {target}" for app, target in sorted(app_graph())]
    return "\n".join([*lines, "```", ""])


def test_the_drawing_in_docs_is_the_graph_of_today():
    """docs/app-graph.md is what `make graph` writes now (an arrow appears or goes: run it)."""
    drawn = (ROOT / "docs" / "app-graph.md").read_text()
    assert drawn.endswith(mermaid()), "run make graph"


if __name__ == "__main__":
    print(mermaid(), end="")
