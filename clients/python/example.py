"""Tunes a logistic regression (pure Python, no numpy) on a generated two-class dataset.

    python3 clients/python/example.py --url http://127.0.0.1:8080 --trials 12

Each trial trains with the suggested learning rate, L2 penalty and batch size, reports the
validation log-loss after every epoch (so the study's pruner can stop bad trials early) and tells
the final validation log-loss. The URL and token may also come from BAYTUNE_URL / BAYTUNE_TOKEN.
"""

import argparse
import math
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from baytune_client import BaytuneClient  # noqa: E402

SPACE = {
    "learning_rate": {"type": "float", "low": 1e-3, "high": 3.0, "log": True},
    "l2": {"type": "float", "low": 1e-6, "high": 1.0, "log": True},
    "batch_size": {"type": "categorical", "choices": [8, 32, 128]},
}
EPOCHS = 8


def make_dataset(seed, n=400, dims=5):
    """Two unit-variance Gaussian blobs 2 apart along a random direction: rows split 75/25."""
    rng = random.Random(seed)
    direction = [rng.gauss(0, 1) for _ in range(dims)]
    norm = math.sqrt(sum(d * d for d in direction))
    direction = [d / norm for d in direction]
    rows = []
    for _ in range(n):
        label = rng.random() < 0.5
        shift = 1.0 if label else -1.0
        rows.append(([rng.gauss(shift * d, 1.0) for d in direction], 1.0 if label else 0.0))
    cut = n * 3 // 4
    return rows[:cut], rows[cut:]


def predict(weights, bias, x):
    z = bias + sum(w * xi for w, xi in zip(weights, x))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def log_loss(weights, bias, rows):
    eps = 1e-12
    total = 0.0
    for x, y in rows:
        p = predict(weights, bias, x)
        total -= y * math.log(p + eps) + (1 - y) * math.log(1 - p + eps)
    return total / len(rows)


def train_epoch(weights, bias, rows, lr, l2, batch_size, rng):
    """One epoch of mini-batch gradient descent; returns the new (weights, bias)."""
    order = list(range(len(rows)))
    rng.shuffle(order)
    for start in range(0, len(order), batch_size):
        batch = [rows[i] for i in order[start:start + batch_size]]
        grad_w = [l2 * w for w in weights]
        grad_b = 0.0
        for x, y in batch:
            err = predict(weights, bias, x) - y
            for j, xj in enumerate(x):
                grad_w[j] += err * xj / len(batch)
            grad_b += err / len(batch)
        weights = [w - lr * g for w, g in zip(weights, grad_w)]
        bias -= lr * grad_b
    return weights, bias


def run_trial(client, study_id, trial, data):
    """Trains one configuration; returns the told trial."""
    params = trial["params"]
    train, valid = data
    rng = random.Random(trial["number"])
    weights, bias = [0.0] * len(train[0][0]), 0.0
    loss = log_loss(weights, bias, valid)
    for epoch in range(EPOCHS):
        weights, bias = train_epoch(weights, bias, train, params["learning_rate"], params["l2"],
                                    int(params["batch_size"]), rng)
        loss = log_loss(weights, bias, valid)
        if not math.isfinite(loss):
            return client.tell(study_id, trial["id"], state="FAIL", reason="validation loss diverged")
        if client.report(study_id, trial["id"], epoch, loss):
            return client.tell(study_id, trial["id"], state="PRUNED")
    return client.tell(study_id, trial["id"], value=loss)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("BAYTUNE_URL", "http://127.0.0.1:8080"))
    parser.add_argument("--token", default=os.environ.get("BAYTUNE_TOKEN"))
    parser.add_argument("--name", default="python-logistic-regression")
    parser.add_argument("--trials", type=int, default=12)
    parser.add_argument("--sampler", default="random", help="sampler type, such as random, tpe or gp")
    args = parser.parse_args()

    client = BaytuneClient(args.url, token=args.token, client_id="python-example-%d" % os.getpid())
    # load_if_exists: a second run continues the study instead of failing with 409 study_exists.
    study = client.create_study(args.name, SPACE, sampler={"type": args.sampler, "seed": 7},
                                pruner={"type": "median"} if args.trials >= 8 else None, load_if_exists=True)
    data = make_dataset(seed=42)
    for _ in range(args.trials):
        trial = client.ask(study["id"])[0]
        done = run_trial(client, study["id"], trial, data)
        print("trial %3d %-8s %s %s" % (done["number"], done["state"], done["value"], trial["params"]))
    best = client.best(study["id"])
    print("study %s best validation log-loss %.4f with %s" % (study["id"], best["value"], best["params"]))


if __name__ == "__main__":
    main()
