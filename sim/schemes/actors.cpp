#include "schemes/actors.hpp"

namespace ssim::schemes {

void Actors::launch(int role, std::function<void()> body) const {
  cluster_.spawn(name(role), cluster_.host(role), std::move(body));
}

void Actors::launch_workers(const std::function<void(int worker)>& body) const {
  for (int w = 0; w < layout_.workers; ++w) launch(worker_role(w), [body, w] { body(w); });
}

simgrid::s4u::Mailbox* Actors::open_inbox(int role) const { return cluster_.inbox(name(role)); }

simgrid::s4u::Mailbox* Actors::inbox(int role) const { return simgrid::s4u::Mailbox::by_name(name(role)); }

simgrid::s4u::Mailbox* Actors::connection(int role, int from) const {
  return simgrid::s4u::Mailbox::by_name(name(role) + "<-" + name(from));
}

}  // namespace ssim::schemes
