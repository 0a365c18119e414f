import os
import shutil
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)


def refrain_binary():
    from refrain_spark.native import find_refrain
    return find_refrain(None)


@pytest.fixture(scope="session")
def refrain():
    try:
        return refrain_binary()
    except Exception as e:  # a test run without the binary is a failure, not a skip
        pytest.fail(f"no refrain binary for the Spark tests: {e}")


@pytest.fixture(scope="session")
def spark():
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark tests need Java 17 (no java on PATH, no JAVA_HOME)")
    from refrain_spark.cli import session
    # Two threads, and up to two attempts per task (local[N] alone allows none).
    s = session(os.environ.get("REFRAIN_SPARK_TEST_MASTER", "local[2,2]"))
    yield s
    s.stop()
