#include "schemes/serving_worker.hpp"
#include <algorithm>
#include <deque>
#include <set>

namespace ssim::schemes {

namespace sg4 = simgrid::s4u;

Queries queries_of(const scenario::Serving& serving, long request) {
  const long first = request * serving.batch;
  return {first, static_cast<int>(std::min<long>(serving.batch, serving.queries - first))};
}

data::Indices samples_of(Queries q, Eigen::Index test_size) {
  data::Indices samples;
  for (long id = q.first; id < q.first + q.count; ++id) samples.push_back(static_cast<Eigen::Index>(id % test_size));
  return samples;
}

void serve_requests(cluster::Cluster& cluster, const Actors& actors, const RunInputs& in, int w, const WorkerTask& task,
                    ServingOutcome& outcome) {
  const auto& serving = *in.scenario.serving;
  auto* inbox = actors.open_inbox(actors.worker_role(w));
  auto* frontend = actors.inbox(kFrontend);
  std::deque<long> queue;
  std::set<long> cancelled;  // cancels that came before their request
  ToWorker* incoming = nullptr;
  sg4::CommPtr receiving = cluster.receive_async(inbox, &incoming);
  sg4::ExecPtr running;
  long current = -1;
  double started_at = 0, current_flops = 0;
  while (true) {
    while (!running && !queue.empty()) {
      current = queue.front();
      queue.pop_front();
      current_flops = task.flops(queries_of(serving, current).count);
      started_at = sg4::Engine::get_clock();
      running = cluster.start_compute(current_flops, cluster.straggle_factor(w, current));
    }
    std::vector<sg4::ActivityPtr> activities{receiving};
    if (running) activities.push_back(running);
    ssize_t done = 0;
    try {
      done = sg4::Activity::wait_any(activities);
    } catch (const simgrid::NetworkFailureException&) {  // the message was lost with its sender
      receiving = cluster.receive_async(inbox, &incoming);
      continue;
    }
    if (done == 1) {  // the request is computed: answer it
      cluster.finish_compute(running, current_flops, started_at);
      running = nullptr;
      nn::Matrix outputs = task.outputs(queries_of(serving, current));
      const double bytes = static_cast<double>(outputs.size()) * in.scenario.scheme.bytes_per_value;
      cluster.post(frontend, std::make_unique<Answer>(Answer{current, w, std::move(outputs), bytes}));
      continue;
    }
    const ToWorker message = *cluster.received(incoming);
    if (message.kind == ToWorker::Kind::stop) break;
    receiving = cluster.receive_async(inbox, &incoming);
    if (message.kind == ToWorker::Kind::request) {
      if (!cancelled.erase(message.request)) queue.push_back(message.request);
    } else if (running && current == message.request) {
      running->cancel();
      cluster.finish_compute(running, current_flops, started_at);
      outcome.wasted_flops += current_flops * (1 - running->get_remaining_ratio());
      running = nullptr;
    } else if (auto queued = std::find(queue.begin(), queue.end(), message.request); queued != queue.end()) {
      queue.erase(queued);
    } else {
      cancelled.insert(message.request);  // it overtook its request, or the request is done
    }
  }
  if (running) {  // serving is over: what is left is not needed
    running->cancel();
    cluster.finish_compute(running, current_flops, started_at);
  }
  cluster.close(inbox);
}

}  // namespace ssim::schemes
