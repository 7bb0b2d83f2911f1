#include "cluster/platform_xml.hpp"
#include <fmt/format.h>
#include <stdexcept>

namespace ssim::cluster {

std::string platform_xml(const scenario::Platform& platform) {
  using Topology = scenario::Platform::Topology;
  if (platform.topology == Topology::file) throw std::logic_error("platform_xml: a platform file is not generated");
  const bool ring = platform.topology == Topology::ring;
  const std::string topology =
      ring ? fmt::format(R"( topology="TORUS" topo_parameters="{}")", platform.hosts) : std::string();
  return fmt::format(
      "<?xml version='1.0'?>\n"
      "<!DOCTYPE platform SYSTEM \"https://simgrid.org/simgrid.dtd\">\n"
      "<platform version=\"4.1\">\n"
      "  <!-- {}: {} hosts of {} flop/s; links of {} bytes/s and {} s latency, full duplex -->\n"
      "  <cluster id=\"{}\" prefix=\"host-\" suffix=\"\" radical=\"0-{}\" speed=\"{}f\" bw=\"{}Bps\" lat=\"{}s\""
      " sharing_policy=\"SPLITDUPLEX\"{}/>\n"
      "</platform>\n",
      ring ? "ring, each host linked to its two neighbours" : "star, each host linked to one switch",
      platform.hosts, platform.host_speed, platform.bandwidth, platform.latency, ring ? "ring" : "star",
      platform.hosts - 1, platform.host_speed, platform.bandwidth, platform.latency, topology);
}

}  // namespace ssim::cluster
