"""Reading the source for who touches which table: the analysis behind tests/test_layers.py.

A module is parsed (never imported) and every way it can reach a table or another unit's
private names is resolved to absolute names first: ``import db.models as m`` then
``m.WorkItem``, ``from db import models``, relative imports (``from ..works import items``),
``importlib.import_module("db.models")`` and ``__import__``. On those names it finds:

- **access**: a domain table named (imported, or as a module attribute) outside its owner;
- **writes**: a row created (``Site(...)``), a write statement on a table (``insert``,
  ``update``, ``delete``, ``pg_insert``, ``insert_rows``, ``T.__table__.insert()``, bulk
  mappings), raw SQL naming a table (``text("UPDATE work_item …")``, ``exec_driver_sql``), a
  row's attribute assigned (``site.name_zh = …``, ``setattr``) and ``session.add``/``delete``/
  ``merge`` of a row, where the row's table is known: a parameter annotated with it, or a value
  from ``Table(...)``, ``session.get(Table, …)``, ``select(Table)`` or a function of the
  project annotated to return it; ``session.add``/``delete`` of anything in a unit that owns
  no table;
- **private**: another unit's ``_private`` name, imported or through a module alias;
- **imports**: planner importing the UI (pages, deploy, the entry point), anything importing
  the entry point, and imports whose module is computed at run time (``import_module(name)``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Which unit owns which table class (a unit is a top module or package of planner, or a top
#: folder: pages, maps, deploy, db, streamlit_app).
OWNERS: dict[str, set[str]] = {
    "planner.programmes": {"Programme", "ProgrammeSite"},
    "planner.sites": {"Site", "Building"},
    "planner.catalogue_table": {"ScopeType"},
    "planner.audit": {"AuditEntry"},
    "planner.works": {"WorkItem", "FormSubmission"},
    "planner.boq": {"RateSet", "BoqRate"},
    "planner.surveys": {"Survey", "SurveyResponse", "SurveyImport", "Suggestion", "ConsentVote"},
    "planner.gis": {"UnassignedBuilding"},
    "planner.accounts": {"UserAccount", "LoginSession"},
    "planner.limits": {"RateCounter", "WorkSlot"},
    "planner.portal": {"FeedbackContact", "FeedbackReceipt", "PublicDataVersion"},
    "planner.fieldwork": {
        "SitePhoto",
        "PhotoBlob",
        "FieldReport",
        "WorkAcceptance",
        "AcceptanceDefect",
    },
    "planner.money": {
        "FundingEntry",
        "CompoundBudget",
        "ControlPriceApproval",
        "TenderSection",
        "TenderSectionUnit",
        "Contract",
        "ContractLine",
        "Measurement",
        "MeasurementLine",
        "ContractPayment",
        "ContractChange",
        "AuditAdjustment",
    },
}
SHARED_TABLES = {"Programme", "ProgrammeSite", "Site", "Building", "ScopeType"}
TABLE_OWNER = {table: owner for owner, tables in OWNERS.items() for table in tables}

#: Table name in SQL → table class (the ``__tablename__`` of each).
SQL_NAMES = {re.sub(r"(?<!^)(?=[A-Z])", "_", t).lower(): t for t in TABLE_OWNER}

#: Calls that write rows of the table given as an argument.
WRITE_CALLS = {
    "insert",
    "update",
    "delete",
    "pg_insert",
    "sqlite_insert",
    "insert_rows",
    "bulk_insert_mappings",
    "bulk_update_mappings",
}
#: Functions of the project known to only read the tables handed to them (a helper that gets a
#: table class outside the table's owner is otherwise counted as writing it).
READ_HELPERS = {"planner.works.queries.scoped_select"}
#: Session methods that write the row given.
SESSION_WRITES = {"add", "delete", "merge", "add_all"}
#: Calls whose string arguments are SQL.
SQL_CALLS = {"text", "execute", "exec_driver_sql"}
SQL_WRITE = re.compile(
    r"\b(?:insert\s+into|update|delete\s+from|truncate(?:\s+table)?|copy)\s+\"?(\w+)", re.I
)
SQL_READ = re.compile(r"\b(?:from|join)\s+\"?(\w+)", re.I)
#: Units that may import the UI (the frame, its pages and the server).
UI_UNITS = {"pages", "public_web", "deploy", "streamlit_app"}
ENTRY_POINT = "streamlit_app"
OWN_TOP = {"planner", "db", "geodata", "maps", "pages", "public_web", "deploy", ENTRY_POINT}


@dataclass(frozen=True)
class Offence:
    """One finding: where, which rule, what."""

    path: str
    line: int
    rule: str
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} [{self.rule}] {self.what}"


def unit(module: str) -> str:
    """``planner.works.items`` → ``planner.works``; ``maps.planning.data`` → ``maps``."""
    parts = module.split(".")
    if parts[0] != "planner" or len(parts) < 2:
        return parts[0]
    return ".".join(parts[:2])


def module_name(path: Path, root: Path = ROOT) -> tuple[str, bool]:
    """The dotted name of a source file, and whether it is a package's ``__init__``."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def is_module(name: str, root: Path = ROOT) -> bool:
    """Whether ``name`` is a module or package of the project (looked up on disk)."""
    path = root.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


