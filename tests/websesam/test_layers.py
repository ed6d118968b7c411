"""Services own every state change (issue 11): views, forms and admin
classes read, validate and render; transactions, row locks and writes of
domain rows happen in the apps' services. Read from the source with `ast`,
so a comment or a string that mentions these names is not a finding and a
call split over lines is.

The rule, in a module whose name, or the name of a package it sits in, is
`views`, `forms` or `admin` (or that starts with `admin_` or ends with
`_admin`, core's and websesam's admin helpers, or ends with `_views` or
`_forms`, as invoicing's coding pages):
- no `transaction.atomic` or `atomic`, called, used as a decorator or in a
  `with`, and no `transaction.set_rollback`;
- no `select_for_update`;
- no `.save(...)` and no `.delete(...)`, whatever the receiver: in these
  modules every object that has them is a model instance, a model form or
  a queryset;
- no `create`, `update`, `bulk_create`, `bulk_update`, `get_or_create` or
  `update_or_create` on a chain that starts at a model's `objects` (a
  `dict.update` is not one).
The admin's hooks (`save_model`, `save_formset`, `delete_model`) are
ordinary methods and hand their work to a service; Django's own defaults
for them are not our source and not checked here."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LAYER_NAMES = {"views", "forms", "admin"}
ALWAYS = {"select_for_update", "set_rollback", "atomic", "save", "delete"}
MANAGER_WRITES = {
    "create",
    "update",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}
# (module, enclosing function, call): each one with why it is not a
# domain save made by our code.
ALLOWED = {
    (
        "accounts/forms.py",
        "_ChoosesOwnPassword.save",
        "save",
    ): "Django's password views save the form; the flag rides in that one save "
    "of the user, which contrib.auth does and no service of ours could",
}


def _apps():
    return [
        path.parent
        for path in ROOT.glob("*/apps.py")
        if not path.parent.name.startswith(".")
    ] + [ROOT / "core", ROOT / "websesam"]


def _is_layer_module(path):
    parts = [*path.relative_to(ROOT).parent.parts[1:], path.stem]
    return (
        any(part in LAYER_NAMES for part in parts)
        or path.stem.startswith("admin_")
        or path.stem.endswith(("_admin", "_views", "_forms"))
    )


def layer_modules():
    modules = set()
    for app in _apps():
        for path in app.rglob("*.py"):
            if "migrations" not in path.parts and _is_layer_module(path):
                modules.add(path)
    return sorted(modules)


def _starts_at_objects(node):
    while isinstance(node, (ast.Attribute, ast.Call)):
        if isinstance(node, ast.Call):
            node = node.func
        elif node.attr == "objects":
            return True
        else:
            node = node.value
    return False


def _called_name(call):
    func = call.func
    if isinstance(func, ast.Attribute):
        if func.attr in ALWAYS - {"atomic"}:
            return func.attr
        if func.attr == "atomic":
            return "atomic"
        if func.attr in MANAGER_WRITES and _starts_at_objects(func.value):
            return func.attr
    if isinstance(func, ast.Name) and func.id in {"atomic", "set_rollback"}:
        return func.id
    return None


def _is_atomic(node):
    """`transaction.atomic` or `atomic` uncalled: a bare decorator."""
    return (isinstance(node, ast.Attribute) and node.attr == "atomic") or (
        isinstance(node, ast.Name) and node.id == "atomic"
    )


class Finder(ast.NodeVisitor):
    def __init__(self, module):
        self.module = module
        self.scope = []
        self.found = []

    def _report(self, node, name):
        where = ".".join(self.scope)
        if (self.module, where, name) not in ALLOWED:
            self.found.append(f"{self.module}:{node.lineno} {where or '-'}: {name}")

    def _scoped(self, node):
        for decorator in node.decorator_list:
            if _is_atomic(decorator):
                self._report(decorator, "atomic")
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    visit_ClassDef = visit_FunctionDef = visit_AsyncFunctionDef = _scoped

    def visit_Call(self, node):
        if name := _called_name(node):
            self._report(node, name)
        self.generic_visit(node)

    def visit_With(self, node):
        for item in node.items:
            if _is_atomic(item.context_expr):
                self._report(item.context_expr, "atomic")
        self.generic_visit(node)


def state_changes(path):
    module = path.relative_to(ROOT).as_posix()
    finder = Finder(module)
    finder.visit(ast.parse(path.read_text(), filename=module))
    return finder.found


def _found_in(source, module="orders/views/x.py"):
    finder = Finder(module)
    finder.visit(ast.parse(source))
    return finder.found


def test_views_forms_and_admin_change_no_state_themselves():
    found = [line for path in layer_modules() for line in state_changes(path)]

    assert found == [], "State changes outside the services:\n" + "\n".join(found)


def test_the_walk_sees_every_kind_of_layer_module():
    modules = {path.relative_to(ROOT).as_posix() for path in layer_modules()}

    assert {
        "orders/admin/orders.py",
        "orders/views/steps.py",
        "orders/forms/lines.py",
        "aids/views/recipients.py",
        "pickups/forms.py",
        "core/admin_input.py",
        "invoicing/coding_views.py",
    } <= modules
    assert not any(module.startswith("orders/services") for module in modules)


def test_the_rule_finds_each_kind_of_call():
    source = """
