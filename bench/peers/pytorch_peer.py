#!/usr/bin/python3
"""Training peer: the id-only two-tower model in PyTorch, with sparse Adagrad.

Prints one JSON line with the same fields as bench/peers/peer-result.ts. Run it with Debian's
python3-torch (1.13) and OpenBLAS:

    apt-get install -y python3-torch libopenblas0-pthread
    /usr/bin/python3 bench/peers/pytorch_peer.py --data FILE --epochs 1 --batch 1024 --dim 64 --seed 42

The data rules, example order and initial tables are ports of interactions-csv.ts and
portable-random.ts, so every peer trains the same model on the same batches.
"""

import argparse
import csv
import ctypes
import json
import math
import os
import re
import resource
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

LEARNING_RATE = 0.1
INITIAL_ACCUMULATOR = 0.1
LOSS_WINDOW_STEPS = 50
# TensorFlow Recommenders' logit for accidental hits: float32 min / 100 underflows in exp() yet
# stays finite when added to a logit.
ACCIDENTAL_HIT_LOGIT = float(np.finfo(np.float32).min) / 100.0

# Variables that change how the OpenMP and OpenBLAS threads wait and share cores.
THREADING_VARIABLES = ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")

ORDER_SALT = 0x5EED0001
USER_TABLE_SALT = 0x5EED0002
ARTICLE_TABLE_SALT = 0x5EED0003
TWO_POW_32 = 4294967296.0


class PeerError(Exception):
    """An error with a stable code shared with peer-error.ts."""

    def __init__(self, code, message):
        super().__init__(f"{code}: {message}")


def hash32(values):
    """Lowbias32 on a uint32 numpy array; numpy wraps uint32 array products like Math.imul."""
    x = np.array(values, dtype=np.uint32, ndmin=1)
    x ^= x >> np.uint32(16)
    x *= np.uint32(0x7FEB352D)
    x ^= x >> np.uint32(15)
    x *= np.uint32(0x846CA68B)
    x ^= x >> np.uint32(16)
    return x


def hash32_int(value):
    """hash32 of one integer, taken modulo 2^32 first as JavaScript's >>> 0 does."""
    return int(hash32([value % 2**32])[0])


def shuffled_order(size, seed, epoch):
    """Port of shuffledOrder: indices sorted by hash32(index XOR base); hash32 is a bijection, so no ties."""
    base = np.uint32(hash32_int(hash32_int(seed ^ ORDER_SALT) + epoch))
    keys = hash32(np.arange(size, dtype=np.uint32) ^ base)
    return np.argsort(keys, kind="stable")


def hashed_normal_table(rows, dim, std, seed, salt):
    """Port of hashedNormalTable: Box-Muller of two hashed uniforms per element, float64 then float32."""
    base1 = np.uint32(hash32_int(seed ^ salt))
    base2 = np.uint32(hash32_int(int(base1)))
    k = np.arange(rows * dim, dtype=np.uint32)
    u1 = (hash32(k ^ base1).astype(np.float64) + 1.0) / TWO_POW_32
    u2 = hash32(k ^ base2).astype(np.float64) / TWO_POW_32
    values = std * np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)
    return values.astype(np.float32).reshape(rows, dim)


def load_training_examples(path):
    """Port of loadTrainingExamples: click 0 skipped, click 1 or empty kept, rows by first appearance from 1."""
    if not os.path.exists(path):
        raise PeerError("PEER_DATA_INVALID", f"interactions file {path} not found; pass --data with a CSV.")
    user_index, article_index = {}, {}
    user_rows, article_rows = [], []
    rows_read = rows_skipped = 0
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = [name.strip() for name in next(reader, [])]
        if "user_id" not in header or "article_id" not in header:
            raise PeerError(
                "PEER_DATA_INVALID",
                f'{path} header "{",".join(header)}" lacks user_id or article_id; '
                "expected user_id,article_id,timestamp,click,read_time,like.",
            )
        user_col, article_col = header.index("user_id"), header.index("article_id")
        click_col = header.index("click") if "click" in header else -1
        for record in reader:
            rows_read += 1
            click = record[click_col] if 0 <= click_col < len(record) else ""
            if click == "0":
                rows_skipped += 1
                continue
            if click not in ("1", ""):
                raise PeerError(
                    "PEER_DATA_INVALID",
                    f'{path} line {reader.line_num}: click "{click}" is invalid; use 0, 1 or leave it empty.',
                )
            user = record[user_col] if user_col < len(record) else ""
            article = record[article_col] if article_col < len(record) else ""
            if user == "" or article == "":
                column = "user_id" if user == "" else "article_id"
                raise PeerError("PEER_DATA_INVALID", f"{path} line {reader.line_num}: {column} is empty; every row needs one.")
            user_rows.append(user_index.setdefault(user, len(user_index) + 1))
            article_rows.append(article_index.setdefault(article, len(article_index) + 1))
    if not user_rows:
        raise PeerError("PEER_DATA_INVALID", f"{path} has no examples (rows with click 1 or empty); check the file.")
    return {
        "user_row": np.asarray(user_rows, dtype=np.int64),
        "article_row": np.asarray(article_rows, dtype=np.int64),
        "users": len(user_index),
        "articles": len(article_index),
        "rows_read": rows_read,
        "rows_skipped": rows_skipped,
    }


