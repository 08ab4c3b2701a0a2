#!/usr/bin/env python3
"""Gradient coding in a PyTorch training loop over torch.distributed.

Trains a small network on Fashion-MNIST with one master process and n worker processes started
by torch.multiprocessing on this machine (backend Gloo on 127.0.0.1), once per scheme: no
coding, GC, SR-SGC and M-SGC, all tolerating the (B, W, lambda)-bursty stragglers injected. A
worker answers after seconds_per_load x its load, times `slowdown` in the rounds it straggles.
The master's decisions (cut-off, who straggled, which jobs decode and how) are sgc.Master's,
the C++ sgc::master; the messages are sgc.distributed's isend/irecv tagged by round.

Like the C++ demo it trains T + 1 models round-robin (job t updates model t mod (T + 1)), so a
gradient decoded up to T rounds late is never stale, and every coded run must train the uncoded
run's models: each decoded gradient is checked against the sum computed directly, and each
scheme's final accuracy against the uncoded run's.

    torch_train.py [--workers N] [--jobs J] [--batch S] ...    (python3 torch_train.py --help)

Exit status: 0 when every check holds, 1 when one fails, 77 when torch is not installed.
"""

import argparse
import gzip
import os
import socket
import sys
import time

try:
    import torch
    import torch.distributed as dist
    import torch.multiprocessing as mp
    import torch.nn.functional as F
except ImportError:
    print("skipped: this example needs PyTorch (Debian: python3-torch), which is not installed "
          f"for {sys.executable}")
    sys.exit(77)

import numpy as np

import sgc
import sgc.distributed

DATA = "/usr/share/datasets/fashion-mnist"
TAG_STRIDE = 1 << 20  # each scheme's run uses tags scheme_index * TAG_STRIDE + round
POLL = 0.001          # seconds between polls of pending messages


def read_idx(path):
    """An IDX file (gzipped) as a NumPy array."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load_split(split):
    images = read_idx(os.path.join(DATA, f"{split}-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(DATA, f"{split}-labels-idx1-ubyte.gz"))
    x = torch.from_numpy(images.reshape(len(images), -1).astype(np.float32) / 255.0)
    return x, torch.from_numpy(labels.astype(np.int64))


class Problem:
    """The model and the data: job t's batch is `batch` samples of a fixed shuffle."""

    def __init__(self, batch, hidden, test=False):
        torch.manual_seed(0)
        self.net = torch.nn.Sequential(torch.nn.Linear(784, hidden), torch.nn.ReLU(),
                                       torch.nn.Linear(hidden, 10))
        self.initial = torch.nn.utils.parameters_to_vector(self.net.parameters()).detach().clone()
        self.d = self.initial.numel()
        self.batch = batch
        self.x, self.y = load_split("train")
        self.order = torch.randperm(len(self.y), generator=torch.Generator().manual_seed(1))
        if test:
            self.test_x, self.test_y = load_split("t10k")

    def samples(self, job, begin, end):
        start = job * self.batch
        return self.order[(start + torch.arange(begin, end)) % len(self.order)]

    def gradient(self, params, job, begin, end):
        """The gradient of the loss summed over samples [begin, end) of job `job`'s batch."""
        if begin == end:
            return torch.zeros(self.d)
        torch.nn.utils.vector_to_parameters(params, self.net.parameters())
        self.net.zero_grad()
        idx = self.samples(job, begin, end)
        F.cross_entropy(self.net(self.x[idx]), self.y[idx], reduction="sum").backward()
        return torch.nn.utils.parameters_to_vector(p.grad for p in self.net.parameters()).detach()

    def accuracy(self, params):
        torch.nn.utils.vector_to_parameters(params, self.net.parameters())
        with torch.no_grad():
            return (self.net(self.test_x).argmax(1) == self.test_y).float().mean().item()


def schemes(args):
    n, B, W, lam = args.workers, args.B, args.W, args.lam
    return [("none", "s = 0", dict(kind="none", n=n)),
            ("GC", f"s = {lam}", dict(kind="gc", n=n, s=lam)),
            ("SR-SGC", f"({B}, {W}, {lam})", dict(kind="sr-sgc", n=n, B=B, W=W, lam=lam)),
            ("M-SGC", f"({B}, {W}, {lam})", dict(kind="m-sgc", n=n, B=B, W=W, lam=lam))]


def delays(args, scheme, pattern, worker):
    """Seconds after its work arrives that the worker answers, round by round."""
    base = args.seconds_per_load * float(scheme.load)
    return lambda r: base * (args.slowdown if r < len(pattern) and worker in pattern[r] else 1.0)


def init_group(rank, args, port):
    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank,
                            world_size=args.workers + 1)


def worker_main(rank, args, port, pattern):
    """Worker rank - 1: serves every scheme's rounds in turn."""
    init_group(rank, args, port)
    problem = Problem(args.batch, args.hidden)
    problem.gradient(problem.initial, 0, 0, 1)  # warm up: torch's first call is slow
    dist.barrier()  # every process is ready: the first round is not timed with loading
    worker = rank - 1
    for index, (_, _, spec) in enumerate(schemes(args)):
        scheme = sgc.scheme(**spec)
        sgc.distributed.serve(scheme, worker, args.batch, problem.gradient, d=problem.d,
                              input_size=problem.d, delay=delays(args, scheme, pattern, worker),
                              tag=index * TAG_STRIDE, poll=POLL)
    dist.destroy_process_group()


