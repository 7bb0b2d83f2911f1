// The cache of decoded data files: what it writes, when it is used, and that a damaged, foreign
// or unwritable cache never changes what is loaded.
#include "data/idx_cache.hpp"
#include "data/loaders.hpp"
#include "idx_files.hpp"
#include "temp_dir.hpp"
#include <fcntl.h>
#include <gtest/gtest.h>
#include <zlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <optional>

namespace ssim::data {
namespace {

namespace fs = std::filesystem;

// Four 8x8 images holding every byte value once each, and their labels.
Bytes every_byte_once() {
  Bytes pixels(256);
  for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<unsigned char>(i * 167 % 256);
  return pixels;
}
const Bytes kPixels = every_byte_once();
const Bytes kLabels = {4, 1, 7, 2};
const Bytes kImageFile = image_file(4, 8, 8, kPixels);
const Bytes kLabelFile = label_file(4, kLabels);

Bytes read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

void expect_identical(const Dataset& a, const Dataset& b) {
  ASSERT_EQ(a.features.rows(), b.features.rows());
  ASSERT_EQ(a.features.cols(), b.features.cols());
  EXPECT_EQ(std::memcmp(a.features.data(), b.features.data(), sizeof(float) * a.features.size()), 0);
  EXPECT_EQ(a.labels, b.labels);
  EXPECT_EQ(a.shape, b.shape);
  EXPECT_EQ(a.num_classes, b.num_classes);
}

// Every test has its own cache directory (not yet created) and restores the setting it found.
class IdxCache : public ::testing::Test {
 protected:
  IdxCache() : cache(cache_root.path() / "cache") {
    if (const char* previous = std::getenv(kVariable)) previous_ = previous;
    use_cache_dir(cache.string());
    write(images, kImageFile, true);
    write(labels, kLabelFile, true);
  }
  ~IdxCache() override {
    if (previous_) setenv(kVariable, previous_->c_str(), 1);
    else unsetenv(kVariable);
  }

  static void use_cache_dir(const std::string& dir) { setenv(kVariable, dir.c_str(), 1); }

  std::vector<std::string> cache_files() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(cache)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  // The cache file `source` is kept in.
  fs::path copy_of(const std::string& source) const {
    const int fd = ::open(source.c_str(), O_RDONLY);
    const auto key = source_key(fd, source);
    ::close(fd);
    return DecodedCache(cache).file_for(key);
  }

  Dataset load() const { return load_idx(images, labels); }

  static constexpr const char* kVariable = "STRAGGLESIM_CACHE_DIR";
  TempDir data_dir, cache_root;
  fs::path cache;
  std::string images = data_dir.file("images.gz"), labels = data_dir.file("labels.gz");

 private:
  std::optional<std::string> previous_;
};

TEST_F(IdxCache, MissWritesTheDecodedFilesAndHitLoadsTheSameBits) {
  const Dataset first = load();
  // One cache file per source, holding its decompressed content after a header.
  ASSERT_EQ(cache_files().size(), 2u);
  const Bytes image_copy = read_bytes(copy_of(images));
  ASSERT_GT(image_copy.size(), kImageFile.size());
  EXPECT_TRUE(std::equal(kImageFile.begin(), kImageFile.end(), image_copy.end() - kImageFile.size()));
  const Bytes label_copy = read_bytes(copy_of(labels));
  EXPECT_TRUE(std::equal(kLabelFile.begin(), kLabelFile.end(), label_copy.end() - kLabelFile.size()));

  struct stat before {};
  ASSERT_EQ(::stat(copy_of(images).c_str(), &before), 0);
  const Dataset second = load();
  struct stat after {};
  ASSERT_EQ(::stat(copy_of(images).c_str(), &after), 0);
  EXPECT_EQ(after.st_ino, before.st_ino);  // read, not written again
  expect_identical(first, second);

  // The values themselves, and the same bits as from uncompressed files, which are never cached.
  for (std::size_t i = 0; i < kPixels.size(); ++i)
    EXPECT_EQ(second.features(static_cast<Eigen::Index>(i % 64), static_cast<Eigen::Index>(i / 64)),
              static_cast<float>(kPixels[i]) / 255.0f);
  EXPECT_EQ(second.labels, (nn::Labels(4) << 4, 1, 7, 2).finished());
  write(data_dir.file("images"), kImageFile, false);
  write(data_dir.file("labels"), kLabelFile, false);
  expect_identical(load_idx(data_dir.file("images"), data_dir.file("labels")), second);
  EXPECT_EQ(cache_files().size(), 2u);
}

// Gzipped without compression ("stored"), so that the file's size is the content's plus a constant.
void write_stored(const std::string& path, const Bytes& bytes) {
  gzFile file = gzopen(path.c_str(), "wb0");
  ASSERT_NE(file, nullptr) << path;
  ASSERT_EQ(gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size())), static_cast<int>(bytes.size()));
  ASSERT_EQ(gzclose(file), Z_OK);
}

