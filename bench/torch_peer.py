#!/usr/bin/python3
"""Times the models of bench/cnn_train_step.cpp in PyTorch on one thread, as a yardstick.

One step: forward, cross-entropy, backward and an SGD step with momentum 0.9 on a fixed random
batch of 64. Prints samples per second from process (CPU) time, like Google Benchmark, and from
wall time. PyTorch is not a dependency of the project: install it only to run this script
(Debian: python3-torch).
"""
import argparse
import time

import torch
from torch import nn

BATCH = 64


def lenet():
    return nn.Sequential(
        nn.Conv2d(1, 20, 5, padding="same"), nn.LeakyReLU(0.01), nn.MaxPool2d(2),
        nn.Conv2d(20, 20, 5, padding="same"), nn.LeakyReLU(0.01), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(980, 10)), (1, 28, 28), 10


def fashion_node():
    return nn.Sequential(
        nn.Conv2d(1, 32, 5, padding="same"), nn.LeakyReLU(0.01), nn.MaxPool2d(2, ceil_mode=True),
        nn.Conv2d(32, 64, 5, padding="same"), nn.LeakyReLU(0.01), nn.MaxPool2d(2, ceil_mode=True),
        nn.Flatten(), nn.Linear(448, 100)), (1, 3, 28), 100


def keras_mnist():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Dropout(0.25), nn.Flatten(), nn.Linear(9216, 128), nn.ReLU(), nn.Dropout(0.25),
        nn.Linear(128, 10)), (1, 28, 28), 10


def time_model(name, build, seconds):
    torch.manual_seed(1)
    model, shape, classes = build()
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    inputs = torch.rand(BATCH, *shape)
    labels = torch.randint(0, classes, (BATCH,))

    def step():
        optimizer.zero_grad()
        loss_fn(model(inputs), labels).backward()
        optimizer.step()

    for _ in range(5):
        step()
    steps, cpu_start, wall_start = 0, time.process_time(), time.perf_counter()
    while time.process_time() - cpu_start < seconds:
        step()
        steps += 1
    cpu = time.process_time() - cpu_start
    wall = time.perf_counter() - wall_start
    print(f"{name:16s} {steps * BATCH / cpu:10.0f} samples/s (CPU time)  {steps * BATCH / wall:10.0f} samples/s (wall)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="CPU time per model")
    args = parser.parse_args()
    torch.set_num_threads(1)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread, batch {BATCH}")
    for name, build in (("a_lenet", lenet), ("b_fashion_node", fashion_node), ("c_keras_mnist", keras_mnist)):
        time_model(name, build, args.seconds)


if __name__ == "__main__":
    main()
