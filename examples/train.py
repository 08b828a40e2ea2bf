#!/usr/bin/env python3
"""A small but real PyTorch training: a two-layer network learns y = sin(x0) + x1^2 from synthetic data.

Runs in a few seconds on a CPU; uses CUDA when torch sees a GPU; under torchrun it trains with
DistributedDataParallel on every visible GPU (NCCL), so the same script proves a multi-GPU agent.

Contract with gpu-training (docs/run-manifest.md): everything to keep goes to $GPU_TRAINING_OUTPUT_DIR
(default ./out): the weights (model.pt) and metrics.json with params, final metrics and a per-epoch history.
"""
import argparse
import json
import os
import time

import torch
import torch.nn as nn


def parse_args():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--epochs", type=int, default=int(os.environ.get("EPOCHS", "8")))
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--hidden", type=int, default=64)
    p.add_argument("--samples", type=int, default=8192)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--require-cuda", action="store_true", help="fail instead of training on the CPU")
    return p.parse_args()


def synthetic_data(samples, seed):
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(samples, 2, generator=g) * 4 - 2
    y = torch.sin(x[:, :1]) + x[:, 1:] ** 2
    return x, y


def main():
    args = parse_args()
    distributed = int(os.environ.get("WORLD_SIZE", "1")) > 1
    rank = int(os.environ.get("RANK", "0"))
    if distributed:
        torch.distributed.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
    if torch.cuda.is_available():
        local_rank = int(os.environ.get("LOCAL_RANK", "0"))
        torch.cuda.set_device(local_rank)
        device = torch.device("cuda", local_rank)
    elif args.require_cuda:
        raise SystemExit("CUDA is not available and --require-cuda was given")
    else:
        device = torch.device("cpu")
    world = torch.distributed.get_world_size() if distributed else 1

    torch.manual_seed(args.seed)
    x, y = synthetic_data(args.samples, args.seed)
    x, y = x[rank::world].to(device), y[rank::world].to(device)  # each rank its own shard
    model = nn.Sequential(nn.Linear(2, args.hidden), nn.Tanh(), nn.Linear(args.hidden, 1)).to(device)
    if distributed:
        model = nn.parallel.DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = nn.MSELoss()

    history = []
    started = time.time()
    for epoch in range(args.epochs):
        perm = torch.randperm(x.shape[0], device=device)
        total = 0.0
        for i in range(0, x.shape[0], args.batch_size):
            idx = perm[i:i + args.batch_size]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            total += loss.item() * idx.shape[0]
        epoch_loss = total / x.shape[0]
        history.append({"key": "loss", "value": epoch_loss, "step": epoch, "timestamp": int(time.time() * 1000)})
        if rank == 0:
            print(f"epoch {epoch + 1}/{args.epochs} loss {epoch_loss:.5f} on {device} (world {world})", flush=True)
    seconds = time.time() - started

    if rank == 0:
        out = os.environ.get("GPU_TRAINING_OUTPUT_DIR", "out")
        os.makedirs(out, exist_ok=True)
        net = model.module if distributed else model
        torch.save(net.state_dict(), os.path.join(out, "model.pt"))
        metrics = {
            "params": {"epochs": args.epochs, "batch_size": args.batch_size, "lr": args.lr, "hidden": args.hidden,
                       "samples": args.samples, "seed": args.seed},
            "metrics": {"final_loss": history[-1]["value"], "train_seconds": seconds, "world_size": world},
            "history": history,
            "device": str(device) if device.type == "cpu" else torch.cuda.get_device_name(device),
        }
        with open(os.path.join(out, "metrics.json"), "w") as f:
            json.dump(metrics, f, indent=2)
        print(f"saved {out}/model.pt and {out}/metrics.json (final loss {history[-1]['value']:.5f})", flush=True)
    if distributed:
        torch.distributed.destroy_process_group()


if __name__ == "__main__":
    main()
