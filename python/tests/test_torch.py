"""torch tensors: encode / combine / decode read and write the tensors' own memory (DLPack), the
master's gradients become tensors without a copy, and sgc.distributed runs sgc.Master and
sgc.Worker over torch.distributed (Gloo) with a straggler whose answer arrives late."""
import os
import socket

import numpy as np
import pytest

import sgc

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_decode_writes_into_the_tensor(dtype):
    code = sgc.code("crc", 6, 2)
    g = torch.randn(code.k, 100, dtype=dtype, generator=torch.Generator().manual_seed(0))
    results = torch.zeros(code.n, 100, dtype=dtype)
    for i in range(code.n):
        sgc.encode(results[i], code, i, g)  # rows of one tensor: each written in place
    plan = code.plan([1, 2, 4, 5], sgc.DecodeOptions.for_type(dtype))
    out = torch.full((10, 10), 3.0, dtype=dtype)  # any shape: its 100 elements
    pointer = out.data_ptr()
    assert sgc.decode(out, plan, results) == "ok"
    assert out.data_ptr() == pointer
    tolerance = 1e-4 if dtype == torch.float32 else 1e-10
    assert torch.allclose(out.reshape(-1), g.sum(0), rtol=tolerance, atol=tolerance)
    listed = torch.zeros(100, dtype=dtype)
    sgc.decode(listed, plan, [results[i] for i in range(code.n)])
    assert torch.equal(listed, out.reshape(-1))


def test_the_memory_used_is_the_tensors():
    t = torch.arange(20, dtype=torch.float32)
    assert sgc._data_address(t) == t.data_ptr()
    assert sgc._data_address(t[4:8]) == t[4:8].data_ptr()
    two = torch.zeros(3, 5)
    assert sgc._data_address(two[1]) == two[1].data_ptr()
    view = t[4:8]
    sgc.combine(view, [2.0], [torch.ones(4)])
    assert t[4:8].tolist() == [2.0] * 4 and t[3] == 3.0 and t[8] == 8.0


def test_bad_tensors_are_named():
    out = torch.zeros(4)
    with pytest.raises(ValueError, match="out is not contiguous"):
        sgc.combine(torch.zeros(4, 2)[:, 0], [1.0], [out])
    with pytest.raises(ValueError, match=r"inputs\[0\] is not contiguous"):
        sgc.combine(out, [1.0], [torch.zeros(8)[::2]])
    with pytest.raises(TypeError, match=r"inputs\[0\] has another dtype \(DLPack code 0, 64 bits\)"):
        sgc.combine(out, [1.0], [torch.zeros(4, dtype=torch.int64)])
    with pytest.raises(TypeError, match=r"inputs\[0\] is float64, expected float32 like the output"):
        sgc.combine(out, [1.0], [torch.zeros(4, dtype=torch.float64)])
    with pytest.raises(ValueError, match="out: cannot share the Tensor's memory through DLPack"):
        sgc.combine(torch.zeros(4, requires_grad=True), [1.0], [out])


def test_other_modules_keep_their_exceptions():
    """sgc's translation of C++ exceptions is its own: torch's pybind11 bindings share the
    translator registry, and their errors must not become sgc.Error."""
    import datetime

    import torch.distributed as dist

    with pytest.raises(RuntimeError, match="Wait timeout") as e:
        dist.HashStore().wait(["missing"], datetime.timedelta(milliseconds=10))
    assert not isinstance(e.value, sgc.Error)
    with pytest.raises(sgc.InvalidParameter):
        sgc.code("frc", 5, 1)


def test_master_gradients_become_tensors_without_a_copy():
    from test_runtime import Problem, VirtualTransport  # the virtual-clock transport

    scheme = sgc.sr_sgc(6, 1, 2, 2)
    problem = Problem(2, 12, 7)
    problem.g = problem.g.astype(np.float32)
    master = sgc.Master(scheme, VirtualTransport(scheme, np.ones((3, 6)), problem, dtype="float32"), 2, d=7)
    while not master.finished:
        master.run_round(("model", master.round) if master.round < 2 else None)
        while (job := master.next()) is not None:
            tensor = torch.from_numpy(job.gradient)
            assert tensor.data_ptr() == job.gradient.ctypes.data
            assert torch.allclose(tensor, torch.from_numpy(problem.g[job.job].sum(0)), rtol=1e-5, atol=1e-5)


