#!/usr/bin/env python3
"""Exact least squares over CSV shards with Dask: one `linreg stats` task per shard on the cluster's workers, the
statistics gathered by this client, then `linreg train --from-stats` merges them into the fit of all the rows.

  python3 fit_shards.py 'shards/*.csv'                                   # a local cluster of 2 worker processes
  python3 fit_shards.py --scheduler tcp://head:8786 '/shared/shards/*.csv'   # an existing cluster
  python3 fit_shards.py --demo 8 --out work                              # makes 8 demo shards in work/ first
  python3 fit_shards.py 'shards/*.csv' -- --json -o model.json           # after --: options for linreg train

Workers need linreg on their PATH (or --linreg PATH valid on every worker) and must see the shards at the same
paths (a shared file system); the statistics come back to the client as text, so workers write nothing.
"""
import argparse
import glob
import os
import random
import shlex
import subprocess
import sys


def summarise(shard, linreg, options):
    """One task, on a worker: the shard's sufficient statistics as JSON text (`linreg stats SHARD -o -`)."""
    run = subprocess.run([linreg, "stats", shard, "-o", "-", "--quiet", *options], capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"linreg stats {shard} failed with exit code {run.returncode}: {run.stderr.strip()}")
    return os.getpid(), run.stdout


def make_demo_shards(count, folder, rows_per_shard=20_000, seed=1):
    """y = 3 x1 - 2 x2 + 0.5 x3 + 10 + noise, split into `count` CSV files with a header each."""
    os.makedirs(folder, exist_ok=True)
    generator = random.Random(seed)
    paths = []
    for s in range(count):
        path = os.path.join(folder, f"shard-{s:05d}.csv")
        with open(path, "w", encoding="utf-8") as out:
            out.write("x1,x2,x3,y\n")
            for _ in range(rows_per_shard):
                x = [generator.uniform(0, 100), generator.gauss(50, 10), generator.uniform(-1, 1)]
                y = 3 * x[0] - 2 * x[1] + 0.5 * x[2] + 10 + generator.gauss(0, 1)
                out.write(f"{x[0]!r},{x[1]!r},{x[2]!r},{y!r}\n")
        paths.append(path)
    return paths


def main():
    argv = sys.argv[1:]
    train_options = argv[argv.index("--") + 1:] if "--" in argv else []
    argv = argv[:argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shards", nargs="*", help="CSV shards: paths or quoted patterns (expanded here, sorted by name)")
    parser.add_argument("--linreg", default=os.environ.get("LINREG", "linreg"), help="the linreg command [default: $LINREG or linreg]")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler; default: start a local cluster")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the local cluster [default: 2]")
    parser.add_argument("--out", default="fit-shards", help="folder for the statistics files (and demo shards) [default: fit-shards]")
    parser.add_argument("--demo", type=int, metavar="N", help="make N demo shards in OUT/shards first and fit those")
    parser.add_argument("--stats-options", default="", help="options for every 'linreg stats', e.g. \"--target y --missing drop\"")
    args = parser.parse_args(argv)

    shards = make_demo_shards(args.demo, os.path.join(args.out, "shards")) if args.demo else \
        sorted({os.path.abspath(p) for pattern in args.shards for p in (glob.glob(pattern) or [pattern])})
    if not shards:
        parser.error("give CSV shards (paths or quoted patterns), or --demo N")
    stats_options = shlex.split(args.stats_options)
    if "--no-intercept" in stats_options and "--no-intercept" not in train_options:
        train_options.append("--no-intercept")

    # Imported here so that --help works without Dask installed.
    from dask.distributed import Client, LocalCluster

    # Worker processes, not threads, as on a real cluster (each task mostly waits on its own linreg anyway).
    cluster = None if args.scheduler else \
        LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=":0")
    try:
        with Client(args.scheduler or cluster) as client:
            results = client.gather(client.map(summarise, shards, linreg=args.linreg, options=stats_options, pure=False))
    except (RuntimeError, OSError) as e:
        # linreg's own one-line message (a bad cell, a missing file) rather than a traceback through Dask.
        print(f"fit_shards: error: {e}", file=sys.stderr)
        return 1
    finally:
        if cluster is not None:
            cluster.close()

    # Names in shard order: linreg merges in name order, so the same shards always give the same bits.
    folder = os.path.join(args.out, "stats")
    os.makedirs(folder, exist_ok=True)
    for old in glob.glob(os.path.join(folder, "*.stats")):
        os.remove(old)
    for i, (_, text) in enumerate(results):
        with open(os.path.join(folder, f"shard-{i:05d}.stats"), "w", encoding="utf-8") as out:
            out.write(text)
    workers = len({pid for pid, _ in results})
    print(f"fit_shards: {len(shards)} shard(s) summarised by {workers} worker process(es); merging with linreg train --from-stats",
          file=sys.stderr)
    train = [args.linreg, "train", "--from-stats", os.path.join(folder, "*.stats"), *train_options]
    return subprocess.run(train).returncode


if __name__ == "__main__":
    sys.exit(main())
