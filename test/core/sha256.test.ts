/**
 * The pure-TypeScript SHA-256 against node:crypto: the FIPS 180-4 examples, every length around
 * the 55/56/64-byte padding edges, text with non-ASCII characters, typed arrays read as bytes and
 * input fed in pieces.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { Sha256, sha256Hex } from '../../src/core/sha256.js';

const node = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('sha256Hex', () => {
  it('gives the FIPS 180-4 example digests', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('equals node:crypto for every length from 0 to 300 bytes and for 1 MB', () => {
    const rng = new Rng(5);
    const bytes = new Uint8Array(1 << 20);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rng.uniform() * 256);
    for (let n = 0; n <= 300; n++) expect(sha256Hex(bytes.subarray(0, n)), `${n} bytes`).toBe(node(bytes.subarray(0, n)));
    expect(sha256Hex(bytes)).toBe(node(bytes));
  });

  it('reads text as UTF-8, typed arrays as their bytes, and input in pieces as in one', () => {
    const text = 'constructor \u2028 é 漢字 😀 </script>';
    expect(sha256Hex(text)).toBe(node(text));
    const values = Float64Array.of(1.5, -0, NaN, 1e300);
    expect(sha256Hex(values)).toBe(node(new Uint8Array(values.buffer)));
    expect(sha256Hex(values.subarray(1, 3))).toBe(node(new Uint8Array(values.buffer, 8, 16)));
    const pieces = new Sha256();
    for (const part of ['con', 'struct', 'or \u2028 é 漢字 😀 ', '</script>']) pieces.update(part);
    expect(pieces.hex()).toBe(node(text));
  });
});
