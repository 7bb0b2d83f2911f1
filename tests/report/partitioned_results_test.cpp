// What a partitioned model's run (seed 000) writes, from hand-made records: erasures.csv,
// summary.json's "partitioned" object, queries.csv's missing_nodes, and its saved model's partition.
#include "report/partitioned.hpp"
#include "report/saved_model.hpp"
#include "report/serving.hpp"
#include <filesystem>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace ssim;

namespace {

// Four parts; accuracies are exact in binary, flops whole numbers.
schemes::PartitionedRecord four_parts(int trained_erasures) {
  return {.parts = 4,
          .trained_erasures = trained_erasures,
          .erasures = {{0, 0.875, 8}, {1, 0.75, 8}, {2, 0.5, 8}, {3, 0.25, 8}},
          .node_flops = 1000,
          .decoder_flops = 250,
          .seed000_node_flops = 990,
          .seed000_decoder_flops = 245,
          .node_speed = 1000,
          .frontend_speed = 500};
}

schemes::QueryRecord query(long id, double arrival, double completion, int answers, int predicted, int label,
                           std::vector<int> missing) {
  return {.id = id, .arrival_s = arrival, .completion_s = completion, .answers_used = answers,
          .predicted = predicted, .label = label, .missing_nodes = std::move(missing)};
}

}  // namespace

TEST(PartitionedResults, ErasuresCsvHasOneRowPerErasedCount) {
  EXPECT_EQ(report::erasures_csv(four_parts(2)),
            "trained_erasures,erased,accuracy,samples\n"
            "2,0,0.875,8\n"
            "2,1,0.75,8\n"
            "2,2,0.5,8\n"
            "2,3,0.25,8\n");
}

TEST(PartitionedResults, AModelReadFromAnEarlierRunLeavesItsTrainingErasuresEmpty) {
  EXPECT_EQ(report::erasures_csv(four_parts(-1)),
            "trained_erasures,erased,accuracy,samples\n"
            ",0,0.875,8\n"
            ",1,0.75,8\n"
            ",2,0.5,8\n"
            ",3,0.25,8\n");
  EXPECT_TRUE(report::partitioned_json(four_parts(-1))["trained_erasures"].is_null());
}

TEST(PartitionedResults, SummaryObjectGivesFlopsInBothConventions) {
  EXPECT_EQ(report::partitioned_json(four_parts(2)).dump(),
            R"({"compute_s_per_query":{"seed000":1.48,"simulated":1.5},"erasures":[{"accuracy":0.875,"erased":0},{"accuracy":0.75,"erased":1},{"accuracy":0.5,"erased":2},)"
            R"({"accuracy":0.25,"erased":3}],"flops_per_query":{"decoder":250.0,"node":1000.0,"total":1250.0},)"
            R"("parts":4,"seed000_flops_per_query":{"decoder":245.0,"node":990.0,"total":1235.0},)"
            R"("trained_erasures":2})");
}

TEST(PartitionedResults, QueriesCsvNamesTheMissingNodesOfEachQuery) {
  schemes::ServingRecord serving;
  serving.partitioned = true;
  serving.queries = {query(0, 0, 0.125, 8, 1, 1, {3, 7}), query(1, 0.25, 0.5, 10, 2, 0, {}),
                     query(2, 0.5, -1, 0, -1, 3, {})};
  EXPECT_EQ(report::queries_csv(serving),
            "id,arrival_s,completion_s,latency_s,answers_used,predicted,label,correct,missing_nodes\n"
            "0,0,0.125,0.125,8,1,1,1,3;7\n"
            "1,0.25,0.5,0.25,10,2,0,0,\n"
            "2,0.5,,,0,,3,,\n");
}

TEST(PartitionedResults, OtherServingRunsHaveNoMissingNodesColumn) {
  schemes::ServingRecord serving;
  serving.queries = {query(0, 0, 0.125, 1, 1, 1, {})};
  EXPECT_EQ(report::queries_csv(serving),
            "id,arrival_s,completion_s,latency_s,answers_used,predicted,label,correct\n"
            "0,0,0.125,0.125,1,1,1,1\n");
}

namespace {

nn::LayerSpec dense(int units) {
  nn::LayerSpec layer;
  layer.kind = nn::DenseSpec{units};
  return layer;
}

scenario::Model partitioned_model(int parts, data::Partitioning::Split split) {
  scenario::Model model;
  model.input = {1, 4, 4};
  model.partitioned = scenario::PartitionedModel{.partitioning = {.split = split, .parts = parts},
                                                 .part = data::part_shape(model.input, {.split = split, .parts = parts}),
                                                 .node = {dense(2)},
                                                 .decoder = {dense(3)},
                                                 .node_outputs = 2};
  return model;
}

}  // namespace

TEST(PartitionedResults, ASavedModelReadsBackOnlyIntoTheSamePartition) {
  const auto dir = std::filesystem::temp_directory_path() / ("ssim-partitioned-saved-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const auto rows = report::architecture(partitioned_model(2, data::Partitioning::Split::rows));
  EXPECT_EQ(rows["partition"], (nlohmann::json{{"parts", 2}, {"split", "rows"}}));
  const nn::Vector parameters = nn::Vector::LinSpaced(24, 0.0f, 23.0f);
  report::write_saved_model(dir.string(), rows, parameters);
  EXPECT_TRUE((report::read_saved_model(dir.string(), rows).array() == parameters.array()).all());
  const auto refused = [&](const nlohmann::json& architecture, const std::string& message) {
    try {
      report::read_saved_model(dir.string(), architecture);
      ADD_FAILURE() << "read into " << architecture.dump();
    } catch (const report::SavedModelError& error) {
      EXPECT_NE(std::string(error.what()).find(message), std::string::npos) << error.what();
    }
  };
  refused(report::architecture(partitioned_model(2, data::Partitioning::Split::interleave)),
          R"(the saved model has partition {"parts":2,"split":"rows"}, but the scenario's model has )"
          R"({"parts":2,"split":"interleave"})");
  refused(report::architecture(partitioned_model(4, data::Partitioning::Split::rows)), "the saved model has partition");
  scenario::Model plain;
  plain.input = {1, 4, 4};
  plain.layers = {dense(3)};
  refused(report::architecture(plain), R"(the saved model has partition {"parts":2,"split":"rows"}, but the )"
                                       "scenario's model has null");
  std::filesystem::remove_all(dir);
}
