// Analytic flop counts of the work each piece of the network really does, so the simulator can
// turn a training step into compute time. Conventions:
//  - A multiply-add counts 2 flops; any other arithmetic operation, comparison, max, select, exp,
//    log, sqrt or division counts 1. Copies and index lookups are free.
//  - Work done once per call on scalars (the division that turns a sum into a mean, Adam's bias
//    corrections) is not counted.
//  - Dense, B samples: forward 2*in*out*B (W*X) + out*B (bias).
//    Backward 2*in*out*B (weight gradient) + out*B (bias gradient: a sum over the batch) +
//    2*in*out*B (input gradient) - the input gradient only when asked for: the first layer skips
//    it, since nobody needs the gradient with respect to the data.
//  - Activations, n units, per element of the n*B: ReLU forward 1 (max), backward 1 (select);
//    LeakyReLU forward 2 (scale, select), backward 2 (select, scale); Sigmoid forward 4 (negate,
//    exp, add, reciprocal), backward 3 (1 - a, two products); Tanh forward 1 (tanh, counted like
//    exp), backward 3 (square, 1 - a^2, product). Linear is no layer and costs nothing.
//  - Softmax + cross-entropy, n classes: forward 5 per element (column max, subtract the max, exp,
//    column sum, normalise) + 4 per sample (log of the sum, add the max, subtract the label's
//    logit, accumulate the batch total). Backward 1 per sample (subtract 1 at the label) + 1 per
//    element (scale by 1/B: this is the gradient mean, applied once here so that every parameter
//    gradient comes out as a mean).
//  - MSE against one-hot labels: forward 1 per sample (subtract 1 at the label) + 2 per element
//    (square and accumulate); backward 1 per element (scale by 2/B, the gradient mean included).
//  - Optimizers, n parameters: SGD 2n (p -= lr*g), plus 2n with momentum (v = m*v + g);
//    Adam 12n (m: 3, v: 4, update: sqrt, add epsilon, divide, scale, subtract).
#pragma once
#include "nn/spec.hpp"
#include "nn/tensor.hpp"

namespace ssim::nn {

double dense_forward_flops(Eigen::Index inputs, Eigen::Index outputs, Eigen::Index batch);
double dense_backward_flops(Eigen::Index inputs, Eigen::Index outputs, Eigen::Index batch,
                            bool input_gradient);

double activation_forward_flops(Activation activation, Eigen::Index units, Eigen::Index batch);
double activation_backward_flops(Activation activation, Eigen::Index units, Eigen::Index batch);

double loss_forward_flops(Loss loss, Eigen::Index classes, Eigen::Index batch);
double loss_backward_flops(Loss loss, Eigen::Index classes, Eigen::Index batch);

double sgd_step_flops(Eigen::Index parameter_count, bool momentum);
double adam_step_flops(Eigen::Index parameter_count);

}  // namespace ssim::nn
