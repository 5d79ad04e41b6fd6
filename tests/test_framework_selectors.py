"""Which best practices a profile shows."""

from types import SimpleNamespace

import pytest

from assessment.framework.selectors import practices_for_stage


def practices(*levels):
    return [SimpleNamespace(level=level, title=f"level {level}") for level in levels]


@pytest.mark.parametrize(
    ("levels", "stage", "shown"),
    [
        ((1, 2, 3, 4), 1, [2]),  # the next stage
        ((1, 2, 2, 4), 1, [2, 2]),
        ((1, 4), 2, [4]),  # none at 3: the nearest above
        ((1, 2), 3, [2]),  # none above: the nearest below
        ((3, 4), 4, [4]),  # Leading: peers at the top
        ((1, 2), None, [1]),  # no score yet: the first step
        ((), 2, []),
    ],
)
def test_practices_for_stage(levels, stage, shown):
    assert [p.level for p in practices_for_stage(practices(*levels), stage)] == shown
