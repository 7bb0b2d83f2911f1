// A resolved scenario as text that names everything which can change its results, so that two
// scenarios with the same text give the same run. One "key=value" line per field, in a fixed
// order, keys as the scenario file spells them:
//   - numbers in their shortest decimal form that reads back the same (1e9 is 1000000000);
//   - choices by their scenario words (star, ps_sync, ...), lists as [a, b], unset values empty;
//   - a platform file by the FNV-1a 64 of its content (platform.file_fnv1a), not its path;
//   - the data path as resolved (absolute), not the data's content;
//   - a scheme's own options as the scheme writes them (SchemeOptions::canonical_lines), in the
//     places format 2 gave the options of its six schemes, later ones after those.
// Left out, as they do not change results: the scenario's name and file, its sweep section, and
// where results go. The first line, format=N, changes whenever the form does.
#pragma once
#include "scenario/scenario.hpp"
#include <string>

namespace ssim::scenario {

std::string canonical_text(const Scenario& scenario);

// FNV-1a 64 of canonical_text, as 16 lowercase hex digits.
std::string scenario_hash(const Scenario& scenario);

}  // namespace ssim::scenario
