"""A real OpenAI-compatible HTTP server on 127.0.0.1 for the tests (no mock of the SDK).

It serves ``POST /v1/chat/completions`` from a thread. Each request's reply text comes from ``responder``
(a function of the request's messages); a seeded share of requests can instead fail the way real servers
fail: HTTP 429, HTTP 500, a reply slower than the client's timeout, or a 200 whose body is not JSON.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FAILURES = ("429", "500", "timeout", "malformed")
#: Ways a hostile or broken server misbehaves (never drawn unless named in ``failures``): a 50 MB body, a
#: chunked body that never ends, a body trickled at one byte a second, token counts that are not numbers,
#: and a 429 asking the client to wait ``retry_after`` seconds.
HOSTILE = ("huge", "endless", "trickle", "bad_usage", "retry_after")

#: The reply to a request's messages: its text, or (tool mode) a dict ``{"content": str | None,
#: "tool_calls": [{"name": ..., "arguments": "<json text>"}, ...]}`` served as the reply's tool calls.
Responder = Callable[[list[dict]], "str | dict"]


class LoopbackServer:
    """Start with :meth:`start` (or as a context manager); ``url`` is the ``--base-url`` to use."""

    def __init__(
        self,
        responder: Responder,
        *,
        fail_rate: float = 0.0,
        failures: tuple[str, ...] = FAILURES,
        timeout_sleep_s: float = 1.5,
        seed: int = 0,
        port: int = 0,
        retry_after: str = "1",
    ) -> None:
        self.responder = responder
        self.fail_rate = fail_rate
        self.failures = failures
        self.timeout_sleep_s = timeout_sleep_s
        self.retry_after = retry_after
        self.bytes_sent: Counter[str] = Counter()  # by hostile failure kind
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self.requests = 0
        self.served = 0  # replies with a usable completion
        self.failed: Counter[str] = Counter()
        self.seen: list[dict] = []  # request bodies, in arrival order
        self.authorizations: list[str | None] = []  # each request's Authorization header, in arrival order
        self._port = port
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._httpd is not None
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    @property
    def port(self) -> int:
        assert self._httpd is not None
        return int(self._httpd.server_address[1])

    def start(self) -> LoopbackServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep test output quiet
                pass

            def handle(self) -> None:
                try:
                    super().handle()
                except (ConnectionResetError, BrokenPipeError):
                    pass  # a client killed mid-request (the SIGKILL test)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                with server._lock:
                    server.authorizations.append(self.headers.get("Authorization"))
                if self.path.rstrip("/") != "/v1/chat/completions":
                    with server._lock:
                        server.requests += 1
                    self._send(404, {"error": {"message": f"no route {self.path}"}})
                    return
                failure = server._draw_failure(body)
                try:
                    if failure == "429":
                        self._send(429, {"error": {"message": "slow down", "type": "rate_limit"}})
                    elif failure == "500":
                        self._send(500, {"error": {"message": "boom", "type": "server_error"}})
                    elif failure == "timeout":
                        time.sleep(server.timeout_sleep_s)
                        self._send(503, {"error": {"message": "too late"}})
                    elif failure == "malformed":
                        self._send_raw(200, b'{"id": "x", "choices": [{"mess', "application/json")
                    elif failure == "huge":
                        self._send_chunked(failure, total=50 * 1024 * 1024)
                    elif failure == "endless":
                        self._send_chunked(failure, total=None)
                    elif failure == "trickle":
                        self._trickle(failure)
                    elif failure == "bad_usage":
                        payload = _completion(body, server.responder(body.get("messages", [])))
                        payload["usage"]["prompt_tokens"] = "lots"
                        self._send(200, payload)
                    elif failure == "retry_after":
                        data = json.dumps({"error": {"message": "slow down"}}).encode()
                        self.send_response(429)
                        self.send_header("Retry-After", server.retry_after)
                        self.send_header("Content-Type", "application/json")
                        self.send_header("Content-Length", str(len(data)))
                        self.end_headers()
                        self.wfile.write(data)
                    else:
                        text = server.responder(body.get("messages", []))
                        with server._lock:
                            server.served += 1
                        self._send(200, _completion(body, text))
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (its timeout): nothing to answer

            def _send_chunked(self, kind: str, total: int | None) -> None:
                """A 200 whose chunked body starts like a completion and goes on (``total`` bytes, or
                until the client hangs up)."""
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                chunk = b'{"choices": [{"message": {"content": "' + b"x" * 65536
                sent = 0
                while total is None or sent < total:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    sent += len(chunk)
                    with server._lock:
                        server.bytes_sent[kind] += len(chunk)
                    chunk = b"x" * 65536
                self.wfile.write(b"0\r\n\r\n")

            def _trickle(self, kind: str) -> None:
                """A valid completion, sent one byte a second."""
                data = json.dumps(_completion({}, "slow")).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                for i in range(len(data)):
                    self.wfile.write(data[i:i + 1])
                    self.wfile.flush()
                    with server._lock:
                        server.bytes_sent[kind] += 1
                    time.sleep(1.0)

            def _send(self, status: int, payload: dict) -> None:
                self._send_raw(status, json.dumps(payload).encode(), "application/json")

            def _send_raw(self, status: int, data: bytes, ctype: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", self._port), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _draw_failure(self, body: dict) -> str | None:
        with self._lock:
            self.requests += 1
            self.seen.append(body)
            if self.fail_rate and self._rng.random() < self.fail_rate:
                kind = self._rng.choice(self.failures)
                self.failed[kind] += 1
                return kind
            return None


def _completion(request: dict, reply: str | dict) -> dict:
    prompt_chars = sum(len(m.get("content") or "") for m in request.get("messages", []))
    message: dict = {"role": "assistant", "content": reply}
    finish = "stop"
    if isinstance(reply, dict):  # tool mode: the scripted calls, with ids as a real server gives them
        text = reply.get("content") or ""
        message = {"role": "assistant", "content": reply.get("content")}
        calls = reply.get("tool_calls") or []
        if calls:
            message["tool_calls"] = [
                {"id": c.get("id", f"call_{i}"), "type": "function",
                 "function": {"name": c["name"], "arguments": c.get("arguments", "{}")}}
                for i, c in enumerate(calls)
            ]
            finish = "tool_calls"
    else:
        text = reply
    return {
        "id": "chatcmpl-loopback",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "loopback"),
        "choices": [
            {"index": 0, "message": message, "finish_reason": finish}
        ],
        # Token counts from character counts: deterministic, and enough to check they are summed.
        "usage": {
            "prompt_tokens": prompt_chars // 4,
            "completion_tokens": len(text) // 4,
            "total_tokens": prompt_chars // 4 + len(text) // 4,
        },
    }


def free_port() -> int:
    """A TCP port nobody listens on right now (for the "server down" case)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
