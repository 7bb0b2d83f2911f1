#include "scenario/choices.hpp"
#include "scenario/paths.hpp"
#include "scenario/sections.hpp"
#include <filesystem>
#include <fmt/format.h>

namespace ssim::scenario {
namespace {

// Ten million queries is hours of serving at any realistic rate; the bound keeps queries.csv and
// the per-query records of a run within memory.
constexpr long kMaxQueries = 10'000'000;
// A billion queries per second, or one per billion seconds, is beyond any system studied; the
// bounds keep every arrival time finite.
bool within_rates(double value) { return value > 0 && value <= 1e9; }
constexpr Range kRate{"> 0 and at most 1e9 per second", within_rates};
bool within_intervals(double value) { return value > 0 && value <= 1e9; }
constexpr Range kInterval{"> 0 and at most 1e9 s", within_intervals};

std::string read_model_source(const Field& field, const std::filesystem::path& base_dir) {
  if (field.is_scalar() && field.node().Scalar() == "train") return "";
  const std::string directory = read_existing_directory(field, base_dir);
  if (std::error_code error; !std::filesystem::is_regular_file(std::filesystem::path(directory) / "model.json", error))
    field.fail(fmt::format("expected train, or the results directory of a run that saved its model: '{}' holds no "
                           "model.json",
                           directory));
  return directory;
}

}  // namespace

Serving read_serving(const Field& field, const std::filesystem::path& base_dir) {
  const MapFields map(field, {"queries", "arrivals", "rate", "interval", "batch", "model"});
  Serving serving;
  serving.queries = read_integer(map.required("queries"), 1L, kMaxQueries);
  serving.arrivals = read_choice(map.required("arrivals"), kArrivals);
  const auto arrivals = map.required("arrivals");
  const std::string why = fmt::format("with arrivals {}", arrivals.node().Scalar());
  if (serving.arrivals == Serving::Arrivals::poisson)
    serving.rate = read_number(map.required("rate"), kRate);
  else
    map.forbid("rate", why + " (only with poisson)");
  if (serving.arrivals == Serving::Arrivals::interval)
    serving.interval = read_quantity(map.required("interval"), Unit::duration, kInterval);
  else
    map.forbid("interval", why + " (only with interval)");
  if (auto batch = map.optional("batch")) serving.batch = read_integer(*batch, 1, 1 << 20);
  if (auto model = map.optional("model")) serving.model = read_model_source(*model, base_dir);
  return serving;
}

}  // namespace ssim::scenario
