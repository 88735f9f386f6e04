from __future__ import annotations

import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.scan.sources import CameraUnavailable, ImageSource, VideoCaptureSource, open_source
from tests.support.synthetic import VGA, Conditions, code_frame, empty_frame, write_video


def test_open_source_reads_the_camera_setting(tmp_path: Path) -> None:
    assert open_source("none") is None
    assert open_source(" None ") is None
    assert open_source("") is None
    assert isinstance(open_source("0"), VideoCaptureSource)
    assert open_source("0").name == "0"  # type: ignore[union-attr]
    assert isinstance(open_source("/dev/video2"), VideoCaptureSource)
    assert isinstance(open_source(str(tmp_path / "demo.avi")), VideoCaptureSource)
    assert isinstance(open_source(str(tmp_path / "card.PNG")), ImageSource)


def test_video_file_plays_then_ends_and_restarts(tmp_path: Path,
                                                 rng: np.random.Generator) -> None:
    frames = [empty_frame(Conditions(size=VGA), rng) for _ in range(6)]
    path = write_video(tmp_path / "clip.avi", frames, fps=30)
    source = open_source(str(path))
    assert source is not None
    source.open()
    started = time.monotonic()
    read = [source.read() for _ in range(6)]
    assert time.monotonic() - started >= 0.1  # paced like a camera, not as fast as the disk
    assert all(f.shape == (480, 640, 3) for f in read)
    with pytest.raises(CameraUnavailable) as caught:
        source.read()
    assert "clip.avi" in caught.value.text("en") and "selesai" in caught.value.text("id")
    source.open()
    assert source.read().shape == (480, 640, 3)
    source.close()


def test_missing_device_or_file_is_camera_unavailable(tmp_path: Path) -> None:
    for spec in ("/dev/video97", str(tmp_path / "gone.avi"), str(tmp_path / "gone.png")):
        source = open_source(spec)
        assert source is not None
        with pytest.raises(CameraUnavailable):
            source.open()
        with pytest.raises(CameraUnavailable):
            source.read()


def test_image_source_repeats_the_still(tmp_path: Path, rng: np.random.Generator) -> None:
    path = tmp_path / "still.png"
    cv2.imwrite(str(path), code_frame("HELLO", Conditions(size=VGA), rng))
    source = open_source(str(path))
    assert source is not None
    source.open()
    first, second = source.read(), source.read()
    assert np.array_equal(first, second) and first is not second
    source.close()
    with pytest.raises(CameraUnavailable):
        source.read()
