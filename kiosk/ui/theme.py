"""Sizes and colours from the screen numbers (docs/architecture.md, "Kiosk behaviour"), scaled
to the screen's physical size.

The reference is a 24-inch 1920×1080 screen (about 3.6 px per mm): body text 28 px there
(capitals about 4.8 mm tall), touch targets 16 mm, gaps 8 mm. On any other screen the same
millimetres are kept, so text and targets stay the same physical size; nothing a patient can tap
is ever under 44 px.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)

REFERENCE_PX_PER_MM = 1920 / 531.4  # 24-inch 16:9 panel, 531 mm wide
MIN_TARGET_PX = 44
# Plausible pixel densities; outside them the screen's reported size is a placeholder (many
# kiosk monitors and virtual displays report nonsense) and the reference density is used.
_PLAUSIBLE_PX_PER_MM = (1.5, 12.0)


# The text sizes a patient can choose (Display options): normal, larger, largest.
TEXT_STEPS = (1.0, 1.3, 1.6)

@dataclass(frozen=True)
class Palette:
    background: str = "#FAFAF7"
    surface: str = "#FFFFFF"
    text: str = "#161616"
    muted_text: str = "#3B3B3B"  # still ≥ 7:1 on background
    primary: str = "#0B4A82"  # button fill; white text on it is 9:1
    primary_text: str = "#FFFFFF"
    primary_pressed: str = "#07335C"
    outline: str = "#0B4A82"  # control outlines ≥ 3:1 against background
    notice_background: str = "#FFF1C7"
    notice_text: str = "#161616"
    # A scheduled notice on home (content notices/): unlike the message box and the standing
    # notice, so it reads as news. Text on it 14:1; its border 5:1 on the background.
    alert_background: str = "#FCE4D6"
    alert_border: str = "#B34700"
    focus: str = "#B34700"
    dot_inactive: str = "#5A5A5A"


HIGH_CONTRAST = Palette(
    background="#000000",
    surface="#000000",
    text="#FFFFFF",
    muted_text="#FFFFFF",
    primary="#FFE14D",  # yellow buttons with black text: 15:1
    primary_text="#000000",
    primary_pressed="#FFFFFF",
    outline="#FFE14D",
    notice_background="#1A1A1A",
    notice_text="#FFFFFF",
    alert_background="#000000",
    alert_border="#FF9E5E",  # 9:1 on black; white text inside 21:1
    focus="#00E5FF",
    dot_inactive="#BBBBBB",
)


@dataclass(frozen=True)
class Metrics:
    """Every size on screen, in device-independent pixels, for one screen."""

    scale: float
    width: int
    height: int
    text: float = 1.0  # the patient's text size (1.0, 1.3, 1.6): type grows, targets stay

    @classmethod
    def for_screen(
        cls, width: int, height: int, physical_mm: tuple[float, float] | None = None,
        user_scale: float = 1.0,
    ) -> Metrics:
        scale = 1.0
        if physical_mm and physical_mm[0] > 0:
            px_per_mm = width / physical_mm[0]
            low, high = _PLAUSIBLE_PX_PER_MM
            if low <= px_per_mm <= high:
                scale = px_per_mm / REFERENCE_PX_PER_MM
            else:
                log.info("screen reports %.1f px/mm, not plausible; using the reference size",
                         px_per_mm)
        scale *= user_scale
        # Keep the layout usable on a small or dense screen: at least ~11 body lines high.
        fit = min(height / 1080 * 1.35, width / 1080 * 1.35)
        scale = max(0.75, min(scale, fit if fit >= 1.0 else 1.0, 2.5))
        return cls(scale=scale, width=width, height=height)

    def px(self, reference_px: float) -> int:
        return max(1, round(reference_px * self.scale))

    def font(self, reference_px: float) -> int:
        return max(1, round(reference_px * self.scale * self.text))

    def with_text(self, text: float) -> Metrics:
        return Metrics(self.scale, self.width, self.height, text)

    @property
    def body(self) -> int:
        return self.font(30)

    @property
    def small(self) -> int:
        return self.font(28)  # the smallest text anywhere: never below the body minimum

    @property
    def heading(self) -> int:
        return self.font(44)

    @property
    def title(self) -> int:
        return self.font(56)

    @property
    def target(self) -> int:
        """A touch target's smaller side: 16 mm."""
        return max(MIN_TARGET_PX, self.px(104))

    @property
    def gap(self) -> int:
        """Space between targets: 8 mm."""
        return max(12, self.px(30))

    @property
    def margin(self) -> int:
        return self.px(40) if self.width >= self.height else self.px(28)

    @property
    def portrait(self) -> bool:
        return self.height > self.width

    @property
    def measure_chars(self) -> int:
        """Characters per line of body text: 70 at most."""
        return 62


