#!/usr/bin/env python3
"""A worker program for `baytune agent`: logistic regression by gradient descent, stdlib only.

baytune passes the trial's parameters three ways; this script uses all of them:
  * placeholders on the command line:  --lr {lr} --epochs {epochs}
  * BAYTUNE_PARAMS, the parameters as JSON
  * BAYTUNE_PARAMS_FILE, a JSON file with the same content
It prints one line per epoch,  baytune: {"step": <epoch>, "value": <validation loss>},
and a final  baytune: {"value": <validation loss>}  (writing {"value": ...} to BAYTUNE_RESULT_FILE
works too). When baytune decides to prune, it stops this process with SIGTERM.

Run it against a study with parameters lr (float, log) and l2 (float):
  baytune agent --study <id> --url http://127.0.0.1:8080 --trials 20 -- \
      python3 examples/agent_example.py --lr {lr} --epochs 8
Extra flags for trying failures: --crash-at <epoch> exits with an error, --sleep <seconds> slows
every epoch down (to see --timeout at work).
"""
import argparse
import json
import math
import os
import random
import sys
import time


def make_data(n, seed):
    """Two Gaussian blobs in 2-D, labels 0/1; a fixed seed so every trial sees the same data."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        label = i % 2
        centre = 1.0 if label else -1.0
        rows.append(((rng.gauss(centre, 1.2), rng.gauss(centre, 1.2)), label))
    return rows


def loss_of(w, b, rows, l2):
    total = 0.0
    for (x1, x2), y in rows:
        p = 1.0 / (1.0 + math.exp(-(w[0] * x1 + w[1] * x2 + b)))
        p = min(max(p, 1e-7), 1 - 1e-7)
        total -= y * math.log(p) + (1 - y) * math.log(1 - p)
    return total / len(rows) + l2 * (w[0] ** 2 + w[1] ** 2)


def epoch(w, b, rows, lr, l2):
    for (x1, x2), y in rows:
        p = 1.0 / (1.0 + math.exp(-(w[0] * x1 + w[1] * x2 + b)))
        g = p - y
        w[0] -= lr * (g * x1 + 2 * l2 * w[0])
        w[1] -= lr * (g * x2 + 2 * l2 * w[1])
        b -= lr * g
    return w, b


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--crash-at", type=int, default=0)
    parser.add_argument("--sleep", type=float, default=0.0)
    args = parser.parse_args()

    params = json.loads(os.environ.get("BAYTUNE_PARAMS", "{}"))
    with open(os.environ["BAYTUNE_PARAMS_FILE"]) as f:
        assert json.load(f) == params, "BAYTUNE_PARAMS_FILE and BAYTUNE_PARAMS disagree"
    lr = args.lr if args.lr is not None else params["lr"]
    l2 = float(params.get("l2", 0.0))

    train, valid = make_data(200, 1), make_data(100, 2)
    w, b = [0.0, 0.0], 0.0
    value = loss_of(w, b, valid, l2)
    for step in range(1, args.epochs + 1):
        if args.crash_at == step:
            raise RuntimeError(f"simulated crash at epoch {step}")
        time.sleep(args.sleep)
        w, b = epoch(w, b, train, lr, l2)
        value = loss_of(w, b, valid, l2)
        if not math.isfinite(value):
            print(f"diverged at epoch {step}", file=sys.stderr)
            return 2
        print(f'baytune: {json.dumps({"step": step, "value": value})}', flush=True)
    print(f'baytune: {json.dumps({"value": value})}', flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
