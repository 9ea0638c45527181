"""A throwaway PostgreSQL cluster for the tests: ``initdb`` and ``pg_ctl`` in a temporary
directory, listening only on a Unix socket in that directory, stopped at the end.

``initdb`` and ``postgres`` refuse to run as root (as CI does): then they run as the
``postgres`` user Debian's package creates, in a directory that user owns. Each test gets a
fresh database, a copy (``CREATE DATABASE … TEMPLATE``) of one migrated once per session.

Without PostgreSQL's binaries the tests on PostgreSQL fail (never skip): ``make test``
installs them (Debian's ``postgresql``).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

MISSING = (
    "PostgreSQL's initdb was not found: `make test` installs it (Debian's package "
    "`postgresql`), or set KOMMUNANALYS_PG_BIN to the folder holding initdb and pg_ctl"
)


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, or None."""
    given = os.environ.get("KOMMUNANALYS_PG_BIN")
    if given and (Path(given) / "initdb").exists():
        return Path(given)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(versions[0]).parent if versions else None


class Cluster:
    """One running server; :meth:`url` of a database in it."""

    def __init__(self) -> None:
        folder = binaries()
        if folder is None:
            raise RuntimeError(MISSING)
        self.bin = folder
        self.root = Path(tempfile.mkdtemp(prefix="kommunanalys-pg-"))
        self.data = self.root / "data"
        self.socket = self.root
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        self.user = "postgres" if self._as_postgres else os.environ.get("USER", "postgres")
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            self.user,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        options = (
            f"-k {self.socket} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=200"
        )
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-w",
            "-l",
            str(self.root / "log"),
            "start",
        )
        self._templates: dict[str, str] = {}

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self._as_postgres else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, cwd=self.root)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@/{database}?host={self.socket}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as con:
            con.execute(sql)

    def create_database(self, template: str | None = None) -> str:
        """A new database (a copy of ``template`` when given); its URL."""
        name = f"t_{uuid.uuid4().hex[:16]}"
        copy = f" TEMPLATE {template}" if template else ""
        self.admin(f"CREATE DATABASE {name}{copy}")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.split("@/", 1)[1].split("?", 1)[0]
        self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def template(self, name: str, prepare: object) -> str:
        """A database ``name`` prepared once by ``prepare(url)``, for copies."""
        if name not in self._templates:
            self.admin(f"CREATE DATABASE {name}")
            prepare(self.url(name))  # type: ignore[operator]
            self._templates[name] = name
        return name

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
