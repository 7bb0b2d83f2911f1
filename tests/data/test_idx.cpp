#include "data/loaders.hpp"
#include "idx_files.hpp"
#include "temp_dir.hpp"
#include <gtest/gtest.h>
#include <fstream>
#include <stdexcept>

namespace ssim::data {
namespace {

// Three 2x2 images whose pixels encode their position, and their labels.
const Bytes kPixels = {0, 255, 51, 102,  //
                       10, 20, 30, 40,   //
                       255, 0, 0, 51};
const Bytes kLabels = {3, 0, 9};

std::string error_of(const auto& load) {
  try {
    load();
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "no error";
}

class IdxTest : public ::testing::TestWithParam<bool> {
 protected:
  bool gzipped() const { return GetParam(); }
  std::string write_images(const Bytes& bytes) {
    const auto path = dir.file(gzipped() ? "images.gz" : "images");
    write(path, bytes, gzipped());
    return path;
  }
  std::string write_labels(const Bytes& bytes) {
    const auto path = dir.file(gzipped() ? "labels.gz" : "labels");
    write(path, bytes, gzipped());
    return path;
  }
  TempDir dir;
};

TEST_P(IdxTest, ReadsPixelsAndLabelsExactly) {
  const auto images = write_images(image_file(3, 2, 2, kPixels));
  const auto labels = write_labels(label_file(3, kLabels));
  const Dataset data = load_idx(images, labels);
  ASSERT_EQ(data.size(), 3);
  ASSERT_EQ(data.feature_count(), 4);
  EXPECT_EQ(data.num_classes, 10);
  EXPECT_EQ(data.shape, (nn::Shape{1, 2, 2}));
  EXPECT_EQ(data.name, images);
  // Each image, read row by row, is one column.
  EXPECT_EQ(data.features(0, 0), 0.0f);
  EXPECT_EQ(data.features(1, 0), 1.0f);
  EXPECT_EQ(data.features(2, 0), 0.2f);
  EXPECT_EQ(data.features(3, 0), 0.4f);
  EXPECT_EQ(data.features(0, 1), 10.0f / 255.0f);
  EXPECT_EQ(data.features(3, 2), 0.2f);
  EXPECT_EQ(data.labels, (nn::Labels(3) << 3, 0, 9).finished());
}

TEST_P(IdxTest, SampleShapeIsOneChannelOfRowsByColumns) {
  // The same twelve pixels as two images of 2 rows and 3 columns.
  const auto images = write_images(image_file(2, 2, 3, kPixels));
  const auto labels = write_labels(label_file(2, {1, 2}));
  const Dataset data = load_idx(images, labels);
  EXPECT_EQ(data.shape, (nn::Shape{1, 2, 3}));
  EXPECT_EQ(data.feature_count(), 6);
}

TEST_P(IdxTest, LimitReadsTheFirstSamples) {
  const auto images = write_images(image_file(3, 2, 2, kPixels));
  const auto labels = write_labels(label_file(3, kLabels));
  const Dataset two = load_idx(images, labels, 2);
  ASSERT_EQ(two.size(), 2);
  EXPECT_EQ(two.features(0, 1), 10.0f / 255.0f);
  EXPECT_EQ(two.labels, (nn::Labels(2) << 3, 0).finished());
  EXPECT_EQ(load_idx(images, labels, 100).size(), 3);
}

TEST_P(IdxTest, WrongMagicNamesTheFile) {
  const auto images = write_images(image_file(3, 2, 2, kPixels));
  const auto labels = write_labels(label_file(3, kLabels));
  EXPECT_EQ(error_of([&] { load_idx(labels, labels); }),
            labels + ": not an IDX image file (magic 0x00000801, expected 0x00000803)");
  EXPECT_EQ(error_of([&] { load_idx(images, images); }),
            images + ": not an IDX label file (magic 0x00000803, expected 0x00000801)");
}

TEST_P(IdxTest, TruncatedImagesNameTheFile) {
  const Bytes two_and_a_half(kPixels.begin(), kPixels.end() - 2);
  const auto images = write_images(image_file(3, 2, 2, two_and_a_half));
  const auto labels = write_labels(label_file(3, kLabels));
  EXPECT_EQ(error_of([&] { load_idx(images, labels); }), images + ": truncated after 2 of 3 images");
  EXPECT_EQ(load_idx(images, labels, 2).size(), 2);
}

TEST_P(IdxTest, TruncatedLabelsNameTheFile) {
  const auto images = write_images(image_file(3, 2, 2, kPixels));
  const auto labels = write_labels(label_file(3, {3}));
  EXPECT_EQ(error_of([&] { load_idx(images, labels); }), labels + ": truncated after 1 of 3 labels");
}

TEST_P(IdxTest, TruncatedHeaderNamesTheFile) {
  const auto images = write_images(Bytes{0, 0, 8, 3, 0});
  const auto labels = write_labels(label_file(3, kLabels));
  EXPECT_EQ(error_of([&] { load_idx(images, labels); }), images + ": not an IDX image file (header too short)");
}

TEST_P(IdxTest, CountMismatchNamesBothFiles) {
  const auto images = write_images(image_file(3, 2, 2, kPixels));
  const auto labels = write_labels(label_file(2, {3, 0}));
  EXPECT_EQ(error_of([&] { load_idx(images, labels); }),
            images + " holds 3 images but " + labels + " holds 2 labels");
}

TEST_P(IdxTest, LargerLabelsRaiseTheClassCount) {
  const auto images = write_images(image_file(3, 2, 2, kPixels));
  const auto labels = write_labels(label_file(3, {3, 25, 9}));
  EXPECT_EQ(load_idx(images, labels).num_classes, 26);
}

INSTANTIATE_TEST_SUITE_P(PlainAndGzipped, IdxTest, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "gzipped" : "plain"; });

TEST(Idx, MissingFileNamesIt) {
  TempDir dir;
  const auto labels = dir.file("labels");
  write(labels, label_file(3, kLabels), false);
  const auto missing = dir.file("no-such-images");
  EXPECT_EQ(error_of([&] { load_idx(missing, labels); }), missing + ": cannot open");
}

TEST(Idx, CorruptGzipDataNamesTheFile) {
  TempDir dir;
  const auto images = dir.file("images.gz");
  const auto labels = dir.file("labels");
  write(images, image_file(3, 2, 2, kPixels), true);
  write(labels, label_file(3, kLabels), false);
  {
    std::fstream file(images, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(12);  // inside the deflate stream, past gzip's 10-byte header
    file.write("\xff\xff\xff\xff", 4);
  }
  // zlib's own wording of the damage follows.
  const std::string error = error_of([&] { load_idx(images, labels); });
  EXPECT_TRUE(error.starts_with(images + ": read error: ")) << error;
}

TEST(Idx, DirectoryNamesIt) {
  TempDir dir;
  const auto labels = dir.file("labels");
  write(labels, label_file(3, kLabels), false);
  EXPECT_EQ(error_of([&] { load_idx(dir.path().string(), labels); }),
            dir.path().string() + ": read error: Is a directory");
}

TEST(MnistDir, ReadsTrainAndTestPreferringGzip) {
  TempDir dir;
  write(dir.file("train-images-idx3-ubyte.gz"), image_file(3, 2, 2, kPixels), true);
  write(dir.file("train-labels-idx1-ubyte.gz"), label_file(3, kLabels), true);
  write(dir.file("train-labels-idx1-ubyte"), label_file(3, {1, 1, 1}), false);
  write(dir.file("t10k-images-idx3-ubyte"), image_file(1, 2, 2, {1, 2, 3, 4}), false);
  write(dir.file("t10k-labels-idx1-ubyte"), label_file(1, {7}), false);

  const Dataset train = load_mnist_dir(dir.path().string(), true);
  EXPECT_EQ(train.labels, (nn::Labels(3) << 3, 0, 9).finished());
  EXPECT_EQ(train.name, dir.path().filename().string() + "/train");
  const Dataset test = load_mnist_dir(dir.path().string() + "/", false, 5);
  EXPECT_EQ(test.size(), 1);
  EXPECT_EQ(test.labels(0), 7);
  EXPECT_EQ(test.name, dir.path().filename().string() + "/test");
}

TEST(MnistDir, MissingFileNamesDirectoryAndFile) {
  TempDir dir;
  write(dir.file("t10k-images-idx3-ubyte.gz"), image_file(3, 2, 2, kPixels), true);
  EXPECT_EQ(error_of([&] { load_mnist_dir(dir.path().string(), false); }),
            dir.path().string() + ": no t10k-labels-idx1-ubyte or t10k-labels-idx1-ubyte.gz");
  EXPECT_EQ(error_of([&] { load_mnist_dir(dir.path().string(), true); }),
            dir.path().string() + ": no train-images-idx3-ubyte or train-images-idx3-ubyte.gz");
}

}  // namespace
}  // namespace ssim::data
