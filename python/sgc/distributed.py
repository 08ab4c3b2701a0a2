"""sgc over torch.distributed: a transport for sgc.Master and the worker loop that serves it.

Rank 0 runs the master, rank i + 1 runs worker i (world size n + 1), any backend with
point-to-point messages (Gloo on CPU). Each round the master sends every worker one message,
tagged `tag + round`, holding the worker's tasks and, when a job starts, the job's input (the
model, a flat tensor); each busy worker answers with one message under the same tag. Messages
go with isend/irecv; deadlines are kept by polling for completion, never by a receive timeout
(a Gloo receive that times out closes its connection pair for good). Gloo's point-to-point
work in torch 1.13 only reports is_completed() once wait() has returned, so each message in
flight has a daemon thread blocked in wait() (it releases the GIL), and the poll reads its flag:
give init_process_group a timeout longer than the run, as that wait() is bounded by it.

Nothing here decides anything: sgc.Master (the C++ sgc::master) runs the round rule, records
stragglers and decodes, and sgc.Worker (sgc::worker) turns tasks into coded results.

Master (rank 0):

    transport = sgc.distributed.Transport(scheme, d=grad_size, input_size=model_size)
    master = sgc.Master(scheme, transport, jobs, d=grad_size)
    while not master.finished:
        master.run_round(flat_model if master.round < jobs else None)
        while (job := master.next()) is not None:
            apply(job.job, torch.from_numpy(job.gradient))
    transport.close()

Worker i (rank i + 1):

    sgc.distributed.serve(scheme, i, batch, partial, d=grad_size, input_size=model_size)

where partial(input, job, begin, end) returns the gradient (d elements) summed over samples
[begin, end) of job `job`'s batch at model `input`.
"""

import threading
import time

import torch
import torch.distributed as dist

from . import _sgc

__all__ = ["Transport", "serve"]

_HAS_INPUT, _STOP = 1, 2
_HEADER = 3  # round, first job, flags


def _work_size(slots, input_size):
    return _HEADER + 3 * slots + input_size


def _result_size(slots, d):
    return 2 + slots + slots * d  # round, count, slot ids, one gradient per slot


def _dtype_name(dtype):
    return str(dtype).replace("torch.", "")


class _Request:
    """A send or receive in flight, and the tensor it reads or writes. done() never blocks: it
    asks the backend's is_completed() and the flag of a daemon thread blocked in wait()."""

    def __init__(self, work, tensor):
        self.tensor = tensor
        self._work = work
        self._finished = threading.Event()
        self._error = None
        threading.Thread(target=self._wait, daemon=True).start()

    def _wait(self):
        try:
            self._work.wait()
        except Exception as error:  # reported to the polling thread by done()
            self._error = error
        self._finished.set()

    def done(self):
        if self._error is not None:
            raise self._error
        return self._finished.is_set() or self._work.is_completed()


class _Sends:
    """isend requests in flight, with the tensors they read (kept alive until sent)."""

    def __init__(self):
        self._pending = []

    def send(self, tensor, rank, tag):
        self._pending.append(_Request(dist.isend(tensor, rank, tag=tag), tensor))
        self.reap()

    def reap(self):
        self._pending = [x for x in self._pending if not x.done()]

    def wait(self, poll, deadline):
        """Waits until every send completed or time.monotonic() reaches deadline; returns how
        many are still in flight."""
        self.reap()
        while self._pending and time.monotonic() < deadline:
            time.sleep(poll)
            self.reap()
        return len(self._pending)


