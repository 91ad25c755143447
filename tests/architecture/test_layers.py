"""The architecture's import rules (docs/architecture.md), checked on the source with an AST scan.

1. Packages of `app/` depend downwards only, in the layers declared in `.importlinter` (the same
   contract `lint-imports` checks in `make lint`); packages on one layer are independent.
2. A feature imports only another feature's public modules: `services`, `queries`, `models`,
   `permissions` and `labels` (never its routes, pages, forms, views or CLI). Infrastructure
   (`core`, `audit`, `extensions`) is open to all; `create_app` (app/__init__.py) wires everything.
3. `analysis/` never imports `app` or Flask.
"""
from __future__ import annotations

import ast
import configparser
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_MODULES = frozenset({"services", "queries", "models", "permissions", "labels"})
INFRASTRUCTURE = frozenset({"core", "audit", "extensions"})


@dataclass(frozen=True)
class Import:
    source: str   # dotted module that imports, e.g. app.proposals.routes
    target: str   # dotted module imported, e.g. app.comments.services
    line: int


def declared_layers(config_file: Path = ROOT / ".importlinter") -> list[set[str]]:
    """The layers of the `layers` contract, top first; each a set of sibling packages."""
    parser = configparser.ConfigParser()
    parser.read(config_file, encoding="utf-8")
    raw = parser["importlinter:contract:layers"]["layers"]
    return [{name.strip() for name in line.split("|")} for line in raw.strip().splitlines() if line.strip()]


def imports_in(root: Path, package: str) -> list[Import]:
    """Every absolute import of `package.…` inside `root/package` (anywhere in a file, also in functions)."""
    found = []
    for path in sorted((root / package).rglob("*.py")):
        module = ".".join(path.relative_to(root).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # `from app.comments import services` imports the module app.comments.services
                names = [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                continue
            found += [Import(module, name, node.lineno) for name in names]
    return found


def _feature(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "app" and len(parts) > 1 and parts[1] != "__init__" else None


def layer_violations(imports: list[Import], layers: list[set[str]]) -> list[str]:
    """Imports from a package to one on the same or a higher layer (or to an undeclared package)."""
    rank = {name: index for index, names in enumerate(layers) for name in names}  # 0 = top
    problems = []
    for item in imports:
        source, target = _feature(item.source), _feature(item.target)
        if source is None or target is None or source == target:
            continue
        if source not in rank or target not in rank:
            problems.append(f"{item.source}:{item.line} imports {item.target}: package not in a declared layer")
        elif rank[target] <= rank[source]:
            problems.append(f"{item.source}:{item.line} imports {item.target}: {target} is not below {source}")
    return problems


def surface_violations(imports: list[Import]) -> list[str]:
    """Imports of another feature's private modules (anything but its public modules)."""
    problems = []
    for item in imports:
        source, target = _feature(item.source), _feature(item.target)
        if source is None or target is None or source == target or target in INFRASTRUCTURE:
            continue
        module = item.target.split(".")[2] if item.target.count(".") >= 2 else None
        if module not in PUBLIC_MODULES:
            problems.append(f"{item.source}:{item.line} imports {item.target}: not a public module of {target}")
    return problems


def test_packages_depend_downwards_only():
    assert layer_violations(imports_in(ROOT, "app"), declared_layers()) == []


def test_features_use_only_public_modules_of_other_features():
    assert surface_violations(imports_in(ROOT, "app")) == []


def test_every_app_package_has_a_layer():
    declared = set().union(*declared_layers())
    packages = {path.parent.name for path in (ROOT / "app").glob("*/__init__.py")} | {"extensions"}
    assert packages - declared == set()


def test_analysis_never_imports_the_app_or_flask():
    banned = ("app", "flask", "flask_sqlalchemy", "flask_babel", "config")
    offending = [f"{item.source}:{item.line} {item.target}" for item in imports_in(ROOT, "analysis")
                 if item.target.split(".")[0] in banned]
    assert offending == []


APP_WIDE_REGISTRATIONS = ("app_context_processor", "after_app_request", "before_app_request", "teardown_app_request",
                          "app_template_global", "app_template_filter", "add_app_template_global",
                          "add_app_template_filter", "app_errorhandler", "export_cli.command")


def app_wide_registrations(root: Path) -> list[str]:
    """Blueprint calls that change the whole app; they belong in `create_app`'s steps, where they are visible."""
    found = []
    for path in sorted((root / "app").rglob("*.py")):
        if path.relative_to(root).as_posix() == "app/__init__.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            found += [f"{path.relative_to(root)}:{number} {name}" for name in APP_WIDE_REGISTRATIONS
                      if re.search(rf"\b{re.escape(name)}\b", line)]
    return found


def test_app_wide_behaviour_is_registered_in_create_app():
    assert app_wide_registrations(ROOT) == []


def test_an_app_wide_registration_in_a_feature_is_reported(tmp_path):
    package = tmp_path / "app" / "comments"
    package.mkdir(parents=True)
    (package / "routes.py").write_text("bp.add_app_template_filter(markup, 'x')\n@bp.app_context_processor\n",
                                       encoding="utf-8")
    assert app_wide_registrations(tmp_path) == ["app/comments/routes.py:1 add_app_template_filter",
                                                "app/comments/routes.py:2 app_context_processor"]


# The checks above must be able to fail: they are tried on imports that break the rules.

def test_an_upward_or_sideways_import_is_reported():
    layers = [{"report"}, {"moderation", "discussion"}, {"proposals"}]
    imports = [Import("app.proposals.services", "app.report.services", 3),        # upward
               Import("app.moderation.routes", "app.discussion.services", 4),     # sideways
               Import("app.report.routes", "app.proposals.services", 5),          # downward: fine
               Import("app.proposals.routes", "app.unknown.services", 6)]         # undeclared
    assert layer_violations(imports, layers) == [
        "app.proposals.services:3 imports app.report.services: report is not below proposals",
        "app.moderation.routes:4 imports app.discussion.services: discussion is not below moderation",
        "app.proposals.routes:6 imports app.unknown.services: package not in a declared layer",
    ]


def test_a_private_module_import_is_reported():
    imports = [Import("app.discussion.pages", "app.comments.forms.comment_form", 7),
               Import("app.discussion.pages", "app.comments.queries.comment_page", 8),
               Import("app.discussion.pages", "app.core.pagecache.cached_page", 9)]
    assert surface_violations(imports) == [
        "app.discussion.pages:7 imports app.comments.forms.comment_form: not a public module of comments"]


def test_the_scan_sees_imports_inside_functions(tmp_path):
    package = tmp_path / "app" / "proposals"
    package.mkdir(parents=True)
    (package / "services.py").write_text("def f():\n    from app.report import routes\n", encoding="utf-8")
    assert imports_in(tmp_path, "app") == [Import("app.proposals.services", "app.report.routes", 2)]
