import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { inclusionProof, merkleLeafHash, merkleRoot, verifyInclusion } from './merkle';

const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

/** RFC 6962 section 2.1: the Merkle Tree Hash written the recursive way, to check the level-by-level one. */
function referenceRoot(leaves: string[]): Buffer {
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return sha(Buffer.from([0]), Buffer.from(leaves[0], 'utf8'));
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha(Buffer.from([1]), referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

describe('the entry list Merkle tree (RFC 6962)', () => {
  it('is the RFC 6962 Merkle Tree Hash, with 0x00 leaves and 0x01 nodes', () => {
    expect(merkleRoot([])).toBe(sha().toString('hex'));
    expect(merkleLeafHash('a').toString('hex')).toBe(sha(Buffer.from([0]), Buffer.from('a')).toString('hex'));
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z0-9-]{1,10}$/), { maxLength: 70 }), (ids) => {
        expect(merkleRoot(ids)).toBe(referenceRoot(ids).toString('hex'));
      }),
    );
  });

  it('proves every entry and nothing else', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z0-9-]{1,10}$/), { minLength: 1, maxLength: 70 }), fc.nat(), (ids, pick) => {
        const root = merkleRoot(ids);
        const proof = inclusionProof(ids, ids[pick % ids.length])!;
        expect(verifyInclusion(proof, root)).toBe(true);
        expect(verifyInclusion({ ...proof, entryId: `${proof.entryId}x` }, root)).toBe(false);
        expect(verifyInclusion({ ...proof, index: proof.index + ids.length }, root)).toBe(false);
        if (proof.path.length > 0) {
          // A sibling that is not a whole 32-byte hash leads nowhere, whatever stood before it.
          expect(verifyInclusion({ ...proof, path: [proof.path[0].slice(0, 62), ...proof.path.slice(1)] }, root)).toBe(false);
          expect(verifyInclusion({ ...proof, path: ['', ...proof.path.slice(1)] }, root)).toBe(false);
        }
        expect(inclusionProof(ids, 'not-an-entry!')).toBeNull();
      }),
    );
  });
});