class TwoTower(torch.nn.Module):
    """User and article embedding tables ([rows, dim], row 0 the OOV row) with sparse gradients."""

    def __init__(self, user_table, article_table):
        super().__init__()
        self.user_embedding = torch.nn.Embedding.from_pretrained(torch.from_numpy(user_table), freeze=False, sparse=True)
        self.article_embedding = torch.nn.Embedding.from_pretrained(
            torch.from_numpy(article_table), freeze=False, sparse=True
        )

    def loss(self, users, articles):
        """In-batch softmax cross-entropy summed over the B rows, with accidental hits masked.

        TensorFlow Recommenders' Retrieval task minimises the sum by default. A mean would
        shrink the early Adagrad steps about B-fold, because the initial accumulator of 0.1
        dominates small gradients.
        """
        queries = self.user_embedding(users)  # [B, dim]
        candidates = self.article_embedding(articles)  # [B, dim]
        logits = queries @ candidates.T  # [B, B]; temperature 1, no logQ correction

        # Another row whose article equals this row's positive is not a negative for this row.
        accidental_hits = articles[:, None] == articles[None, :]
        accidental_hits.fill_diagonal_(False)
        logits = logits + accidental_hits.to(logits.dtype) * ACCIDENTAL_HIT_LOGIT

        labels = torch.arange(users.shape[0])
        return F.cross_entropy(logits, labels, reduction="sum")


def loaded_blas():
    """Describes the BLAS library mapped into this process after a matmul has run.

    For Debian's build torch.__config__.show() reports only BLAS_INFO=generic, because the
    build links libblas.so.3 and the Debian alternatives system picks the library at run
    time. So this reads /proc/self/maps and queries OpenBLAS for its configuration.
    """
    build_blas = re.search(r"BLAS_INFO=(\w+)", torch.__config__.show())
    build = f"BLAS_INFO={build_blas.group(1) if build_blas else 'unknown'}"
    paths = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            if "blas" in path or "mkl" in path:
                paths.add(path)
    openblas = next((path for path in sorted(paths) if "libopenblas" in path), None)
    if openblas is None:
        return f"not OpenBLAS: {', '.join(sorted(paths)) or 'no BLAS library mapped'} (torch build {build})", None
    library = ctypes.CDLL(openblas)
    library.openblas_get_config.restype = ctypes.c_char_p
    return f"{library.openblas_get_config().decode()} from {openblas} (torch build {build})", library


