// Loading all of Fashion-MNIST (60,000 training and 10,000 test samples) as a run does, with the
// cache of decoded files empty (a machine's first run: inflate, convert, write the cache) and
// full (every later run: map the cached copy, check it, convert). Items are samples. Each case
// has its own cache directory under the system's temporary directory, removed at the end.
#include "data/loaders.hpp"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace {

namespace fs = std::filesystem;
using namespace ssim::data;

class CacheDirectory {
 public:
  CacheDirectory() {
    std::string pattern = (fs::temp_directory_path() / "ssim-bench-cache-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create " + pattern);
    path_ = pattern;
    setenv("STRAGGLESIM_CACHE_DIR", path_.c_str(), 1);
  }
  CacheDirectory(const CacheDirectory&) = delete;
  CacheDirectory& operator=(const CacheDirectory&) = delete;
  ~CacheDirectory() {
    unsetenv("STRAGGLESIM_CACHE_DIR");
    fs::remove_all(path_);
  }
  void empty() const {
    for (const auto& entry : fs::directory_iterator(path_)) fs::remove(entry.path());
  }

 private:
  fs::path path_;
};

void load_both() {
  benchmark::DoNotOptimize(load_mnist_dir(kFashionMnistDir, true));
  benchmark::DoNotOptimize(load_mnist_dir(kFashionMnistDir, false));
}

void BM_fashion_mnist_first_load(benchmark::State& state) {
  const CacheDirectory cache;
  for (auto _ : state) {
    state.PauseTiming();
    cache.empty();
    state.ResumeTiming();
    load_both();
  }
  state.SetItemsProcessed(state.iterations() * 70000);
}
BENCHMARK(BM_fashion_mnist_first_load)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_fashion_mnist_cached_load(benchmark::State& state) {
  const CacheDirectory cache;
  load_both();  // fills the cache
  for (auto _ : state) load_both();
  state.SetItemsProcessed(state.iterations() * 70000);
}
BENCHMARK(BM_fashion_mnist_cached_load)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
