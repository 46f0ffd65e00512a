"""The tests themselves: no assertion that passes or fails by chance.

A console page carries two random CSRF tokens (64 letters and digits each), so a short
text such as "X1" appears in about one page in thirty by chance: `assert "X1" not in page`
then fails now and then with nothing wrong. Look for the words a reader sees ("订单 X1") instead.
"""

import ast
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
# Two or three letters and digits occur in a random token often enough to fail a run now
# and then (two characters: about 1 token in 60); four or more, too rarely to matter.
CHANCE_TEXT = re.compile(r"[A-Za-z0-9]{1,3}")


def chance_absences():
    """`"<short text>" not in …` assertions, as 'path:line: text'."""
    for path in sorted(TESTS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Compare):
                continue
            for left, op in zip([node.left, *node.comparators], node.ops, strict=False):
                if (
                    isinstance(op, ast.NotIn)
                    and isinstance(left, ast.Constant)
                    and isinstance(left.value, str)
                    and CHANCE_TEXT.fullmatch(left.value)
                ):
                    yield f"{path.relative_to(TESTS.parent)}:{node.lineno}: {left.value!r}"


def test_no_test_asserts_a_short_text_is_absent():
    assert list(chance_absences()) == []
