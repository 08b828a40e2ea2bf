#!/usr/bin/env python3
"""The training the abort trials run with the local runtime, where the host has no torch: the same contract
as examples/train.py (weights and metrics.json in $GPU_TRAINING_OUTPUT_DIR), with a few seconds of epochs,
under the GPU lease the engine handed in as CUDA_VISIBLE_DEVICES, and $CHECKPOINT_MIB MiB of weights so that
hashing and storing them takes long enough to be interrupted."""
import json
import os
import time

out = os.environ["GPU_TRAINING_OUTPUT_DIR"]
print("leased CUDA_VISIBLE_DEVICES=" + os.environ.get("CUDA_VISIBLE_DEVICES", "<unset>"), flush=True)
history = []
for epoch in range(6):
    time.sleep(0.4)
    loss = 1.0 / (epoch + 1)
    history.append({"key": "loss", "value": loss, "step": epoch, "timestamp": int(time.time() * 1000)})
    print(f"epoch {epoch + 1}/6 loss {loss:.4f}", flush=True)
with open(os.path.join(out, "model.pt"), "wb") as f:
    f.write(os.urandom(int(os.environ.get("CHECKPOINT_MIB", "32")) * 1024 * 1024))
with open(os.path.join(out, "metrics.json"), "w") as f:
    json.dump({"params": {"epochs": 6}, "metrics": {"final_loss": history[-1]["value"]}, "history": history}, f)
print("checkpoint: done", flush=True)
