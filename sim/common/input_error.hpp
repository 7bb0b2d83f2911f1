// The user's input is wrong (a scenario, a file it names, a results directory): exit code 2, and
// the message says where and what was expected. Each layer has its own kind.
#pragma once
#include <stdexcept>

namespace ssim {

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace ssim
