// downpour_async's own keys (scheme.split, fetch_every, push_every), read by its SchemeSpec.
#pragma once
#include "schemes/shared_options.hpp"

namespace ssim::schemes {

struct DownpourAsyncOptions final : BlockSplitOptions {
  int fetch_every = 1;  // a worker fetches the parameters every fetch_every steps
  int push_every = 1;   // and pushes its accumulated gradient every push_every steps

  scenario::CanonicalLines canonical_lines() const override;
};

}  // namespace ssim::schemes
