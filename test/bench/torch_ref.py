"""PyTorch reference of the same GPT and optimizer, for `npm run bench:train`.

Same architecture as src/core/model/gpt.ts (token + learned position embeddings, pre-LayerNorm
blocks, causal multi-head attention, tanh-GELU MLP, final LayerNorm, tied head), the same masked
loss, global-norm clipping and AdamW (decay on rank-2 tensors only). Prints one JSON line.

usage: python3 torch_ref.py '{"vocab":64,"d":128,"layers":2,"heads":4,"ff":512,"B":32,"T":64,
                              "steps":3,"seconds":5,"warmup":2,"threads":2,"dropout":0.1,
                              "tied":false,"lr":1e-3}'
It also reports which BLAS library the process mapped (the tuned run must map the OpenMP
OpenBLAS) and the ATen CPU capability in use, so the bench can say what it compared against.
"""
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, d, heads, ff, p):
        super().__init__()
        self.heads, self.p = heads, p
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv, self.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.fc, self.fc_proj = nn.Linear(d, ff), nn.Linear(ff, d)

    def forward(self, x, mask):
        B, T, d = x.shape
        H = self.heads
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=2)
        q, k, v = (t.view(B, T, H, d // H).transpose(1, 2) for t in (q, k, v))  # [B, H, T, dh]
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(d // H)) + mask
        y = (att.softmax(-1) @ v).transpose(1, 2).reshape(B, T, d)
        x = x + F.dropout(self.proj(y), self.p, self.training)
        h = F.gelu(self.fc(self.ln2(x)), approximate="tanh")
        return x + F.dropout(self.fc_proj(h), self.p, self.training)


class GPT(nn.Module):
    def __init__(self, V, T, d, layers, heads, ff, p, tied):
        super().__init__()
        self.wte, self.wpe = nn.Embedding(V, d), nn.Embedding(T, d)
        self.head = None if tied else nn.Linear(d, V, bias=False)
        self.blocks = nn.ModuleList(Block(d, heads, ff, p) for _ in range(layers))
        self.lnf, self.p = nn.LayerNorm(d), p
        self.register_buffer("mask", torch.full((T, T), -1e9).triu(1))

    def forward(self, idx):
        T = idx.shape[1]
        x = F.dropout(self.wte(idx) + self.wpe.weight[:T], self.p, self.training)
        for b in self.blocks:
            x = b(x, self.mask[:T, :T])
        h = self.lnf(x)
        return h @ self.wte.weight.t() if self.head is None else self.head(h)


def cpu_capability():
    """ATen's kernel level ("AVX512", "AVX2", ...); torch 1.13 only states it in its config text."""
    for line in torch.__config__.show().splitlines():
        if "CPU capability usage" in line:
            return line.split(":")[-1].strip()
    return "unknown"


def main():
    a = json.loads(sys.argv[1])
    torch.set_num_threads(a["threads"])
    torch.manual_seed(0)
    B, T, V = a["B"], a["T"], a["vocab"]
    model = GPT(V, T, a["d"], a["layers"], a["heads"], a["ff"], a["dropout"], a.get("tied", True))
    decay = [p for p in model.parameters() if p.dim() == 2]
    no_decay = [p for p in model.parameters() if p.dim() != 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=a.get("lr", 3e-3), betas=(0.9, 0.95), eps=1e-8)
    tokens = torch.randint(0, V, (B, T))
    targets = torch.randint(0, V, (B, T))
    mask = torch.ones(B, T)

    def step():
        logits = model(tokens)
        nll = F.cross_entropy(logits.view(-1, V), targets.view(-1), reduction="none")
        loss = (nll * mask.view(-1)).sum() / mask.sum().clamp(min=1)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        return loss.item()

    for _ in range(a["warmup"]):
        step()
    # Run at least `steps` steps and at least `seconds` seconds.
    t0 = time.perf_counter()
    times = []
    while len(times) < a["steps"] or time.perf_counter() - t0 < a.get("seconds", 0):
        t = time.perf_counter()
        step()
        times.append(time.perf_counter() - t)
    times.sort()
    steps, dt = len(times), sum(times)
    params = sum(p.numel() for p in model.parameters())
    blas = sorted({line.split()[-1] for line in open("/proc/self/maps") if "blas" in line.lower() and ".so" in line})
    print(json.dumps({"blas": blas, "cpu_capability": cpu_capability(),
                      "tokens_per_s": steps * B * T / dt, "ms_per_step": 1000 * dt / steps,
                      "best_ms": 1000 * times[0], "median_ms": 1000 * times[len(times) // 2], "params": params,
                      "torch": torch.__version__, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