def train(index, name, spec, args, problem, models):
    """One scheme's run on the master (rank 0)."""
    scheme = sgc.scheme(**spec)
    jobs = args.jobs
    transport = sgc.distributed.Transport(scheme, d=problem.d, input_size=problem.d,
                                          tag=index * TAG_STRIDE, poll=POLL)
    master = sgc.Master(scheme, transport, jobs, d=problem.d, mu=args.mu, policy=args.policy)
    params = [problem.initial.clone() for _ in range(models)]
    started = {}  # job -> the model it started with, until it is settled
    worst, failed, stragglers = 0.0, 0, 0
    start = time.monotonic()
    while not master.finished:
        r = master.round
        if r < jobs:
            started[r] = params[r % models].clone()
        report = master.run_round(started.get(r))
        stragglers += len(report.stragglers)
        while (job := master.next()) is not None:
            model = started.pop(job.job)
            if not job.ok:
                failed += 1
                continue
            decoded = torch.from_numpy(job.gradient)
            direct = problem.gradient(model, job.job, 0, args.batch)
            worst = max(worst, ((decoded - direct).abs().max() / direct.abs().max()).item())
            params[job.job % models] -= args.lr / args.batch * decoded
    seconds = time.monotonic() - start
    transport.close()
    return dict(name=name, scheme=scheme, seconds=seconds, waits=master.counters["waits"],
                stragglers=stragglers, failed=failed, worst=worst, params=params,
                accuracy=[problem.accuracy(p) for p in params])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--workers", type=int, default=4, help="worker processes n (default 4)")
    p.add_argument("--jobs", type=int, default=40, help="jobs (training steps) per scheme (default 40)")
    p.add_argument("--batch", type=int, default=512, help="samples per job (default 512)")
    p.add_argument("--hidden", type=int, default=32, help="hidden units (default 32)")
    p.add_argument("--lr", type=float, default=0.2, help="learning rate (default 0.2)")
    p.add_argument("--B", type=int, default=1, help="burst length B of the stragglers (default 1)")
    p.add_argument("--W", type=int, default=2, help="window W (default 2)")
    p.add_argument("--lam", type=int, default=2, help="distinct stragglers per window lambda (default 2)")
    p.add_argument("--mu", type=float, default=0.5, help="cut-off factor mu (default 0.5)")
    p.add_argument("--policy", default="wait-all", choices=["wait-all", "minimal-wait"],
                   help="wait policy past the cut-off (default wait-all, the paper's)")
    p.add_argument("--seconds-per-load", type=float, default=0.2,
                   help="a worker's time per unit of load, seconds (default 0.2)")
    p.add_argument("--slowdown", type=float, default=10.0, help="a straggler is this much slower (default 10)")
    p.add_argument("--seed", type=int, default=2024, help="seed of the straggler pattern")
    args = p.parse_args()
    if not os.path.isdir(DATA):
        print(f"skipped: Fashion-MNIST is not installed in {DATA} (Debian: dataset-fashion-mnist)")
        return 77

    runs = schemes(args)
    built = [sgc.scheme(**spec) for _, _, spec in runs]
    models = max(s.T for s in built) + 1
    rounds = args.jobs + max(s.T for s in built)
    generator = sgc.AdversarialStragglers(sgc.BurstyModel(args.workers, args.B, args.W, args.lam), args.seed)
    pattern = [set(ids) for ids in generator.generate(rounds)]

    os.environ.setdefault("GLOO_SOCKET_IFNAME", "lo")  # this machine only
    port = free_port()
    context = mp.get_context("spawn")
    workers = [context.Process(target=worker_main, args=(rank, args, port, pattern))
               for rank in range(1, args.workers + 1)]
    for w in workers:
        w.start()
    init_group(0, args, port)
    problem = Problem(args.batch, args.hidden, test=True)
    dist.barrier()
    print(f"Fashion-MNIST, 784-{args.hidden}-10 network (d = {problem.d}), {args.jobs} jobs of "
          f"{args.batch} samples; n = {args.workers} worker processes, torch.distributed (Gloo)")
    print(f"stragglers: ({args.B}, {args.W}, {args.lam})-bursty, {args.slowdown:g}x slower; "
          f"mu = {args.mu:g}, {args.policy}\n")
    results = [train(i, name, spec, args, problem, models) for i, (name, _, spec) in enumerate(runs)]
    dist.destroy_process_group()
    for w in workers:
        w.join()

    print(f"{'scheme':7} {'parameters':10} {'T':>2} {'load':6} {'wall s':>7} {'waited':>6} "
          f"{'stragglers':>10} {'grad error':>10} {'accuracy':>8} {'vs none':>8}")
    none = results[0]
    ok = all(w.exitcode == 0 for w in workers)
    for (_, parameters, _), r in zip(runs, results):
        difference = max(((a - b).norm() / b.norm()).item() for a, b in zip(r["params"], none["params"]))
        accuracy_gap = max(abs(a - b) for a, b in zip(r["accuracy"], none["accuracy"]))
        same = r["failed"] == 0 and r["worst"] <= 1e-4 and accuracy_gap <= 0.005
        ok = ok and same
        print(f"{r['name']:7} {parameters:10} {r['scheme'].T:>2} {str(r['scheme'].load):6} "
              f"{r['seconds']:7.2f} {r['waits']:>6} {r['stragglers']:>10} {r['worst']:10.1e} "
              f"{np.mean(r['accuracy']):8.4f} {difference:8.1e}" + ("" if same else "  MISMATCH"))
    print("\n" + ("every decoded gradient equals the directly computed sum, and every coded run "
                  "reaches the uncoded run's accuracy" if ok else "a check failed"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
