"""materials-book sweep --scheduler: dask.distributed as the sweep's executor, its mistakes on one line (exit 2)."""

import sys
import time
import uuid

import pytest

from materials_book import cli
from materials_book.publish import cluster, notebooks, params, sweep

ROADMAP = "04_minerals_roadmap"
ALLOWED = "give local:N (N worker processes on this machine, N from 1 to 64) or tcp://HOST:PORT"


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("local:1", ("local", 1)),
        ("local:64", ("local", 64)),
        ("tcp://127.0.0.1:8786", ("tcp", "tcp://127.0.0.1:8786")),
        ("tcp://scheduler:8786", ("tcp", "tcp://scheduler:8786")),
        ("tcp://[::1]:8786", ("tcp", "tcp://[::1]:8786")),
    ],
)
def test_scheduler_forms(text, spec):
    assert cluster.parse(text) == spec


@pytest.mark.parametrize(
    "text",
    [
        "local",
        "local:0",
        "local:65",
        "local:-1",
        "local:two",
        "tcp://host",
        "tcp://host:0",
        "tcp://host:65536",
        "tcp://:8786",
        "host:8786",
        "tls://h:1",
        "",
    ],
)
def test_malformed_schedulers_are_refused_naming_what_is_allowed(text):
    with pytest.raises(params.ParamError, match=ALLOWED.replace("(", r"\(").replace(")", r"\)")):
        cluster.parse(text)


def sweep_cli(capsys, *args):
    """``materials-book sweep`` in this process (so dask can be hidden or the time-out shortened): status, stderr."""
    with pytest.raises(SystemExit) as exit_:
        cli.main(["sweep", ROADMAP, "-q", "-p", "demand_scale", "0.8", *args])
    return exit_.value.code, capsys.readouterr().err


def test_without_dask_one_line_says_how_to_install_it(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed raises ImportError
    code, err = sweep_cli(capsys, "--scheduler", "local:2")
    assert code == 2 and err.strip().splitlines() == [
        "materials-book: error: --scheduler needs dask.distributed, which is not installed: pip install '.[cluster]'"
    ]


def test_a_malformed_scheduler_is_one_line_before_the_values(capsys):
    code, err = sweep_cli(capsys, "--scheduler", "local:lots", "-p", "lang", "fr")
    assert code == 2 and len(err.strip().splitlines()) == 1 and ALLOWED in err


def test_bad_values_stop_before_a_cluster_starts(capsys, monkeypatch):
    monkeypatch.setattr(cluster, "_client", lambda *a: pytest.fail("a cluster was started"))
    code, err = sweep_cli(capsys, "--scheduler", "local:2", "-p", "lang", "fr")
    assert code == 2 and "'fr' is not allowed" in err and len(err.strip().splitlines()) == 1


def test_an_unreachable_scheduler_is_one_line_after_a_short_wait(capsys, monkeypatch):
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1.0)
    start = time.monotonic()
    code, err = sweep_cli(capsys, "--scheduler", f"tcp://127.0.0.1:{port}")
    assert code == 2 and time.monotonic() - start < 10
    (line,) = err.strip().splitlines()
    assert line.startswith(
        f"materials-book: error: --scheduler tcp://127.0.0.1:{port}: no scheduler reached within 1 s"
    ), line
    assert "Timed out" not in line and "object at 0x" not in line, line


@pytest.mark.parametrize(
    ("cause", "reason"),
    [
        (ConnectionRefusedError(111, "Connection refused"), " ([Errno 111] Connection refused)"),
        (
            OSError("in <distributed.comm.tcp.TCPConnector object at 0x7f>: ConnectionRefusedError: refused"),
            " (ConnectionRefusedError: refused)",
        ),
        (TimeoutError(), ""),
    ],
)
def test_the_reason_a_connection_failed_is_a_few_words(cause, reason):
    exc = OSError("Timed out trying to connect to tcp://h:1 after 5 s")
    exc.__cause__ = cause
    assert cluster._reason(exc) == reason


def test_kernels_listen_on_sockets_in_their_own_folder(tmp_path):
    """IPC sockets in the run's folder: kernels started at once cannot race for a TCP port (papermill#511)."""
    manager = notebooks._kernel_config(str(tmp_path))["KernelManager"]
    assert manager["connection_file"] == str(tmp_path / "kernel.json")
    assert manager["transport"] == "ipc" and manager["ip"] == str(tmp_path / "kernel")
    assert "transport" not in notebooks._kernel_config("/" + "x" * 100)["KernelManager"]  # too long for a socket


def test_identical_calls_run_apart_on_a_running_scheduler():
    """``pure=False``: dask would give two identical calls one key and run them once."""
    import distributed

    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, protocol="tcp", host="127.0.0.1", dashboard_address=None
        ) as c,
        cluster.executor(c.scheduler_address) as ex,
    ):
        first, second = ex.submit(uuid.uuid4), ex.submit(uuid.uuid4)
        assert first.result() != second.result()


@pytest.mark.slow
def test_a_sweep_on_two_dask_workers_writes_what_the_process_pool_writes(tmp_path):
    given = [("demand_scale", "0.8,1.3")]
    start = time.monotonic()
    pool, _, failed = sweep.sweep(ROADMAP, given, progress=False, out=tmp_path / "pool")
    assert failed == {}
    pooled = time.monotonic() - start
    with cluster.executor("local:2") as ex:
        # Workers are daemonic processes: a run that started one with multiprocessing would fail there.
        assert ex.submit(lambda: __import__("multiprocessing").current_process().daemon).result() is True
        dask, _, failed = sweep.sweep(ROADMAP, given, ex, progress=False, out=tmp_path / "dask")
    assert failed == {}
    names = sorted(p.name for p in pool.iterdir())
    assert names == sorted(p.name for p in dask.iterdir()) and "summary.parquet" in names
    for name in names:
        assert (pool / name).read_bytes() == (dask / name).read_bytes(), name
    print(f"pool {pooled:.1f} s, dask with its cluster {time.monotonic() - start - pooled:.1f} s")


def test_the_readme_snippet_hands_the_sweep_an_executor_of_the_cluster(monkeypatch):
    """The README's Python example, against a scheduler started here: its runs would be submitted with pure=False."""
    import re

    import distributed

    from materials_book import paths

    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    snippet = re.search(r"```python\n(from dask.distributed import Client\n.*?)```", readme, re.S).group(1)
    seen = {}

    def fake_sweep(chapter, given, executor):
        futures = [executor.submit(uuid.uuid4) for _ in range(2)]
        seen.update(runs=len(sweep.checked(chapter, given)), draws={f.result() for f in futures})

    monkeypatch.setattr(sweep, "sweep", fake_sweep)
    with distributed.LocalCluster(
        n_workers=1, processes=False, protocol="tcp", host="127.0.0.1", dashboard_address=None
    ) as c:
        exec(snippet.replace('"scheduler:8786"', repr(c.scheduler_address)), {})
    assert seen["runs"] == 5 and len(seen["draws"]) == 2