TEST_F(IdxCache, TheKeyIsTheSourcesPathSizeAndModificationTime) {
  write_stored(labels, kLabelFile);
  const auto written_at = fs::last_write_time(labels);
  load();
  // Other labels of the same size with the same time: taken for the same file, so the copy is used.
  write_stored(labels, label_file(4, {7, 2, 4, 1}));
  fs::last_write_time(labels, written_at);
  EXPECT_EQ(load().labels, (nn::Labels(4) << 4, 1, 7, 2).finished());

  // A nanosecond later: decoded again.
  fs::last_write_time(labels, written_at + std::chrono::nanoseconds(1));
  EXPECT_EQ(load().labels, (nn::Labels(4) << 7, 2, 4, 1).finished());
  EXPECT_EQ(cache_files().size(), 3u);

  // Another size with the first time: decoded again too.
  write(images, image_file(3, 8, 8, Bytes(kPixels.begin(), kPixels.begin() + 192)), true);
  write_stored(labels, label_file(3, {5, 6, 8}));
  fs::last_write_time(labels, written_at);
  const Dataset three = load();
  EXPECT_EQ(three.size(), 3);
  EXPECT_EQ(three.labels, (nn::Labels(3) << 5, 6, 8).finished());
  EXPECT_EQ(cache_files().size(), 5u);
}

TEST_F(IdxCache, DamagedOrForeignCopiesAreIgnoredAndReplaced) {
  const Dataset expected = load();
  const fs::path copy = copy_of(images);
  const Bytes whole = read_bytes(copy);
  const auto replace_copy = [&](const Bytes& content) {
    std::ofstream(copy, std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(content.data()), static_cast<std::streamsize>(content.size()));
  };

  Bytes flipped = whole;
  flipped[flipped.size() - 100] ^= 0x40;  // a pixel
  Bytes foreign = read_bytes(copy_of(labels));  // a whole copy, of the labels
  for (const Bytes& damaged : {flipped, Bytes(whole.begin(), whole.end() - 1), foreign}) {
    replace_copy(damaged);
    expect_identical(load(), expected);
    EXPECT_EQ(read_bytes(copy), whole);
  }
  EXPECT_EQ(cache_files().size(), 2u);
}

TEST_F(IdxCache, AFileThatIsNotACopyIsLeftAsItIs) {
  fs::create_directories(cache);
  const fs::path copy = copy_of(images);
  std::ofstream(copy) << "not a copy of ours\n";
  testing::internal::CaptureStderr();
  const Dataset loaded = load();
  EXPECT_EQ(testing::internal::GetCapturedStderr(),
            "warning: " + copy.string() +
                " is not a stragglesim cache file, so it is left as it is; reading data without the cache\n");
  EXPECT_EQ(loaded.labels, (nn::Labels(4) << 4, 1, 7, 2).finished());
  EXPECT_EQ(read_bytes(copy), (Bytes{'n', 'o', 't', ' ', 'a', ' ', 'c', 'o', 'p', 'y', ' ', 'o', 'f', ' ', 'o',
                                     'u', 'r', 's', '\n'}));
  EXPECT_EQ(cache_files().size(), 2u);  // and the labels' copy
}

