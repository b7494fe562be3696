"""A throwaway PostgreSQL cluster, and where the PostgreSQL programs are.

One place for what the test suite (`scripts/with-postgres.sh`), the restart test, `make
deploy-test`, the benchmarks and the backups (`pg_dump`, `pg_restore`) need: find the programs,
initdb into a temporary folder, start the server on a free loopback port, create a database, stop
and remove it all.

    with Cluster() as cluster:             # started
        cluster.create_database("zhengwu")
        os.environ["DATABASE_URL"] = cluster.url("zhengwu")

As a command (what scripts/with-postgres.sh runs): start a cluster, run a command with
DATABASE_URL set to it, stop and remove the cluster, exit with the command's status:

    python -P src/zhengwu/core/pgcluster.py -- pytest -q …

Standard library only (and zhengwu.core.ports), so it runs before Django is set up.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

if not __package__:  # run as a file (python -P …/pgcluster.py): the package is two folders up
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from zhengwu.core.ports import free_port

# Settings for a cluster whose data is thrown away: nothing waits for the disk.
FAST = ("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")


class NotInstalled(RuntimeError):
    """The PostgreSQL programs are not on this machine."""


def _version(path: Path) -> int:
    part = path.parts[-3] if len(path.parts) >= 3 else ""
    return int(part) if part.isdigit() else 0


def bin_dir(tool: str = "initdb") -> Path:
    """The folder of the newest PostgreSQL server programs (`pg_config --bindir`, else
    /usr/lib/postgresql/<version>/bin)."""
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        folder = Path(found.stdout.strip())
        if found.returncode == 0 and (folder / tool).is_file():
            return folder
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{tool}"), key=_version)
    if not candidates:
        raise NotInstalled(f"no PostgreSQL {tool} (apt-get install postgresql)")
    return candidates[-1].parent


def tool(name: str) -> str:
    """A PostgreSQL program (pg_dump, pg_restore, psql …): on PATH, else the newest installed."""
    found = shutil.which(name)
    if found:
        return found
    return str(bin_dir(name) / name)


class Cluster:
    """initdb in a temporary folder and start on a free port (`start=False`: initdb only)."""

    def __init__(
        self,
        *,
        start: bool = True,
        fast: bool = True,
        prefix: str = "zhengwu-pg-",
        settings: tuple[str, ...] = (),
        directory: Path | None = None,
    ) -> None:
        """`directory`: a folder kept between runs (initdb only when it holds no cluster yet;
        `remove` then stops the server and leaves the folder)."""
        self.bin = bin_dir()
        self.keep = directory is not None
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
            self.dir = directory
        else:
            # Not under pytest's tmp_path: its root-only parent is closed to the postgres user.
            self.dir = Path(tempfile.mkdtemp(prefix=prefix))
        self.dir.chmod(0o755)
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self.port = free_port()
        self.options = [*(FAST if fast else ()), *settings]
        self.as_owner: list[str] = []
        if os.getuid() == 0:  # initdb and postgres refuse to run as root
            owner = "postgres"
            try:
                shutil.chown(self.dir, owner)
            except LookupError:
                owner = "nobody"
                shutil.chown(self.dir, owner)
            self.as_owner = ["runuser", "-u", owner, "--"]
        self.started = False
        self.existed = (self.data / "PG_VERSION").exists()
        try:
            if not self.existed:
                self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E",
                          "UTF8", "--locale=C.UTF-8")  # fmt: skip
            if start:
                self.start()
        except BaseException:
            self.remove()
            raise

    def _run(self, program: str, *args: str, timeout: float = 120) -> None:
        subprocess.run([*self.as_owner, str(self.bin / program), *args], check=True,
                       stdout=subprocess.DEVNULL, timeout=timeout)  # fmt: skip

    def start(self) -> None:
        options = " ".join(["-h", "127.0.0.1", "-p", str(self.port), "-k", str(self.dir),
                            *self.options])  # fmt: skip
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                  "-o", options, "start")  # fmt: skip
        self.started = True

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        self.started = False

    def remove(self) -> None:
        """Stop at once (whatever state it is in) and delete the folder (a kept one: stop)."""
        if self.data.exists():
            mode = "fast" if self.keep else "immediate"
            stop = [str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"]
            subprocess.run([*self.as_owner, *stop], capture_output=True, timeout=60)
        self.started = False
        if not self.keep:
            shutil.rmtree(self.dir, ignore_errors=True)

    def create_database(self, name: str) -> str:
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return self.url(name)

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def version(self) -> str:
        out = subprocess.run([str(self.bin / "postgres"), "--version"], capture_output=True,
                             text=True).stdout.split()  # fmt: skip
        return out[2] if len(out) > 2 else "?"

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.remove()


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        sys.stderr.write("usage: python -m zhengwu.core.pgcluster -- COMMAND …\n")
        return 2
    # A TERM (CI timeout, kill) stops and removes the cluster too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        cluster = Cluster()
    except NotInstalled as exc:
        sys.stderr.write(f"with-postgres: {exc}\n")
        return 3
    try:
        sys.stderr.write(
            f"with-postgres: PostgreSQL {cluster.version()} on 127.0.0.1:{cluster.port}\n"
        )
        env = {**os.environ, "DATABASE_URL": cluster.url()}
        try:
            return subprocess.run(argv, env=env).returncode
        except KeyboardInterrupt:
            return 130
    finally:
        cluster.remove()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
