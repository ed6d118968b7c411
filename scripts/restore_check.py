"""Prove that a backup restores (README, "Backup and restore"): build the demo
database in a scratch database (migrate, seed_demo, as `make run` does), dump
it with `pg_dump -Fc`, restore the dump into a fresh database as the owner
role, migrate it (nothing to apply; migrate grants the app role its
privileges), then compare the two: every table's row count and content, a
sample of orders with their lines and the access log row by row, and the app
role's privileges, which must leave the access log append-only. Prints the
timings, drops the scratch databases, and exits non-zero with what differs.

Run by `scripts/restore-check` (`make restore-check`, and `make test` after
pytest) against the database server of DATABASE_URL and
MIGRATE_DATABASE_URL, or the private cluster without them."""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import unquote, urlsplit

import psycopg
from psycopg import sql
from psycopg.errors import InsufficientPrivilege

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "websesam.settings")
# A development tool, as seed_demo is: the settings' development defaults.
os.environ.setdefault("DEBUG", "1")

from websesam.settings import private_cluster  # noqa: E402

ORDER_SAMPLE = 20
PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES")


class Differs(Exception):
    """What the restored database does not have as the dumped one had it."""


def database_urls():
    """The app role's and the owner role's URLs, as websesam.settings
    resolves them: both roles are needed, for the privilege check."""
    app = os.environ.get("DATABASE_URL")
    owner = os.environ.get("MIGRATE_DATABASE_URL")
    if not app:
        app, owner = private_cluster("websesam"), private_cluster("websesam_owner")
    if not owner:
        sys.exit(
            "restore-check: set MIGRATE_DATABASE_URL (the owner role) beside "
            "DATABASE_URL; the restored grants are checked against the app role."
        )
    return app, owner


def named(url, name):
    """`url` with another database name; libpq reads these URLs too."""
    return urlsplit(url)._replace(path=f"/{name}").geturl()


def role_of(url):
    return unquote(urlsplit(url).username or "")


def tool(name):
    """A PostgreSQL client program: on PATH, else the newest server's."""
    on_path = shutil.which(name)
    if on_path:
        return on_path
    found = [
        bindir / name
        for bindir in Path("/usr/lib/postgresql").glob("*/bin")
        if bindir.parent.name.isdigit() and (bindir / name).exists()
    ]
    if found:
        return str(max(found, key=lambda path: int(path.parent.parent.name)))
    sys.exit(f"restore-check: {name} not found (PostgreSQL's client programs).")


def run(command, env=None):
    """Run a program; its output is shown only when it fails."""
    result = subprocess.run(  # noqa: S603 - our own commands and PostgreSQL's
        command,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise Differs(
            f"{' '.join(map(str, command))} failed ({result.returncode}):\n"
            f"{result.stdout}{result.stderr}"
        )
    return result.stdout


def manage(*args, app_url, owner_url, media_root):
    # The demo app and its seed_demo; the demo's invoice PDFs go to a
    # folder of this check, not into the real MEDIA_ROOT.
    env = {
        **os.environ,
        "DEBUG": "1",
        "DEMO": "1",
        "DATABASE_URL": app_url,
        "MIGRATE_DATABASE_URL": owner_url,
        "MEDIA_ROOT": str(media_root),
        "LOG_LEVEL": "WARNING",
    }
    return run([sys.executable, "manage.py", *args], env=env)


class Scratch:
    """Scratch databases made by the owner role (CREATEDB), dropped on exit."""

    def __init__(self, owner_url):
        self.admin = psycopg.connect(owner_url, autocommit=True)
        self.names = []

    def create(self, suffix):
        name = f"restore_check_{os.getpid()}_{suffix}"
        # template0: what pg_restore needs, and the cluster's own encoding
        # and collation (sv-SE in the private cluster).
        self.admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(
                sql.Identifier(name)
            )
        )
        self.names.append(name)
        return name

    def close(self):
        for name in self.names:
            self.admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name))
            )
        self.admin.close()


def tables(cursor):
    cursor.execute(
        """
        SELECT relname FROM pg_class
        WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p')
        ORDER BY relname
        """
    )
    return [name for (name,) in cursor.fetchall()]


def privileges(cursor, role):
    """{table: the privileges `role` has on it}."""
    cursor.execute(
        """
        SELECT c.relname, p.privilege
        FROM pg_class c CROSS JOIN unnest(%s::text[]) AS p(privilege)
        WHERE c.relnamespace = current_schema()::regnamespace
          AND c.relkind IN ('r', 'p')
          AND has_table_privilege(%s, c.oid, p.privilege)
        """,
        [list(PRIVILEGES), role],
    )
    granted = {table: set() for table in tables(cursor)}
    for table, privilege in cursor.fetchall():
        granted[table].add(privilege)
    return granted


