"""``DevServer``: build into a private temporary folder, serve it, watch the sources, reload tabs.

Threads: the HTTP server (one thread per connection, live-reload sockets included), watchdog's
observer (classifies events into a ``ChangeQueue``), and one builder thread that takes settled
bursts from the queue and applies them with ``IncrementalBuilder``. ``close`` stops them all,
joins them and removes the temporary folder.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from sitegen.errors import Diagnostic
from sitegen.options import BuildOptions
from sitegen.serve.http import DevHTTPServer, PageGate
from sitegen.serve.incremental import Changes, IncrementalBuilder, OutputSink, Report
from sitegen.serve.livereload import Hub
from sitegen.serve.watch import ChangeQueue, Watcher

Reporter = Callable[[str], None]
ErrorReporter = Callable[[list[Diagnostic]], None]


class OutputFolder(OutputSink):
    """Writes each file atomically (temp file + rename), releasing held requests as it goes."""

    def __init__(self, root: Path, gate: PageGate, hub: Hub) -> None:
        self.root = root
        self.gate = gate
        self.hub = hub
        self.announce_pages = True  # False for stylesheet-only changes: tabs swap the CSS instead

    def begin(self, paths: object) -> None:
        self.gate.begin(paths)  # type: ignore[arg-type]

    def write(self, path: str, data: bytes) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        scratch = target.parent / f".{target.name}.{threading.get_ident()}.tmp"
        scratch.write_bytes(data)
        os.replace(scratch, target)
        self._changed(path)

    def delete(self, path: str) -> None:
        target = self.root / path
        target.unlink(missing_ok=True)
        for parent in target.parents:  # drop folders left empty (a deleted posting's jobs/x/)
            if parent == self.root:
                break
            try:
                parent.rmdir()
            except OSError:
                break
        self._changed(path)

    def end(self) -> None:
        self.gate.end()

    def _changed(self, path: str) -> None:
        self.gate.ready(path)
        if self.announce_pages or not path.endswith(".html"):
            self.hub.file_changed(path)


SETTLE_ON_ERROR = 0.2
# How often Python lets another thread take the interpreter. The default 5 ms lets a rebuild of a
# large site (one busy thread) hold back the request for the page it has just written.
SWITCH_INTERVAL = 0.0005


class DevServer:
    """The ``sitegen serve`` server. ``start()`` runs it in threads; ``serve_forever()`` blocks."""

    def __init__(
        self,
        site_dir: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        drafts: bool = True,
        report: Reporter = print,
        report_errors: ErrorReporter | None = None,
        livereload_port: int | None = None,
    ) -> None:
        self.site_dir = site_dir.resolve()
        self.report = report
        self.report_errors = report_errors or (lambda found: self._report_each(found))
        self.hub = Hub()
        self.gate = PageGate()
        self._temp = Path(tempfile.mkdtemp(prefix="sitegen-serve-"))
        self.output = self._temp / "site"
        self.output.mkdir()
        self.livereload_httpd: DevHTTPServer | None = None  # for browser extensions: they use port 35729
        try:
            self.httpd = DevHTTPServer((host, port), self.output, self.hub, self.gate)
            if livereload_port is not None:
                self.livereload_httpd = DevHTTPServer((host, livereload_port), self.output, self.hub, self.gate)
        except OSError:
            if hasattr(self, "httpd"):
                self.httpd.server_close()
            shutil.rmtree(self._temp, ignore_errors=True)
            raise
        self.port = self.httpd.server_address[1]
        self.livereload_port = self.livereload_httpd.server_address[1] if self.livereload_httpd else None
        self.httpd.livereload_port = self.livereload_port
        if self.livereload_httpd is not None:
            self.livereload_httpd.livereload_port = self.livereload_port
        url_host = "localhost" if host in ("0.0.0.0", "::", "") else host
        self.url = f"http://{url_host}:{self.port}/"
        self.sink = OutputFolder(self.output, self.gate, self.hub)
        options = BuildOptions(preview=True, drafts=drafts, base_url=self.url.rstrip("/"))
        self.builder = IncrementalBuilder(self.site_dir, options, self.sink)
        self.queue = ChangeQueue()
        self.watcher = Watcher(self.site_dir, self.queue)
        self.generation = 0  # successful builds so far
        self.attempts = 0  # builds so far, failed ones included
        self.last_report: Report | None = None
        self.last_rebuild_seconds = 0.0
        self._built = threading.Condition()
        self._threads: list[threading.Thread] = []
        self._closed = False
        self._switch_interval = sys.getswitchinterval()

    # -- lifecycle --

    def start(self, serve_http: bool = True) -> None:
        """Build once, then watch, rebuild and (unless ``serve_http`` is False) serve in threads."""
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)
        self.watcher.start()  # before the first build, so no edit made during it is missed
        self._rebuild(Changes(reload=True, static=True), first=True)
        builder = threading.Thread(target=self._build_loop, name="sitegen-builder")
        self._threads.append(builder)
        builder.start()
        servers = [("sitegen-http", self.httpd)] if serve_http else []
        if self.livereload_httpd is not None:
            servers.append(("sitegen-livereload-http", self.livereload_httpd))
        for name, httpd in servers:
            thread = threading.Thread(target=httpd.serve_forever, name=name, kwargs={"poll_interval": 0.1})
            self._threads.append(thread)
            thread.start()

    def serve_forever(self) -> None:
        """Start, serve in this thread until interrupted (Ctrl-C), then close."""
        try:
            self.start(serve_http=False)
            self.httpd.serve_forever(poll_interval=0.1)
        finally:
            self.close()

    def close(self) -> None:
        """Stop watching, building and serving; join every thread; remove the temporary folder."""
        if self._closed:
            return
        self._closed = True
        try:
            self.watcher.stop()
            self.queue.stop()
            self.hub.close_all()  # wakes the handler threads blocked on live-reload sockets
            servers = [self.httpd] + ([self.livereload_httpd] if self.livereload_httpd else [])
            for httpd in servers:
                httpd.close_connections()  # and those waiting for a request that may never come
            self.gate.end()  # and those holding a request for a page the interrupted build was writing
            running = {t.name for t in self._threads}
            if "sitegen-http" in running:
                self.httpd.shutdown()
            if self.livereload_httpd is not None and "sitegen-livereload-http" in running:
                self.livereload_httpd.shutdown()
            for thread in self._threads:
                thread.join()
            for httpd in servers:
                httpd.server_close()  # joins the per-connection threads
        finally:  # even when a second Ctrl-C interrupts the above
            shutil.rmtree(self._temp, ignore_errors=True)
            sys.setswitchinterval(self._switch_interval)

    def __enter__(self) -> DevServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- building --

    def _report_each(self, diagnostics: list[Diagnostic]) -> None:
        for diagnostic in diagnostics:
            self.report(diagnostic.format())

    def wait_for_generation(self, generation: int, timeout: float = 10.0) -> bool:
        """Wait until ``generation`` successful builds happened (tests, benchmarks)."""
        with self._built:
            return self._built.wait_for(lambda: self.generation >= generation, timeout)

    def wait_for_attempt(self, attempt: int, timeout: float = 10.0) -> bool:
        """Wait until ``attempt`` builds, successful or not, happened."""
        with self._built:
            return self._built.wait_for(lambda: self.attempts >= attempt, timeout)

    def _build_loop(self) -> None:
        while (changes := self.queue.take()) is not None:
            try:
                self._rebuild(changes)
            except Exception as exc:  # a bug of the server itself: say so, and keep watching
                self.report(f"sitegen: internal error: {type(exc).__name__}: {exc}")

    def _rebuild(self, changes: Changes, first: bool = False) -> None:
        merged = Changes()
        merged.merge(self.builder.pending)
        merged.merge(changes)
        self.sink.announce_pages = not merged.css_only
        self.hub.begin_update()
        try:
            report = self.builder.update(changes, priority=self.hub.pages, interrupted=self.queue.has_pending)
        except Exception as exc:  # never die from a bug in a build step: say so and keep serving
            report = Report(False, [Diagnostic("sitegen", None, None, f"internal error: {type(exc).__name__}: {exc}")])
        self.gate.end()  # also when the build stopped before writing anything (a broken sitegen.toml)
        if not report.ok and not any(d.is_error for d in report.diagnostics):  # never an empty report
            report.diagnostics.append(
                Diagnostic("sitegen", None, None, "internal error: the build failed without a message")
            )
        if self.builder.sources.theme is not None:
            self.watcher.set_theme(self.builder.sources.theme.path)
        if report.ok and self.builder.sources.config is not None:
            for httpd in (self.httpd, self.livereload_httpd):
                if httpd is not None:
                    httpd.use_config(self.builder.sources.config)  # the headers of the build being served
        # A file read in the middle of a save fails to parse, and the rest of the save follows
        # within milliseconds: then the next rebuild decides, so a half-written file never
        # flashes an error. A real mistake is reported SETTLE_ON_ERROR seconds later.
        superseded = not report.ok and self.queue.wait_for_change(SETTLE_ON_ERROR)
        if not superseded:
            self.hub.set_errors(report.diagnostics if not report.ok else [])
        if superseded:
            pass
        elif not report.ok:
            self.report_errors([d for d in report.diagnostics if d.is_error])
            if self.generation:
                self.report(f"rebuild failed in {report.seconds * 1000:.0f} ms; still serving the last good build")
            else:  # there is no good build to fall back on
                self.report(f"build failed in {report.seconds * 1000:.0f} ms; save a fix to build again")
        else:
            self._announce(report, merged)
            warnings = [d for d in report.diagnostics if not d.is_error]
            if warnings and (first or report.full):
                self.report_errors(warnings)
            self.report(self._summary(report, first))
        with self._built:
            self.last_report = report
            self.last_rebuild_seconds = report.seconds
            self.attempts += 1
            self.generation += report.ok
            self._built.notify_all()

    def _announce(self, report: Report, changes: Changes) -> None:
        """Pages were announced as they were written; stylesheets and other static files now."""
        if changes.css_only:
            self.hub.refresh_css(changes.css)
        elif any(p.startswith(("assets/", "static/")) and not p.endswith(".html") for p in report.written):
            self.hub.reload_others()  # the tabs whose page changed were reloaded when it was written

    def _summary(self, report: Report, first: bool) -> str:
        pages = f"{report.pages} page{'s' * (report.pages != 1)}"
        others = sum(1 for p in report.written if not p.endswith(".html"))
        line = f"{'built' if first else 'rebuilt'} {pages} in {report.seconds * 1000:.0f} ms"
        if others and not first:
            line += f" ({others} other file{'s' * (others != 1)} changed)"
        if report.deferred:
            line += "; the rest is left for the next rebuild (newer changes came in)"
        return line
