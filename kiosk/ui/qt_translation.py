"""Qt's own strings (standard buttons, text context menus, the file dialog) and calendar
month names in the kiosk's language.

Qt ships no Indonesian translation (there is no ``qtbase_id.qm``), so without this a
QMessageBox says "Retry" and "Close" on an Indonesian screen. Rather than replace every
standard button, input dialog, file dialog and context menu with our own widgets, the
kiosk installs one ``QTranslator`` that answers Qt from the same gettext catalogue as
everything else: the Qt class name is the message context (``msgctxt "QPlatformTheme"``),
so translators edit Qt's few strings in Poedit next to ours, and the build needs no Qt
tools (no lupdate, lrelease or ``.qm`` files). Strings Qt asks for that are not listed
below (key names such as "Ctrl", shortcut specifications) stay as Qt has them.

Month and day names in calendars come from ``QLocale``, not from translations: the
default locale follows the language (only the names; every date field in the kiosk has an
explicit display format).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from kiosk.i18n import InContext, current_language, lookup, pN_

#: Every Qt string the kiosk can show, marked for the catalogue with its Qt context.
#: Found by recording what Qt asks its translators for while each dialog, menu and calendar
#: the kiosk opens is shown (``tests/ui/test_qt_translation.py`` repeats that check).
QT_MESSAGES: tuple[InContext, ...] = (
    # Standard buttons (QMessageBox, QDialogButtonBox, QInputDialog) on most desktops ...
    pN_("QPlatformTheme", "OK"),
    pN_("QPlatformTheme", "Save"),
    pN_("QPlatformTheme", "Save All"),
    pN_("QPlatformTheme", "Open"),
    pN_("QPlatformTheme", "&Yes"),
    pN_("QPlatformTheme", "Yes to &All"),
    pN_("QPlatformTheme", "&No"),
    pN_("QPlatformTheme", "N&o to All"),
    pN_("QPlatformTheme", "Abort"),
    pN_("QPlatformTheme", "Retry"),
    pN_("QPlatformTheme", "Ignore"),
    pN_("QPlatformTheme", "Close"),
    pN_("QPlatformTheme", "Cancel"),
    pN_("QPlatformTheme", "Discard"),
    pN_("QPlatformTheme", "Help"),
    pN_("QPlatformTheme", "Apply"),
    pN_("QPlatformTheme", "Reset"),
    pN_("QPlatformTheme", "Restore Defaults"),
    # ... and the ones a GNOME session words differently.
    pN_("QGnomeTheme", "&OK"),
    pN_("QGnomeTheme", "&Save"),
    pN_("QGnomeTheme", "&Cancel"),
    pN_("QGnomeTheme", "&Close"),
    pN_("QGnomeTheme", "Close without Saving"),
    # Context menus of one-line fields, multi-line fields and spin boxes.
    pN_("QLineEdit", "&Undo"),
    pN_("QLineEdit", "&Redo"),
    pN_("QLineEdit", "Cu&t"),
    pN_("QLineEdit", "&Copy"),
    pN_("QLineEdit", "&Paste"),
    pN_("QLineEdit", "Delete"),
    pN_("QLineEdit", "Select All"),
    pN_("QWidgetTextControl", "&Undo"),
    pN_("QWidgetTextControl", "&Redo"),
    pN_("QWidgetTextControl", "Cu&t"),
    pN_("QWidgetTextControl", "&Copy"),
    pN_("QWidgetTextControl", "&Paste"),
    pN_("QWidgetTextControl", "Delete"),
    pN_("QWidgetTextControl", "Select All"),
    pN_("QAbstractSpinBox", "&Select All"),
    pN_("QAbstractSpinBox", "&Step up"),
    pN_("QAbstractSpinBox", "Step &down"),
    # The file dialog (importing a CSV, choosing the export folder).
    pN_("QFileDialog", "Open"),
    pN_("QFileDialog", "Find Directory"),
    pN_("QFileDialog", "&Look in:"),
    pN_("QFileDialog", "Back"),
    pN_("QFileDialog", "Go back"),
    pN_("QFileDialog", "Forward"),
    pN_("QFileDialog", "Go forward"),
    pN_("QFileDialog", "Parent Directory"),
    pN_("QFileDialog", "Go to the parent directory"),
    pN_("QFileDialog", "Create New Folder"),
    pN_("QFileDialog", "Create a New Folder"),
    pN_("QFileDialog", "List View"),
    pN_("QFileDialog", "Change to list view mode"),
    pN_("QFileDialog", "Detail View"),
    pN_("QFileDialog", "Change to detail view mode"),
    pN_("QFileDialog", "Sidebar"),
    pN_("QFileDialog", "List of places and bookmarks"),
    pN_("QFileDialog", "Files"),
    pN_("QFileDialog", "Files of &type:"),
    pN_("QFileDialog", "File &name:"),
    pN_("QFileDialog", "Directories"),
    pN_("QFileDialog", "Directory:"),
    pN_("QFileDialog", "&Open"),
    pN_("QFileDialog", "&Choose"),
    pN_("QFileDialog", "All Files (*)"),
    # TRANSLATORS: followed by a column name (Size, Type, Date Modified) in a menu.
    pN_("QFileDialog", "Show "),
    pN_("QFileDialog", "&Rename"),
    pN_("QFileDialog", "&Delete"),
    pN_("QFileDialog", "Delete"),
    pN_("QFileDialog", "Remove"),
    pN_("QFileDialog", "Show &hidden files"),
    pN_("QFileDialog", "&New Folder"),
    pN_("QFileDialog", "New Folder"),
    pN_("QFileDialog", "%1\nFile not found.\nPlease verify the correct file name was given."),
    pN_("QFileDialog",
        "%1\nDirectory not found.\nPlease verify the correct directory name was given."),
    pN_("QFileDialog", "Are you sure you want to delete '%1'?"),
    pN_("QFileDialog", "'%1' is write protected.\nDo you want to delete it anyway?"),
    pN_("QFileDialog", "Could not delete directory."),
    pN_("QFileSystemModel", "Computer"),
    pN_("QFileSystemModel", "Name"),
    pN_("QFileSystemModel", "Size"),
    pN_("QFileSystemModel", "Type"),
    pN_("QFileSystemModel", "Date Modified"),
    pN_("QAbstractFileIconProvider", "Drive"),
    pN_("QAbstractFileIconProvider", "Folder"),
    pN_("QAbstractFileIconProvider", "File"),
)


class CatalogueTranslator(QTranslator):
    """Answers Qt from the kiosk's catalogue, in the language shown at that moment."""

    def translate(self, context: str, source_text: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        # None (a null QString) tells Qt "not translated here": it keeps its English.
        return lookup(source_text, None, context)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


def qt_locale(language: str | None = None) -> QLocale:
    """The locale whose month and day names match ``language`` (default: the current one).

    English is English as used in Indonesia, so a calendar keeps its layout (weeks start on
    Sunday) when the language changes.
    """
    if (language or current_language()) == "id":
        return QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)
    return QLocale(QLocale.Language.English, QLocale.Country.Indonesia)


def install_qt_translation(app: QCoreApplication) -> CatalogueTranslator:
    """Let Qt's widgets speak the kiosk's language (once per application; again is a no-op)."""
    translator = app.findChild(CatalogueTranslator)
    if translator is None:
        translator = CatalogueTranslator(app)
        app.installTranslator(translator)
    follow_language()
    return translator


def follow_language() -> None:
    """Make the locale follow the current language, also in widgets that already exist.

    Qt reads translated strings when it builds a dialog or menu, so those follow by
    themselves; a widget's locale is fixed when it is made, so open windows get the new
    one here (their children inherit it).
    """
    locale = qt_locale()
    QLocale.setDefault(locale)
    if isinstance(app := QCoreApplication.instance(), QApplication):
        for window in app.topLevelWidgets():
            window.setLocale(locale)