def stylesheet(m: Metrics, p: Palette, font_family: str) -> str:
    """The whole app's style. Buttons carry both colour and an outline: colour is never the
    only cue."""
    radius = m.px(14)
    border = max(3, m.px(3))
    return f"""
* {{ font-family: "{font_family}"; color: {p.text}; }}
QWidget#KioskWindow, QStackedWidget, QWidget#Screen {{ background: {p.background}; }}
QLabel {{ font-size: {m.body}px; background: transparent; }}
QLabel#Title {{ font-size: {m.title}px; font-weight: bold; }}
QLabel#Heading {{ font-size: {m.heading}px; font-weight: bold; }}
QLabel#Welcome {{ font-size: {m.body}px; color: {p.muted_text}; }}
QWidget#MessageBox {{ background: {p.surface};
    border-left: {max(6, m.px(8))}px solid {p.primary}; }}
QLabel#Message {{ font-size: {m.body}px; color: {p.text}; }}
QWidget#ScheduledNotice {{ background: {p.alert_background};
    border: {border}px solid {p.alert_border}; border-radius: {radius}px; }}
QLabel#ScheduledNoticeText {{ font-size: {m.body}px; color: {p.text}; }}
QLabel#ScheduledNoticeTag {{ font-size: {m.small}px; font-weight: bold; color: {p.text}; }}
QLabel#Location {{ font-size: {m.small}px; font-weight: bold; color: {p.muted_text}; }}
QLabel#Note {{ font-size: {m.small}px; font-style: italic; color: {p.muted_text}; }}
QLabel#MoreBelow {{ font-size: {m.small}px; color: {p.muted_text}; }}
QWidget#MoreTopics {{ background: {p.background}; border-top: {border}px solid {p.dot_inactive}; }}
QLabel#Counter {{ font-size: {m.small}px; font-weight: bold; }}
QWidget#Notice {{ background: {p.notice_background}; border-top: {border}px solid {p.text}; }}
QLabel#NoticeText {{ font-size: {m.small}px; color: {p.notice_text}; }}
QWidget#Cue {{ background: {p.primary}; border-radius: {radius}px; }}
QLabel#CueText {{ color: {p.primary_text}; font-size: {m.heading}px; font-weight: bold; }}
QPushButton {{
    font-size: {m.body}px; font-weight: bold;
    min-height: {m.target}px; min-width: {m.target}px;
    padding: 0 {m.px(28)}px;
    border-radius: {radius}px;
    background: {p.primary}; color: {p.primary_text};
    border: {border}px solid {p.primary};
}}
QPushButton:pressed {{ background: {p.primary_pressed}; }}
QPushButton:focus {{ border: {border}px solid {p.focus}; }}
QPushButton:disabled {{ background: {p.background}; color: {p.muted_text};
    border: {border}px dashed {p.dot_inactive}; }}
QPushButton#Secondary {{
    background: {p.surface}; color: {p.primary}; border: {border}px solid {p.outline};
}}
QPushButton#Secondary:pressed {{ background: {p.notice_background}; }}
QPushButton#Tile, QPushButton#Question, QPushButton#Link {{
    background: {p.surface}; border: {border}px solid {p.outline};
    text-align: left; padding: 0;
}}
QPushButton#Tile {{ min-height: {round(m.target * 2)}px; }}
QPushButton#Tile:pressed, QPushButton#Question:pressed, QPushButton#Link:pressed {{
    background: {p.notice_background}; }}
QPushButton#Link:focus {{ border: {border}px solid {p.focus}; }}
QLabel#TileTitle {{ font-size: {m.heading}px; font-weight: bold; color: {p.primary}; }}
QLabel#TileSummary {{ font-size: {m.small}px; color: {p.text}; }}
QLabel#QuestionText {{ font-size: {m.body}px; font-weight: bold; color: {p.primary}; }}
QWidget#Overlay {{ background: rgba(0, 0, 0, 150); }}
QWidget#Card {{ background: {p.surface}; border: {border}px solid {p.text};
    border-radius: {radius}px; }}
QLabel#Countdown {{ font-size: {m.heading}px; font-weight: bold; }}
QPlainTextEdit {{ font-size: {m.small}px; background: {p.surface}; border: {border}px solid
    {p.outline}; }}
QPushButton#Key {{ font-size: {m.heading}px; min-width: {m.target}px; }}
QTextBrowser {{ background: transparent; border: none; font-size: {m.body}px; }}
QScrollArea {{ background: transparent; border: none; }}
QScrollArea > QWidget > QWidget {{ background: transparent; }}
"""


def document_css(m: Metrics, p: Palette) -> str:
    """Style for the page text (QTextDocument's CSS subset). Line spacing ≥ 1.4, never justified."""
    return f"""
body {{ font-size: {m.body}px; line-height: 150%; color: {p.text}; }}
p {{ margin-top: 0; margin-bottom: {m.px(22)}px; line-height: 150%; }}
li {{ margin-bottom: {m.px(10)}px; line-height: 150%; }}
ul, ol {{ margin-top: 0; margin-bottom: {m.px(22)}px; }}
h1, h2, h3, h4 {{ font-size: {m.font(36)}px; font-weight: bold; margin-top: {m.px(12)}px;
    margin-bottom: {m.px(12)}px; }}
strong {{ font-weight: bold; }}
em {{ font-style: italic; }}
a {{ color: {p.primary}; text-decoration: underline; }}
p.reviewed {{ color: {p.muted_text}; font-size: {m.font(28)}px; margin-top: {m.px(12)}px; }}
"""