def cpu_seconds():
    """User + system CPU seconds of this process, all threads included."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def summarize_losses(losses):
    window = min(LOSS_WINDOW_STEPS, len(losses))
    return {
        "lossFirst50Mean": float(np.mean(losses[:window])),
        "lossLast50Mean": float(np.mean(losses[-window:])),
        "lossFinal": float(losses[-1]),
        "lossWindowSteps": window,
    }


def train(model, examples, options):
    """Runs the epochs (or the first --max-steps steps), timing only the steps."""
    size = len(examples["user_row"])
    steps_per_epoch = math.ceil(size / options.batch)
    total_steps = steps_per_epoch * options.epochs
    step_limit = min(total_steps, options.max_steps or total_steps)
    epochs_needed = math.ceil(step_limit / steps_per_epoch)
    # Epoch orders are computed before the clock starts, as tfjs-peer.ts does.
    batches_by_epoch = []
    for epoch in range(epochs_needed):
        order = shuffled_order(size, options.seed, epoch)
        batches_by_epoch.append(
            (torch.from_numpy(examples["user_row"][order]), torch.from_numpy(examples["article_row"][order]))
        )

    optimizer = torch.optim.Adagrad(model.parameters(), lr=LEARNING_RATE, initial_accumulator_value=INITIAL_ACCUMULATOR)
    losses = []
    examples_run = 0
    load_average = os.getloadavg()[0]
    cpu_start = cpu_seconds()
    start = time.perf_counter()

    for users_epoch, articles_epoch in batches_by_epoch:
        for begin in range(0, size, options.batch):
            if len(losses) == step_limit:
                break
            users = users_epoch[begin : begin + options.batch]
            articles = articles_epoch[begin : begin + options.batch]
            optimizer.zero_grad(set_to_none=True)
            loss = model.loss(users, articles)
            loss.backward()
            optimizer.step()
            # Reported per example, so that an untrained model starts near ln(B).
            value = loss.item() / users.shape[0]
            if not math.isfinite(value):
                raise PeerError(
                    "PEER_LOSS_NOT_FINITE",
                    f"loss is {value} at step {len(losses) + 1}; the tables diverged, so check --init-std and the data.",
                )
            losses.append(value)
            examples_run += users.shape[0]

    train_seconds = time.perf_counter() - start
    train_cpu_seconds = cpu_seconds() - cpu_start
    examples_per_second = examples_run / train_seconds
    timing = {
        "stepsPerEpoch": steps_per_epoch,
        "stepsRun": len(losses),
        "examplesRun": examples_run,
        "extrapolated": len(losses) < total_steps,
        "trainSeconds": train_seconds,
        "trainCpuSeconds": train_cpu_seconds,
        "secondsPerEpoch": size / examples_per_second,
        "examplesPerSecond": examples_per_second,
    }
    return losses, timing, load_average


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description="Train the id-only two-tower model with PyTorch; print one JSON line.")
    parser.add_argument("--data", required=True, help="interactions CSV (user_id,article_id,timestamp,click,read_time,like)")
    parser.add_argument("--epochs", type=int, default=1, help="passes over the examples")
    parser.add_argument("--batch", type=int, default=1024, help="examples per step")
    parser.add_argument("--dim", type=int, default=64, help="embedding width")
    parser.add_argument("--seed", type=int, default=42, help="seed of the example order and the initial tables (uint32)")
    parser.add_argument("--max-steps", type=int, default=None, help="stop after this many steps and extrapolate the epoch time")
    parser.add_argument("--init-std", type=float, default=0.05, help="standard deviation of the normal initial tables")
    parser.add_argument("--threads", type=int, default=2, help="torch intra-op and OpenBLAS threads")
    parser.add_argument("--trace-losses", action="store_true", help="add every step loss to the result line")
    options = parser.parse_args(argv)
    # Same limits as peer-options.ts.
    limits = {
        "epochs": (1, 1000),
        "batch": (2, 65536),
        "dim": (1, 4096),
        "seed": (0, 0xFFFFFFFF),
        "init_std": (0, 10),
        "threads": (1, 1024),
    }
    for name, (low, high) in limits.items():
        value = getattr(options, name)
        if not low <= value <= high:
            raise PeerError("PEER_OPTION_INVALID", f"--{name.replace('_', '-')} {value} is invalid: expected {low}..{high}.")
    if options.max_steps is not None and options.max_steps < 1:
        raise PeerError("PEER_OPTION_INVALID", f"--max-steps {options.max_steps} is invalid: expected at least 1.")
    return options


def main(argv):
    options = parse_arguments(argv)
    torch.set_num_threads(options.threads)

    load_start = time.perf_counter()
    examples = load_training_examples(options.data)
    model = TwoTower(
        hashed_normal_table(examples["users"] + 1, options.dim, options.init_std, options.seed, USER_TABLE_SALT),
        hashed_normal_table(examples["articles"] + 1, options.dim, options.init_std, options.seed, ARTICLE_TABLE_SALT),
    )
    load_seconds = time.perf_counter() - load_start

    torch.ones(64, 64) @ torch.ones(64, 64)  # maps the BLAS library so it can be identified
    blas, openblas = loaded_blas()
    if openblas is not None:
        openblas.openblas_set_num_threads(options.threads)
    else:
        print(f"warning: {blas}; install libopenblas0-pthread, because the benchmark compares against OpenBLAS", file=sys.stderr)

    losses, timing, load_average = train(model, examples, options)
    result = {
        "peer": "pytorch",
        "framework": f"torch {torch.__version__}",
        "backend": "cpu",
        "embeddingGradient": "sparse",
        "data": options.data,
        "examplesPerEpoch": len(examples["user_row"]),
        "users": examples["users"],
        "articles": examples["articles"],
        "dim": options.dim,
        "batch": options.batch,
        "epochs": options.epochs,
        "seed": options.seed,
        "initStd": options.init_std,
        **timing,
        **summarize_losses(losses),
        # ru_maxrss is in KiB on Linux.
        "peakRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "threads": torch.get_num_threads(),
        "blas": blas,
        "loadSeconds": load_seconds,
        "loadAverage1m": load_average,
        "note": (
            f"measured {timing['stepsRun']} of {timing['stepsPerEpoch'] * options.epochs} steps; "
            "secondsPerEpoch is extrapolated as examplesPerEpoch / examplesPerSecond"
            if timing["extrapolated"]
            else "measured in full"
        ),
    }
    environment = {name: os.environ[name] for name in THREADING_VARIABLES if name in os.environ}
    if environment:
        result["environment"] = environment
    if options.trace_losses:
        result["losses"] = losses
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except PeerError as error:
        print(str(error), file=sys.stderr)
        sys.exit(2)
