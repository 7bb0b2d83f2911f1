#include "nn/cpu_check.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ssim::nn {
namespace {

TEST(CpuCheck, BuildTargetsAFixedLevelThatThisCpuRuns) {
  const std::string level = build_instruction_set();
  EXPECT_TRUE(level == "x86-64-v3" || level == "x86-64-v4") << level;
#if defined(__AVX512F__)
  EXPECT_EQ(level, "x86-64-v4");
#elif defined(__AVX2__) && defined(__FMA__)
  EXPECT_EQ(level, "x86-64-v3");
#else
  ADD_FAILURE() << "compiled without the vector instructions of " << level;
#endif
  // Had it not, the program would have exited while loading.
  EXPECT_TRUE(cpu_supports_build_instruction_set());
}

TEST(CpuCheck, MessageNamesTheLevelAndTheBuildOption) {
  const std::string message = unsupported_cpu_message();
  EXPECT_NE(message.find(std::string("needs an ") + build_instruction_set() + " CPU"), std::string::npos);
  EXPECT_NE(message.find("-DSTRAGGLESIM_ARCH=x86-64-v3"), std::string::npos);
}

}  // namespace
}  // namespace ssim::nn
