"""A minimal HTTP service on http.server: no dependencies to patch.

GET / answers who it is, /healthz that the process is alive, /readyz that it
takes traffic (false while shutting down, so the load balancer drains it).
"""

import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SERVICE_NAME = "${{ values.name }}"


def listen_port() -> int:
    return int(os.environ.get("PORT") or "${{ values.port }}" or 8080)


class Handler(BaseHTTPRequestHandler):
    server_version = SERVICE_NAME

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = self.path.split("?", 1)[0]
        if path == "/healthz":
            self._send(200, {"status": "ok"})
        elif path == "/readyz":
            ready = getattr(self.server, "ready", False)
            self._send(200 if ready else 503, {"ready": ready})
        elif path == "/":
            self._send(
                200, {"service": SERVICE_NAME, "message": f"Hello from {SERVICE_NAME}"}
            )
        else:
            self._send(404, {"error": "not found"})

    def _send(self, status: int, body: dict) -> None:
        payload = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        # One line per request on stdout, where container logs are collected.
        print(f"{self.address_string()} {format % args}", flush=True)


def create_server(port: int, host: str = "0.0.0.0") -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((host, port), Handler)
    server.ready = True
    return server
