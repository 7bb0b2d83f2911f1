// Runs a function when the scope ends, however it ends (also when SimGrid kills the actor, which
// unwinds its stack).
#pragma once
#include <utility>

namespace ssim {

template <class F>
class ScopeExit {
 public:
  explicit ScopeExit(F f) : f_(std::move(f)) {}
  ~ScopeExit() { f_(); }
  ScopeExit(const ScopeExit&) = delete;
  ScopeExit& operator=(const ScopeExit&) = delete;

 private:
  F f_;
};

}  // namespace ssim
