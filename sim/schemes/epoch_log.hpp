// Training recorded epoch by epoch: the mean training loss of each epoch's batches, and at its end
// the model evaluated on the test set. Evaluation is the observer's work, not the cluster's: it
// takes no simulated time.
#pragma once
#include "data/dataset.hpp"
#include "nn/network.hpp"
#include "schemes/scheme.hpp"
#include <functional>
#include <vector>

namespace ssim::schemes {

// Each record made is also passed to the epoch listener, if one is set (a progress display).
void set_epoch_listener(std::function<void(const EpochRecord&)> listener);

// Stops the run as diverged (cluster::Diverged) when a training loss is not finite.
void check_finite_loss(double loss, int epoch, long step);

class EpochLog {
 public:
  explicit EpochLog(const data::Dataset& test) : test_(test) {}

  // The training loss of a batch (or of a worker's pass) of `epoch` (1-based). Losses are summed
  // in the order they are added.
  void add_loss(int epoch, double loss);
  // Evaluates `model` at the end of `epoch`, with the mean of the epoch's losses (0 if it has none).
  // Stops the run as diverged (cluster::Diverged) when a loss is not finite.
  void end_epoch(int epoch, const nn::Network& model);
  // The same for training outside the simulation (a model trained before serving), whose epochs
  // end at times of its own clock.
  void end_epoch(int epoch, const nn::Network& model, double time_s);
  // The same for a model evaluated by its caller (a partitioned model).
  void end_epoch(int epoch, nn::Network::Evaluation test, double time_s);
  // The end of an epoch in timing mode, which has no losses and no model: its time only.
  void end_timed_epoch(int epoch);

  int epochs_ended() const { return static_cast<int>(records_.size()); }
  const std::vector<EpochRecord>& records() const { return records_; }

  // The training's record: these epochs, and `model`, the one trained (`steps` optimizer steps,
  // `completed` or stopped by failures, ended at `time_s`), evaluated on the test set.
  TrainingRecord record(const nn::Network& model, long steps, bool completed, double time_s) const;
  TrainingRecord record(nn::Network::Evaluation test, nn::Vector parameters, long steps, bool completed,
                        double time_s) const;
  // Timing mode's record: these epochs, no model and no numbers.
  TrainingRecord timed_record(long steps, bool completed, double time_s) const;

 private:
  struct Losses {
    double sum = 0;
    long count = 0;
  };
  void add(const EpochRecord& record);  // kept, and passed to the epoch listener

  const data::Dataset& test_;
  std::vector<Losses> losses_;  // by epoch
  std::vector<EpochRecord> records_;
};

}  // namespace ssim::schemes
