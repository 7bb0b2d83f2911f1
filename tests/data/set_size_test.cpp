// A set's size without its samples: the IDX headers (gzipped or not), the Iris rows.
#include "data/loaders.hpp"
#include "temp_dir.hpp"
#include <gtest/gtest.h>
#include <zlib.h>
#include <cstdint>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace ssim::data {
namespace {

using Bytes = std::vector<unsigned char>;

Bytes header(std::initializer_list<std::uint32_t> fields) {
  Bytes bytes;
  for (std::uint32_t field : fields)
    for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(static_cast<unsigned char>(field >> shift));
  return bytes;
}

void write(const std::string& path, const Bytes& bytes, bool gzipped) {
  gzFile file = gzopen(path.c_str(), gzipped ? "wb" : "wbT");
  ASSERT_NE(file, nullptr) << path;
  ASSERT_EQ(gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size())), static_cast<int>(bytes.size()));
  ASSERT_EQ(gzclose(file), Z_OK);
}

std::string error_of(const auto& read) {
  try {
    read();
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "no error";
}

class IdxHeaderTest : public ::testing::TestWithParam<bool> {
 protected:
  std::string write_file(const std::string& name, const Bytes& bytes) {
    const auto path = dir.file(GetParam() ? name + ".gz" : name);
    write(path, bytes, GetParam());
    return path;
  }
  TempDir dir;
};

TEST_P(IdxHeaderTest, CountAndShapeWithoutTheSamples) {
  // The headers announce 60,000 images of 28x28 that the files do not hold.
  const auto images = write_file("images", header({0x803, 60000, 28, 28}));
  const auto labels = write_file("labels", header({0x801, 60000}));
  const IdxHeader read = read_idx_header(images, labels);
  EXPECT_EQ(read.count, 60000);
  EXPECT_EQ(read.shape, (nn::Shape{1, 28, 28}));
}

TEST_P(IdxHeaderTest, RefusesWhatLoadIdxRefuses) {
  const auto labels = write_file("labels", header({0x801, 3}));
  EXPECT_EQ(error_of([&] { read_idx_header(write_file("a", header({0x801, 3, 2, 2})), labels); }),
            dir.file(GetParam() ? "a.gz" : "a") + ": not an IDX image file (magic 0x00000801, expected 0x00000803)");
  EXPECT_EQ(error_of([&] { read_idx_header(write_file("b", header({0x803, 3, 0, 2})), labels); }),
            dir.file(GetParam() ? "b.gz" : "b") + ": empty images (0x2 pixels)");
  const auto other_count = write_file("c", header({0x803, 4, 2, 2}));
  EXPECT_EQ(error_of([&] { read_idx_header(other_count, labels); }),
            other_count + " holds 4 images but " + labels + " holds 3 labels");
  const auto short_labels = write_file("d", Bytes{0, 0, 8, 1, 0, 0});
  EXPECT_EQ(error_of([&] { read_idx_header(other_count, short_labels); }),
            short_labels + ": not an IDX label file (header too short)");
}

INSTANTIATE_TEST_SUITE_P(PlainAndGzipped, IdxHeaderTest, ::testing::Bool());

TEST(IrisRows, CountsTheSamplesLoadIrisCsvReads) {
  TempDir dir;
  const auto path = dir.file("iris.csv");
  std::ofstream(path) << "sepal_length,sepal_width,petal_length,petal_width,species\n"
                         "5.1,3.5,1.4,0.2,setosa\n\n6.0,2.2,5.0,1.5,virginica\n  \n5.5,2.4,3.7,1.0,1\n";
  EXPECT_EQ(count_iris_rows(path), 3);
  EXPECT_EQ(count_iris_rows(path), load_iris_csv(path).size());
  EXPECT_EQ(count_iris_rows(default_iris_path()), 150);
  std::ofstream(path) << "sepal_length,sepal_width,petal_length,petal_width,species\n";
  EXPECT_EQ(error_of([&] { count_iris_rows(path); }), path + ": no samples");
}

}  // namespace
}  // namespace ssim::data
