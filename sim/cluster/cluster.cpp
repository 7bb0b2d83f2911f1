#include "cluster/cluster.hpp"
#include "cluster/platform_locations.hpp"
#include "cluster/platform_xml.hpp"
#include "common/write_file.hpp"
#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <limits>
#include <malloc.h>
#include <map>
#include <simgrid/kernel/ProfileBuilder.hpp>
#include <xbt/config.hpp>
#include <xbt/log.h>

namespace ssim::cluster {

namespace sg4 = simgrid::s4u;
using scenario::Straggler;

namespace {

// A message takes about 460 bytes of trace.json (sent, read, taken) and 75 of messages.csv; a
// computation about 300 (its span and the idle one after it): at most some 160 MB.
constexpr std::size_t kTraceEvents = 300'000;

void configure_network(sg4::Engine& engine, scenario::NetworkModel model) {
  // Must happen before the platform is loaded. The ideal model makes one flow take exactly
  // latency + bytes / bandwidth, so measured times can be checked against closed forms.
  if (model == scenario::NetworkModel::ideal) {
    engine.set_config("network/model:CM02");
    engine.set_config("network/crosstraffic:0");
    engine.set_config("network/TCP-gamma:0");
  }
  // SimGrid's lazy rate updates (network/optim:Lazy, the default of both models) let a flow outrun
  // its own slow link when it starts moving bytes at the instant another slow-linked flow does: of
  // a server's parameters to two workers behind 100 Mbps links, the second crossed at the server
  // link's 1 Gbps. Solving the whole system at each event keeps every flow to its links.
  engine.set_config("network/optim:Full");
}

// SimGrid guards each actor's stack with a page below it, so that an overflow crashes rather than
// silently damages memory; but the guard splits the stack's mapping in two, and Linux allows a
// process 65,530 mappings by default (vm.max_map_count): 30,000 guarded actors or so. Runs with
// more actors go unguarded. An unguarded stack is calloc'd: glibc maps it afresh, untouched until
// used, but only up to 65,536 mapped blocks (M_MMAP_MAX), or while its threshold for mapping a
// block, which grows as large blocks are freed, stays below the stack's size; past either, it
// carves stacks from the heap and clears ~150 kB of each. Lifting the one and fixing the other
// keeps every stack a fresh mapping (adjacent ones merge into few mappings): a ps_sync run of
// 100,000 workers takes 20 kB a worker rather than 63.
constexpr std::size_t kMostGuardedActors = 20000;

void configure_contexts(sg4::Engine& engine, std::size_t actors) {
  if (actors <= kMostGuardedActors) return;
  engine.set_config("contexts/guard-size:0");
  mallopt(M_MMAP_MAX, std::numeric_limits<int>::max());
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
}

std::string write_generated_platform(const scenario::Platform& platform, const std::string& work_dir) {
  const auto path = (std::filesystem::path(work_dir) / "platform.xml").string();
  write_file(path, platform_xml(platform));
  return path;
}

std::vector<sg4::Host*> place_roles(const sg4::Engine& engine, const scenario::Platform& platform,
                                    const RoleLayout& layout, const std::string& platform_file) {
  std::vector<sg4::Host*> hosts;
  if (!platform.roles.empty()) {
    for (const auto& name : platform.roles) {
      auto* host = engine.host_by_name_or_null(name);
      if (!host) throw PlatformError(fmt::format("{}: platform.roles names host '{}', which {} does not have",
                                                 platform_file, name, platform_file));
      hosts.push_back(host);
    }
  } else {
    hosts = engine.get_all_hosts();
    std::sort(hosts.begin(), hosts.end(),
              [](const sg4::Host* a, const sg4::Host* b) { return natural_less(a->get_name(), b->get_name()); });
  }
  if (hosts.size() < layout.roles.size())
    throw PlatformError(fmt::format("{}: {} hosts available but the scheme needs {} ({} workers{})", platform_file,
                                    hosts.size(), layout.roles.size(), layout.workers,
                                    layout.first_worker > 0 ? " and a server" : ""));
  hosts.resize(layout.roles.size());
  return hosts;
}

}  // namespace

Cluster::Cluster(const scenario::Scenario& scenario, const RoleLayout& layout, const std::string& work_dir)
    : layout_(layout), random_({}, scenario.seed) {
  static char name[] = "stragglesim";
#ifdef STRAGGLESIM_THREAD_CONTEXTS  // chosen when the engine is made, so it comes as an argument
  static char contexts[] = "--cfg=contexts/factory:thread";
  static char* argv[] = {name, contexts, nullptr};
  static int argc = 2;
#else
  static char* argv[] = {name, nullptr};
  static int argc = 1;
#endif
  xbt_log_control_set("root.thresh:warning");
  engine_ = std::make_unique<sg4::Engine>(&argc, argv);
  configure_network(*engine_, scenario.network_model);
  configure_contexts(*engine_, layout_.roles.size());

  const auto& platform = scenario.platform;
  platform_file_ = platform.topology == scenario::Platform::Topology::file
                       ? platform.file
                       : write_generated_platform(platform, work_dir);
  try {
    engine_->load_platform(platform_file_);
  } catch (const std::exception& e) {
    throw PlatformError(load_error_message(platform_file_, e.what()));
  }
  hosts_ = place_roles(*engine_, platform, layout_, platform_file_);
  for (std::size_t i = 0; i < hosts_.size(); ++i) ledger_.add_host(hosts_[i]->get_name(), layout_.roles[i]);
  install_stragglers(scenario);
  if (scenario.trace) trace_ = std::make_unique<Trace>(kTraceEvents);
}

Cluster::~Cluster() {
  for (const auto& [message, free] : unreceived_) free(message);
}

void Cluster::install_stragglers(const scenario::Scenario& scenario) {
  fixed_slowdown_.assign(hosts_.size(), 1.0);
  speed_ratios_.assign(hosts_.size(), {});
  std::map<std::size_t, std::vector<Straggler>> by_role;
  std::vector<Straggler> random_entries;
  for (auto s : scenario.stragglers) {
    if (s.kind == Straggler::Kind::random && !s.host) {
      random_entries.push_back(s);
      continue;
    }
    std::size_t role = 0;
    if (s.worker) {
      role = layout_.first_worker + *s.worker;
    } else {
      auto it = std::find_if(hosts_.begin(), hosts_.end(), [&](auto* h) { return h->get_name() == *s.host; });
      if (it == hosts_.end())
        throw PlatformError(fmt::format("{}:{}: stragglers: host '{}' has no role in this run (hosts used: {})",
                                        scenario.source, s.line, *s.host, hosts_.size()));
      role = it - hosts_.begin();
    }
    if (s.kind == Straggler::Kind::random) {  // per-iteration straggling is drawn per worker
      const int worker = static_cast<int>(role) - layout_.first_worker;
      if (worker < 0 || worker >= layout_.workers)
        throw PlatformError(fmt::format("{}:{}: stragglers: host '{}' is not a worker, and only workers straggle "
                                        "per iteration",
                                        scenario.source, s.line, *s.host));
      s.worker = worker;
      s.host.reset();
      random_entries.push_back(s);
      continue;
    }
    if (s.kind == Straggler::Kind::fail)  // SimGrid takes one state profile per host
      for (const auto& earlier : by_role[role])
        if (earlier.kind == Straggler::Kind::fail)
          throw PlatformError(fmt::format("{}:{}: stragglers: host '{}' ({}) already fails at line {}; a host fails "
                                          "once, so give it one fail_at",
                                          scenario.source, s.line, hosts_[role]->get_name(), layout_.roles[role],
                                          earlier.line));
    by_role[role].push_back(s);
  }
  random_ = RandomStraggling(random_entries, scenario.seed);
  namespace profile = simgrid::kernel::profile;
  for (const auto& [role, entries] : by_role) {
    sg4::Host* host = hosts_[role];
    speed_ratios_[role] = speed_ratios(entries);
    if (!speed_ratios_[role].empty())
      host->set_speed_profile(profile::ProfileBuilder::from_string(host->get_name() + "-speed",
                                                                   speed_profile_text(speed_ratios_[role]), -1));
    for (const auto& e : entries) {
      if (e.kind == Straggler::Kind::slow) fixed_slowdown_[role] *= e.slowdown;
      if (e.kind == Straggler::Kind::fail)
        host->set_state_profile(
            profile::ProfileBuilder::from_string(host->get_name() + "-state", fmt::format("{} 0\n", e.fail_at), -1));
    }
  }
  sg4::Host::on_state_change_cb([this](const sg4::Host& host) {
    if (host.is_on()) return;
    auto& record = ledger_.host(host.get_name());
    record.failed_at_s = sg4::Engine::get_clock();
    failures_.push_back({host.get_name(), record.role, record.failed_at_s});
  });
}

void Cluster::spawn(const std::string& name, sg4::Host* host, std::function<void()> body) {
  sg4::Actor::create(name, host, [this, name, host, body = std::move(body)] {
    try {
      body();
    } catch (const simgrid::Exception&) {
      throw;
    } catch (const Diverged& d) {
      if (!divergence_ && !actor_error_) divergence_ = Divergence{d.what(), d.epoch, d.step, sg4::Engine::get_clock()};
      sg4::Actor::kill_all();
    } catch (const std::exception& e) {
      if (!actor_error_)
        actor_error_ = fmt::format("{} on host {} stopped at simulated time {} s: {}", name, host->get_name(),
                                   sg4::Engine::get_clock(), e.what());
      sg4::Actor::kill_all();
    }
  });
}

double Cluster::run() {
  engine_->run();
  end_time_ = sg4::Engine::get_clock();
  if (actor_error_) throw std::runtime_error(*actor_error_);
  return end_time_;
}

void Cluster::compute(double flops, double slowdown) {
  const auto* host = sg4::this_actor::get_host();
  const double start = sg4::Engine::get_clock();
  record_of(host).flops += flops;
  // The record is looked up again after executing: other actors may have added records meanwhile.
  try {
    sg4::this_actor::execute(flops * slowdown);
  } catch (...) {  // the host failed mid-computation: still account the time it was busy
    record_of(host).busy_s += sg4::Engine::get_clock() - start;
    if (trace_) trace_->computed(host->get_name(), start, sg4::Engine::get_clock(), flops, slowdown);
    throw;
  }
  record_of(host).busy_s += sg4::Engine::get_clock() - start;
  if (trace_) trace_->computed(host->get_name(), start, sg4::Engine::get_clock(), flops, slowdown);
}

sg4::ExecPtr Cluster::start_compute(double flops, double slowdown) {
  return sg4::this_actor::exec_async(flops * slowdown);
}

void Cluster::finish_compute(const sg4::ExecPtr& exec, double flops, double started_at) {
  auto& record = record_of(sg4::this_actor::get_host());
  const bool finished = exec->get_state() == sg4::Activity::State::FINISHED;
  const double done = finished ? flops : flops * (1 - exec->get_remaining_ratio());
  record.flops += done;
  record.busy_s += sg4::Engine::get_clock() - started_at;
  if (trace_)
    trace_->computed(sg4::this_actor::get_host()->get_name(), started_at, sg4::Engine::get_clock(), done,
                     flops > 0 ? exec->get_cost() / flops : 1.0);
}

void Cluster::trace_sent(const void* message, const std::string& kind, const sg4::Mailbox* to, double bytes) {
  const auto owner = inbox_hosts_.find(to);
  trace_->sent(message, kind, sg4::this_actor::get_host()->get_name(),
               owner == inbox_hosts_.end() ? std::string() : owner->second->get_name(), to->get_name(), bytes,
               sg4::Engine::get_clock());
}

void Cluster::trace_received(const void* message) {
  if (trace_) trace_->received(message, sg4::this_actor::get_host()->get_name(), sg4::Engine::get_clock());
}

sg4::Mailbox* Cluster::inbox(const std::string& name) {
  auto* mailbox = sg4::Mailbox::by_name(name);
  mailbox->set_receiver(sg4::Actor::self());
  inbox_hosts_[mailbox] = sg4::this_actor::get_host();
  return mailbox;
}

void Cluster::close(sg4::Mailbox* inbox) {
  inbox->set_receiver(nullptr);
  inbox_hosts_.erase(inbox);
}

bool Cluster::account_sent(sg4::Mailbox* to, double bytes) {
  const sg4::Host* source = sg4::this_actor::get_host();
  auto& record = record_of(source);
  record.bytes_out += bytes;
  record.messages_out += 1;
  // A message to an open inbox travels at once to its owner's host (see inbox()); one to a
  // closed inbox stays where it is, and no link carries it.
  const auto owner = inbox_hosts_.find(to);
  if (owner == inbox_hosts_.end()) return true;
  const sg4::Host* destination = owner->second;
  if (!destination->is_on()) return false;
  auto [route, added] = route_links_.try_emplace({source, destination});
  if (added) {
    std::vector<sg4::Link*> links;
    source->route_to(destination, links, nullptr);
    for (const auto* link : links)
      route->second.push_back(ledger_.link_index(link->get_name(), link->get_bandwidth(), link->get_latency()));
  }
  for (const auto index : route->second) {
    auto& l = ledger_.link_at(index);
    l.bytes += bytes;
    l.messages += 1;
  }
  return true;
}

HostRecord& Cluster::record_of(const sg4::Host* host) {
  auto [it, added] = host_records_.try_emplace(host);
  if (added) it->second = ledger_.host_index(host->get_name());
  return ledger_.host_at(it->second);
}

void Cluster::account_received(double bytes) {
  auto& record = record_of(sg4::this_actor::get_host());
  record.bytes_in += bytes;
  record.messages_in += 1;
}

std::vector<models::Flow> Cluster::flows(const std::vector<std::pair<sg4::Host*, sg4::Host*>>& pairs) const {
  // The factors of the network model in force: SimGrid's calibrated default (LV08) stretches every
  // latency by 13.01, slows bandwidth by 0.97 and adds weight-S / bandwidth per link to a flow's
  // sharing penalty; the ideal model (CM02) has factors 1 and weight-S 0.
  const double latency_factor = simgrid::config::get_value<double>("network/latency-factor");
  const double bandwidth_factor = simgrid::config::get_value<double>("network/bandwidth-factor");
  const double weight_s = simgrid::config::get_value<double>("network/weight-S");
  std::vector<std::vector<sg4::Link*>> routes(pairs.size());
  std::vector<double> latencies(pairs.size(), 0.0), penalties(pairs.size());
  std::map<const sg4::Link*, double> weights;  // the sum of 1 / penalty of the flows on each link
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    pairs[i].first->route_to(pairs[i].second, routes[i], &latencies[i]);
    std::vector<double> bandwidths;
    for (const auto* link : routes[i]) bandwidths.push_back(link->get_bandwidth());
    penalties[i] = models::sharing_penalty(latencies[i], latency_factor, weight_s, bandwidths);
    for (const auto* link : routes[i]) weights[link] += 1 / penalties[i];
  }
  std::vector<models::Flow> flows;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    // The flow's bottleneck: the link of its route where its share, bandwidth / 1 / penalty over
    // the link's total weight, is the smallest.
    const sg4::Link* busiest = nullptr;
    for (const auto* link : routes[i])
      if (!busiest || weights[link] / link->get_bandwidth() > weights[busiest] / busiest->get_bandwidth())
        busiest = link;
    if (!busiest) {  // same host: no link to cross
      flows.push_back({.latency_s = latencies[i], .bottleneck = -1 - static_cast<int>(i), .bandwidth = 1e300,
                       .penalty = 1, .route = {}});
      continue;
    }
    auto id_of = [this](const sg4::Link* link) {
      return link_ids_.emplace(link, static_cast<int>(link_ids_.size())).first->second;
    };
    std::vector<models::Hop> route;
    for (const auto* link : routes[i])
      route.push_back({.link = id_of(link),
                       .bandwidth = link->get_bandwidth() * bandwidth_factor,
                       .shared = link->get_sharing_policy() != sg4::Link::SharingPolicy::FATPIPE});
    flows.push_back({.latency_s = latencies[i] * latency_factor,
                     .bottleneck = id_of(busiest),
                     .bandwidth = busiest->get_bandwidth() * bandwidth_factor,
                     .penalty = penalties[i],
                     .route = std::move(route)});
  }
  return flows;
}

