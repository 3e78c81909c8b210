"""The names a chain of blocks uses but never binds.

A page's notebook runs every chain of the page in one kernel, one after the
other (``runs.py``), and that run is the run of each chain.  A reader may
also copy one chain alone into a file.  What the notebook run cannot show is
that a chain does not lean on a name an earlier chain left behind: a chain
that uses ``model`` without making it runs in the notebook and fails alone.
:func:`unbound` finds such names without running anything.

The walk follows Python's order of evaluation at the top level: a name must
be bound (assigned, imported, defined, a loop or ``with`` target, an
``except ... as``) before a statement that runs now reads it.  The bodies of
functions and lambdas run later, so the module-level names they read need
only be bound somewhere in the chain (their own locals come from
``symtable``, which knows Python's scoping rules).  Branches are not
followed apart: a name bound in either branch of an ``if`` counts as bound.
"""

from __future__ import annotations

import ast
import builtins
import symtable

# what a module has before its first line, besides the builtins
MODULE_NAMES = {"__name__", "__doc__", "__builtins__", "__spec__", "__loader__",
                "__package__"}
_DEFERRED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _targets(node: ast.AST) -> set[str]:
    """The names a target (of an assignment, loop, ``with``) binds."""
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)
            and isinstance(n.ctx, ast.Store)}


class _Walk:
    def __init__(self) -> None:
        self.bound = set(dir(builtins)) | MODULE_NAMES
        self.missing: dict[str, int] = {}  # name -> first line that reads it

    def read(self, node: ast.AST, local: frozenset[str] = frozenset()) -> None:
        """Check the names an expression reads now; bind its walrus targets."""
        if isinstance(node, _DEFERRED):
            args = node.args
            for default in [*args.defaults, *(d for d in args.kw_defaults if d)]:
                self.read(default, local)
            for decorator in getattr(node, "decorator_list", []):
                self.read(decorator, local)
            if not isinstance(node, ast.Lambda):  # annotations are evaluated now
                every = [*args.posonlyargs, *args.args, *args.kwonlyargs,
                         *(a for a in (args.vararg, args.kwarg) if a)]
                for note in [*(a.annotation for a in every if a.annotation), node.returns]:
                    if note is not None:
                        self.read(note, local)
            return
        if isinstance(node, _COMPREHENSIONS):
            first, *rest = node.generators
            self.read(first.iter, local)  # evaluated outside the comprehension
            inner = local | {n for g in node.generators for n in _targets(g.target)}
            for g in node.generators:
                if g is not first:
                    self.read(g.iter, inner)
                for condition in g.ifs:
                    self.read(condition, inner)
            for part in ((node.key, node.value) if isinstance(node, ast.DictComp)
                         else (node.elt,)):
                self.read(part, inner)
            return
        if isinstance(node, ast.NamedExpr):
            self.read(node.value, local)
            self.bound.add(node.target.id)
            return
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load) and node.id not in self.bound | local:
                self.missing.setdefault(node.id, node.lineno)
            return
        for child in ast.iter_child_nodes(node):
            self.read(child, local)

    def bind(self, target: ast.AST) -> None:
        """An assignment target: its subscripts and attributes read, its names bind."""
        for node in ast.walk(target):
            if isinstance(node, (ast.Subscript, ast.Attribute)):
                self.read(node.value)
                if isinstance(node, ast.Subscript):
                    self.read(node.slice)
        self.bound |= _targets(target)

    def run(self, statements: list[ast.stmt]) -> None:
        for s in statements:
            self.statement(s)

    def statement(self, s: ast.stmt) -> None:
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.read(s)  # its decorators and defaults, now
            self.bound.add(s.name)
        elif isinstance(s, ast.ClassDef):
            for part in [*s.decorator_list, *s.bases, *(k.value for k in s.keywords)]:
                self.read(part)
            self.run(s.body)  # a class body runs now (its names: a namespace of its own)
            self.bound.add(s.name)
        elif isinstance(s, (ast.Import, ast.ImportFrom)):
            self.bound |= {(a.asname or a.name).split(".")[0] for a in s.names}
        elif isinstance(s, ast.Assign):
            self.read(s.value)
            for target in s.targets:
                self.bind(target)
        elif isinstance(s, ast.AugAssign):
            self.read(s.target if not isinstance(s.target, ast.Name)
                      else ast.Name(s.target.id, ast.Load(), lineno=s.lineno))
            self.read(s.value)
            self.bind(s.target)
        elif isinstance(s, ast.AnnAssign):
            if s.value is not None:
                self.read(s.value)
                self.bind(s.target)
        elif isinstance(s, (ast.For, ast.AsyncFor)):
            self.read(s.iter)
            self.bind(s.target)
            self.run(s.body)
            self.run(s.orelse)
        elif isinstance(s, (ast.With, ast.AsyncWith)):
            for item in s.items:
                self.read(item.context_expr)
                if item.optional_vars is not None:
                    self.bind(item.optional_vars)
            self.run(s.body)
        elif isinstance(s, (ast.If, ast.While)):
            self.read(s.test)
            self.run(s.body)
            self.run(s.orelse)
        elif isinstance(s, ast.Try):
            self.run(s.body)
            for handler in s.handlers:
                if handler.type is not None:
                    self.read(handler.type)
                if handler.name:
                    self.bound.add(handler.name)
                self.run(handler.body)
            self.run(s.orelse)
            self.run(s.finalbody)
        else:  # Expr, Return, Delete, Assert, Raise, Match, Global, Pass, ...
            self.read(s)


def _later_globals(table: symtable.SymbolTable) -> set[str]:
    """The module-level names that the functions and lambdas in ``table`` read."""
    found = set()
    for child in table.get_children():
        if child.get_type() != "class":
            found |= {s.get_name() for s in child.get_symbols()
                      if s.is_referenced() and s.is_global()}
        found |= _later_globals(child)
    return found


def unbound(code: str, filename: str = "<chain>") -> dict[str, int]:
    """The names ``code`` reads but never binds itself (a builtin is bound),
    each with the first line that reads it."""
    walk = _Walk()
    walk.run(ast.parse(code, filename).body)
    later = _later_globals(symtable.symtable(code, filename, "exec"))
    missing = dict(walk.missing)
    for name in sorted(later - walk.bound):
        missing.setdefault(name, 0)
    return missing
