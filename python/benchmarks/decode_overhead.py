#!/usr/bin/env python3
"""Python's overhead on sgc.decode: a float32 torch tensor, k results of d elements each,
against the library's combine on the same tensors, timed in C++, in the same run.

    decode_overhead.py [--k 64] [--d 4194304] [--repeats 15]

Prints the median seconds per call of both and their ratio (the goal: at most 1.10). The two
alternate call by call, so that a busy machine slows both alike.
"""
import argparse
import statistics
import sys
import time

try:
    import torch
except ImportError:
    print(f"skipped: the benchmark decodes torch tensors; PyTorch (Debian: python3-torch) is not "
          f"installed for {sys.executable}")
    sys.exit(77)

import sgc


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--k", type=int, default=64, help="results combined (default 64)")
    p.add_argument("--d", type=int, default=1 << 22, help="elements per gradient (default 2^22)")
    p.add_argument("--repeats", type=int, default=15, help="calls of each (default 15)")
    args = p.parse_args()
    torch.set_num_threads(1)

    code = sgc.code("frc", args.k, 0)  # every worker its own partition: a plan reads all k
    plan = code.plan(range(args.k))
    assert plan.ok and len(plan.workers) == args.k
    generator = torch.Generator().manual_seed(1)
    results = [torch.rand(args.d, generator=generator) for _ in range(args.k)]
    out = torch.zeros(args.d)
    sgc.decode(out, plan, results)  # first touch of out
    expected = torch.stack(results).sum(0)
    assert torch.allclose(out, expected, rtol=1e-4, atol=1e-3), "the decode is wrong"

    python, native = [], []
    for _ in range(args.repeats):
        start = time.perf_counter()
        sgc.decode(out, plan, results)
        python.append(time.perf_counter() - start)
        native += sgc._time_combine(out, plan.coefficients, results, 1)
    py, cpp = statistics.median(python), statistics.median(native)
    gib = args.k * args.d * 4 / 2**30
    print(f"decode of k = {args.k} float32 torch tensors of d = {args.d} ({gib:.2f} GiB read), "
          f"median of {args.repeats}:")
    print(f"  sgc.decode from Python   {py * 1e3:9.2f} ms  ({gib / py:5.2f} GiB/s)")
    print(f"  combine timed in C++     {cpp * 1e3:9.2f} ms  ({gib / cpp:5.2f} GiB/s)")
    print(f"  ratio Python / C++       {py / cpp:9.3f}  (goal: <= 1.10)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