# ---------------------------------------------------------------------------------------------
# Functions of the project that return rows (first pass over every file)


def _tables_in(annotation: ast.expr | None) -> tuple[str | None, bool]:
    """(table, many) an annotation names: ``Site``, ``Site | None``, ``Optional[Site]`` → one;
    ``list[Site]``, ``Sequence[Site]`` → many."""
    if annotation is None:
        return None, False
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            annotation = ast.parse(annotation.value, mode="eval").body
        except SyntaxError:
            return None, False
    names = [n.id for n in ast.walk(annotation) if isinstance(n, ast.Name)]
    tables = [n for n in names if n in TABLE_OWNER]
    if len(set(tables)) != 1:
        return None, False
    many = any(n in ("list", "Sequence", "Iterable", "Iterator", "tuple", "set") for n in names)
    return tables[0], many


def returned_tables(paths: list[Path], root: Path = ROOT) -> dict[str, tuple[str, bool]]:
    """``module.function`` → (table, many) of every top-level function annotated to return
    rows of one table."""
    found = {}
    for path in paths:
        module, _ = module_name(path, root)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                table, many = _tables_in(node.returns)
                if table:
                    found[f"{module}.{node.name}"] = (table, many)
    return found


# ---------------------------------------------------------------------------------------------
# One module


