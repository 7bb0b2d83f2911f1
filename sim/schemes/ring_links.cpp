#include "schemes/ring_links.hpp"

namespace ssim::schemes {

RingLinks::RingLinks(cluster::Cluster& cluster, const Actors& actors, int position, int size, double timeout)
    : cluster_(cluster),
      position_(position),
      size_(size),
      timeout_(timeout),
      inbox_(actors.open_inbox(actors.worker_role(position))),
      successor_(actors.worker_inbox((position + 1) % size)),
      predecessor_(actors.worker_inbox((position + size - 1) % size)) {}

}  // namespace ssim::schemes
