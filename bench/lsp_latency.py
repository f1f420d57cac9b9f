"""How long after the last keystroke an editor shows the findings of a ~1 MB Markdown draft.

Starts `healthlint server` as an editor would, opens one generated draft (bench/corpus.py) and
waits for its first diagnostics (rule loading plus a first lint). Then, `--rounds` times, it
"types" a short word one character per didChange (each a new version, a few ms apart) and
measures the time from the last didChange to the publishDiagnostics of that version.

The total is split into three parts, so a slow engine is not mistaken for a slow server:
  debounce   the wait the server adds after a change (DEBOUNCE in lint/server/protocol.py),
  lint       the engine's time on that version, as the server logs it (window/logMessage),
  protocol   the rest: applying the changes, positions, diagnostics, JSON, pipes, and any wait
             for a lint of an earlier version that was already running.
The engine alone on the same text in this process (no server) is timed at the end too.

    python bench/lsp_latency.py                 # 1 MB, all rules, 3 rounds
    python bench/lsp_latency.py --mb 0.25 --select hype,cure
"""
from __future__ import annotations

import argparse
import json
import os
import queue
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from corpus import Draft  # noqa: E402


class Server:
    """`healthlint server` over pipes, JSON-RPC framed by hand (no client library in the timing)."""

    def __init__(self, cwd: Path):
        self.process = subprocess.Popen([sys.executable, "-m", "healthlint", "server"], cwd=cwd,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.inbox: queue.Queue[tuple[float, dict]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.process.stdout
        while True:
            length = 0
            while True:
                line = out.readline()
                if not line:
                    return
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
                if line in (b"\r\n", b"\n"):
                    break
            body = out.read(length)
            self.inbox.put((time.perf_counter(), json.loads(body)))

    def send(self, **message) -> float:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()
        return time.perf_counter()

    def wait(self, match, timeout: float = 600) -> tuple[float, dict]:
        deadline = time.perf_counter() + timeout
        while True:
            at, message = self.inbox.get(timeout=max(0.1, deadline - time.perf_counter()))
            if "method" in message and "id" in message:  # a server request: answer it (no settings)
                self.send(id=message["id"], result=[None] if message["method"] == "workspace/configuration" else None)
            elif match(message):
                return at, message


def diagnostics_of(uri: str, version: int):
    return lambda m: (m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
                      and m["params"].get("version") == version)


def engine_time(text: str, path: Path, select: list[str], repeats: int) -> tuple[float, int]:
    """Median seconds the engine (with the project's suppressions and settings) takes on `text`."""
    from healthlint.formats import read_document
    from healthlint.project import Project
    from healthlint.reader import Source

    project = Project.resolve([str(path)], select=select)
    linter = project.linter
    times, count = [], 0
    for _ in range(repeats):
        start = time.perf_counter()
        doc = read_document(Source(path=str(path), text=text, format="markdown"), linter.reader_options)
        count = len(linter.lint(doc))
        times.append(time.perf_counter() - start)
    return statistics.median(times), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size of the draft in MB (default 1)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--select", default="", help="comma-separated rule ids or categories (default: all)")
    args = parser.parse_args()
    select = [c for c in args.select.split(",") if c]
    from healthlint.server.protocol import DEBOUNCE

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if select:
            (folder / ".healthlint.toml").write_text(f"select = {json.dumps(select)}\n", encoding="utf-8")
        path = folder / "draft.md"
        text = Draft(random.Random(11)).document(int(args.mb * 1_000_000))
        path.write_text(text, encoding="utf-8")
        uri = path.as_uri()
        lines = text.count("\n")
        print(f"draft: {len(text.encode()) / 1e6:.2f} MB, {lines:,} lines; rules: {args.select or 'all'}; "
              f"debounce {DEBOUNCE * 1000:.0f} ms; {os.cpu_count()} cores")

        server = Server(folder)
        server.send(id=1, method="initialize", params={"processId": os.getpid(), "rootUri": folder.as_uri(),
                                                       "capabilities": {"workspace": {"configuration": True}}})
        server.wait(lambda m: m.get("id") == 1)
        server.send(method="initialized", params={})
        sent = server.send(method="textDocument/didOpen", params={"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": text}})
        at, first = server.wait(diagnostics_of(uri, 1))
        print(f"open -> first diagnostics: {at - sent:.2f} s ({len(first['params']['diagnostics'])} findings; "
              "includes loading the rules)")

        version, totals, parts = 1, [], []
        middle = lines // 2
        for round_ in range(args.rounds):
            word = f" maybe{round_}"
            for i, key in enumerate(word):
                version += 1
                at_char = {"line": middle, "character": i}
                last = server.send(method="textDocument/didChange", params={
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"range": {"start": at_char, "end": at_char}, "text": key}]})
                time.sleep(0.03)  # a fast typist: ~30 keys a second
            logged = []
            at, message = server.wait(lambda m: logged.append(m) or diagnostics_of(uri, version)(m))
            lint = next(float(m["params"]["message"].split(" in ")[1].split(" ms")[0]) / 1000 for m in logged
                        if m.get("method") == "window/logMessage" and f"version {version} in" in m["params"]["message"])
            totals.append(at - last)
            parts.append(lint)
            print(f"round {round_ + 1}: last didChange -> publishDiagnostics {1000 * (at - last):.0f} ms "
                  f"(lint {1000 * lint:.0f} ms; {len(message['params']['diagnostics'])} findings)")

        server.send(id=99, method="shutdown")
        server.wait(lambda m: m.get("id") == 99)
        server.send(method="exit")
        server.process.wait(timeout=60)

        total, lint = statistics.median(totals), statistics.median(parts)
        print(f"\nmedian of {len(totals)}: {1000 * total:.0f} ms = debounce {1000 * DEBOUNCE:.0f} ms "
              f"+ lint {1000 * lint:.0f} ms + protocol {1000 * (total - DEBOUNCE - lint):.0f} ms")
        alone, findings = engine_time(text, path, select, repeats=3)
        print(f"the engine alone on the draft, in this process: {1000 * alone:.0f} ms ({findings} findings, median of 3)")


if __name__ == "__main__":
    main()