# --- sgc.distributed over Gloo: 1 master and n worker processes --------------------------------

BATCH, D = 6, 3


def sample_gradients(jobs):
    return torch.arange(jobs * BATCH * D, dtype=torch.float32).reshape(jobs, BATCH, D) / 7.0


class Partial:
    def __init__(self, jobs):
        self.g = sample_gradients(jobs)

    def __call__(self, model, job, begin, end):
        assert int(model[0]) == job
        return self.g[job, begin:end].sum(0)


class Delays:
    """Seconds after its work arrives that worker `worker` answers round r: delays[(worker, r)],
    else `base`."""

    def __init__(self, worker, delays, base):
        self.worker, self.delays, self.base = worker, delays, base

    def __call__(self, r):
        return self.delays.get((self.worker, r), self.base)


def run_worker(rank, port, n, spec, jobs, delays, base):
    import torch.distributed as dist
    import sgc.distributed

    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=n + 1)
    sgc.distributed.serve(sgc.scheme(**spec), rank - 1, BATCH, Partial(jobs), d=D, input_size=1,
                          delay=Delays(rank - 1, delays, base))
    dist.destroy_process_group()


def run_distributed(spec, jobs, delays, base):
    """One master (here) and spec['n'] worker processes; returns the master's reports, the
    decoded gradients, the master and what the transport's close() left in flight."""
    import torch.distributed as dist
    import torch.multiprocessing as mp
    import sgc.distributed

    os.environ.setdefault("GLOO_SOCKET_IFNAME", "lo")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    n = spec["n"]
    context = mp.get_context("spawn")
    workers = [context.Process(target=run_worker, args=(rank, port, n, spec, jobs, delays, base))
               for rank in range(1, n + 1)]
    for w in workers:
        w.start()
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=0, world_size=n + 1)
    scheme = sgc.scheme(**spec)
    transport = sgc.distributed.Transport(scheme, d=D, input_size=1)
    master = sgc.Master(scheme, transport, jobs, d=D, mu=1.0, policy="minimal-wait")
    decoded, reports = {}, []
    while not master.finished:
        r = master.round
        reports.append(master.run_round(torch.tensor([float(r)]) if r < jobs else None))
        while (job := master.next()) is not None:
            decoded[job.job] = torch.from_numpy(job.gradient) if job.ok else None
    left = transport.close()
    dist.destroy_process_group()
    for w in workers:
        w.join(timeout=60)
        if w.is_alive():  # stuck: a failure, but never a hang
            w.terminate()
    assert [w.exitcode for w in workers] == [0] * n
    assert left == 0
    g = sample_gradients(jobs)
    assert sorted(decoded) == list(range(jobs))
    for t, gradient in decoded.items():
        assert gradient is not None and torch.allclose(gradient, g[t].sum(0))
    return reports, master


def test_distributed_late_result():
    # Rounds take 0.6 s, so round 0's cut-off is about 1.2 s; worker 1 answers round 0 after
    # 2.5 s, during round 3 (the run lasts about 1.2 + 5 x 0.6 s). Wide margins: the machine
    # may be busy.
    reports, master = run_distributed(dict(kind="gc", n=2, s=1), 6, {(1, 0): 2.5}, base=0.6)
    assert reports[0].stragglers == [1] and reports[0].duration < 2.5
    assert all(r.duration >= 0.55 for r in reports[1:])  # the injected 0.6 s
    assert master.counters["late"] == 1, master.counters  # worker 1's round 0, after the round


def test_distributed_round_without_work():
    # SR-SGC (n, B, W, lambda) = (3, 2, 3, 2), s = 1: workers 1 and 2 straggle in round 2, so
    # round 3 has no work (no re-attempt of job 1) and round 4 has worker 1 re-attempt job 2.
    reports, _ = run_distributed(dict(kind="sr-sgc", n=3, B=2, W=3, lam=2), 3, {(1, 2): 3.0, (2, 2): 3.0},
                                 base=0.3)
    assert reports[2].stragglers == [1, 2]
    assert reports[3].busy == [] and reports[4].busy == [1]
