// Compiled for baseline x86-64 (see CMakeLists.txt): this file must run on any x86-64 CPU.
#include "nn/cpu_check.hpp"

#include <cstdio>
#include <cstdlib>

#ifndef STRAGGLESIM_ARCH
#error "STRAGGLESIM_ARCH must name the x86-64 level the build targets"
#endif

namespace ssim::nn {

const char* build_instruction_set() { return STRAGGLESIM_ARCH; }

bool cpu_supports_build_instruction_set() {
  __builtin_cpu_init();  // static initialisers may run before the compiler's own CPU detection
  return __builtin_cpu_supports(STRAGGLESIM_ARCH);
}

std::string unsupported_cpu_message() {
  return std::string("stragglesim: this build needs an ") + STRAGGLESIM_ARCH +
         " CPU (x86-64-v3: AVX2 and FMA; x86-64-v4: also AVX-512), which this one is not; "
         "rebuild with cmake -DSTRAGGLESIM_ARCH=x86-64-v3, or on a newer CPU\n";
}

namespace {

// Priority 101, the first user priority: before the static initialisers of other files, which
// are compiled for the build's level.
[[gnu::constructor(101)]] void exit_unless_cpu_is_supported() {
  if (cpu_supports_build_instruction_set()) return;
  std::fputs(unsupported_cpu_message().c_str(), stderr);
  std::_Exit(2);
}

}  // namespace
}  // namespace ssim::nn
