import { createHash, hash } from 'node:crypto';

/**
 * The Merkle tree published at the freeze, before any randomness exists, so that each citizen
 * can check that their entry is in the list the draw will use. It is the Merkle Tree Hash of
 * RFC 6962 (Certificate Transparency), section 2.1, over the canonical entry list:
 *
 * - a leaf is SHA-256(0x00 || the entry id in UTF-8): an entry id is a random id and says
 *   nothing about the person; the 0x00 and 0x01 prefixes keep a leaf from passing for a node;
 * - a node is SHA-256(0x01 || left || right); the empty list's root is SHA-256 of nothing;
 * - the tree splits n leaves at the largest power of two below n, which is the same as pairing
 *   each level from the left and carrying an unpaired last node up unchanged (done here).
 *
 * An inclusion proof is the leaf's index in the canonical list, the list's size and the
 * sibling hashes from the leaf up (RFC 6962 section 2.1.1's audit path).
 */

// One-shot hashes (crypto.hash) of the whole input: a million leaves and as many nodes make
// the setup of a streaming hash per call most of the tree's time.
export const merkleLeafHash = (entryId: string): Buffer => hash('sha256', `\0${entryId}`, 'buffer');

const nodeInput = new Uint8Array(65);
nodeInput[0] = 0x01;
/** The node over two 32-byte hashes. */
const nodeHash = (left: Uint8Array, right: Uint8Array): Buffer => {
  nodeInput.set(left, 1);
  nodeInput.set(right, 33);
  return hash('sha256', nodeInput, 'buffer');
};

export interface InclusionProof {
  entryId: string;
  /** 0-based place in the canonical entry list. */
  index: number;
  entryCount: number;
  leafHash: string;
  /** Sibling hashes (lowercase hex) from the leaf up to the root. */
  path: string[];
}

function levels(entries: readonly string[]): Buffer[][] {
  let level = entries.map(merkleLeafHash);
  const all = [level];
  while (level.length > 1) {
    const up: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) up.push(i + 1 < level.length ? nodeHash(level[i], level[i + 1]) : level[i]);
    all.push((level = up));
  }
  return all;
}

/** The root (lowercase hex) over the canonical list. */
export function merkleRoot(canonicalEntries: readonly string[]): string {
  if (canonicalEntries.length === 0) return createHash('sha256').digest('hex');
  const all = levels(canonicalEntries);
  return all[all.length - 1][0].toString('hex');
}

/** The proof that `entryId` is in the list; null when it is not. */
export function inclusionProof(canonicalEntries: readonly string[], entryId: string): InclusionProof | null {
  const index = canonicalEntries.indexOf(entryId);
  if (index < 0) return null;
  const path: string[] = [];
  let at = index;
  for (const level of levels(canonicalEntries).slice(0, -1)) {
    const sibling = at ^ 1;
    if (sibling < level.length) path.push(level[sibling].toString('hex'));
    at >>= 1;
  }
  return { entryId, index, entryCount: canonicalEntries.length, leafHash: merkleLeafHash(entryId).toString('hex'), path };
}

/** Whether the proof leads from the entry id to `root`. */
export function verifyInclusion(proof: Omit<InclusionProof, 'leafHash'>, root: string): boolean {
  const { index, entryCount, path } = proof;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(entryCount) || index < 0 || index >= entryCount || !Array.isArray(path))
    return false;
  let node = merkleLeafHash(proof.entryId);
  let at = index;
  let size = entryCount;
  let used = 0;
  while (size > 1) {
    if (at % 2 === 1 || at + 1 < size) {
      // Only a 32-byte hash can be a sibling (and nodeHash hashes exactly 65 bytes).
      const sibling = Buffer.from(String(path[used++]), 'hex');
      if (sibling.length !== 32) return false;
      node = at % 2 === 1 ? nodeHash(sibling, node) : nodeHash(node, sibling);
    }
    at >>= 1;
    size = Math.ceil(size / 2);
  }
  return used === path.length && node.toString('hex') === root;
}
