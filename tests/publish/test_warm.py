"""The warm server runs a command as a new process would: the client's streams, folder, environment, input and exit
status; with no server the command runs as usual."""

import os
import subprocess
import sys
import time

import pytest

from materials_book.publish import warm

PROBE = """import os, sys
print("cwd", os.getcwd())
print("env", os.environ.get("WARM_PROBE"))
print("in", sys.stdin.read().strip())
print("to stderr", file=sys.stderr)
sys.exit(3)
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = tmp_path_factory.mktemp("warm") / "s.sock"
    proc = subprocess.Popen([sys.executable, "-m", "materials_book.publish.warm", "serve", str(path)])
    deadline = time.monotonic() + 60
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert path.exists(), "the warm server did not start"
    yield path
    proc.terminate()
    proc.wait(timeout=10)
    assert not path.exists()  # its socket removed on the way out


def _run(socket_path, argv, cwd, **env):
    command = [sys.executable, "-m", "materials_book.publish.warm", "run", str(socket_path), "--", *argv]
    return subprocess.run(
        command, cwd=cwd, input="hello", capture_output=True, text=True, env=os.environ | env, timeout=60
    )


@pytest.mark.parametrize("served", [True, False], ids=["through the server", "no server"])
def test_a_command_sees_its_own_folder_environment_input_and_status(server, tmp_path, served):
    (tmp_path / "probe.py").write_text(PROBE, encoding="utf-8")
    socket_path = server if served else tmp_path / "none.sock"
    done = _run(socket_path, [sys.executable, "-m", "probe"], tmp_path, WARM_PROBE="x")
    assert done.returncode == 3
    assert done.stdout.splitlines() == [f"cwd {tmp_path}", "env x", "in hello"]
    assert done.stderr.strip() == "to stderr"


def test_the_book_s_command_gives_the_same_output_and_status_warm_or_cold(server, tmp_path):
    mb = os.path.join(os.path.dirname(sys.executable), "materials-book")
    root = os.environ.get("MATERIALS_BOOK_ROOT") or os.getcwd()
    for argv in ([mb, "params", "04_minerals_roadmap"], [mb, "params", "nope"], [mb, "rerun"]):
        cold = subprocess.run(argv, cwd=root, capture_output=True, text=True, timeout=60)
        hot = _run(server, argv, root)
        assert (hot.returncode, hot.stdout, hot.stderr) == (cold.returncode, cold.stdout, cold.stderr), argv


def test_only_the_book_s_commands_are_run_in_the_server():
    assert warm.runnable(["/x/.venv/bin/jupyter-book", "build", "."])
    assert warm.runnable(["python3", "-m", "materials_book.publish.outputs"])
    assert not warm.runnable(["sh", "-c", "true"]) and not warm.runnable(["python3", "script.py"])


def test_usage_errors_exit_2(capsys):
    assert warm.main(["serve"]) == 2
    assert "usage: warm.py serve SOCKET" in capsys.readouterr().err


def test_after_packages_change_the_server_starts_afresh_and_the_command_still_runs(server, tmp_path):
    """An install changes site-packages: the command that finds it out runs by itself, the next one is served by a
    server that preloaded the new packages."""
    import sysconfig

    (tmp_path / "probe.py").write_text(PROBE, encoding="utf-8")
    folder = sysconfig.get_paths()["purelib"]
    stat = os.stat(folder)
    os.utime(folder, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    try:
        for _ in range(2):
            done = _run(server, [sys.executable, "-m", "probe"], tmp_path, WARM_PROBE="y")
            assert (done.returncode, done.stdout.splitlines()[1]) == (3, "env y")
            deadline = time.monotonic() + 60
            while not server.exists() and time.monotonic() < deadline:  # the server binding its socket again
                time.sleep(0.1)
    finally:
        os.utime(folder, ns=(stat.st_atime_ns, stat.st_mtime_ns))
