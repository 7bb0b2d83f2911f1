// What the frontends of the serving schemes share: their event loop (requests arrive at their
// times, answers come in, deadlines pass; each scheme says what each event does), the records of
// the queries they serve, and the query stream as the latency model sees it.
#pragma once
#include "models/serving.hpp"
#include "schemes/serving_worker.hpp"
#include <functional>
#include <set>
#include <utility>

namespace ssim::schemes {

// When requests stop waiting, earliest first: (time, request).
using Deadlines = std::set<std::pair<double, long>>;

struct FrontendEvents {
  std::function<void(long request)> arrive;
  // Each returns how many requests it closed (answered or given up): 0 or 1.
  std::function<long(Answer&& answer)> answer;
  std::function<long(long request)> expire;  // its deadline, already taken out of the set, passed
};

// Runs the frontend (role 0) until every request of `arrivals` has arrived and been closed, then
// tells every worker to stop. Returns the time it finished.
double run_frontend(cluster::Cluster& cluster, const Actors& actors, const std::vector<double>& arrivals,
                    Deadlines& deadlines, const FrontendEvents& events);

// One record per query of the stream, with its arrival and label, not yet answered.
std::vector<QueryRecord> query_records(const RunInputs& in, const std::vector<double>& arrivals);

// The stream's arrivals, rate and requests, as the latency model (models/serving.hpp) takes them.
void set_stream(models::ServingInput& input, const scenario::Serving& serving);

}  // namespace ssim::schemes
