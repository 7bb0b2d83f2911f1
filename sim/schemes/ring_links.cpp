#include "schemes/ring_links.hpp"

namespace ssim::schemes {

simgrid::s4u::Mailbox* ring_inbox(const Actors& actors, int to, int from) {
  return simgrid::s4u::Mailbox::by_name(actors.name(actors.worker_role(to)) + "<-" +
                                        actors.name(actors.worker_role(from)));
}

std::vector<std::string> ring_inboxes(const Actors& actors, int position, int size) {
  const int predecessor = (position + size - 1) % size, successor = (position + 1) % size;
  std::vector<std::string> names{ring_inbox(actors, position, predecessor)->get_name()};
  if (successor != predecessor) names.push_back(ring_inbox(actors, position, successor)->get_name());
  return names;
}

}  // namespace ssim::schemes
