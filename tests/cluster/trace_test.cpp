// The trace's record: what it keeps, what it counts past its cap, and how a read message finds its
// receiver.
#include "cluster/trace.hpp"
#include <gtest/gtest.h>
#include <typeinfo>

using namespace ssim;

namespace {

TEST(Trace, KeepsTheFirstEventsUpToItsCapAndCountsTheRest) {
  cluster::Trace trace(3);
  const int a = 0, b = 0;
  trace.computed("h0", 0, 1, 100, 1);
  trace.sent(&a, "Gradient", "h0", "h1", "server", 8, 1);
  trace.computed("h1", 1, 3, 200, 2);
  trace.computed("h1", 3, 4, 100, 1);              // the fourth event: over the cap
  trace.sent(&b, "Gradient", "h1", "h0", "w", 8, 4);  // and the fifth
  trace.received(&b, "h0", 5);                     // a message the trace never kept is ignored
  EXPECT_EQ(trace.computations().size(), 2u);
  EXPECT_EQ(trace.messages().size(), 1u);
  EXPECT_EQ(trace.left_out(), 2u);
  EXPECT_EQ(trace.computations()[1].slowdown, 2);
  EXPECT_EQ(trace.messages()[0].received_s, -1) << "sent but not yet read";
}

TEST(Trace, AReadMessageTakesItsReceiverAndTime) {
  cluster::Trace trace(10);
  const int first = 0;
  trace.sent(&first, "Parameters", "server", "", "anyone", 40, 0.5);  // an inbox nobody owns yet
  EXPECT_EQ(trace.messages()[0].to, -1);
  trace.received(&first, "worker-2", 0.75);
  const auto& m = trace.messages()[0];
  EXPECT_EQ(trace.hosts()[m.from], "server");
  EXPECT_EQ(trace.hosts()[m.to], "worker-2");
  EXPECT_EQ(m.received_s, 0.75);
  // The same address sent again (a freed message's memory reused) is a new message.
  trace.sent(&first, "Parameters", "server", "worker-2", "w2", 40, 1);
  trace.received(&first, "worker-2", 1.25);
  ASSERT_EQ(trace.messages().size(), 2u);
  EXPECT_EQ(trace.messages()[0].received_s, 0.75);
  EXPECT_EQ(trace.messages()[1].received_s, 1.25);
}

TEST(Trace, AMessageLostOnSendingIsKeptUnreadAndItsAddressFreeForTheNext) {
  cluster::Trace trace(10);
  const int reused = 0;
  trace.sent(nullptr, "Request", "server", "worker-1", "w1", 16, 0.5);  // to a failed host
  trace.sent(&reused, "Request", "server", "worker-2", "w2", 16, 0.5);
  trace.received(&reused, "worker-2", 0.75);
  ASSERT_EQ(trace.messages().size(), 2u);
  EXPECT_EQ(trace.messages()[0].received_s, -1);
  EXPECT_EQ(trace.messages()[1].received_s, 0.75);
}

TEST(Trace, NamesATypeByItsLastName) {
  EXPECT_EQ(cluster::type_name(typeid(cluster::Trace::Message).name()), "Message");
  EXPECT_EQ(cluster::type_name("not a mangled name"), "not a mangled name");
}

}  // namespace
