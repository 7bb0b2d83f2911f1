// The schemes registry and the scenario catalog are made from one list (schemes/list.hpp).
#include "scenario/scheme_catalog.hpp"
#include "schemes/scheme.hpp"
#include <gtest/gtest.h>
#include <string>

TEST(SchemeRegistry, RunsEverySchemeTheCatalogNames) {
  for (const ssim::scenario::SchemeEntry& entry : ssim::scenario::scheme_catalog())
    EXPECT_EQ(std::string(ssim::schemes::find_scheme(entry.name).name), entry.name);
}
