from pathlib import Path

import pytest

from kiosk.config import ConfigError, Settings
from kiosk.domain import checklists
from kiosk.domain.checklists import ItemKind
from kiosk.errors import ValidationError

SERVER_ANSWERS = {"indicators": True, "cleanliness_fans": True, "cpu_temperature": " 41 °C ",
                  "cpu_utilisation": "35 %", "disk": "baik", "memory": "baik",
                  "network": True}


def test_server_checklist_follows_the_sop(settings: Settings) -> None:
    checklist = checklists.checklist_for(settings, "server_maintenance")
    assert checklist is not None
    keys = [item.key for item in checklist.items]
    # SOP Pemeliharaan Server steps 3-5: indicators, cleanliness and fans, processor
    # temperature and use, disk, memory, network.
    assert keys == ["indicators", "cleanliness_fans", "cpu_temperature", "cpu_utilisation",
                    "disk", "memory", "network"]
    assert [i.sop_step for i in checklist.items] == [3, 3, 4, 4, 4, 4, 5]
    assert checklist.title("id") == "Daftar periksa pemeliharaan server"
    assert checklist.items[2].label("en") == "Processor temperature"


def test_genset_checklist_and_purposes_without_one(settings: Settings) -> None:
    genset = checklists.checklist_for(settings, "genset_maintenance")
    assert genset is not None
    assert {i.kind for i in genset.items} == {ItemKind.CHECK}
    assert checklists.checklist_for(settings, "repair") is None


def test_answers_are_cleaned_and_every_item_required(settings: Settings) -> None:
    checklist = checklists.checklist_for(settings, "server_maintenance")
    assert checklist is not None
    cleaned = checklists.clean_answers(checklist, SERVER_ANSWERS)
    assert cleaned["cpu_temperature"] == "41 °C"
    assert not checklists.has_problem(checklist, cleaned)
    with pytest.raises(ValidationError) as missing:
        checklists.clean_answers(checklist, {**SERVER_ANSWERS, "memory": "  "})
    assert "Memori" in missing.value.text("id")
    with pytest.raises(ValidationError):
        checklists.clean_answers(checklist, {**SERVER_ANSWERS, "network": "yes"})
    assert checklists.has_problem(checklist, {**cleaned, "network": False})


def test_answer_lines_for_the_archived_form(settings: Settings) -> None:
    checklist = checklists.checklist_for(settings, "server_maintenance")
    assert checklist is not None
    lines = checklists.answer_lines(checklist, {"indicators": False, "disk": "62 %"}, "id")
    assert lines[0] == ("Indikator di luar dan di dalam server", "Bermasalah")
    assert lines[4] == ("Hard disk (HDD)", "62 %")
    assert lines[1][1] == "-"


def test_a_site_can_bring_its_own_checklists(tmp_path: Path) -> None:
    path = tmp_path / "lists.toml"
    path.write_text('[server]\ntitle = "Cek server"\n[[server.items]]\nkey = "ups"\n'
                    'kind = "check"\nlabel = "UPS"\n', encoding="utf-8")
    settings = Settings(data_dir=tmp_path, checklists_file=str(path))
    checklist = checklists.checklist_for(settings, "server_maintenance")
    assert checklist is not None and [i.key for i in checklist.items] == ["ups"]
    broken = tmp_path / "broken.toml"
    broken.write_text('[server]\ntitle = "x"\n[[server.items]]\nkey = "a"\n', encoding="utf-8")
    with pytest.raises(ConfigError):
        checklists.checklist_for(Settings(data_dir=tmp_path, checklists_file=str(broken)),
                                 "server_maintenance")