TEST_F(IdxCache, UnusableDirectoryLoadsTheDataWithOneWarning) {
  const Dataset expected = load();
  // A directory that cannot be made, below a file (refused even to root).
  const std::string below_a_file = labels + "/cache";
  use_cache_dir(below_a_file);
  testing::internal::CaptureStderr();
  expect_identical(load(), expected);
  expect_identical(load(), expected);
  EXPECT_EQ(testing::internal::GetCapturedStderr(),
            "warning: cannot create the cache directory " + below_a_file +
                ": Not a directory; reading data without the cache\n");

  // A directory that exists but takes no new file.
  use_cache_dir("/proc");
  testing::internal::CaptureStderr();
  expect_identical(load(), expected);
  const std::string warning = testing::internal::GetCapturedStderr();
  EXPECT_TRUE(warning.starts_with("warning: cannot write in the cache directory /proc: ")) << warning;
  EXPECT_EQ(std::count(warning.begin(), warning.end(), '\n'), 1) << warning;
}

// Runs `work` in `count` child processes released at once; true if each exited with 0.
bool in_processes_at_once(int count, const std::function<bool()>& work) {
  int release[2];
  if (::pipe(release) != 0) return false;
  std::vector<pid_t> children;
  for (int i = 0; i < count; ++i) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::close(release[1]);
      char byte;
      const bool released = ::read(release[0], &byte, 1) == 0;  // the parent closed its end
      ::_exit(released && work() ? 0 : 1);
    }
    children.push_back(pid);
  }
  ::close(release[0]);
  ::close(release[1]);
  bool all_succeeded = true;
  for (const pid_t child : children) {
    int status = 0;
    all_succeeded &= ::waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  return all_succeeded;
}

TEST_F(IdxCache, ProcessesLoadingAtOnceAllGetTheDataAndLeaveOneCopyEach) {
  write(data_dir.file("images"), kImageFile, false);
  write(data_dir.file("labels"), kLabelFile, false);
  const Dataset expected = load_idx(data_dir.file("images"), data_dir.file("labels"));
  EXPECT_TRUE(in_processes_at_once(4, [&] {
    const Dataset loaded = load();
    return loaded.labels == expected.labels && loaded.features == expected.features;
  }));
  EXPECT_EQ(cache_files().size(), 2u);  // no temporary file left behind
  EXPECT_EQ(read_bytes(copy_of(images)).size() - kImageFile.size(),
            read_bytes(copy_of(labels)).size() - kLabelFile.size());  // the same header, whole
}

TEST_F(IdxCache, AReaderNeverSeesAHalfWrittenCopy) {
  // Two processes store a 4 MB copy over and over while this one reads whatever is there.
  const DecodedCache decoded(cache);
  const SourceKey key{"/data/source.gz", 123, 456};
  Bytes content(4 << 20);
  for (std::size_t i = 0; i < content.size(); ++i) content[i] = static_cast<unsigned char>(i * 31 / 7);
  fs::create_directories(cache);
  const fs::path target = decoded.file_for(key);

  int done[2];
  ASSERT_EQ(::pipe(done), 0);
  const pid_t watcher = ::fork();
  if (watcher == 0) {  // reads until the writers are done, and counts what it saw
    ::close(done[1]);
    ::fcntl(done[0], F_SETFL, O_NONBLOCK);
    long whole = 0, partial = 0;
    for (bool writing = true; writing;) {
      char byte;
      writing = ::read(done[0], &byte, 1) != 0;  // one look more once they are done
      const Bytes seen = read_bytes(target);
      if (seen.empty()) continue;  // none yet
      (seen.size() > content.size() && std::equal(content.begin(), content.end(), seen.end() - content.size())
           ? whole
           : partial)++;
    }
    ::_exit(partial == 0 && whole > 0 ? 0 : 1);
  }
  ::close(done[0]);
  EXPECT_TRUE(in_processes_at_once(2, [&] {
    for (int i = 0; i < 40; ++i) decoded.store(key, content);
    return true;
  }));
  ::close(done[1]);
  int status = 0;
  ASSERT_EQ(::waitpid(watcher, &status, 0), watcher);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the reader saw a partial copy, or none";

  EXPECT_EQ(cache_files(), std::vector<std::string>{target.filename().string()});
  const auto copy = decoded.find(key);
  ASSERT_TRUE(copy);
  EXPECT_TRUE(std::equal(content.begin(), content.end(), copy->content.begin(), copy->content.end()));
}

}  // namespace
}  // namespace ssim::data
