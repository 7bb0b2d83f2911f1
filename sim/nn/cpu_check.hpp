// The build targets a fixed x86-64 level (CMake's STRAGGLESIM_ARCH: x86-64-v3 by default, or
// x86-64-v4), so that one build gives the same bits on every machine. On a CPU below that level
// the first vector instruction would kill the program with SIGILL; instead, any program linking
// the nn library checks the CPU while loading, before other static initialisers and main, and
// exits with code 2 and a message naming the level and the build option.
#pragma once
#include <string>

namespace ssim::nn {

// The instruction-set level this build was compiled for, e.g. "x86-64-v3".
const char* build_instruction_set();
// Whether this CPU runs it; the load-time check exits when it does not.
bool cpu_supports_build_instruction_set();
// The message printed when it does not.
std::string unsupported_cpu_message();

}  // namespace ssim::nn
