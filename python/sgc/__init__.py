"""sgc: gradient coding and sequential gradient coding, from Python.

The C++ library sgc, bound with pybind11: every computation below is the library's.

Codes        sgc.code(kind, n, s), sgc.matrix_code(E, s) -> sgc.Code; code.plan(responders)
Gradients    sgc.encode / sgc.combine / sgc.decode on NumPy arrays and CPU torch tensors
             (float32, float64), in place and without copies
Models       sgc.SPerRoundModel, sgc.BurstyModel (check, monitor); pattern generators
Schemes      sgc.gc, sgc.sr_sgc, sgc.m_sgc, sgc.scheme -> sgc.Scheme; scheme.make_master(jobs)
Runtime      sgc.Master (sgc::master through a transport written in Python), sgc.Worker
Simulator    sgc.simulate, sgc.tune, synthetic traces
Errors       sgc.Error; sgc.InvalidParameter (also a ValueError); sgc.ParseError (file, line)

sgc.distributed runs sgc.Master and sgc.Worker over torch.distributed (see its docstring).
"""

from ._sgc import *  # noqa: F401,F403
from ._sgc import __version__, _data_address, _time_combine  # noqa: F401
