// A trained model saved with a run's results reads back bit for bit, and only into the network
// it was saved from.
#include "report/saved_model.hpp"
#include "nn/network.hpp"
#include "scenario/scenario.hpp"
#include <gtest/gtest.h>
#include <filesystem>
#include <fstream>

namespace ssim::report {
namespace {

namespace fs = std::filesystem;

class SavedModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ssim-saved-model-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

nn::NetworkSpec spec(int hidden) {
  return nn::dense_network({4, hidden, 3}, nn::Activation::relu, nn::Loss::cross_entropy, {nn::Init::Kind::he}, 5);
}

TEST_F(SavedModelTest, ParametersReadBackExactly) {
  const nn::Network network(spec(6));
  write_saved_model(dir_.string(), architecture(network.spec()), network.parameters());
  const nn::Vector read = read_saved_model(dir_.string(), architecture(spec(6)));
  ASSERT_EQ(read.size(), 4 * 6 + 6 + 6 * 3 + 3);
  EXPECT_TRUE((read.array() == network.parameters().array()).all());
}

TEST_F(SavedModelTest, ADifferentNetworkIsRefusedNamingWhatDiffers) {
  const nn::Network network(spec(6));
  write_saved_model(dir_.string(), architecture(network.spec()), network.parameters());
  try {
    read_saved_model(dir_.string(), architecture(spec(7)));
    FAIL() << "a 4-7-3 network read the parameters of a 4-6-3 one";
  } catch (const SavedModelError& error) {
    EXPECT_NE(std::string(error.what()).find("model.json: the saved model has layers"), std::string::npos) << error.what();
  }
}

// A coded model's networks come from its code: the same parameter count under another code would
// put every parameter in another role.
TEST_F(SavedModelTest, ACodedModelIsReadOnlyIntoTheCodeItWasSavedWith) {
  scenario::Model trained;
  trained.input = {1, 4, 4};
  nn::CodedSpec code;
  code.image = trained.input;
  code.classes = 3;
  code.encoder = nn::CodedSpec::Net::mlp;
  trained.coded = code;
  const nn::Vector parameters = nn::Vector::LinSpaced(10, 0, 1);
  write_saved_model(dir_.string(), architecture(trained), parameters);
  EXPECT_TRUE((read_saved_model(dir_.string(), architecture(trained)).array() == parameters.array()).all());
  scenario::Model other = trained;
  other.coded->computation = nn::CodedSpec::Computation::data;
  try {
    read_saved_model(dir_.string(), architecture(other));
    FAIL() << "a data computation read the parameters of a basic one";
  } catch (const SavedModelError& error) {
    EXPECT_NE(std::string(error.what()).find("model.json: the saved model has coded"), std::string::npos) << error.what();
  }
}

TEST_F(SavedModelTest, DamagedParametersAreRefused) {
  const nn::Network network(spec(6));
  write_saved_model(dir_.string(), architecture(network.spec()), network.parameters());
  {
    std::fstream params(dir_ / "model.params", std::ios::in | std::ios::out | std::ios::binary);
    params.seekp(8);
    params.put('\x7f');
  }
  EXPECT_THROW(read_saved_model(dir_.string(), architecture(spec(6))), SavedModelError);
}

}  // namespace
}  // namespace ssim::report