class Transport:
    """sgc.Master's transport over torch.distributed, on rank 0.

    scheme: the sgc.Scheme the master runs (its n and slots fix the messages).
    d: the gradients' length; input_size: the length of a job's input (0: none).
    dtype: torch.float32 or torch.float64, the gradients' and inputs' type.
    tag: the first tag; round r uses tag + r, so runs with different tags can share a group.
    poll: seconds between two polls of the pending receives.
    """

    def __init__(self, scheme, d, input_size=0, dtype=torch.float32, tag=0, poll=0.0005):
        self.n = scheme.n
        self._slots = scheme.slots
        self._d = d
        self._input_size = input_size
        self._dtype = dtype
        self._tag = tag
        self._poll = poll
        self._rounds = 0
        self._receives = []  # (worker, round, request), oldest first
        self._sends = _Sends()

    def now(self):
        return time.monotonic()

    def post(self, work):
        """Sends every worker its tasks of work.round (and the input of the job starting)."""
        r = work.round
        for skipped in range(self._rounds, r):  # rounds without work are not posted: say so
            self._broadcast(skipped, 0)
        tasks = torch.from_numpy(work.assignment.array().reshape(self.n, -1)).to(self._dtype)
        busy = set(work.assignment.busy_workers())
        for i in range(self.n):
            message = self._message(r, 0)
            message[1] = work.first_job
            message[_HEADER:_HEADER + 3 * self._slots] = tasks[i]
            if work.input is not None:
                message[2] = _HAS_INPUT
                message[_HEADER + 3 * self._slots:] = work.input.reshape(-1)
            self._sends.send(message, i + 1, self._tag + r)
            if i in busy:
                buffer = torch.empty(_result_size(self._slots, self._d), dtype=self._dtype)
                self._receives.append((i, r, _Request(dist.irecv(buffer, i + 1, tag=self._tag + r), buffer)))
        self._rounds = r + 1

    def receive(self, deadline):
        """The next result that has arrived (any round's), or None once now() reaches deadline."""
        while True:
            for k, (worker, r, request) in enumerate(self._receives):
                if request.done():
                    del self._receives[k]
                    return self._unpack(worker, r, request.tensor)
            if time.monotonic() >= deadline:
                return None
            time.sleep(self._poll)

    def close(self, grace=10.0):
        """Tells every worker to stop, then waits up to `grace` seconds for the results still
        on their way (stragglers' late answers) and for the sends. Returns how many messages
        are still in flight (0: none; more means a worker is gone or stuck)."""
        self._broadcast(self._rounds, _STOP)
        give_up = time.monotonic() + grace
        while self._receives and time.monotonic() < give_up:
            self._receives = [x for x in self._receives if not x[2].done()]
            time.sleep(self._poll)
        return len(self._receives) + self._sends.wait(self._poll, give_up)

    def _message(self, r, flags):
        message = torch.zeros(_work_size(self._slots, self._input_size), dtype=self._dtype)
        message[0], message[2] = r, flags
        return message

    def _broadcast(self, r, flags):
        """A message without tasks (all idle) for round r to every worker."""
        for i in range(self.n):
            self._sends.send(self._message(r, flags), i + 1, self._tag + r)

    def _unpack(self, worker, r, buffer):
        count = int(buffer[1])
        slots = [int(s) for s in buffer[2:2 + count].tolist()]
        gradients = buffer[2 + self._slots:].view(self._slots, self._d)
        return (worker, r, [(slots[k], gradients[k]) for k in range(count)])


def serve(scheme, worker, batch, partial, d, input_size=0, dtype=torch.float32, delay=None, tag=0,
          poll=0.0005, grace=10.0):
    """Worker `worker`'s side (rank worker + 1) until the master's transport closes.

    Each round's work arrives as one message; sgc.Worker computes the coded results with
    `partial` (see the module's docstring); the answer goes back `delay(round)` seconds after
    the work arrived (injected straggling: the worker sleeps until then; None: at once) while
    the worker goes on with the next rounds, as independent invocations on a cluster would.
    After the master's stop it waits up to `grace` seconds for its sends. Returns the number of
    rounds served.
    """
    coder = _sgc.Worker(scheme, worker, batch, d, dtype=_dtype_name(dtype))
    slots = scheme.slots
    inputs = {}
    replies = []  # (due time, round, message)
    sends = _Sends()
    r = 0

    def expect(round_):
        buffer = torch.empty(_work_size(slots, input_size), dtype=dtype)
        return buffer, _Request(dist.irecv(buffer, 0, tag=tag + round_), buffer)

    buffer, request = expect(r)
    while True:
        if request.done():
            arrived = time.monotonic()
            if int(buffer[2]) & _STOP:
                break
            first_job = int(buffer[1])
            if int(buffer[2]) & _HAS_INPUT:
                inputs[r] = buffer[_HEADER + 3 * slots:].clone()
            for job in [j for j in inputs if j < first_job]:
                del inputs[job]
            codes = buffer[_HEADER:_HEADER + 3 * slots].view(slots, 3).long().tolist()
            tasks = [_sgc.Task(kind, job, index) for kind, job, index in codes]
            if any(not t.idle for t in tasks):
                result = coder.run(r, tasks, inputs, partial)
                message = torch.zeros(_result_size(slots, d), dtype=dtype)
                message[0], message[1] = r, len(result.slots)
                for k, (slot, gradient) in enumerate(result.slots):
                    message[2 + k] = slot
                    message[2 + slots + k * d:2 + slots + (k + 1) * d] = torch.from_numpy(gradient)
                replies.append((arrived + (delay(r) if delay else 0.0), r, message))
            r += 1
            buffer, request = expect(r)
            continue
        now = time.monotonic()
        for _, round_, message in [x for x in replies if x[0] <= now]:
            sends.send(message, 0, tag + round_)
        replies = [x for x in replies if x[0] > now]
        sends.reap()
        time.sleep(poll)
    for _, round_, message in replies:  # the master is closing: what is left goes now, late
        sends.send(message, 0, tag + round_)
    sends.wait(poll, time.monotonic() + grace)
    return r
