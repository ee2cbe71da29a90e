#!/usr/bin/env python3
"""A stand-in orchestrator for deploy/live-image/test-boot.sh.

Serves what the boot chain fetches (boot.ipxe, vmlinuz, initrd.img) and the agent endpoints a freshly booted
agent calls, records every request as one JSON line (with its epoch time, "ts"), and hands the agent the
instructions of --after-hello in turn (the next once the previous one has its result). It checks the bearer
token like the real server does (401 missing, 403 wrong). Request bodies may be chunked: .NET's
PostAsJsonAsync sends them so.
Standard library only; it binds one address inside the test's network namespace.
"""

import argparse
import json
import os
import re
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 16 * 1024 * 1024
STAGES = ("inventory", "cpu", "memory", "storage", "network")
KINDS = STAGES + ("poweroff", "exit", "hold", "none")


def utc_now(offset_seconds=0):
    return (datetime.now(timezone.utc) + timedelta(seconds=offset_seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.queue = [k for k in args.after_hello.split(",") if k and k != "none"]
        self.outstanding = None
        self.hello = threading.Event()

    def record(self, entry):
        entry["ts"] = round(time.time(), 3)
        line = json.dumps(entry, sort_keys=True)
        with self.lock:
            with open(self.args.record, "a", encoding="utf-8") as f:
                f.write(line + "\n")

    def take_instruction(self):
        """The next instruction of --after-hello, once the hello has arrived and the previous one is answered."""
        with self.lock:
            if not self.hello.is_set() or self.outstanding or not self.queue:
                return None
            kind = self.queue.pop(0)
            instruction = {
                "instructionId": uuid.uuid4().hex,
                "kind": "stage" if kind in STAGES else kind,
                "parameters": {},
                "deadline": utc_now(600),
            }
            if kind in STAGES:
                instruction["stage"] = kind
            if kind == "hold":
                with open(self.args.hold_key, encoding="utf-8") as f:
                    instruction["sshPublicKey"] = f.read().strip()
            # poweroff and exit get no result; everything else is answered before the next one goes out
            if kind not in ("poweroff", "exit"):
                self.outstanding = instruction["instructionId"]
            return instruction

    def result_arrived(self, instruction_id):
        with self.lock:
            if self.outstanding == instruction_id:
                self.outstanding = None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "vetting-test-orchestrator"
    state: State = None  # set in main

    def log_message(self, fmt, *args):  # the JSON record replaces the access log
        pass

    # --- plumbing ----------------------------------------------------------------------------------------

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            body = bytearray()
            while True:
                size_line = self.rfile.readline(1024).strip()
                size = int(size_line.split(b";")[0], 16)
                if size == 0:
                    while self.rfile.readline(1024).strip():  # trailers until the empty line
                        pass
                    return bytes(body)
                if len(body) + size > MAX_BODY:
                    raise ValueError("body too large")
                body += self.rfile.read(size)
                self.rfile.readline(8)  # CRLF after each chunk
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ValueError("body too large")
        return self.rfile.read(length) if length else b""

    def send(self, status, body=b"", content_type="application/json"):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        if body:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def problem(self, status, title):
        self.send(status, {"type": "about:blank", "title": title, "status": status}, "application/problem+json")

    def send_file(self, name):
        path = os.path.join(self.state.args.image_dir, name)
        try:
            size = os.path.getsize(path)
        except OSError:
            self.problem(404, f"{name} not found")
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                self.wfile.write(chunk)

    def authorized(self):
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            self.problem(401, "missing bearer token")
            return False
        if auth[len("Bearer "):] != self.state.args.token:
            self.problem(403, "token of another run")
            return False
        return True

    # --- routes ------------------------------------------------------------------------------------------

    def handle_any(self):
        path, _, query = self.path.partition("?")
        entry = {"method": self.command, "path": path, "query": query}
        try:
            body = self.read_body() if self.command in ("POST", "PUT") else b""
        except (ValueError, OSError) as e:
            entry["error"] = str(e)
            self.state.record(entry)
            self.problem(413, "body too large or malformed")
            self.close_connection = True
            return
        if body:
            text = body.decode("utf-8", "replace")
            try:
                entry["json"] = json.loads(text)
            except ValueError:
                entry["body"] = text[:4000]
        entry["chunked"] = self.headers.get("Transfer-Encoding", "").lower() == "chunked"
        self.state.record(entry)

        args = self.state.args
        if self.command in ("GET", "HEAD") and path in ("/boot.ipxe", "/pxe/boot.ipxe"):
            self.send(200, args.boot_script, "text/plain; charset=utf-8")
            return
        if self.command in ("GET", "HEAD") and path in ("/vmlinuz", "/pxe/vmlinuz", "/initrd.img", "/pxe/initrd.img"):
            self.send_file(os.path.basename(path))
            return

        m = re.fullmatch(r"/api/v1/runs/(\d+)/(hello|next|heartbeat|log|artifacts/[^/]+|instructions/[^/]+/result)", path)
        if not m:
            self.problem(404, "not found")
            return
        if int(m.group(1)) != args.run:
            self.problem(403, "token of another run")
            return
        if not self.authorized():
            return
        action = m.group(2)
        if action == "hello" and self.command == "POST":
            self.state.hello.set()
            self.send(200, {"runId": args.run, "heartbeatSeconds": 10, "serverTime": utc_now()})
        elif action == "next" and self.command == "GET":
            wait = re.search(r"(?:^|&)waitSeconds=(\d+)", query)
            deadline = time.time() + min(int(wait.group(1)) if wait else 0, 60)
            while True:
                instruction = self.state.take_instruction()
                if instruction:
                    self.state.record({"sent": instruction})
                    self.send(200, instruction)
                    return
                if time.time() >= deadline:
                    self.send(204)
                    return
                time.sleep(0.2)
        elif action in ("heartbeat", "log") and self.command == "POST":
            self.send(204)
        elif action.startswith("artifacts/") and self.command == "PUT":
            self.send(201)
        elif action.startswith("instructions/") and self.command == "POST":
            self.state.result_arrived(action.split("/")[1])
            self.send(200, {})
        else:
            self.problem(405, "method not allowed")

    do_GET = do_HEAD = do_POST = do_PUT = handle_any


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bind", required=True, help="address to listen on (inside the test netns)")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--image-dir", required=True, help="directory with vmlinuz and initrd.img")
    parser.add_argument("--boot-script", required=True, help="file with the #!ipxe script to serve")
    parser.add_argument("--run", type=int, default=1)
    parser.add_argument("--token", required=True)
    parser.add_argument("--record", required=True, help="file that gets one JSON line per request")
    parser.add_argument("--after-hello", default="none",
                        help="comma-separated instructions handed out in turn after the hello: "
                             "inventory|cpu|memory|storage|network|hold|poweroff|exit, or none")
    parser.add_argument("--hold-key", help="public key file for --after-hello hold")
    args = parser.parse_args()
    unknown = [k for k in args.after_hello.split(",") if k not in KINDS]
    if unknown:
        parser.error(f"--after-hello: unknown instruction(s) {unknown}")
    if "hold" in args.after_hello.split(",") and not args.hold_key:
        parser.error("--after-hello hold needs --hold-key")
    with open(args.boot_script, encoding="utf-8") as f:
        args.boot_script = f.read()

    Handler.state = State(args)
    server = ThreadingHTTPServer((args.bind, args.port), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
