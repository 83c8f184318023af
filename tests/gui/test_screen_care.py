"""Burn-in care: the optional pixel shift moves the picture a little, and never off screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kiosk.ui.factory import Kiosk
from kiosk.ui.pixel_shift import STEPS, PixelShift


def test_pixel_shift_walks_the_picture_by_a_few_pixels_and_back(
    kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """Each step moves the whole layout by at most 2 px from centre; a full round returns."""
    kiosk = kiosk_factory(make_content())
    window = kiosk.window
    layout = window.layout()
    assert layout is not None
    shift = PixelShift(window, interval_s=0.01)
    seen = set()
    for _ in range(len(STEPS)):
        shift.step()
        margins = layout.contentsMargins()
        seen.add((margins.left() - margins.right(), margins.top() - margins.bottom()))
        assert max(margins.left(), margins.right(), margins.top(), margins.bottom()) <= 4
        assert window.home is not None and window.home.isVisible()
    assert len(seen) == len(STEPS)  # every position of the walk, then back to the start
    assert seen == {(dx, dy) for dx, dy in STEPS}
