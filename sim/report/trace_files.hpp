// A traced run's timeline (cluster/trace.hpp) as files:
// - trace.json, Chrome's trace event format, which Perfetto (ui.perfetto.dev) and chrome://tracing
//   open: one process per host (its role in the name), with a compute track (compute spans with
//   their flops and straggle factor, idle spans between them, a failed span from a failure on) and
//   a message track (each message from its sending to when its receiver took it, with bytes,
//   peer and inbox; a mark where the host took each message sent to it); the run's own process
//   marks each epoch's end and, when it serves, spans each query from arrival to answer. Times are
//   simulated microseconds.
// - messages.csv: sent_s, received_s (empty: never read), from, to, kind, inbox, bytes.
#pragma once
#include "cluster/cluster.hpp"
#include "schemes/scheme.hpp"
#include <string>

namespace ssim::report {

// Also warns on standard error when the trace's cap left events out.
void write_trace(const std::string& directory, const cluster::Trace& trace, cluster::Cluster& cluster,
                 const schemes::RunResult& result);

}  // namespace ssim::report
