#ifndef SGC_SGC_HPP
#define SGC_SGC_HPP

// The whole public API.
#include "version.hpp"

#include "core/dynamic.hpp"
#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/rational.hpp"
#include "core/worker_set.hpp"

#include "codes/any_code.hpp"
#include "codes/code_kind.hpp"
#include "codes/cyclic_repetition.hpp"
#include "codes/decode_plan.hpp"
#include "codes/fractional_repetition.hpp"
#include "codes/matrix_code.hpp"
#include "codes/plan_cache.hpp"
#include "codes/uneven_repetition.hpp"
#include "codes/worker_task.hpp"

#include "schemes/any_scheme.hpp"
#include "schemes/gc.hpp"
#include "schemes/m_sgc.hpp"
#include "schemes/partition.hpp"
#include "schemes/recipe.hpp"
#include "schemes/sr_sgc.hpp"
#include "schemes/task.hpp"

#include "gradient/combine.hpp"
#include "gradient/decode.hpp"
#include "gradient/encode.hpp"
#include "gradient/gradient_traits.hpp"
#include "gradient/gradient_view.hpp"
#include "gradient/parallel.hpp"
#include "gradient/xtensor.hpp"

#include "models/bursty.hpp"
#include "models/enumerate.hpp"
#include "models/generators.hpp"
#include "models/pattern.hpp"
#include "models/pattern_io.hpp"
#include "models/round_rule.hpp"
#include "models/s_per_round.hpp"
#include "models/violation.hpp"
#include "models/wait_policy.hpp"
#include "models/window_monitor.hpp"

#include "protocol/job_inputs.hpp"
#include "protocol/messages.hpp"
#include "protocol/transport.hpp"
#include "protocol/worker.hpp"

#include "runtime/decode.hpp"
#include "runtime/master.hpp"
#include "runtime/observer.hpp"
#include "runtime/stderr_logger.hpp"

#include "sim/replay.hpp"
#include "sim/synthetic.hpp"
#include "sim/trace.hpp"
#include "sim/trace_delays.hpp"
#include "sim/tuner.hpp"

// transport/mpi.hpp is not included: only programs that link MPI include it.
#include "transport/delays.hpp"
#include "transport/in_process.hpp"

#endif
