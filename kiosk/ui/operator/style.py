"""The console's density: same palette and type family as the visitor side, but sized for
someone sitting at a desk with a mouse (tables 16 pt, buttons 48 px)."""

from __future__ import annotations

from kiosk.ui import theme


def console_style_sheet() -> str:
    return f"""
    QWidget {{ font-size: {theme.SMALL_PT}pt; }}
    QLabel[role="heading"] {{ font-size: 22pt; font-weight: bold; }}
    QLabel[role="section"] {{ font-size: {theme.LABEL_PT}pt; font-weight: bold;
                             color: {theme.PRIMARY}; }}
    QLabel[role="label"], QLabel[role="muted"], QLabel[role="error"] {{
        font-size: {theme.SMALL_PT}pt; }}
    QLabel[role="big-number"] {{ font-size: 40pt; }}
    QLabel[role="tile-number"] {{ font-size: 26pt; font-weight: bold; color: {theme.PRIMARY}; }}
    QLabel[role="tile-number"][tone="warn"] {{ color: {theme.WARNING}; }}
    QLabel[role="tile-number"][tone="danger"] {{ color: {theme.DANGER}; }}
    QLabel[role="tile-label"] {{ font-size: 14pt; }}
    QLabel[role="tile-detail"] {{ font-size: 12pt; color: {theme.MUTED}; }}
    QLabel[role="value"] {{ font-weight: bold; }}
    QLabel[role="ok"] {{ color: {theme.SUCCESS}; font-weight: bold; }}
    QLabel[role="warn"] {{ color: {theme.WARNING}; font-weight: bold; }}
    QPushButton, QPushButton[role="primary"], QPushButton[role="secondary"],
    QPushButton[role="danger"] {{ min-height: {theme.TOUCH_MIN}px; font-size: {theme.SMALL_PT}pt;
                                  padding: 4px 16px; }}
    QLineEdit, QComboBox, QSpinBox, QPlainTextEdit, QTextEdit, QDateEdit,
    QDateTimeEdit {{
        min-height: 40px; font-size: {theme.SMALL_PT}pt; padding: 2px 8px; }}
    QCheckBox, QRadioButton {{ min-height: 36px; font-size: {theme.SMALL_PT}pt; }}
    QCheckBox::indicator, QRadioButton::indicator {{ width: 24px; height: 24px; }}
    QTabBar::tab {{ font-size: {theme.SMALL_PT}pt; padding: 6px 5px; }}
    QFrame[role="bar"] {{ background: {theme.SURFACE}; border-bottom: 1px solid {theme.BORDER}; }}
    QFrame[role="banner-accent"] {{ background: #FFF4D6; border: 2px solid {theme.ACCENT};
                                   border-radius: 8px; }}
    QFrame[role="banner-ok"] {{ background: #E7F3EA; border: 2px solid {theme.SUCCESS};
                               border-radius: 8px; }}
    QScrollArea {{ border: none; background: transparent; }}
    QFrame[role="roll-row"] {{ background: {theme.SURFACE}; border: 2px solid {theme.BORDER};
                              border-radius: 10px; }}
    QFrame[role="roll-row"][state="accounted"] {{ background: #E7F3EA;
                                                 border-color: {theme.SUCCESS}; }}
    QLabel[role="roll-name"] {{ font-size: {theme.BODY_PT + 2}pt; font-weight: bold; }}
    QLabel[role="roll-photo"] {{ background: #E8EDF3; color: {theme.MUTED}; border-radius: 8px;
                                font-size: 11pt; }}
    QLabel[role="roll-count"] {{ font-size: 30pt; font-weight: bold; color: {theme.PRIMARY}; }}
    QLabel[role="roll-elapsed"] {{ font-size: 30pt; font-weight: bold; color: {theme.TEXT}; }}
    QPushButton[role="account"] {{ min-height: 64px; min-width: 260px; border-radius: 10px;
                                  background: {theme.SUCCESS}; color: {theme.ON_PRIMARY};
                                  border: none; font-size: {theme.BODY_PT}pt;
                                  font-weight: bold; }}
    QPushButton[role="account"]:pressed {{ background: #155A26; }}
    QPushButton[role="account"]:disabled {{ background: #9CC5A7; }}
    QScrollBar:vertical {{ background: {theme.BACKGROUND}; width: 16px; margin: 0; }}
    QScrollBar:horizontal {{ background: {theme.BACKGROUND}; height: 16px; margin: 0; }}
    QScrollBar::handle {{ background: {theme.MUTED}; border-radius: 5px; margin: 3px; }}
    QScrollBar::handle:vertical {{ min-height: 48px; }}
    QScrollBar::handle:horizontal {{ min-width: 48px; }}
    QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; }}
    """
