import { InvalidPaddingError } from "./errors";

/** dm3's padding block size (2,048 bytes), as the reference's encryption uses it. */
export const PAD_BLOCK_SIZE = 2048;

function checkBlockSize(blockSize: number): void {
  if (!Number.isInteger(blockSize) || blockSize < 1) throw new InvalidPaddingError(`block size ${blockSize} is not a positive integer`);
}

/**
 * ISO/IEC 7816-4 padding as libsodium's `sodium_pad`: appends `0x80` and then zeros up to the next
 * multiple of `blockSize`; an input that is already aligned gets a whole extra block.
 */
export function pad(data: Uint8Array, blockSize: number = PAD_BLOCK_SIZE): Uint8Array {
  checkBlockSize(blockSize);
  const out = new Uint8Array((Math.floor(data.length / blockSize) + 1) * blockSize);
  out.set(data, 0);
  out[data.length] = 0x80;
  return out;
}

/**
 * Removes {@link pad}'s padding, accepting exactly what libsodium's `sodium_unpad` accepts: within
 * the last `blockSize` bytes, trailing zeros preceded by `0x80`.
 * @throws InvalidPaddingError
 */
export function unpad(padded: Uint8Array, blockSize: number = PAD_BLOCK_SIZE): Uint8Array {
  checkBlockSize(blockSize);
  if (padded.length < blockSize) throw new InvalidPaddingError(`${padded.length} bytes is shorter than one ${blockSize}-byte block`);
  const stop = padded.length - blockSize;
  for (let i = padded.length - 1; i >= stop; i--) {
    if (padded[i] === 0x80) return padded.subarray(0, i);
    if (padded[i] !== 0) break;
  }
  throw new InvalidPaddingError("no 0x80 marker followed by zeros in the last block");
}
