import type { CertificationEvidence, RaffleCertificationEvent } from './events';

export type CertificationStatus = 'pending' | 'approved' | 'rejected';

export interface Certification {
  status: CertificationStatus;
  certificationId: string;
  campaignId: string;
  round: number;
  citizenId: string;
  personId: string;
  evidence: CertificationEvidence;
  entryId: string | null;
}

export type CertificationState = { status: 'none' } | Certification;

export const initialCertificationState = (): CertificationState => ({ status: 'none' });

export function evolveCertification(state: CertificationState, event: RaffleCertificationEvent): CertificationState {
  if (event.type === 'RaffleCertificationSubmitted') {
    const { certificationId, campaignId, round, citizenId, personId, evidence } = event.data;
    return { status: 'pending', certificationId, campaignId, round, citizenId, personId, evidence, entryId: null };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'RaffleCertificationApproved':
      return { ...state, status: 'approved', entryId: event.data.entryId };
    case 'RaffleCertificationRejected':
      return { ...state, status: 'rejected' };
  }
}
