"""Memory benchmark: each gunicorn worker's resident memory (RSS) while a
running server (scripts/serve-bench) answers --requests requests of the
prescriber pages, the order PDF among them. Does a worker stay under
200 MB, and does it grow?

The pages are load.py's single pages (start page, the benchmark patient's
aids, article search, CFR, order lines of a 10-line draft) and the PDF of
one order, in turn, from --clients closed-loop clients. The workers are the
children of the gunicorn master serving --url's port, read from /proc on
this machine; their RSS is printed every --every requests. Growth is the
last sample against the one after the first --every requests (imports,
caches and WeasyPrint's fonts are in by then). Like load.py it executes an
order, so run it on a copy of the benchmark database with the server's
DATABASE_URL:

    DEBUG=1 DATABASE_URL=... .venv/bin/python bench/memory.py [--requests 20000]
"""

import argparse
import os
import threading
import urllib.parse
from pathlib import Path

from load import (
    Recorder,
    User,
    complete_order,
    expect,
    fetch,
    fixtures,
    pdf_of,
    run_threads,
    single_pages,
)

PROC = Path("/proc")


def gunicorn_workers(port):
    """PIDs of the workers of the gunicorn master bound to `port`."""
    processes = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError):
            continue  # gone meanwhile
        if "gunicorn" in command:
            processes[int(entry.name)] = (parent, command)
    masters = {
        pid
        for pid, (parent, command) in processes.items()
        if parent not in processes and f":{port}" in command
    }
    return sorted(pid for pid, (parent, _) in processes.items() if parent in masters)


def rss_mb(pid):
    for line in (PROC / str(pid) / "status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--clients", type=int, default=5)
    parser.add_argument("--every", type=int, default=1000, help="requests per sample")
    return parser.parse_args()


def main():
    args = arguments()
    port = urllib.parse.urlsplit(args.url).port or 80
    workers = gunicorn_workers(port)
    if not workers:
        raise SystemExit(f"No gunicorn workers serving port {port} on this machine.")
    fixture = fixtures()
    recorder = Recorder()
    users = [User(args, recorder, number, fixture) for number in range(args.clients)]
    paths = [
        path
        for _label, path, as_user in single_pages(users, len(fixture[0]))
        if as_user
    ]
    user = users[0]
    pdf = pdf_of(
        complete_order(user.browser, user.orders_for, user.pick(3), lambda: None)
    )
    paths.append(pdf)

    lock = threading.Lock()
    done = [0]
    samples = []

    def sample():
        samples.append((done[0], [rss_mb(pid) for pid in workers]))
        sizes = " ".join(f"{size:6.1f}" for size in samples[-1][1])
        print(f"{done[0]:>7} requests  RSS MB per worker: {sizes}", flush=True)

    def loop(index):
        browser = users[index].browser
        while True:
            with lock:
                if done[0] >= args.requests:
                    return
                number = done[0]
                done[0] += 1
                if done[0] % args.every == 0:
                    sample()
            path = paths[number % len(paths)]
            if path == pdf:  # the order is the first user's
                expect(user.browser.request("GET", path), r".")
            else:
                fetch(browser, path, index)

    print(f"workers {workers} on port {port}, pid {os.getpid()} sending")
    sample()
    run_threads(loop, args.clients)
    errors = sum(recorder.errors.values())
    first, last = samples[1][1], samples[-1][1]
    largest = max(max(sizes) for _, sizes in samples)
    growth = max(b - a for a, b in zip(first, last, strict=True))
    print(
        f"\nLargest worker RSS {largest:.1f} MB; largest growth from "
        f"{samples[1][0]} to {samples[-1][0]} requests {growth:+.1f} MB; "
        f"errors {errors}"
    )


if __name__ == "__main__":
    main()
