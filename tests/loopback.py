"""A web server on the loopback address for the verification tests, and a trap for anything else.

Routes map a path to a Route: status, headers, body and an optional delay before the answer.
Every request is logged (path and User-Agent), so a test can assert what was and was not asked
for. `Trap` is an HTTP proxy that answers nothing and records every request: with HTTP(S)_PROXY
pointing at it and NO_PROXY covering the loopback names, any request that would leave this
machine lands there instead.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    # Stream the body without Content-Length (chunked), as a server that does not know its size.
    chunked: bool = False


class Server:
    """A threaded HTTP server on 127.0.0.1 with a port of its own; use as a context manager."""

    def __init__(self) -> None:
        self.routes: dict[str, Route | list[Route]] = {}
        self.log: list[tuple[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                server.log.append((self.path, self.headers.get("User-Agent", "")))
                route = server.route(self.path)
                if route.delay:
                    time.sleep(route.delay)
                try:
                    self.send_response(route.status)
                    self.send_header("Content-Type", route.content_type)
                    for name, value in route.headers.items():
                        self.send_header(name, value)
                    if route.chunked:
                        self.send_header("Transfer-Encoding", "chunked")
                        self.end_headers()
                        for start in range(0, len(route.body), 65536):
                            piece = route.body[start : start + 65536]
                            self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                        self.wfile.write(b"0\r\n\r\n")
                    else:
                        self.send_header("Content-Length", str(len(route.body)))
                        self.end_headers()
                        self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout or the size cap): what those tests want

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"

    def route(self, path: str) -> Route:
        """The route for path; a list of routes answers one per request, the last one repeatedly."""
        found = self.routes.get(path, Route(404, b"not here", "text/plain"))
        if isinstance(found, list):
            return found.pop(0) if len(found) > 1 else found[0]
        return found

    def requested(self, path: str) -> int:
        return sum(logged == path for logged, _ in self.log)

    def __enter__(self) -> Server:
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class Trap(Server):
    """A proxy that refuses every request and remembers it (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__()
        handler = self.httpd.RequestHandlerClass
        trap = self

        def refuse(request: BaseHTTPRequestHandler) -> None:
            trap.log.append((f"{request.command} {request.path}", request.headers.get("User-Agent", "")))
            request.send_error(403, "requests must not leave this machine")

        handler.do_GET = refuse
        handler.do_CONNECT = refuse
        handler.do_HEAD = refuse

    def proxy_environment(self) -> dict[str, str]:
        """Environment variables that send every request not to the loopback names through the trap."""
        proxy = self.base
        return {
            "HTTP_PROXY": proxy,
            "HTTPS_PROXY": proxy,
            "http_proxy": proxy,
            "https_proxy": proxy,
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
        }
