#!/usr/bin/env python3
"""Writes the small broken IDX and Iris sets the scenarios beside this script name.

Run it again after changing a case; the files it writes are committed."""
import gzip
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def images(count, rows=28, cols=28, magic=0x803):
    pixels = bytes((i * 37) % 256 for i in range(count * rows * cols))
    return struct.pack(">IIII", magic, count, rows, cols) + pixels


def labels(values, magic=0x801):
    return struct.pack(">II", magic, len(values)) + bytes(values)


def idx_set(case, train_images, train_labels, test_images=None, test_labels=None, gzipped=True):
    folder = os.path.join(HERE, case)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    files = {"train-images-idx3-ubyte": train_images, "train-labels-idx1-ubyte": train_labels,
             "t10k-images-idx3-ubyte": test_images, "t10k-labels-idx1-ubyte": test_labels}
    for name, content in files.items():
        if content is None:
            continue
        if gzipped:
            with open(os.path.join(folder, name + ".gz"), "wb") as out:
                out.write(gzip.compress(content, mtime=0))
        else:
            with open(os.path.join(folder, name), "wb") as out:
                out.write(content)
    return folder


def truncate(folder, name, keep):
    path = os.path.join(folder, name)
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(data[:keep])


def corrupt(folder, name, at):
    path = os.path.join(folder, name)
    with open(path, "rb") as f:
        data = bytearray(f.read())
    for i in range(at, at + 16):
        data[i] ^= 0xFF
    with open(path, "wb") as f:
        f.write(bytes(data))


def good_test():
    return images(2), labels([0, 1])


idx_set("label_out_of_range", images(6), labels([0, 1, 2, 3, 4, 12]), *good_test())
idx_set("images_27x28", images(4, rows=27), labels([0, 1, 2, 3]), *good_test())
idx_set("wrong_magic", images(4), labels([0, 1, 2, 3], magic=0x803), *good_test())
idx_set("count_mismatch", images(4), labels([0, 1, 2]), *good_test())
idx_set("missing_t10k", images(4), labels([0, 1, 2, 3]))
idx_set("empty_test_set", images(4), labels([0, 1, 2, 3]), images(0), labels([]))
idx_set("too_few_for_workers", images(3), labels([0, 1, 2]), *good_test())
idx_set("class_missing", images(10), labels([0, 1, 2, 3, 4, 5, 6, 7, 8, 8]), *good_test())
folder = idx_set("truncated_gzip", images(40), labels([i % 10 for i in range(40)]), *good_test())
truncate(folder, "train-images-idx3-ubyte.gz", 300)
folder = idx_set("corrupt_gzip", images(40), labels([i % 10 for i in range(40)]), *good_test())
corrupt(folder, "train-images-idx3-ubyte.gz", 40)
folder = idx_set("truncated_plain", images(4), labels([0, 1, 2, 3]), *good_test(), gzipped=False)
truncate(folder, "train-images-idx3-ubyte", 16 + 28 * 28 * 3 + 5)

with open(os.path.join(HERE, "iris_bad_species.csv"), "w") as f:
    f.write("sepal_length,sepal_width,petal_length,petal_width,species\n")
    f.write("5.1,3.5,1.4,0.2,setosa\n4.9,3.0,1.4,0.2,rose\n")
with open(os.path.join(HERE, "iris_one_row.csv"), "w") as f:
    f.write("5.1,3.5,1.4,0.2,setosa\n")
