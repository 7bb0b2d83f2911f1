#include "schemes/ring_links.hpp"

namespace ssim::schemes {

simgrid::s4u::Mailbox* ring_inbox(const Actors& actors, int to, int from) {
  return actors.connection(actors.worker_role(to), actors.worker_role(from));
}

std::vector<simgrid::s4u::Mailbox*> ring_inboxes(const Actors& actors, int position, int size) {
  const int predecessor = (position + size - 1) % size, successor = (position + 1) % size;
  std::vector<simgrid::s4u::Mailbox*> inboxes{ring_inbox(actors, position, predecessor)};
  if (successor != predecessor) inboxes.push_back(ring_inbox(actors, position, successor));
  return inboxes;
}

}  // namespace ssim::schemes
