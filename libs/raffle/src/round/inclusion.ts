import { inclusionProof, type InclusionProof } from '../draw/merkle';
import type { RaffleRound } from './state';

/** One of a citizen's certifications for a round, as the certifications read model has it. */
export interface CitizenCertification {
  certificationId: string;
  status: string;
  reason: string | null;
  entryId: string | null;
}

/** Why a certification is not in a frozen list. */
export type LeftOutReason =
  'not_approved_by_review_deadline' | 'rejected' | 'earlier_winner' | 'prepayment_refunded' | 'personal_data_erased';

export type CertificationInclusion =
  | {
      certificationId: string;
      entryId: string;
      included: true;
      proof: InclusionProof;
      /**
       * True when the entry was made by another certification of the same verified person (from
       * this account or another): one entry per person, so this certification adds no second one.
       */
      samePersonEntry: boolean;
    }
  | { certificationId: string; entryId: string | null; included: false; reason: LeftOutReason; detail: string | null }
  | { certificationId: string; entryId: string | null; included: null; reason: 'not_frozen_yet' };

export interface RoundInclusion {
  campaignId: string;
  round: number;
  /** Published at the freeze: the proof checks against these (scripts/verify-draw.mjs --proof). */
  merkleRoot: string | null;
  entryCount: number | null;
  certifications: CertificationInclusion[];
}

/**
 * What a citizen learns about their place in a round's frozen list, before any randomness
 * exists: for each of their certifications, the proof that its entry is in the list (checkable
 * against the published Merkle root), or why it is not.
 */
export function roundInclusion(campaignId: string, round: number, state: RaffleRound, mine: CitizenCertification[]): RoundInclusion {
  const frozen = state.frozen;
  const certifications = mine.map((c): CertificationInclusion => {
    const { certificationId, entryId } = c;
    if (!frozen) return { certificationId, entryId, included: null, reason: 'not_frozen_yet' };
    const out = (reason: LeftOutReason, detail: string | null = null): CertificationInclusion => ({
      certificationId,
      entryId,
      included: false,
      reason,
      detail,
    });
    if (c.status === 'rejected') return out('rejected', c.reason);
    if (c.status === 'pending' || !entryId) return out('not_approved_by_review_deadline', state.timeline?.reviewDeadline ?? null);
    const proof = inclusionProof(frozen.entries, entryId);
    if (proof) {
      const madeBy = state.certificationByEntry.get(entryId);
      return { certificationId, entryId, included: true, proof, samePersonEntry: madeBy !== undefined && madeBy !== certificationId };
    }
    if (frozen.excludedEntries?.includes(entryId)) return out('earlier_winner');
    if (frozen.erasedEntries?.includes(entryId)) return out('personal_data_erased');
    return out('prepayment_refunded');
  });
  return {
    campaignId,
    round,
    merkleRoot: frozen?.merkleRoot ?? null,
    entryCount: frozen ? (frozen.entryCount ?? frozen.entries.length) : null,
    certifications,
  };
}
