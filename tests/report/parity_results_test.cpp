// What a parity-coded run writes, from hand-made records: queries.csv's reconstructed column,
// summary.json's "parity" object and parity_training.csv.
#include "report/parity.hpp"
#include "report/serving.hpp"
#include <gtest/gtest.h>

using namespace ssim;

namespace {

schemes::QueryRecord query(long id, double completion, int answers, int predicted, int label, bool reconstructed) {
  return {.id = id, .arrival_s = 0, .completion_s = completion, .answers_used = answers, .predicted = predicted,
          .label = label, .missing_nodes = {}, .reconstructed = reconstructed};
}

schemes::ServingRecord served() {
  schemes::ServingRecord serving;
  serving.parity = true;
  serving.queries = {query(0, 0.5, 1, 1, 1, false), query(1, 0.75, 2, 2, 2, true), query(2, 0.75, 2, 0, 3, true),
                     query(3, -1, 0, -1, 3, false)};
  return serving;
}

// Accuracies and times exact in binary.
schemes::ParityRecord group_of_two(bool trained) {
  schemes::ParityRecord record;
  record.group = 2;
  record.model_accuracy = 0.875;
  record.degraded_accuracy = 0.625;
  record.samples = 8;
  if (trained) {
    record.epochs = {{.epoch = 1, .time_s = 2.5, .train_mse = 4, .test_mse = 3},
                     {.epoch = 2, .time_s = 3, .train_mse = 1.5, .test_mse = 1.25}};
    record.training_time_s = 1.5;
  }
  return record;
}

}  // namespace

TEST(ParityResults, QueriesCsvSaysWhichQueriesWereRebuilt) {
  EXPECT_EQ(report::queries_csv(served()),
            "id,arrival_s,completion_s,latency_s,answers_used,predicted,label,correct,reconstructed\n"
            "0,0,0.5,0.5,1,1,1,1,0\n"
            "1,0,0.75,0.75,2,2,2,1,1\n"
            "2,0,0.75,0.75,2,0,3,0,1\n"
            "3,0,,,0,,3,,0\n");
}

TEST(ParityResults, SummaryObjectGivesTheRebuiltQueriesAndBothAccuracies) {
  const auto json = report::parity_json(group_of_two(true), served());
  EXPECT_EQ(json["group"], 2);
  EXPECT_EQ(json["reconstructed_queries"], 2);
  EXPECT_EQ(json["reconstructed_accuracy"], 0.5);
  EXPECT_EQ(json["model_accuracy"], 0.875);
  EXPECT_EQ(json["degraded_accuracy"], 0.625);
  EXPECT_EQ(json["samples"], 8);
  EXPECT_EQ(json["training"].dump(), R"({"final_test_mse":1.25,"time_s":1.5})");
  EXPECT_EQ(json["latency_model"]["bound"], "upper");
}

TEST(ParityResults, ModelsReadFromAnEarlierRunHaveNoTrainingAndNoRebuiltQueriesNoAccuracy) {
  schemes::ServingRecord serving = served();
  for (auto& q : serving.queries) q.reconstructed = false;
  const auto json = report::parity_json(group_of_two(false), serving);
  EXPECT_TRUE(json["training"].is_null());
  EXPECT_EQ(json["reconstructed_queries"], 0);
  EXPECT_TRUE(json["reconstructed_accuracy"].is_null());
}

TEST(ParityResults, TrainingCsvHasOneRowPerEpoch) {
  EXPECT_EQ(report::parity_training_csv(group_of_two(true)),
            "epoch,time_s,train_mse,test_mse\n"
            "1,2.5,4,3\n"
            "2,3,1.5,1.25\n");
}

TEST(ParityResults, TheTerminalLineGivesTheRebuiltAndTheDegradedAccuracy) {
  EXPECT_EQ(report::parity_text(report::parity_json(group_of_two(true), served())),
            "  parity: group 2, 2 queries rebuilt (accuracy 50.00%); every test output rebuilt: accuracy 62.50% (the "
            "model's own 87.50%)\n");
}
