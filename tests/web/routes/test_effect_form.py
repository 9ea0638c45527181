"""The one way an effect-logic form is handled (web/routes/effect_form.py): every POST of the
add, edit and remove forms goes through handle_form, none repeats its steps (the behaviour
of each route — 403, 422, 409, 303 — is in test_effect_add_pages.py and
test_effect_edit_pages.py)."""

from __future__ import annotations

import ast
import inspect

import pytest

from kommunanalys.errors import ErrorCode, KommunanalysError
from kommunanalys.web.routes import effect_add, effect_edit
from kommunanalys.web.routes.effect_form import Invalid, checked

#: the steps handle_form takes, which no route takes itself
STEPS = {"read_form", "check_csrf", "publish_now", "RedirectResponse", "EditConflict", "Conflict"}


def _post_routes() -> list[tuple[str, ast.AsyncFunctionDef]]:
    found = []
    for module in (effect_add, effect_edit):
        tree = ast.parse(inspect.getsource(module))
        for node in tree.body:
            if isinstance(node, ast.AsyncFunctionDef) and any(
                isinstance(d, ast.Call)
                and isinstance(d.func, ast.Attribute)
                and d.func.attr == "post"
                for d in node.decorator_list
            ):
                found.append((f"{module.__name__}.{node.name}", node))
    return found


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} | {
        n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)
    }


POSTS = _post_routes()


def test_the_forms_are_all_found() -> None:
    assert len(POSTS) == 7  # add, remove (item, intervention); edit item, source, intervention


@pytest.mark.parametrize(("name", "route"), POSTS, ids=[n for n, _ in POSTS])
def test_every_post_route_goes_through_handle_form(name: str, route: ast.AsyncFunctionDef) -> None:
    names = _names(route)
    assert "handle_form" in names, name
    assert not names & STEPS, f"{name} repeats {sorted(names & STEPS)}"


def test_checked_gives_the_object_or_the_form_again() -> None:
    assert checked(("x", {}), "t.html", lambda problems: {"n": len(problems)}) == "x"
    problems = {"namn": KommunanalysError(ErrorCode.EDIT_REQUIRED)}
    again = checked(("x", problems), "t.html", lambda p: {"errors": sorted(p)})
    assert again == Invalid("t.html", {"errors": ["namn"]})
