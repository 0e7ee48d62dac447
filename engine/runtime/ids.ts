/**
 * Time-ordered ids (UUID version 7), so rows created in one decision sort in creation order and
 * index locality stays good. Monotonic within the process even when the clock stands still.
 */
import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;
// One crypto call per 512 ids instead of one per id (ids are minted on every state change).
const POOL_IDS = 512;
let pool = Buffer.alloc(0);
let poolOffset = 0;

function randomTail(): Buffer {
  if (poolOffset >= pool.length) {
    pool = randomBytes(8 * POOL_IDS);
    poolOffset = 0;
  }
  const out = pool.subarray(poolOffset, poolOffset + 8);
  poolOffset += 8;
  return out;
}

export function newId(): string {
  let ms = Date.now();
  if (ms <= lastMs) {
    ms = lastMs;
    counter++;
    if (counter > 0xfff) {
      // 4,096 ids in one millisecond: borrow the next millisecond to stay ordered.
      lastMs = ++ms;
      counter = 0;
    }
  } else {
    lastMs = ms;
    counter = 0;
  }
  const rand = randomTail();
  const hex = ms.toString(16).padStart(12, '0');
  const seq = (0x7000 | counter).toString(16);
  const variant = ((rand[0] as number) & 0x3f) | 0x80;
  const tail = variant.toString(16).padStart(2, '0') + rand.subarray(1, 8).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${seq}-${tail.slice(0, 4)}-${tail.slice(4, 16)}`;
}
