"""keys.json: private from its creation, replaced whole or not at all, refused when exposed."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mynumber.kernel.settings import KeysFileError, load_keys


@pytest.fixture
def open_umask() -> Iterator[None]:
    """Let new files be as open as their creator asks (umask 000)."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def test_a_new_key_file_is_private_from_its_creation(tmp_path: Path, open_umask: None) -> None:
    path = tmp_path / "data" / "keys.json"

    keys = load_keys(path)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_keys(path) == keys and len(keys["my_number"]) == 32
    assert [p.name for p in path.parent.iterdir()] == ["keys.json"]  # no temporary left


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620], ids=oct)
def test_a_key_file_other_users_may_open_is_refused(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "keys.json"
    load_keys(path)
    path.chmod(mode)

    with pytest.raises(KeysFileError) as refused:
        load_keys(path)

    assert refused.value.code == "keys_file_exposed"
    assert "chmod 600" in refused.value.reason and str(path) in refused.value.reason


def test_the_command_line_refuses_to_start_on_an_exposed_key_file(tmp_path: Path) -> None:
    load_keys(tmp_path / "keys.json")
    (tmp_path / "keys.json").chmod(0o644)
    env = dict(os.environ, MYNUMBER_DATA_DIR=str(tmp_path))
    env.pop("MYNUMBER_DATABASE_URL", None)

    for command in (["facility", "list"], ["serve", "--port", "9"]):
        done = subprocess.run(
            [sys.executable, "-m", "mynumber", *command],
            capture_output=True, text=True, env=env, timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 1, done.stdout
        assert "error (keys_file_exposed)" in done.stderr and "chmod 600" in done.stderr
        assert "Traceback" not in done.stderr
    assert not (tmp_path / "main.db").exists()  # nothing was set up


def test_a_corrupt_key_file_is_refused_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    path.write_text('{"my_number": "ab')
    path.chmod(0o600)

    with pytest.raises(KeysFileError) as refused:
        load_keys(path)

    assert refused.value.code == "keys_file_unreadable"
    assert path.read_text() == '{"my_number": "ab'


# Add the missing keys to a file holding one, in a process that may not write more than 200
# bytes to any file (as on a full disk): the write fails.
_FULL_DISK = """
import resource, signal, sys
from pathlib import Path
from mynumber.kernel.settings import load_keys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))
load_keys(Path(sys.argv[1]))
"""


def test_a_failed_write_leaves_the_old_keys_intact(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    original = json.dumps({"my_number": "11" * 32}, indent=2)
    path.write_text(original)
    path.chmod(0o600)

    done = subprocess.run(
        [sys.executable, "-c", _FULL_DISK, str(path)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip

    assert done.returncode != 0 and "File too large" in done.stderr
    assert path.read_text() == original
    assert [p.name for p in tmp_path.iterdir()] == ["keys.json"]
    assert load_keys(path)["my_number"] == bytes.fromhex("11" * 32)  # and it still works


_LOAD = """
import sys
from pathlib import Path
from mynumber.kernel.settings import load_keys
print(load_keys(Path(sys.argv[1]))["my_number"].hex())
"""


def test_processes_starting_together_agree_on_one_set_of_keys(tmp_path: Path) -> None:
    path = tmp_path / "fresh" / "keys.json"
    starting = [
        subprocess.Popen(
            [sys.executable, "-c", _LOAD, str(path)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(6)
    ]

    seen = {process.communicate(timeout=60)[0].strip() for process in starting}

    assert seen == {load_keys(path)["my_number"].hex()}
