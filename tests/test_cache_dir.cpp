// Every test program keeps its decoded data files (data/idx_cache.hpp) in the build tree, never in
// the user's cache; the programs the tests start inherit the setting.
#include <cstdlib>

namespace {

struct CacheInBuildTree {
  CacheInBuildTree() { setenv("STRAGGLESIM_CACHE_DIR", STRAGGLESIM_TEST_CACHE_DIR, 1); }
} cache_in_build_tree;

}  // namespace
