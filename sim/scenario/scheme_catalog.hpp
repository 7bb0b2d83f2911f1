// The schemes a scenario can name: every entry of schemes/list.hpp, with what the scenario layer
// needs to read and check each one's part of a scenario. Each scheme defines its SchemeSpec in
// schemes/<name>_options.cpp; those files are compiled into the scenario library, so that
// scenario::load checks every scheme key without the simulator (see docs/adding-a-scheme.md).
#pragma once
#include "scenario/fields.hpp"
#include "scenario/scheme_options.hpp"
#include <memory>
#include <span>
#include <string_view>

namespace ssim::scenario {

struct Scheme;

enum class ModelForm { layers, partitioned, coded };

struct SchemeSpec {
  // A server (or manager) host besides the workers: the platform needs workers + 1 hosts.
  bool has_server = false;
  // Answers a stream of queries (the scenario's `serving` section) rather than training.
  bool serves = false;
  // The form of model it runs, and no other: layers, a partitioned model (model.partition) or a
  // coded one (model.coded).
  ModelForm model_form = ModelForm::layers;
  // Runs in timing mode (`compute: timing`): the same protocol, flops and message sizes with no
  // data, no parameters and no arithmetic. Other schemes refuse that key's value.
  bool timing_mode = false;
  // The scheme's own keys, besides those every scheme has (name, workers, epochs, batch_size,
  // optimizer, bytes_per_value). A key another scheme has is refused with the schemes it is for.
  std::span<const std::string_view> keys;
  // Reads them: `map` holds the common keys and these only, `common` the common keys read.
  std::shared_ptr<const SchemeOptions> (*read)(const MapFields& map, const Scheme& common);
};

struct SchemeEntry {
  std::string_view name;         // as scenarios write it: scheme.name
  std::string_view description;  // one line
  const SchemeSpec& spec;
};

// In the order of schemes/list.hpp, which messages list them in.
std::span<const SchemeEntry> scheme_catalog();
// The keys every scheme section takes; each scheme's own are in its SchemeSpec.
std::span<const std::string_view> common_scheme_keys();
const SchemeEntry* find_in_catalog(std::string_view name);

}  // namespace ssim::scenario
