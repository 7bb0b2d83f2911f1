#include "run/check_data.hpp"
#include "../data/temp_dir.hpp"
#include "data/loaders.hpp"
#include "scenario/load.hpp"
#include <gtest/gtest.h>
#include <algorithm>
#include <fstream>
#include <set>

namespace ssim::run {
namespace {

scenario::Scenario iris_scenario(const std::string& csv, const std::string& scheme) {
  return scenario::parse("name: t\nplatform: {topology: star, hosts: 5}\ndata: {dataset: iris, path: " + csv +
                             "}\nmodel: {layers: [4, 8, 3]}\nscheme: " + scheme + "\n",
                         "test.yaml", ".");
}

std::string write_iris(const data::TempDir& dir, int rows) {
  const std::string path = dir.file("iris.csv");
  std::ofstream out(path);
  for (int i = 0; i < rows; ++i) out << 4 + i * 0.1 << ",3,1.5,0.2," << i % 3 << "\n";
  return path;
}

// Fewer rows than the 30 test samples Iris once always took: the split read past its buffer.
TEST(Datasets, SmallIrisFileGivesAFifthForTestingAndEverySampleOnce) {
  data::TempDir dir;
  const auto datasets = load_datasets(iris_scenario(write_iris(dir, 20), "{name: single, epochs: 1}"));
  EXPECT_EQ(datasets.test.size(), 4);
  EXPECT_EQ(datasets.train.size(), 16);
  std::set<float> first_features;  // distinct per row
  for (const auto* set : {&datasets.train, &datasets.test})
    for (Eigen::Index i = 0; i < set->size(); ++i) first_features.insert(set->features(0, i));
  EXPECT_EQ(first_features.size(), 20u);
}

TEST(Datasets, FullIrisKeepsThirtyTestSamples) {
  const auto datasets = load_datasets(iris_scenario(data::default_iris_path(), "{name: single, epochs: 1}"));
  EXPECT_EQ(datasets.test.size(), 30);
  EXPECT_EQ(datasets.train.size(), 120);
}

TEST(CheckData, RefusesWorkersWithoutTrainingSamplesAtDataPath) {
  data::TempDir dir;
  const std::string csv = write_iris(dir, 5);  // 1 test sample, 4 training samples
  EXPECT_NO_THROW(check_data(iris_scenario(csv, "{name: ps_sync, workers: 4, epochs: 1}")));
  try {
    check_data(iris_scenario(csv, "{name: ring_allreduce, workers: 5, epochs: 1}"));
    FAIL() << "5 workers share 4 samples";
  } catch (const scenario::ScenarioError& error) {
    EXPECT_EQ(std::string(error.what()),
              "test.yaml:3:29: data.path: " + csv + ": 4 training samples cannot give each of the 5 workers one");
  }
  // A pipeline feeds every sample through its first node: one sample is enough.
  EXPECT_NO_THROW(check_data(iris_scenario(write_iris(dir, 2), "{name: ring_tmp, workers: 2, epochs: 1}")));
}

TEST(CheckData, SplitEqualNeedsAClassWithASamplePerWorker) {
  data::TempDir dir;
  const std::string csv = dir.file("iris.csv");
  std::ofstream(csv) << "4,3,1,0,0\n4.1,3,1,0,0\n4.2,3,1,0,0\n4.3,3,1,0,0\n4.4,3,1,0,1\n4.5,3,1,0,2\n4.6,3,1,0,1\n";
  // One test sample of seven, so class 0 keeps at least 3 training samples and at most 4.
  const auto with_workers = [&](int workers) {
    return scenario::parse("name: t\nplatform: {topology: star, hosts: 6}\ndata: {dataset: iris, path: " + csv +
                               "}\nmodel: {layers: [4, 8, 3]}\nscheme: {name: downpour, split: equal, epochs: 1, "
                               "workers: " + std::to_string(workers) + "}\n",
                           "test.yaml", ".");
  };
  EXPECT_NO_THROW(check_data(with_workers(3)));
  try {
    check_data(with_workers(5));
    FAIL() << "no class has 5 samples";
  } catch (const scenario::ScenarioError& error) {
    EXPECT_NE(std::string(error.what()).find(": no class has a training sample for each of the 5 workers"),
              std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace ssim::run
