// Where a key of a scenario already read was written, for problems found only later: in the data
// files it names, in the memory a run would need. Errors then read like the reader's own,
// "FILE:LINE:COL: KEY: PROBLEM".
#pragma once
#include "scenario/fields.hpp"
#include "scenario/scenario.hpp"
#include <initializer_list>
#include <string_view>

namespace ssim::scenario {

// The first of the dotted `keys` ("data.path") written in the scenario (or set on the command
// line); the whole file when none is. The field refers to `scenario`, which must outlive it.
Field field_of(const Scenario& scenario, std::initializer_list<std::string_view> keys);

}  // namespace ssim::scenario