@dataclass
class Scan:
    """The findings of one module."""

    path: str
    module: str
    is_package: bool = False
    returns: dict[str, tuple[str, bool]] = field(default_factory=dict)
    allowed_dynamic: bool = False
    offences: list[Offence] = field(default_factory=list)
    imports: list[tuple[str, str | None, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.unit = unit(self.module)
        self.package = self.module if self.is_package else self.module.rpartition(".")[0]
        self.aliases: dict[str, str] = {}  # local name → dotted name of a module or a table

    # --- names ---------------------------------------------------------------------------------

    def found(self, node: ast.AST, rule: str, what: str) -> None:
        self.offences.append(Offence(self.path, getattr(node, "lineno", 0), rule, what))

    def absolute(self, module: str | None, level: int) -> str:
        if level == 0:
            return module or ""
        base = self.package.split(".")
        if level > 1:
            base = base[: len(base) - (level - 1)]
        return ".".join([*base, module] if module else base)

    def dotted(self, node: ast.AST) -> str | None:
        """The absolute dotted name an expression stands for (through the aliases)."""
        if isinstance(node, ast.Name):
            return self.aliases.get(node.id)
        if isinstance(node, ast.Attribute):
            head = self.dotted(node.value)
            return f"{head}.{node.attr}" if head else None
        if isinstance(node, ast.Call):
            literal = self.dynamic_import(node)
            return literal
        return None

    def table_of(self, node: ast.AST) -> str | None:
        """The table class an expression names (``WorkItem``, ``models.WorkItem``,
        ``WorkItem.__table__``), or None."""
        if isinstance(node, ast.Attribute) and node.attr == "__table__":
            node = node.value
        name = self.dotted(node)
        if name and name.startswith("db.models") and name.rpartition(".")[2] in TABLE_OWNER:
            return name.rpartition(".")[2]
        return None

    def dynamic_import(self, call: ast.Call) -> str | None:
        """The module of ``importlib.import_module("x")`` or ``__import__("x")`` (a literal)."""
        func = call.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in ("import_module", "__import__") or not call.args:
            return None
        first = call.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value
        return None

    # --- imports -------------------------------------------------------------------------------

    def add_import(self, module: str, name: str | None, line: int, node: ast.AST) -> None:
        self.imports.append((module, name, line))
        top = module.split(".")[0]
        if top == ENTRY_POINT:
            self.found(node, "entry-imported", f"imports the entry point {module}")
        if self.unit.startswith("planner") and unit(module) in UI_UNITS:
            self.found(node, "planner-imports-ui", f"imports {module}")
        target = f"{module}.{name}" if name else module
        table = target.rpartition(".")[2]
        if module.startswith("db.models") and name in TABLE_OWNER:
            self.check_access(node, table, f"imports {table}")
        if name and name.startswith("_") and not name.startswith("__"):
            self.check_private(node, module, name)

    def check_access(self, node: ast.AST, table: str, what: str) -> None:
        owner = TABLE_OWNER[table]
        if owner != self.unit and table not in SHARED_TABLES:
            self.found(node, "table-access", f"{what} (owned by {owner})")

    def check_private(self, node: ast.AST, module: str, name: str) -> None:
        if module.split(".")[0] not in OWN_TOP or unit(module) == self.unit:
            return
        self.found(node, "private-name", f"takes {module}.{name}")

    def visit_imports(self, tree: ast.AST) -> None:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    self.add_import(alias.name, None, node.lineno, node)
                    if alias.asname:
                        self.aliases[alias.asname] = alias.name
                    else:
                        top = alias.name.split(".")[0]
                        self.aliases[top] = top
            elif isinstance(node, ast.ImportFrom):
                module = self.absolute(node.module, node.level)
                for alias in node.names:
                    local = alias.asname or alias.name
                    candidate = f"{module}.{alias.name}"
                    if module.split(".")[0] in OWN_TOP and is_module(candidate):
                        self.add_import(candidate, None, node.lineno, node)
                        self.aliases[local] = candidate
                        if alias.name.startswith("_") and unit(candidate) != self.unit:
                            if not (self.unit in UI_UNITS and candidate.startswith("pages._")):
                                self.found(node, "private-name", f"takes module {candidate}")
                    else:
                        self.add_import(module, alias.name, node.lineno, node)
                        self.aliases[local] = candidate
            elif isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if name in ("import_module", "__import__") and node.args:
                    literal = self.dynamic_import(node)
                    if literal is not None:
                        self.add_import(literal, None, node.lineno, node)
                    elif not self.allowed_dynamic:
                        self.found(node, "dynamic-import", "imports a module named at run time")

    # --- the body ------------------------------------------------------------------------------

    def scan(self, tree: ast.AST) -> list[Offence]:
        self.functions = {
            n.name
            for n in tree.body  # type: ignore[attr-defined]
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        self.visit_imports(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):  # m = importlib.import_module("db.models")
                literal = self.dotted(node.value) if isinstance(node.value, ast.Call) else None
                if literal:
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            self.aliases[target.id] = literal
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
                self.attribute(node)
            elif isinstance(node, ast.Call):
                self.call(node)
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                self.rows_written(function)
        self.rows_written(tree, top_level=True)
        unique = dict.fromkeys(self.offences)  # a nested function is walked with its parent too
        self.offences = list(unique)
        return self.offences

    def attribute(self, node: ast.Attribute) -> None:
        name = self.dotted(node)
        if name is None:
            return
        module, _, attr = name.rpartition(".")
        if module.startswith("db.models") and attr in TABLE_OWNER:
            self.check_access(node, attr, f"uses {name}")
        elif attr.startswith("_") and not attr.startswith("__") and is_module(module):
            self.check_private(node, module, attr)

    def call(self, node: ast.Call) -> None:
        func = node.func
        table = self.table_of(func)
        if table:
            self.check_write(node, table, f"creates a {table} row")
            return
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        passed = [
            t
            for arg in [*node.args, *(k.value for k in node.keywords)]
            if (t := self.table_of(arg))
        ]
        if passed and name not in WRITE_CALLS and self.project_function(func):
            for t in passed:  # what a helper of the project does with a table is not read here
                self.check_write(node, t, f"hands {t} to {name}()")
        if name in WRITE_CALLS:
            tables = list(passed)
            if isinstance(func, ast.Attribute):  # WorkItem.__table__.insert()
                owner_table = self.table_of(func.value)
                if owner_table:
                    tables.append(owner_table)
            for t in tables:
                self.check_write(node, t, f"{name}({t})")
        if name in SQL_CALLS:
            for arg in node.args:
                for text in _strings(arg):
                    self.raw_sql(node, text)

    def project_function(self, func: ast.AST) -> bool:
        """Whether a call goes to a function of the project (this module's or another's)."""
        target = self.dotted(func)
        if isinstance(func, ast.Name) and func.id in self.functions:
            target = f"{self.module}.{func.id}"
        if target in READ_HELPERS:
            return False
        if isinstance(func, ast.Name) and func.id in self.functions:
            return True
        return (
            bool(target) and target.split(".")[0] in OWN_TOP and not target.startswith("db.models")
        )

    def raw_sql(self, node: ast.AST, text: str) -> None:
        for match in SQL_WRITE.finditer(text):
            table = SQL_NAMES.get(match[1].lower())
            if table:
                self.check_write(node, table, f"SQL writes {match[1]}")
        for match in SQL_READ.finditer(text):
            table = SQL_NAMES.get(match[1].lower())
            if table:
                self.check_access(node, table, f"SQL reads {match[1]}")

    def check_write(self, node: ast.AST, table: str, what: str) -> None:
        owner = TABLE_OWNER[table]
        if owner != self.unit:
            self.found(node, "table-write", f"{what} (owned by {owner})")

    # --- rows whose table is known, and what is done to them ---------------------------------

    def row_table(self, value: ast.AST) -> tuple[str | None, bool]:
        """(table, many) of the rows an expression gives, when it can be told."""
        if isinstance(value, ast.Call):
            table = self.table_of(value.func)
            if table:
                return table, False
            func = value.func
            name = getattr(func, "attr", None)
            if name == "get" and value.args and (t := self.table_of(value.args[0])):
                return t, False  # session.get(Table, id)
            target = self.dotted(func)
            if target in self.returns:
                return self.returns[target]
            if isinstance(func, ast.Name) and f"{self.module}.{func.id}" in self.returns:
                return self.returns[f"{self.module}.{func.id}"]
        selected = [
            t
            for n in ast.walk(value)
            if isinstance(n, ast.Call)
            and getattr(n.func, "id", getattr(n.func, "attr", None)) == "select"
            and len(n.args) == 1
            and (t := self.table_of(n.args[0]))
        ]
        if len(set(selected)) == 1:
            many = not _ends_with_one(value)
            return selected[0], many
        return None, False

    def rows_written(self, scope: ast.AST, top_level: bool = False) -> None:
        rows: dict[str, str] = {}  # local name → table of the row it holds
        owns_nothing = self.unit in UI_UNITS or self.unit == "maps"
        if not top_level:
            args = scope.args  # type: ignore[attr-defined]
            for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
                table, _many = _tables_in(arg.annotation)
                if table:
                    rows[arg.arg] = table
        body = scope.body if top_level else [scope]  # type: ignore[attr-defined]
        nodes = [n for stmt in body for n in ast.walk(stmt)]
        if top_level:  # the module's own statements, not its functions' (scanned apart)
            nodes = [
                n
                for stmt in body
                if not isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
                for n in ast.walk(stmt)
            ]
        for node in nodes:
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                table, many = self.row_table(node.value)
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name) and table and not many:
                        rows[target.id] = table
            elif isinstance(node, ast.For | ast.comprehension):
                table, many = self.row_table(node.iter)
                if table and many and isinstance(node.target, ast.Name):
                    rows[node.target.id] = table
        for node in nodes:
            targets = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AugAssign | ast.AnnAssign):
                targets = [node.target]
            for target in targets:
                for t in _flat(target):
                    if (
                        isinstance(t, ast.Attribute)
                        and isinstance(t.value, ast.Name)
                        and t.value.id in rows
                    ):
                        table = rows[t.value.id]
                        self.check_write(node, table, f"sets {t.value.id}.{t.attr} of {table}")
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id == "setattr" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Name) and first.id in rows:
                    self.check_write(node, rows[first.id], f"setattr on a {rows[first.id]}")
            if isinstance(func, ast.Attribute) and func.attr in SESSION_WRITES and node.args:
                first = node.args[0]
                table = rows.get(first.id) if isinstance(first, ast.Name) else None
                if table is None and isinstance(first, ast.Call):
                    table = self.table_of(first.func)
                if table:
                    self.check_write(node, table, f"session.{func.attr} of a {table}")
                elif owns_nothing and _looks_like_session(func.value):
                    self.found(node, "table-write", f"session.{func.attr} outside a domain")


def _strings(node: ast.AST) -> Iterator[str]:
    for n in ast.walk(node):
        if isinstance(n, ast.Constant) and isinstance(n.value, str):
            yield n.value


def _flat(target: ast.AST) -> Iterator[ast.AST]:
    if isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            yield from _flat(element)
    else:
        yield target


def _ends_with_one(value: ast.AST) -> bool:
    """Whether a query expression ends by taking one row (``.first()``, ``.one()`` …)."""
    return (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr in ("first", "one", "one_or_none", "scalar", "scalar_one")
    )


def _looks_like_session(node: ast.AST) -> bool:
    name = node.id if isinstance(node, ast.Name) else getattr(node, "attr", "")
    return "session" in name.lower() or name in ("db", "s")


def scan_source(
    source: str,
    module: str,
    *,
    path: str = "",
    is_package: bool = False,
    returns: dict[str, tuple[str, bool]] | None = None,
    allowed_dynamic: bool = False,
) -> list[Offence]:
    """The offences of one module's source (``module`` its dotted name)."""
    scan = Scan(
        path or module,
        module,
        is_package=is_package,
        returns=returns or {},
        allowed_dynamic=allowed_dynamic,
    )
    return scan.scan(ast.parse(source))
