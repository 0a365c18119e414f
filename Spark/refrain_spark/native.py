"""Finding the refrain binary and running it as a child process that fails loudly."""

import os
import shutil
import subprocess
import threading

# Where `spark-submit --archives refrain-relocatable.tar.gz#refrain` unpacks on every executor.
ARCHIVE_ALIAS = "refrain"


class RefrainFailed(RuntimeError):
    """A refrain process exited non-zero, was killed, or wrote a damaged stream."""


def find_refrain(hint=None):
    """The refrain executable: `hint` (the driver's --refrain or what it resolved), $REFRAIN_BIN,
    the archive shipped with --archives (./refrain/bin/refrain in the task's directory), a
    `bin/refrain` next to this package, then PATH."""
    here = os.path.dirname(os.path.abspath(__file__))
    shipped = []
    try:  # where --archives unpacks in local mode (and on YARN, the task's directory)
        from pyspark import SparkFiles
        root = SparkFiles.getRootDirectory()
        shipped = [os.path.join(root, ARCHIVE_ALIAS, "bin", "refrain")]
    except Exception:
        pass
    candidates = [
        hint,
        os.environ.get("REFRAIN_BIN"),
        os.path.join(os.getcwd(), ARCHIVE_ALIAS, "bin", "refrain"),
        os.path.join(os.getcwd(), ARCHIVE_ALIAS, "refrain"),
        *shipped,
        os.path.join(here, "bin", "refrain"),
        os.path.join(os.path.dirname(here), "bin", "refrain"),
    ]
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return os.path.abspath(c)
    found = shutil.which("refrain")
    if found:
        return found
    raise RefrainFailed("no refrain binary: give --refrain PATH, set REFRAIN_BIN, ship it with "
                        "--archives refrain-relocatable.tar.gz#refrain, or put it on PATH")


class Process:
    """`refrain ARGS` with `feed` (an iterable of bytes) written to its standard input by a
    thread while the caller reads standard output; `close()` waits and raises RefrainFailed
    on any non-zero exit, with the tail of standard error."""

    def __init__(self, binary, args, feed, env=None):
        self.args = [binary] + list(args)
        self.stderr_path = None
        self.proc = subprocess.Popen(self.args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env)
        self._err = []
        self._feed_error = None
        self._t_err = threading.Thread(target=self._drain_stderr, daemon=True)
        self._t_err.start()
        self._t_in = threading.Thread(target=self._write, args=(feed,), daemon=True)
        self._t_in.start()

    def _drain_stderr(self):
        total = 0
        for line in self.proc.stderr:
            total += len(line)
            self._err.append(line)
            if len(self._err) > 200:
                del self._err[:100]

    def _write(self, feed):
        try:
            for chunk in feed:
                self.proc.stdin.write(chunk)
            self.proc.stdin.close()
        except BrokenPipeError as e:
            self._feed_error = e
        except BaseException as e:  # the feed itself failed (bad input, injected failure)
            self._feed_error = e
            self.proc.kill()

    @property
    def stdout(self):
        return self.proc.stdout

    def stderr_tail(self):
        return b"".join(self._err[-20:]).decode("utf-8", "replace").strip()

    def close(self):
        self._t_in.join()
        rest = self.proc.stdout.read()
        # wait4 rather than wait: the child's peak RSS, for the memory figures.
        _, status, usage = os.wait4(self.proc.pid, 0)
        self.proc.returncode = code = os.waitstatus_to_exitcode(status)
        self.max_rss_kb = usage.ru_maxrss
        self._t_err.join()
        if isinstance(self._feed_error, Exception) and not isinstance(self._feed_error, BrokenPipeError):
            raise self._feed_error
        if code != 0:
            raise RefrainFailed(f"{' '.join(self.args[:4])} … exited with status {code}: {self.stderr_tail()}")
        if self._feed_error is not None:
            raise RefrainFailed(f"refrain closed its input early: {self.stderr_tail()}")
        if rest:
            raise RefrainFailed(f"{len(rest)} bytes after the end of refrain's stream")


def chunked(records, size=1 << 20):
    """Joins small byte strings into chunks of about `size` bytes."""
    buf, n = [], 0
    for r in records:
        buf.append(r)
        n += len(r)
        if n >= size:
            yield b"".join(buf)
            buf, n = [], 0
    if buf:
        yield b"".join(buf)
