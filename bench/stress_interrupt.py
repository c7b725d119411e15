"""Send SIGINT to `ftz update` at random moments; check what it says against what it wrote.

Usage: python bench/stress_interrupt.py [RUNS] [SEED] [MIN_DELAY] [MAX_DELAY] (seconds before SIGINT). Prints counts; "LIE" must be 0.
"""
import os
import pathlib
import random
import signal
import subprocess
import sys
import tempfile
import time

ws = pathlib.Path(tempfile.mkdtemp()) / "ws"
subprocess.run([sys.executable, "-m", "ftz_cli", "init", str(ws)], capture_output=True, check=True)
env = {**os.environ, "FTZ_CACHE_DIR": tempfile.mkdtemp()}
counts = {"nothing-said-nothing-written": 0, "written-said-written": 0, "pending-said": 0, "LIE": 0, "finished": 0}
random.seed(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
for n in range(int(sys.argv[1])):
    before = sum(p.read_text().count("- id:") for p in (ws / "updates").glob("*.yaml"))
    proc = subprocess.Popen([sys.executable, "-m", "ftz_cli", "--data", str(ws), "update",
                             "trade.import-export-2021", "--value", str(n + 1), "--date", "2021-03-31",
                             "--replace"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    time.sleep(random.uniform(float(sys.argv[3]) if len(sys.argv) > 3 else 0.05,
                              float(sys.argv[4]) if len(sys.argv) > 4 else 0.35))
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate()
    err = err.decode()
    after = sum(p.read_text().count("- id:") for p in (ws / "updates").glob("*.yaml"))
    if "<frozen site>" in err and after == before:  # Python itself still starting: not ftz's code yet
        counts["interpreter-starting"] = counts.get("interpreter-starting", 0) + 1
    elif proc.returncode == -signal.SIGINT and not err and "已录入" in out.decode() and after > before:
        # the command had finished and said so; the signal came while Python shut down
        counts["finished-then-killed-at-exit"] = counts.get("finished-then-killed-at-exit", 0) + 1
    elif proc.returncode == -signal.SIGINT and not err and after == before:
        counts["killed-before-python-started"] = counts.get("killed-before-python-started", 0) + 1
    elif proc.returncode == 0:
        counts["finished"] += 1
    elif "未写入任何内容" in err:
        counts["nothing-said-nothing-written" if after == before else "LIE"] += 1
    elif "中断前已完整写入" in err:
        counts["written-said-written" if after > before else "LIE"] += 1
    elif "中断时正在写入" in err:
        counts["pending-said"] += 1
    else:
        counts["LIE"] += 1
        print(proc.returncode, repr(err[-600:]))
print(counts)
