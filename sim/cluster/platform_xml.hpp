// SimGrid platform files generated from a scenario's `platform:` section.
#pragma once
#include "scenario/scenario.hpp"
#include <string>

namespace ssim::cluster {

// star: every host has its own full-duplex link to one switch (a backbone-less <cluster>);
// ring: every host is linked to its two neighbours only, routes take the shorter way
// (a one-dimensional torus). Hosts are named host-0 ... host-(N-1).
std::string platform_xml(const scenario::Platform& platform);

}  // namespace ssim::cluster
