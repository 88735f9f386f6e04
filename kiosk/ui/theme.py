"""The kiosk's look in one place: palette, type sizes, touch sizes and the style sheet.

Official but calm; sizes for a touchscreen read standing at arm's length (UI-STYLE.md):
body 20 pt, labels 18 pt, headings 32 pt, big numbers 48 pt, main buttons 64-72 px.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from kiosk.resources import asset_path

log = logging.getLogger(__name__)

PRIMARY = "#0A4DA2"
PRIMARY_DARK = "#083B7D"
ON_PRIMARY = "#FFFFFF"
ACCENT = "#F2A900"
SUCCESS = "#1E7B34"
WARNING = "#B35C00"
DANGER = "#B3261E"
BACKGROUND = "#F5F7FA"
SURFACE = "#FFFFFF"
TEXT = "#1A1C1E"
MUTED = "#5B6470"
BORDER = "#C9D1DB"

#: One colour per visit purpose in the overview's charts, in the purposes' order: the
#: palette's own colours first, then calm ones that stay apart from them (none of them
#: the danger red, which the charts keep for anomalies).
CHART_COLOURS = (PRIMARY, ACCENT, SUCCESS, "#7B4FA8", "#0E8C9A", "#8A6D3B", "#C2185B",
                 MUTED)

FONT_FAMILY = "Noto Sans"
BODY_PT = 20
LABEL_PT = 18
HEADING_PT = 32
BIG_NUMBER_PT = 56
SMALL_PT = 16

BUTTON_HEIGHT = 68
TOUCH_MIN = 48
#: A scroll bar a finger can hold, without the desktop's small arrows.
SCROLL_BAR = 24
SPACING = 16


def load_fonts() -> str:
    """Register the bundled Noto Sans so names with diacritics look the same everywhere."""
    family = FONT_FAMILY
    for name in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"):
        font_id = QFontDatabase.addApplicationFont(str(asset_path("fonts", name)))
        if font_id < 0:
            log.warning("could not load bundled font %s", name)
            continue
        family = QFontDatabase.applicationFontFamilies(font_id)[0]
    return family


def style_sheet() -> str:
    return f"""
    QWidget {{ color: {TEXT}; font-size: {BODY_PT}pt; }}
    QMainWindow, QDialog, QStackedWidget > QWidget {{ background: {BACKGROUND}; }}
    QLabel[role="heading"] {{ font-size: {HEADING_PT}pt; font-weight: bold; }}
    QLabel[role="label"] {{ font-size: {LABEL_PT}pt; color: {TEXT}; }}
    QLabel[role="muted"] {{ font-size: {LABEL_PT}pt; color: {MUTED}; }}
    QLabel[role="error"] {{ font-size: {LABEL_PT}pt; color: {DANGER}; font-weight: bold; }}
    QLabel[role="big-number"] {{ font-size: {BIG_NUMBER_PT}pt; font-weight: bold;
                                 color: {PRIMARY}; }}
    QFrame[role="card"] {{ background: {SURFACE}; border: 1px solid {BORDER};
                           border-radius: 12px; }}
    QFrame[role="header"] {{ background: {PRIMARY}; }}
    QFrame[role="header"] QLabel {{ color: {ON_PRIMARY}; }}
    QFrame[role="banner-warning"] {{ background: #FFF4E0; border: 2px solid {WARNING};
                                     border-radius: 8px; }}
    QFrame[role="banner-danger"] {{ background: #FDECEA; border: 2px solid {DANGER};
                                    border-radius: 8px; }}
    QPushButton {{ min-height: {TOUCH_MIN}px; padding: 6px 20px; border-radius: 10px;
                   background: {SURFACE}; border: 2px solid {PRIMARY}; color: {PRIMARY};
                   font-size: {LABEL_PT}pt; font-weight: bold; }}
    QPushButton:pressed {{ background: #E3ECF8; }}
    QPushButton:disabled {{ border-color: {BORDER}; color: {MUTED}; }}
    QPushButton[role="primary"] {{ min-height: {BUTTON_HEIGHT}px; background: {PRIMARY};
                                   color: {ON_PRIMARY}; border: none; font-size: {BODY_PT}pt; }}
    QPushButton[role="primary"]:pressed {{ background: {PRIMARY_DARK}; }}
    QPushButton[role="primary"]:disabled {{ background: #9DB3D1; color: {ON_PRIMARY}; }}
    QPushButton[role="secondary"] {{ min-height: {BUTTON_HEIGHT}px; font-size: {BODY_PT}pt; }}
    QPushButton[role="danger"] {{ min-height: {BUTTON_HEIGHT}px; background: {DANGER};
                                  color: {ON_PRIMARY}; border: none; }}
    QPushButton[role="danger"]:disabled {{ background: #DDA9A5; color: {ON_PRIMARY}; }}
    QPushButton[role="header"] {{ background: transparent; color: {ON_PRIMARY};
                                  border: 2px solid {ON_PRIMARY}; }}
    QPushButton[role="header"]:checked {{ background: {ON_PRIMARY}; color: {PRIMARY}; }}
    QLineEdit, QComboBox, QSpinBox, QPlainTextEdit, QTextEdit, QDateEdit {{
        min-height: {TOUCH_MIN + 8}px; padding: 4px 12px; border: 2px solid {BORDER};
        border-radius: 8px; background: {SURFACE}; font-size: {BODY_PT}pt; }}
    QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QPlainTextEdit:focus {{
        border-color: {PRIMARY}; }}
    QLineEdit[invalid="true"] {{ border-color: {DANGER}; }}
    QCheckBox, QRadioButton {{ min-height: {TOUCH_MIN}px; font-size: {BODY_PT}pt; }}
    QCheckBox::indicator, QRadioButton::indicator {{ width: 32px; height: 32px; }}
    QTableView {{ background: {SURFACE}; gridline-color: {BORDER}; font-size: {SMALL_PT}pt;
                  selection-background-color: #D6E4F5; selection-color: {TEXT}; }}
    QHeaderView::section {{ background: #E8EDF3; padding: 6px; border: none;
                            font-size: {SMALL_PT}pt; font-weight: bold; }}
    QTabBar::tab {{ min-height: {TOUCH_MIN}px; padding: 6px 18px; font-size: {LABEL_PT}pt; }}
    QTabBar::tab:selected {{ color: {PRIMARY}; border-bottom: 3px solid {PRIMARY}; }}
    {visitor_style_sheet()}
    """


def visitor_style_sheet() -> str:
    """The visitor flow's own pieces: choices, step indicator, keyboard, signature, prompts."""
    return f"""
    QLabel[role="success"] {{ font-size: {LABEL_PT}pt; color: {SUCCESS}; font-weight: bold; }}
    QLabel[role="lead"] {{ font-size: {BODY_PT}pt; color: {MUTED}; }}
    QLabel[role="section"] {{ font-size: 24pt; font-weight: bold; color: {PRIMARY}; }}
    QLabel[role="value"] {{ font-size: {BODY_PT}pt; font-weight: bold; }}
    QLabel[role="welcome-title"] {{ font-size: {HEADING_PT}pt; font-weight: bold;
                                    color: {PRIMARY}; }}
    QLabel[role="clock"] {{ font-size: 36pt; font-weight: bold; color: {TEXT}; }}
    QLabel[role="step"] {{ font-size: {LABEL_PT}pt; color: {MUTED}; padding: 6px 10px;
                          border-bottom: 4px solid transparent; }}
    QLabel[role="step"][state="current"] {{ color: {PRIMARY}; font-weight: bold;
                                            border-bottom: 4px solid {ACCENT}; }}
    QLabel[role="step"][state="done"] {{ color: {SUCCESS}; }}
    QFrame[role="steps"] {{ background: {SURFACE}; border-bottom: 1px solid {BORDER}; }}
    QFrame[role="footer"] {{ background: {SURFACE}; border-top: 1px solid {BORDER}; }}
    QFrame[role="rules"] {{ background: #FFF8E6; border: 2px solid {ACCENT};
                            border-radius: 12px; }}
    QFrame[role="keyboard"] {{ background: #DCE3EC; border-top: 2px solid {BORDER}; }}
    QFrame[role="overlay"] {{ background: rgba(26, 28, 30, 160); }}
    QPushButton[role="choice"] {{ min-height: 60px; background: {SURFACE}; color: {TEXT};
                                  border: 2px solid {BORDER}; font-size: {LABEL_PT}pt;
                                  font-weight: normal; text-align: left; padding: 6px 16px; }}
    QPushButton[role="choice"]:checked {{ background: #E3ECF8; border: 3px solid {PRIMARY};
                                          color: {PRIMARY}; font-weight: bold; }}
    QPushButton[role="chip"] {{ min-height: {TOUCH_MIN}px; border-radius: 24px;
                                border: 2px solid {BORDER}; color: {TEXT};
                                font-weight: normal; padding: 4px 18px; }}
    QPushButton[role="link"] {{ min-height: {TOUCH_MIN}px; border: 2px solid {PRIMARY};
                                background: {SURFACE}; padding: 4px 18px; }}
    QPushButton[role="key"] {{ min-height: 48px; min-width: 48px; padding: 0px;
                               background: {SURFACE}; color: {TEXT}; border: 1px solid {BORDER};
                               border-radius: 8px; font-size: 22pt; font-weight: normal; }}
    QPushButton[role="key"]:pressed {{ background: {PRIMARY}; color: {ON_PRIMARY}; }}
    QPushButton[role="key"]:checked {{ background: #E3ECF8; border: 2px solid {PRIMARY}; }}
    QPushButton[role="key-action"] {{ min-height: 48px; padding: 0px 12px; background: {PRIMARY};
                                      color: {ON_PRIMARY}; border: none; border-radius: 8px;
                                      font-size: {LABEL_PT}pt; }}
    QPushButton[role="welcome"] {{ min-height: 180px; background: {PRIMARY}; border: none;
                                   border-radius: 20px; }}
    QPushButton[role="welcome"]:pressed {{ background: {PRIMARY_DARK}; }}
    QPushButton[role="welcome-secondary"] {{ min-height: 180px; background: {SURFACE};
                                             border: 3px solid {PRIMARY}; border-radius: 20px; }}
    QPushButton[role="welcome"] QLabel {{ color: {ON_PRIMARY}; background: transparent; }}
    QPushButton[role="welcome-secondary"] QLabel {{ color: {PRIMARY}; background: transparent; }}
    QLabel[role="choice-main"] {{ font-size: 36pt; font-weight: bold; }}
    QLabel[role="choice-sub"] {{ font-size: {BODY_PT}pt; }}
    QScrollArea {{ border: none; background: transparent; }}
    QScrollArea > QWidget > QWidget {{ background: transparent; }}
    QScrollBar:vertical {{ width: {SCROLL_BAR}px; background: {BORDER}; border: none;
                           border-radius: {SCROLL_BAR // 2}px; margin: 0px; }}
    QScrollBar::handle:vertical {{ background: {MUTED}; border-radius: {SCROLL_BAR // 2}px;
                                   min-height: {TOUCH_MIN * 2}px; }}
    QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0px; }}
    QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
    """


def apply_theme(app: QApplication) -> None:
    family = load_fonts()
    font = QFont(family, BODY_PT)
    app.setFont(font)
    app.setStyle("Fusion")
    app.setStyleSheet(style_sheet())
