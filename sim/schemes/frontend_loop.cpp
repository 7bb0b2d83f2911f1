#include "schemes/frontend_loop.hpp"
#include <limits>

namespace ssim::schemes {

namespace sg4 = simgrid::s4u;

double run_frontend(cluster::Cluster& cluster, const Actors& actors, const std::vector<double>& arrivals,
                    Deadlines& deadlines, const FrontendEvents& events) {
  auto* inbox = actors.open_inbox(kFrontend);
  // One receive stays posted across wake-ups: a receive that timed out while an answer was on the
  // wire would lose that answer.
  Answer* incoming = nullptr;
  sg4::CommPtr receiving = cluster.receive_async(inbox, &incoming);
  // Whether an answer arrives by the simulated time `deadline`; one lost with its sender's host is
  // skipped.
  auto answer_by = [&](double deadline) {
    while (true) {
      const double left = deadline - sg4::Engine::get_clock();
      try {
        if (left <= 0) return receiving->test();
        return sg4::Activity::wait_any_for({receiving}, left) == 0;
      } catch (const simgrid::NetworkFailureException&) {
        receiving = cluster.receive_async(inbox, &incoming);
      }
    }
  };
  std::size_t next = 0;  // the next request to arrive
  long open = 0;         // arrived and not yet closed
  while (next < arrivals.size() || open > 0) {
    double wake = next < arrivals.size() ? arrivals[next] : std::numeric_limits<double>::infinity();
    if (!deadlines.empty()) wake = std::min(wake, deadlines.begin()->first);
    if (answer_by(wake)) {
      const auto answer = cluster.received(incoming);
      receiving = cluster.receive_async(inbox, &incoming);
      open -= events.answer(std::move(*answer));
      continue;
    }
    // One event at a time, answers first: a frontend kept busy (encoding arrivals, say) takes the
    // answers that came meanwhile before it gives up any request whose deadline passed.
    if (next < arrivals.size() && arrivals[next] <= sg4::Engine::get_clock()) {
      events.arrive(static_cast<long>(next++));
      ++open;
      continue;
    }
    if (!deadlines.empty() && deadlines.begin()->first <= sg4::Engine::get_clock()) {
      const long request = deadlines.begin()->second;
      deadlines.erase(deadlines.begin());
      open -= events.expire(request);
    }
  }
  const double finished_at = sg4::Engine::get_clock();
  receiving->cancel();
  for (int w = 0; w < actors.workers(); ++w)
    cluster.post(actors.worker_inbox(w), std::make_unique<ToWorker>(ToWorker{ToWorker::Kind::stop, -1, kControlBytes}));
  cluster.close(inbox);
  return finished_at;
}

std::vector<QueryRecord> query_records(const RunInputs& in, const std::vector<double>& arrivals) {
  const auto& serving = *in.scenario.serving;
  std::vector<QueryRecord> queries(static_cast<std::size_t>(serving.queries));
  for (long id = 0; id < serving.queries; ++id) {
    auto& query = queries[static_cast<std::size_t>(id)];
    query.id = id;
    query.arrival_s = arrivals[static_cast<std::size_t>(id / serving.batch)];
    query.label = in.test.labels(static_cast<Eigen::Index>(id % in.test.size()));
  }
  return queries;
}

void set_stream(models::ServingInput& input, const scenario::Serving& serving) {
  switch (serving.arrivals) {
    case scenario::Serving::Arrivals::poisson: input.arrivals = models::ServingArrivals::poisson; break;
    case scenario::Serving::Arrivals::interval: input.arrivals = models::ServingArrivals::interval; break;
    case scenario::Serving::Arrivals::all_at_once: input.arrivals = models::ServingArrivals::all_at_once; break;
  }
  input.interval_s = serving.interval;
  input.rate = serving.rate;
  input.queries = request_count(serving);
}

}  // namespace ssim::schemes
