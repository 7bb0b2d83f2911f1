// Eigen sizes its matrix-product blocks from the cache sizes of the CPU it runs on, and the
// blocking decides the order in which products are summed: the same build would give other last
// bits, and so other losses and accuracies, on another machine. Fixed sizes make results the same
// on every machine.
#pragma once

namespace ssim::nn {

inline constexpr long kPinnedL1Bytes = 32 * 1024, kPinnedL2Bytes = 256 * 1024, kPinnedL3Bytes = 2 * 1024 * 1024;

// Sets Eigen's cache sizes to the pinned ones (once per process; every layer calls it).
void pin_cpu_dependent_settings();

}  // namespace ssim::nn
