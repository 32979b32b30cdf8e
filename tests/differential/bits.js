'use strict';
// Bit-level building blocks for the differential generator (written for tact;
// independent of the IAB libraries): a bit writer, base64url, a seeded PRNG and
// Fibonacci coding.

const DICT = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

class Bits {
  constructor() { this.b = []; }
  int(value, n) {
    for (let i = n - 1; i >= 0; i--) this.b.push(Math.floor(value / 2 ** i) % 2);
    return this;
  }
  bool(v) { this.b.push(v ? 1 : 0); return this; }
  append(other) { for (const x of other.b) this.b.push(x); return this; }
  get length() { return this.b.length; }
  // pad: 'trad' (to 24), 'comp' (to 8 then 6), 'six' (to 6, random fill when rnd given).
  toBase64(pad, rnd) {
    const b = this.b.slice();
    if (pad === 'trad') while (b.length % 24) b.push(0);
    else if (pad === 'comp') { while (b.length % 8) b.push(0); while (b.length % 6) b.push(0); }
    else while (b.length % 6) b.push(rnd ? rnd.int(2) : 0);
    let s = '';
    for (let i = 0; i < b.length; i += 6) {
      let v = 0;
      for (let j = 0; j < 6; j++) v = v * 2 + b[i + j];
      s += DICT[v];
    }
    return s;
  }
}

// mulberry32
class Rng {
  constructor(seed) { this.s = seed >>> 0; }
  next() {
    let t = (this.s += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n) { return Math.floor(this.next() * n); }
  range(a, b) { return a + this.int(b - a + 1); }
  chance(p) { return this.next() < p; }
  pick(arr) { return arr[this.int(arr.length)]; }
  shuffle(arr) {
    for (let i = arr.length - 1; i > 0; i--) { const j = this.int(i + 1); [arr[i], arr[j]] = [arr[j], arr[i]]; }
    return arr;
  }
}

function fib(n, bits) {
  const f = [1, 2];
  while (f[f.length - 1] + f[f.length - 2] <= n) f.push(f[f.length - 1] + f[f.length - 2]);
  while (f.length && f[f.length - 1] > n) f.pop();
  const out = new Array(f.length).fill(0);
  for (let i = f.length - 1; i >= 0; i--) if (n >= f[i]) { out[i] = 1; n -= f[i]; }
  for (const x of out) bits.bool(x);
  bits.bool(1);
}

// runs: [[start, end], ...] ascending, written as a Fibonacci range.
function fibRange(runs, bits) {
  bits.int(runs.length, 12);
  let last = 0;
  for (const [a, b] of runs) {
    bits.bool(a !== b);
    fib(a - last, bits);
    if (a !== b) fib(b - a, bits);
    last = b;
  }
}

function runsOf(ids) {
  const runs = [];
  for (const id of ids) {
    if (runs.length && runs[runs.length - 1][1] + 1 === id) runs[runs.length - 1][1] = id;
    else runs.push([id, id]);
  }
  return runs;
}

module.exports = { DICT, Bits, Rng, fib, fibRange, runsOf };
