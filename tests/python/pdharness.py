"""Test harness for the PowerDrivers Python gRPC client test.

- generate_stubs(): runs protoc + grpc_python_plugin over protos/ (the public contract) and
  tests/python/protos/ (vendored grpc.health.v1 and grpc.reflection.v1alpha) into a temp dir
  and makes the generated packages importable next to Debian's google.protobuf and grpc.
- DriverServer: starts the built driver on a free loopback port with its own data directory,
  waits (bounded) until health reports SERVING, and stops it.
- read_profile(): reads a hardware profile YAML from src/Hardware.Power8/Profiles.

Runs under Debian's /usr/bin/python3 (python3-grpcio, python3-protobuf, python3-yaml).
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CONTRACT_PROTOS = os.path.join(REPO_ROOT, "protos")
VENDORED_PROTOS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "protos")
PROFILES_DIR = os.path.join(REPO_ROOT, "src", "Hardware.Power8", "Profiles")
CONFIGURATION = os.environ.get("CONFIGURATION", "Release")
SERVER_DLL = os.path.join(
    REPO_ROOT, "src", "Driver.Grpc", "bin", CONFIGURATION, "net10.0", "PowerDrivers.Driver.Grpc.dll")

LOOPBACK = "127.0.0.1"
HEALTH_TIMEOUT_S = 60.0
RPC_TIMEOUT_S = 10.0
STOP_TIMEOUT_S = 15.0

# Never route loopback test traffic through a proxy from the environment; retry the connection
# quickly while the server starts (the default reconnect backoff grows to seconds).
CHANNEL_OPTIONS = [
    ("grpc.enable_http_proxy", 0),
    ("grpc.initial_reconnect_backoff_ms", 200),
    ("grpc.max_reconnect_backoff_ms", 1000),
]


def _proto_files(root):
    found = []
    for dirpath, _, files in os.walk(root):
        found.extend(os.path.join(dirpath, f) for f in files if f.endswith(".proto"))
    return sorted(found)


def generate_stubs(out_dir):
    """Generates Python messages and stubs for every proto into out_dir and makes them importable."""
    protoc = shutil.which("protoc")
    plugin = shutil.which("grpc_python_plugin")
    if not protoc or not plugin:
        raise RuntimeError("protoc and grpc_python_plugin are required "
                           "(apt packages protobuf-compiler, protobuf-compiler-grpc; see scripts/setup.sh)")
    cmd = [protoc, "-I", CONTRACT_PROTOS, "-I", VENDORED_PROTOS,
           "--python_out=" + out_dir, "--grpc_python_out=" + out_dir,
           "--plugin=protoc-gen-grpc_python=" + plugin]
    cmd += _proto_files(CONTRACT_PROTOS) + _proto_files(VENDORED_PROTOS)
    result = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError("protoc failed (%d): %s" % (result.returncode, result.stderr.strip()))
    _make_importable(out_dir)


def _make_importable(out_dir):
    """Adds out_dir to sys.path without shadowing Debian's packages.

    protoc writes no __init__.py files. out_dir/google is therefore a namespace portion and merges
    with Debian's google (namespace) package, so google.protobuf and google.rpc both import.
    out_dir/grpc cannot merge with the installed grpc, a regular package: the generated
    grpc.health / grpc.reflection directories are appended to grpc.__path__ instead.
    """
    if out_dir not in sys.path:
        sys.path.insert(0, out_dir)
    import google  # noqa: F401  (namespace package: picks up out_dir/google from sys.path)
    import grpc
    generated_grpc = os.path.join(out_dir, "grpc")
    if os.path.isdir(generated_grpc) and generated_grpc not in grpc.__path__:
        grpc.__path__.append(generated_grpc)
    google_path = os.path.join(out_dir, "google")
    if google_path not in list(google.__path__):
        google.__path__.append(google_path)
    import google.protobuf  # noqa: F401  (fails loudly if Debian's protobuf got shadowed)


def free_port():
    """A TCP port free on the loopback address right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def read_profile(model):
    """The hardware profile of `model` (e.g. "S822L") as a dict of its YAML fields, or None if absent."""
    names = [f for f in (os.listdir(PROFILES_DIR) if os.path.isdir(PROFILES_DIR) else [])
             if f.lower() in (model.lower() + ".yaml", model.lower() + ".yml")]
    if not names:
        return None
    path = os.path.join(PROFILES_DIR, names[0])
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        import yaml
        return yaml.safe_load(text)
    except ImportError:
        return _parse_top_level_scalars(text)


def _parse_top_level_scalars(text):
    """Fallback without PyYAML: top-level `key: value` scalars only (enough for capacity fields)."""
    result = {}
    for line in text.splitlines():
        if not line or line[0] in " \t#-" or ":" not in line:
            continue
        key, _, value = line.partition(":")
        value = value.split(" #", 1)[0].strip().strip("'\"")
        if not value:
            continue
        for convert in (int, float):
            try:
                value = convert(value)
                break
            except ValueError:
                pass
        result[key.strip()] = value
    return result


class DriverServer:
    """The built driver, started on a free loopback port with a private data directory."""

    def __init__(self, work_dir, extra_args=()):
        self.work_dir = work_dir
        self.extra_args = list(extra_args)
        self.data_dir = os.path.join(work_dir, "data")
        self.log_path = os.path.join(work_dir, "server.log")
        self.port = None
        self.process = None
        self._log = None

    @property
    def address(self):
        return "%s:%d" % (LOOPBACK, self.port)

    def start(self):
        if not os.path.isfile(SERVER_DLL):
            raise RuntimeError("server not built: %s is missing (run scripts/setup.sh)" % SERVER_DLL)
        os.makedirs(self.data_dir, exist_ok=True)
        self.port = free_port()
        env = dict(os.environ, DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1")
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            ["dotnet", SERVER_DLL,
             "--Driver:DataDirectory=" + self.data_dir,
             "--Driver:Grpc:Address=" + LOOPBACK,
             "--Driver:Grpc:Port=%d" % self.port] + self.extra_args,
            cwd=self.work_dir, env=env, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT)

    def wait_serving(self, channel, timeout=HEALTH_TIMEOUT_S):
        """Polls grpc.health.v1 Check("") until SERVING; raises with the server log on timeout or exit."""
        import grpc
        from grpc.health.v1 import health_pb2, health_pb2_grpc
        stub = health_pb2_grpc.HealthStub(channel)
        deadline = time.monotonic() + timeout
        self._wait_listening(deadline)
        last = "no answer"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("server exited with code %d before serving\n%s"
                                   % (self.process.returncode, self.log_tail()))
            try:
                reply = stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=2.0)
                if reply.status == health_pb2.HealthCheckResponse.SERVING:
                    return
                last = health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)
            except grpc.RpcError as e:
                last = "%s: %s" % (e.code().name, e.details())
            time.sleep(0.25)
        raise RuntimeError("server not SERVING within %.0f s (last: %s)\n%s" % (timeout, last, self.log_tail()))

    def _wait_listening(self, deadline):
        """Waits until the port accepts TCP connections (or the deadline passes, or the server exits)."""
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with socket.create_connection((LOOPBACK, self.port), timeout=1.0):
                    return
            except OSError:
                time.sleep(0.1)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT_S)
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_tail(self, lines=40):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                tail = f.read().splitlines()[-lines:]
        except OSError:
            return "(no server log)"
        return "--- server log (last %d lines) ---\n%s" % (len(tail), "\n".join(tail))


def new_work_dir():
    return tempfile.mkdtemp(prefix="pd-pytest-")
