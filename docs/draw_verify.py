#!/usr/bin/env python3
"""Recompute an archgov verifiable draw (archgov-draw-v1) without archgov's code.

Usage: python3 draw_verify.py < draw.json
where draw.json is a draw as archgov publishes it:
  {"version": "archgov-draw-v1", "commitment": "<hex>", "candidates": [...],
   "count": N, "seed": "<hex>", "result": [...]}
Needs Python 3 with an OpenSSL that has SM3 (hashlib.new("sm3")).

The algorithm (internal/draw): commitment = SM3(version ‖ seed); the candidates sorted
bytewise; a partial Fisher–Yates shuffle whose random numbers are SM3(version ‖ seed ‖
counter as 8 bytes big-endian), read 8 bytes at a time as big-endian integers, a value
below 2^64 mod n drawn again.
"""
import hashlib, json, struct, sys

VERSION = b"archgov-draw-v1"


def stream(seed):
    counter = 0
    while True:
        block = hashlib.new("sm3", VERSION + seed + struct.pack(">Q", counter)).digest()
        counter += 1
        for i in range(0, 32, 8):
            yield struct.unpack(">Q", block[i:i + 8])[0]


def below(s, n):
    if n <= 1:
        return 0
    limit = (2 ** 64) % n
    while True:
        v = next(s)
        if v >= limit:
            return v % n


def pick(seed, candidates, count):
    pool = sorted(candidates, key=lambda c: c.encode())
    s = stream(seed)
    for i in range(count):
        j = i + below(s, len(pool) - i)
        pool[i], pool[j] = pool[j], pool[i]
    return pool[:count]


def main():
    d = json.load(sys.stdin)
    seed = bytes.fromhex(d["seed"])
    ok = True
    if hashlib.new("sm3", VERSION + seed).hexdigest() != d["commitment"]:
        print("the seed does not match the commitment")
        ok = False
    result = pick(seed, d["candidates"], d["count"])
    if result != d["result"]:
        print("recomputed result", result, "differs from the published", d["result"])
        ok = False
    print("verified" if ok else "NOT verified")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