models::Routes Cluster::routes(const std::vector<std::pair<sg4::Host*, sg4::Host*>>& pairs) const {
  const double latency_factor = simgrid::config::get_value<double>("network/latency-factor");
  const double bandwidth_factor = simgrid::config::get_value<double>("network/bandwidth-factor");
  const double weight_s = simgrid::config::get_value<double>("network/weight-S");
  models::Routes routes;
  std::map<const sg4::Link*, int> ids;
  for (const auto& [from, to] : pairs) {
    std::vector<sg4::Link*> links;
    double latency = 0;
    from->route_to(to, links, &latency);
    models::Route route{.latency_s = latency * latency_factor, .penalty = 1, .links = {}};
    std::vector<double> bandwidths;
    for (const auto* link : links) {
      bandwidths.push_back(link->get_bandwidth());
      const auto [it, added] = ids.emplace(link, static_cast<int>(ids.size()));
      if (added) {
        routes.bandwidths.push_back(link->get_bandwidth() * bandwidth_factor);
        routes.shared.push_back(link->get_sharing_policy() != sg4::Link::SharingPolicy::FATPIPE);
      }
      route.links.push_back(it->second);
    }
    route.penalty = models::sharing_penalty(latency, latency_factor, weight_s, bandwidths);
    routes.routes.push_back(std::move(route));
  }
  return routes;
}

models::SpeedTimeline Cluster::speed_timeline(int role_index) const {
  const auto* host = hosts_.at(role_index);
  return models::SpeedTimeline(host->get_pstate_speed(host->get_pstate()), speed_ratios_.at(role_index));
}

double Cluster::steady_speed(int role_index) const {
  const auto* host = hosts_.at(role_index);
  return host->get_pstate_speed(host->get_pstate()) / fixed_slowdown_.at(role_index);
}

}  // namespace ssim::cluster
