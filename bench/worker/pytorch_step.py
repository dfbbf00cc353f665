#!/usr/bin/env python3
"""PyTorch-eager reference for bench/worker/throughput.sh.

The same slimmable fmnist-small supernet and the same sandwich step as the worker's DJL loop
(dev.slimfit.worker.search.train), written independently with torch.nn.functional:

  max configuration, hard-label cross-entropy, backward;
  min configuration and 2 sampled configurations, soft cross-entropy against the max's detached
  softmax (in-place distillation), each with its own backward, plus each one's hard-label
  cross-entropy (the unary evidence); all step losses fetched to the host once;
  SGD with momentum 0.9 and weight decay.

Sampled configurations follow a fixed formula shared with the Java side (choice index of layer i at
step s, sample j: (7 s + 13 j + 3 i + 1) mod choices), so both sides run identical shapes.

Modes: "sandwich" (the above) and "max" (max configuration only: cross-entropy, backward, SGD step).
Prints one line: "pytorch <mode> batch=<b> threads=<t> warmup=<w> steps=<n> median_ms=<m> mean_ms=<a> p10_ms=<p>
p90_ms=<q> faults_per_step=<minor page faults per timed step> torch=<version>".
"""
import argparse
import gzip
import os
import resource
import statistics
import time

import numpy as np
import torch
import torch.nn.functional as F

# fmnist-small (search-core BuiltInSpaces.fmnistSmall): a 3x3 conv then 4 depthwise-separable 3x3 blocks.
CHOICES = [
    [4, 8, 12, 16, 20, 24],
    [8, 16, 24, 32, 40, 48],
    [16, 32, 48, 64, 80, 96],
    [16, 32, 48, 64, 80, 96],
    [32, 64, 96, 128, 160, 192],
]
STRIDES = [2, 1, 2, 1, 2]
CLASSES = 10
MEAN, STD = 0.2860, 0.3530


class SlimSupernet:
    """Every layer allocated at its widest; a configuration runs leading-channel slices (views)."""

    def __init__(self):
        torch.manual_seed(1)
        self.layers = []
        widest_in = 1
        for i, choices in enumerate(CHOICES):
            widest = choices[-1]
            if i == 0:
                conv = self._weight(widest, widest_in, 3)
                self.layers.append({"conv": conv, "bn": self._bn(widest)})
            else:
                self.layers.append({
                    "dw": self._weight(widest_in, 1, 3), "dw_bn": self._bn(widest_in),
                    "pw": self._weight(widest, widest_in, 1), "pw_bn": self._bn(widest),
                })
            widest_in = widest
        self.fc_w = torch.empty(CLASSES, widest_in)
        torch.nn.init.xavier_uniform_(self.fc_w)
        self.fc_w.requires_grad_()
        self.fc_b = torch.zeros(CLASSES, requires_grad=True)

    @staticmethod
    def _weight(out_c, in_c, k):
        w = torch.empty(out_c, in_c, k, k)
        torch.nn.init.xavier_uniform_(w)
        return w.requires_grad_()

    @staticmethod
    def _bn(c):
        return {"gamma": torch.ones(c, requires_grad=True), "beta": torch.zeros(c, requires_grad=True),
                "mean": torch.zeros(c), "var": torch.ones(c)}

    def parameters(self):
        params = []
        for layer in self.layers:
            for key, value in layer.items():
                if isinstance(value, dict):
                    params += [value["gamma"], value["beta"]]
                else:
                    params.append(value)
        return params + [self.fc_w, self.fc_b]

    @staticmethod
    def _bn_relu(x, bn, c):
        y = F.batch_norm(x, bn["mean"][:c], bn["var"][:c], bn["gamma"][:c], bn["beta"][:c], True, 0.1, 1e-5)
        return F.relu(y)

    def forward(self, x, widths):
        c_in = 1
        for i, (layer, c) in enumerate(zip(self.layers, widths)):
            s = STRIDES[i]
            if i == 0:
                x = F.conv2d(x, layer["conv"][:c, :c_in], None, s, 1)
                x = self._bn_relu(x, layer["bn"], c)
            else:
                x = F.conv2d(x, layer["dw"][:c_in], None, s, 1, 1, c_in)
                x = self._bn_relu(x, layer["dw_bn"], c_in)
                x = F.conv2d(x, layer["pw"][:c, :c_in], None, 1, 0)
                x = self._bn_relu(x, layer["pw_bn"], c)
            c_in = c
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        return F.linear(x, self.fc_w[:, :c_in], self.fc_b)


def sampled_widths(step, sample):
    return [choices[(7 * step + 13 * sample + 3 * i + 1) % len(choices)] for i, choices in enumerate(CHOICES)]


def load_batches(directory, batch, count):
    with gzip.open(os.path.join(directory, "train-images-idx3-ubyte.gz")) as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28)
    with gzip.open(os.path.join(directory, "train-labels-idx1-ubyte.gz")) as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)
    n = batch * count
    x = (torch.from_numpy(images[:n].astype(np.float32)) / 255.0 - MEAN) / STD
    y = torch.from_numpy(labels[:n].astype(np.int64))
    return [(x[k * batch:(k + 1) * batch], y[k * batch:(k + 1) * batch]) for k in range(count)]


def sandwich_step(net, optimizer, x, y, step, samples):
    largest = [c[-1] for c in CHOICES]
    smallest = [c[0] for c in CHOICES]
    logits = net.forward(x, largest)
    loss_max = F.cross_entropy(logits, y)
    loss_max.backward()
    teacher = F.softmax(logits.detach(), dim=1)
    losses = [loss_max.detach()]
    configs = [smallest] + [sampled_widths(step, j) for j in range(samples)]
    for k, widths in enumerate(configs):
        student = F.log_softmax(net.forward(x, widths), dim=1)
        distill = -(teacher * student).sum(dim=1).mean()
        distill.backward()
        losses.append(distill.detach())
        if k > 0:
            losses.append(F.nll_loss(student.detach(), y))
    optimizer.step()
    optimizer.zero_grad()
    return torch.stack(losses).tolist()


def max_step(net, optimizer, x, y):
    loss = F.cross_entropy(net.forward(x, [c[-1] for c in CHOICES]), y)
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()
    return loss.item()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["sandwich", "max"], default="sandwich")
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--samples", type=int, default=2)
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    net = SlimSupernet()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-5)
    batches = load_batches(args.data, args.batch, 16)
    times_ms = []
    faults_before = 0
    for step in range(args.warmup + args.steps):
        if step == args.warmup:
            faults_before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        x, y = batches[step % len(batches)]
        start = time.perf_counter()
        if args.mode == "sandwich":
            sandwich_step(net, optimizer, x, y, step, args.samples)
        else:
            max_step(net, optimizer, x, y)
        elapsed = (time.perf_counter() - start) * 1000
        if step >= args.warmup:
            times_ms.append(elapsed)
    faults = (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults_before) / args.steps
    times_ms.sort()
    p10 = times_ms[int(0.1 * (len(times_ms) - 1))]
    p90 = times_ms[int(0.9 * (len(times_ms) - 1))]
    print(f"pytorch {args.mode} batch={args.batch} threads={torch.get_num_threads()} warmup={args.warmup} "
          f"steps={args.steps} median_ms={statistics.median(times_ms):.3f} mean_ms={statistics.mean(times_ms):.3f} "
          f"p10_ms={p10:.3f} p90_ms={p90:.3f} faults_per_step={faults:.0f} torch={torch.__version__}")


if __name__ == "__main__":
    main()
