#include "cluster/platform_locations.hpp"
#include <gtest/gtest.h>

using namespace ssim::cluster;

namespace {
const std::string kPlatforms = STRAGGLESIM_TEST_DIR "/bad_scenarios/platforms/";
}

TEST(PlatformLocations, ElementsAreFoundByTheirIdAndTag) {
  const std::string file = kPlatforms + "zero_bandwidth.xml";
  EXPECT_EQ(element_location(file, "link", "l2"), file + ":10:5");
  EXPECT_EQ(element_location(file, "host", "h2"), file + ":8:5");
  // a zone of that id is not a host, and hosts a <cluster> generates have no element
  EXPECT_EQ(element_location(file, "host", "z"), file);
  EXPECT_EQ(element_location(kPlatforms + "dragonfly_72.xml", "host", "d3"), kPlatforms + "dragonfly_72.xml");
}

TEST(PlatformLocations, AMessageIsPlacedAtTheElementItNames) {
  const std::string cores = kPlatforms + "zero_cores.xml";
  EXPECT_EQ(mentioned_element_location(cores, "Host h1 must have at least one core, not 0."), cores + ":7:5");
  // by an attribute other than the id when no id is named
  const std::string actor = kPlatforms + "actor_tag.xml";
  EXPECT_EQ(mentioned_element_location(actor, "Function 'trainer' not registered"), actor + ":11:3");
  EXPECT_EQ(mentioned_element_location(actor, "Something else went wrong"), actor);
}

TEST(PlatformLocations, ParseErrorsTakeSimGridsLineAndOthersTheNamedElement) {
  const std::string file = kPlatforms + "zero_cores.xml";
  EXPECT_EQ(load_error_message(file, "Parse error at " + file + ":6: unknown unit: Gz"),
            file + ":6: not a valid SimGrid platform: unknown unit: Gz");
  EXPECT_EQ(load_error_message(file, "Refusing to create a second host named 'h2'."),
            file + ":8:5: not a valid SimGrid platform: Refusing to create a second host named 'h2'.");
  EXPECT_EQ(load_error_message(file, "out of memory"), file + ": not a valid SimGrid platform: out of memory");
}