from django.db import transaction
from django.db.transaction import atomic

@transaction.atomic
def a(request):
    with transaction.atomic():
        Order.objects.select_for_update().get(pk=1)
    transaction.set_rollback(True)

@atomic
def b(request, form, order):
    with atomic(durable=True):
        form.save()
    order.delete()
    Order.objects.filter(pk=1).update(status="x")
    Order.objects.create()
"""
    found = [line.split(": ", 1)[1] for line in _found_in(source)]

    assert found == [
        "atomic",
        "atomic",
        "select_for_update",
        "set_rollback",
        "atomic",
        "atomic",
        "save",
        "delete",
        "update",
        "create",
    ]


def test_the_rule_leaves_reading_and_plain_dicts_alone():
    source = """
def view(request, kwargs):
    kwargs.setdefault("initial", {}).update(a=1)
    services.save_lines(order, form.changes, request.user)
    Order.objects.filter(pk=1).first()
    # transaction.atomic() in a comment
    text = "select_for_update"
"""
    assert _found_in(source) == []


# Services take the user (or an accounts.access.AccessContext where they
# log), never the request: they are called from commands, jobs and imports
# as well as from views.
def _is_service_module(relative):
    parts = [*relative.parent.parts[1:], relative.stem]
    return "services" in parts


def service_modules():
    return sorted(
        path
        for app in _apps()
        for path in app.rglob("*.py")
        if "migrations" not in path.parts and _is_service_module(path.relative_to(ROOT))
    )


def request_parameters(source, module):
    found = []
    for node in ast.walk(ast.parse(source, filename=module)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            arguments = node.args
            names = [
                argument.arg
                for argument in [
                    *arguments.posonlyargs,
                    *arguments.args,
                    *arguments.kwonlyargs,
                ]
            ]
            if "request" in names:
                found.append(f"{module}:{node.lineno} {getattr(node, 'name', '-')}")
    return found


def test_no_service_takes_the_request():
    found = [
        line
        for path in service_modules()
        for line in request_parameters(
            path.read_text(), path.relative_to(ROOT).as_posix()
        )
    ]

    assert found == [], "Services that take the request:\n" + "\n".join(found)


def test_the_service_walk_sees_modules_and_packages():
    modules = {path.relative_to(ROOT).as_posix() for path in service_modules()}

    assert {"accounts/services.py", "aids/services.py"} <= modules
    assert "orders/views/steps.py" not in modules
    assert _is_service_module(Path("orders/services/delivery.py"))
    assert _is_service_module(Path("orders/services/__init__.py"))
    assert not _is_service_module(Path("orders/views/delivery.py"))


def test_the_rule_finds_a_request_parameter_of_any_kind():
    source = """
def a(request, order): pass
async def b(order, *, request=None): pass
class C:
    def c(self, request, /): pass
d = lambda request: request
def e(context, user, requested): pass
"""
    found = [line.split(" ", 1)[1] for line in request_parameters(source, "x.py")]

    assert found == ["a", "b", "c", "-"]
