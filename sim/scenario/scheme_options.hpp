// A scheme's own options, as the scenario layer holds them. Each scheme reads its keys into a type
// of its own derived from SchemeOptions (schemes/<name>_options.hpp); scenario::Scheme keeps it
// type-erased, and the scheme's code reads it back with Scheme::options_as<T>(). A scheme without
// options of its own uses SchemeOptions itself.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ssim::scenario {

class Field;
struct Model;
struct Scheme;
struct Serving;

// Lines of the canonical text (scenario/canonical.hpp): a key without its "scheme." and the value
// written as canonical.hpp says (shortest numbers, choices by their words, lists as [a, b], unset
// values empty).
using CanonicalLines = std::vector<std::pair<std::string_view, std::string>>;

class SchemeOptions {
 public:
  virtual ~SchemeOptions() = default;

  // Every option that can change a run, each once, in a fixed order.
  virtual CanonicalLines canonical_lines() const { return {}; }

  // Checks that need the model or the dataset, made once those are read. `scheme` is the scheme's
  // map, for a message at one of its keys (scenario/fields.hpp, peek); `common` its common keys.
  virtual void check_fits_model(const Field& /*scheme*/, const Scheme& /*common*/, const Model& /*model*/) const {}
  virtual void check_fits_data(const Field& /*scheme*/, const Scheme& /*common*/, int /*classes*/) const {}
  // Checks of a serving scheme that need its `serving` section, made once that is read; `section`
  // is the section's map.
  virtual void check_fits_serving(const Field& /*scheme*/, const Field& /*section*/, const Serving& /*serving*/,
                                  const Model& /*model*/) const {}
};

}  // namespace ssim::scenario
