"""Step 3: the devices carried in, each with its serial number, or an explicit "none".

"No devices" is a choice the visitor makes, not an empty list left by accident: at exit
the operator checks out exactly what was declared here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.domain import validation
from kiosk.errors import ValidationError
from kiosk.i18n import N_, tr
from kiosk.scan.payloads import Rejected, SerialScan, TokenScan
from kiosk.scan.scanner import ScanEvent
from kiosk.ui.context import AppContext
from kiosk.ui.visitor.draft import VisitDraft
from kiosk.ui.visitor.screen import VisitorScreen
from kiosk.ui.widgets.choice_group import ChoiceGroup
from kiosk.ui.widgets.field import Field
from kiosk.ui.widgets.plain import PlainLabel

NONE, SOME = "none", "some"
KINDS = (N_("Laptop"), N_("Hard disk / flash disk"), N_("Network device"),
         N_("Server part"), N_("Measuring tool"))
DUPLICATE = N_("This serial number is already in the list.")


class DevicesScreen(VisitorScreen):
    step_name = N_("Devices")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "devices", N_("Devices you bring in"),
                         N_("Every device is checked again when you leave."), parent=parent)
        self.choice = ChoiceGroup("brings-devices", (
            (NONE, N_("I bring no devices")), (SOME, N_("I bring devices"))), columns=2)
        self.choice.chosen.connect(self._on_choice)
        self.body.addWidget(self.choice)
        self.entry = QFrame()
        self.entry.setObjectName("device-entry")
        self.entry.setProperty("role", "card")
        entry = QVBoxLayout(self.entry)
        entry.setContentsMargins(24, 16, 24, 16)
        entry.setSpacing(12)
        self.kind = Field(N_("Kind of device"), name="device-kind", capitalise=True)
        kinds = QHBoxLayout()
        kinds.setSpacing(8)
        self._kind_buttons: list[tuple[QPushButton, str]] = []
        for index, label in enumerate(KINDS):
            button = QPushButton()
            button.setObjectName(f"device-kind-{index}")
            button.setProperty("role", "chip")
            button.clicked.connect(lambda _=False, s=label: self._use_kind(s))
            self._kind_buttons.append((button, label))
            kinds.addWidget(button)
        kinds.addStretch(1)
        fields = QHBoxLayout()
        fields.setSpacing(24)
        self.brand = Field(N_("Brand and model"), name="device-brand", capitalise=True)
        self.serial = Field(N_("Serial number (S/N)"), name="device-serial")
        # Labels print serials in capitals: the keyboard types them so, without Shift.
        self.serial.editor.setProperty("capitals", True)
        fields.addWidget(self.brand, 1)
        fields.addWidget(self.serial, 1)
        self.scan_note = PlainLabel()
        self.scan_note.setObjectName("device-scan-note")
        self.scan_note.setProperty("role", "success")
        self.scan_note.hide()
        self.camera_panel = QWidget()
        self.camera_panel.setObjectName("devices-camera")
        self.camera_layout = QVBoxLayout(self.camera_panel)
        self.camera_layout.setContentsMargins(0, 0, 0, 0)
        self.camera_panel.hide()
        self.add_button = QPushButton()
        self.add_button.setObjectName("device-add")
        self.add_button.setProperty("role", "secondary")
        self.add_button.clicked.connect(self.add_device)
        add_row = QHBoxLayout()
        add_row.addWidget(self.scan_note)
        add_row.addStretch(1)
        add_row.addWidget(self.add_button)
        entry.addWidget(self.kind)
        entry.addLayout(kinds)
        entry.addLayout(fields)
        entry.addWidget(self.camera_panel)
        entry.addLayout(add_row)
        self._list_title = PlainLabel()
        self._list_title.setProperty("role", "section")
        self.body.addWidget(self._list_title)
        self._list = QVBoxLayout()
        self._list.setSpacing(8)
        self.body.addLayout(self._list)
        self.body.addWidget(self.entry)
        self.body.addStretch(1)

    # -- showing the draft -----------------------------------------------------------------

    def load(self, draft: VisitDraft) -> None:
        super().load(draft)
        choice = None if draft.brings_devices is None else (SOME if draft.brings_devices
                                                             else NONE)
        self.choice.set_value(choice)
        self.choice.clear_error()
        for field in (self.kind, self.brand, self.serial):
            field.set_text("")
            field.clear_message()
        self.scan_note.hide()
        self._show_entry()
        self._render_list()

    def keep(self) -> None:
        """Devices already live in the draft; the answer to the question is kept too."""
        value = self.choice.value()
        self._draft.brings_devices = None if value is None else value == SOME

    def first_editor(self) -> QWidget | None:
        return self.kind.editor if self._draft.brings_devices else None

    def code_scanned(self, event: ScanEvent) -> None:
        result = event.result
        if isinstance(result, SerialScan):
            self.set_serial(result.serial)
        elif isinstance(result, Rejected):
            self.serial.show_error(result.error)
        elif isinstance(result, TokenScan):
            self.serial.show_error(N_("That is one of our codes, not a serial number label."))

    def set_serial(self, serial: str) -> None:
        """A serial read from the device's barcode label by the camera."""
        self.serial.set_text(serial)
        self.serial.clear_message()
        self.scan_note.setText("✓ " + tr("Serial number read: {serial}", serial=serial))
        self.scan_note.show()

    # -- the answer and the list -----------------------------------------------------------

    def _on_choice(self, key: str) -> None:
        self._draft.brings_devices = key == SOME
        self._show_entry()
        if key == SOME:
            self.kind.editor.setFocus()

    def _show_entry(self) -> None:
        brings = bool(self._draft.brings_devices)
        self.entry.setVisible(brings)
        self._list_title.setVisible(brings and bool(self._draft.devices))

    def _use_kind(self, label: str) -> None:
        self.kind.set_text(tr(label))
        self.kind.clear_message()
        self.brand.editor.setFocus()

    def add_device(self) -> bool:
        raw = validation.DeviceInput(self.kind.text(), self.brand.text(), self.serial.text())
        fields = {"device_kind": self.kind, "device_brand": self.brand, "serial": self.serial}
        for field in fields.values():
            field.clear_message()
        try:
            device = validation.device(raw)
        except ValidationError as exc:
            fields.get(exc.field, self.serial).show_error(exc)
            fields.get(exc.field, self.serial).editor.setFocus()
            return False
        if any(d.serial.upper() == device.serial.upper() for d in self._draft.devices):
            self.serial.show_error(DUPLICATE)
            return False
        self._draft.devices.append(device)
        for field in fields.values():
            field.set_text("")
        self.scan_note.hide()
        self._render_list()
        self.kind.editor.setFocus()
        return True

    def _remove(self, index: int) -> None:
        del self._draft.devices[index]
        self._render_list()

    def _render_list(self) -> None:
        while self._list.count():
            item = self._list.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for index, device in enumerate(self._draft.devices):
            self._list.addWidget(self._device_row(index, device))
        self._list_title.setText(tr("Your devices ({count})", count=len(self._draft.devices)))
        self._show_entry()

    def _device_row(self, index: int, device: validation.DeviceInput) -> QWidget:
        row = QFrame()
        row.setObjectName(f"device-row-{index}")
        row.setProperty("role", "card")
        layout = QHBoxLayout(row)
        layout.setContentsMargins(20, 8, 12, 8)
        serial_label = tr("S/N")
        text = PlainLabel(f"{index + 1}.  {device.kind} · {device.brand_model} · "
                      f"{serial_label} {device.serial}")
        text.setProperty("role", "value")
        text.setWordWrap(True)
        remove = QPushButton(tr("Remove"))
        remove.setObjectName(f"device-remove-{index}")
        remove.setProperty("role", "link")
        remove.clicked.connect(lambda _=False, i=index: self._remove(i))
        layout.addWidget(text, 1)
        layout.addWidget(remove, 0, Qt.AlignmentFlag.AlignVCenter)
        return row

    # -- next ------------------------------------------------------------------------------

    def submit(self) -> None:
        value = self.choice.value()
        if value is None:
            self.choice.show_error(N_("Please answer: do you bring any devices?"))
            return
        if value == SOME:
            typed = any(f.text().strip() for f in (self.kind, self.brand, self.serial))
            if typed and not self.add_device():
                return
            if not self._draft.devices:
                self.choice.show_error(N_(
                    "Add at least one device, or choose \u201cI bring no devices\u201d."))
                self.kind.editor.setFocus()
                return
        self._draft.brings_devices = value == SOME
        self.finished.emit()

    def retranslate(self) -> None:
        super().retranslate()
        self.choice.retranslate()
        for field in (self.kind, self.brand, self.serial):
            field.retranslate()
        for button, label in self._kind_buttons:
            button.setText(tr(label))
        self.add_button.setText(tr("+ Add this device"))
        self._render_list()
