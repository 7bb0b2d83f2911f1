// What a closed-form model says about a run: its time and the formula, with the numbers put in,
// so a reader can check it by hand.
#pragma once
#include <string>

namespace ssim::models {

struct Prediction {
  double time_s = 0;
  std::string formula;  // symbolic form
  std::string values;   // the same with the run's numbers
};

}  // namespace ssim::models
