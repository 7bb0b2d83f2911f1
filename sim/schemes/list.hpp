// Every scheme a scenario can name, each listed once: SCHEME(name, "what it does, in one line").
// The order is the one messages list them in. A scheme `x` defines, in its own files:
//   - schemes::x_spec (schemes/x_options.cpp), its keys and how they are read and checked, compiled
//     into the scenario library so that loading a scenario checks them (scenario/scheme_catalog.hpp);
//   - schemes::x_scheme (schemes/x.cpp), its roles and its run (schemes/scheme.hpp).
// The scenario catalog and the schemes registry are both made from this list, so a scheme missing
// either half fails to link rather than at run time.
#pragma once

#define STRAGGLESIM_SCHEMES(SCHEME)                                                                    \
  SCHEME(single, "one worker trains alone")                                                            \
  SCHEME(ps_sync, "a parameter server and synchronous workers")                                        \
  SCHEME(downpour, "seed 001's manager and workers, one model average per epoch")                      \
  SCHEME(downpour_async, "Dean et al.'s asynchronous Downpour")                                        \
  SCHEME(ring_allreduce, "peers averaging gradients around a ring")                                    \
  SCHEME(ring_tmp, "seed 004's ring model-parallel pipeline")                                         \
  SCHEME(infer_single, "serving: each request to one worker, round robin or least loaded")             \
  SCHEME(infer_replicated, "serving: each request to several workers, the first answer wins")         \
  SCHEME(infer_partitioned, "serving: seed 000's queries split over nodes, joined by a learned decoder") \
  SCHEME(infer_parity, "serving: k data workers and a parity worker, a missing answer rebuilt from a learned parity") \
  SCHEME(infer_coded, "serving: seed 002's groups of queries coded for N workers, decoded from any R")
