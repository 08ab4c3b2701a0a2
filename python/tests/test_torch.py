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


# --- sgc.distributed over Gloo: 1 master and 2 worker processes ---------------------------------

JOBS, BATCH, D = 4, 6, 3


def sample_gradients():
    return torch.arange(JOBS * BATCH * D, dtype=torch.float32).reshape(JOBS, BATCH, D) / 7.0


def partial(model, job, begin, end):
    assert int(model[0]) == job
    return sample_gradients()[job, begin:end].sum(0)


def straggle(worker):
    # Worker 1 answers round 0 after 1.5 s; rounds 1.. take 0.6 s: the answer lands in round 2.
    return lambda r: 1.5 if (worker, r) == (1, 0) else 0.6 if r >= 1 else 0.0


def run_worker(rank, port):
    import torch.distributed as dist
    import sgc.distributed

    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=3)
    served = sgc.distributed.serve(sgc.gc(2, 1), rank - 1, BATCH, partial, d=D, input_size=1,
                                   delay=straggle(rank - 1))
    assert served == JOBS
    dist.destroy_process_group()


def test_distributed_master_and_workers():
    import torch.distributed as dist
    import torch.multiprocessing as mp
    import sgc.distributed

    os.environ.setdefault("GLOO_SOCKET_IFNAME", "lo")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    context = mp.get_context("spawn")
    workers = [context.Process(target=run_worker, args=(rank, port)) for rank in (1, 2)]
    for w in workers:
        w.start()
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=0, world_size=3)
    scheme = sgc.gc(2, 1)
    transport = sgc.distributed.Transport(scheme, d=D, input_size=1)
    master = sgc.Master(scheme, transport, JOBS, d=D, mu=1.0, policy="minimal-wait")
    decoded, reports = {}, []
    while not master.finished:
        r = master.round
        reports.append(master.run_round(torch.tensor([float(r)]) if r < JOBS else None))
        while (job := master.next()) is not None:
            decoded[job.job] = torch.from_numpy(job.gradient)
    left = transport.close()
    dist.destroy_process_group()
    for w in workers:
        w.join(timeout=60)
    assert [w.exitcode for w in workers] == [0, 0]
    assert left == 0
    g = sample_gradients()
    assert sorted(decoded) == list(range(JOBS))
    for t, gradient in decoded.items():
        assert torch.allclose(gradient, g[t].sum(0))
    assert reports[0].stragglers == [1] and reports[0].duration < 1.0
    assert all(r.duration >= 0.55 and not r.stragglers for r in reports[1:])  # the injected 0.6 s
    assert master.counters["late"] == 1, master.counters  # worker 1's round 0, after the round
