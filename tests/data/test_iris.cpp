#include "data/loaders.hpp"
#include "temp_dir.hpp"
#include <gtest/gtest.h>
#include <fstream>
#include <stdexcept>

namespace ssim::data {
namespace {

std::string write_csv(const TempDir& dir, const std::string& text) {
  const auto path = dir.file("iris.csv");
  std::ofstream(path) << text;
  return path;
}

std::string error_of(const std::string& path) {
  try {
    load_iris_csv(path);
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "no error";
}

TEST(Iris, BundledCopyHas150ScaledSamples) {
  const Dataset iris = load_iris_csv(default_iris_path());
  ASSERT_EQ(iris.size(), 150);
  ASSERT_EQ(iris.feature_count(), 4);
  EXPECT_EQ(iris.num_classes, 3);
  EXPECT_EQ(iris.name, "iris");
  EXPECT_EQ(iris.shape, (nn::Shape{4, 1, 1}));
  for (int species = 0; species < 3; ++species) EXPECT_EQ((iris.labels.array() == species).count(), 50);
  for (int feature = 0; feature < 4; ++feature) {
    EXPECT_EQ(iris.features.row(feature).minCoeff(), 0.0f);
    EXPECT_EQ(iris.features.row(feature).maxCoeff(), 1.0f);
  }
  // First row 5.1,3.5,1.4,0.2 (setosa); the columns span 4.3-7.9, 2.0-4.4, 1.0-6.9, 0.1-2.5.
  EXPECT_EQ(iris.labels(0), 0);
  EXPECT_NEAR(iris.features(0, 0), 0.8f / 3.6f, 1e-6f);
  EXPECT_NEAR(iris.features(1, 0), 1.5f / 2.4f, 1e-6f);
  EXPECT_NEAR(iris.features(2, 0), 0.4f / 5.9f, 1e-6f);
  EXPECT_NEAR(iris.features(3, 0), 0.1f / 2.4f, 1e-6f);
  EXPECT_EQ(iris.labels(149), 2);
}

TEST(Iris, AcceptsNamesIndicesAndNoHeader) {
  TempDir dir;
  const Dataset iris = load_iris_csv(write_csv(dir,
                                               "1,2,3,4,setosa\r\n"
                                               "2, 4, 6, 8 ,1\r\n"
                                               "\n"
                                               "3,6,9,12,Iris-virginica\n"));
  ASSERT_EQ(iris.size(), 3);
  EXPECT_EQ(iris.labels, (nn::Labels(3) << 0, 1, 2).finished());
  EXPECT_EQ(iris.features.col(1), nn::Vector::Constant(4, 0.5f));
}

TEST(Iris, ConstantColumnScalesToZero) {
  TempDir dir;
  const Dataset iris = load_iris_csv(write_csv(dir, "1,2,3,4,0\n1,3,3,5,1\n"));
  EXPECT_EQ(iris.features.row(0), Eigen::RowVector2f::Zero());
  EXPECT_EQ(iris.features.row(1), Eigen::RowVector2f(0, 1));
}

TEST(Iris, MalformedRowsNameFileAndLine) {
  TempDir dir;
  const std::string header = "sepal_length,sepal_width,petal_length,petal_width,species\n";
  const std::string good = "5.1,3.5,1.4,0.2,setosa\n";
  std::string path = write_csv(dir, header + good + "5.1,3.5,1.4,setosa\n");
  EXPECT_EQ(error_of(path), path +
                                ":3: expected 5 comma-separated fields (sepal_length, sepal_width, "
                                "petal_length, petal_width, species), got 4");
  path = write_csv(dir, header + good + good + "5.1,3.5,wide,0.2,setosa\n");
  EXPECT_EQ(error_of(path), path + ":4: expected a number for petal_length, got 'wide'");
  path = write_csv(dir, header + "5.1,3.5,1.4,nan,setosa\n");
  EXPECT_EQ(error_of(path), path + ":2: expected a number for petal_width, got 'nan'");
  path = write_csv(dir, header + good + "5.1,3.5,1.4,0.2,rose\n");
  EXPECT_EQ(error_of(path), path + ":3: expected a species (setosa, versicolor, virginica) or its index 0-2, got 'rose'");
  path = write_csv(dir, header + "5.1,3.5,1.4,0.2,3\n");
  EXPECT_EQ(error_of(path), path + ":2: expected a species (setosa, versicolor, virginica) or its index 0-2, got '3'");
}

TEST(Iris, EmptyOrMissingFileNamesIt) {
  TempDir dir;
  const auto path = write_csv(dir, "sepal_length,sepal_width,petal_length,petal_width,species\n");
  EXPECT_EQ(error_of(path), path + ": no samples");
  EXPECT_EQ(error_of(dir.file("missing.csv")), dir.file("missing.csv") + ": cannot open");
}

}  // namespace
}  // namespace ssim::data