def snapshot(url, app_role):
    """What must survive a dump and a restore, read as the owner role:
    each table's row count and a checksum of its content, the orders of
    the sample with their lines and the access log as rows, and the app
    role's privileges on each table."""
    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        result = {"counts": {}, "checksums": {}}
        result["privileges"] = privileges(cursor, app_role)
        for table in tables(cursor):
            identifier = sql.Identifier(table)
            cursor.execute(
                sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n'"
                    " ORDER BY t::text), '')) FROM {} t"
                ).format(identifier)
            )
            count, checksum = cursor.fetchone()
            result["counts"][table] = count
            result["checksums"][table] = checksum
        cursor.execute(
            "SELECT to_jsonb(o) FROM orders_order o ORDER BY id LIMIT %s",
            [ORDER_SAMPLE],
        )
        result["orders"] = [row for (row,) in cursor.fetchall()]
        cursor.execute(
            "SELECT to_jsonb(l) FROM orders_orderline l WHERE order_id = ANY(%s)"
            " ORDER BY id",
            [[order["id"] for order in result["orders"]]],
        )
        result["order_lines"] = [row for (row,) in cursor.fetchall()]
        cursor.execute("SELECT to_jsonb(a) FROM accounts_accesslog a ORDER BY id")
        result["access_log"] = [row for (row,) in cursor.fetchall()]
    return result


def compare(dumped, restored):
    problems = []
    if dumped["counts"].keys() != restored["counts"].keys():
        missing = sorted(dumped["counts"].keys() - restored["counts"].keys())
        extra = sorted(restored["counts"].keys() - dumped["counts"].keys())
        problems.append(f"tables missing: {missing}, tables added: {extra}")
    for table in sorted(dumped["counts"].keys() & restored["counts"].keys()):
        before, after = dumped["counts"][table], restored["counts"][table]
        if before != after:
            problems.append(f"{table}: {before} rows dumped, {after} restored")
        elif dumped["checksums"][table] != restored["checksums"][table]:
            problems.append(f"{table}: as many rows, different content")
        before, after = dumped["privileges"][table], restored["privileges"][table]
        if before != after:
            problems.append(
                f"{table}: the app role had {sorted(before)}, has {sorted(after)}"
                " after the restore"
            )
    for part in ("orders", "order_lines", "access_log"):
        if not dumped[part]:
            problems.append(f"the demo data has no {part}: nothing to compare")
        for before, after in zip(dumped[part], restored[part], strict=False):
            if before != after:
                problems.append(
                    f"{part} differs:\n  dumped   {before}\n  restored {after}"
                )
        if len(dumped[part]) != len(restored[part]):
            problems.append(
                f"{part}: {len(dumped[part])} dumped, {len(restored[part])} restored"
            )
    if problems:
        raise Differs("\n".join(problems))


def assert_append_only(app_url):
    """The app role may add to the access log and read it, never change or
    remove an entry: refused by privilege, before any trigger runs."""
    with psycopg.connect(app_url) as connection:
        for statement in (
            "UPDATE accounts_accesslog SET id = id",
            "DELETE FROM accounts_accesslog",
            "TRUNCATE accounts_accesslog",
        ):
            try:
                with connection.transaction():
                    connection.execute(statement)
            except InsufficientPrivilege:
                continue
            raise Differs(
                f"the app role could run {statement!r} on the restored database"
            )


def timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def check():
    app, owner = database_urls()
    app_role = role_of(app)
    with ExitStack() as stack:
        scratch = Scratch(owner)
        stack.callback(scratch.close)
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        source = scratch.create("dumped")
        urls = {"app_url": named(app, source), "owner_url": named(owner, source)}

        def build():
            manage("migrate", "--no-input", media_root=folder / "media", **urls)
            manage("seed_demo", media_root=folder / "media", **urls)

        _, built = timed(build)
        dump = folder / "websesam.dump"
        _, dumping = timed(
            lambda: run(
                [tool("pg_dump"), "-Fc", "-f", dump, "-d", named(owner, source)]
            )
        )
        size = dump.stat().st_size

        target = scratch.create("restored")
        restored_urls = {
            "app_url": named(app, target),
            "owner_url": named(owner, target),
        }
        # As the owner role, which then owns everything restored; the
        # grants are not taken from the dump but made by migrate, as on
        # every deployment (core/dbroles.py).
        _, restoring = timed(
            lambda: run(
                [
                    tool("pg_restore"),
                    "--exit-on-error",
                    "--no-owner",
                    "--no-privileges",
                    "-d",
                    named(owner, target),
                    dump,
                ]
            )
        )
        migrated = manage(
            "migrate", "--no-input", media_root=folder / "media", **restored_urls
        )
        if "No migrations to apply." not in migrated:
            raise Differs(f"migrate after the restore applied migrations:\n{migrated}")

        dumped = snapshot(named(owner, source), app_role)
        restored = snapshot(named(owner, target), app_role)
        compare(dumped, restored)
        assert_append_only(restored_urls["app_url"])

    rows = sum(dumped["counts"].values())
    print(
        f"restore-check: demo database built (migrate, seed_demo) in {built:.1f} s\n"
        f"restore-check: pg_dump -Fc {dumping:.1f} s ({size / 1e6:.1f} MB),"
        f" pg_restore {restoring:.1f} s\n"
        f"restore-check: {len(dumped['counts'])} tables, {rows} rows: counts and"
        f" content equal; {len(dumped['orders'])} orders with"
        f" {len(dumped['order_lines'])} lines and {len(dumped['access_log'])}"
        f" access-log entries equal; the app role's privileges equal, the access"
        f" log append-only"
    )


def main():
    try:
        check()
    except Differs as difference:
        print(f"restore-check FAILED: {difference}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
