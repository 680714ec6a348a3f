import { ApproveRaffleCertificationHandler, RejectRaffleCertificationHandler } from './review.handlers';
import { SubmitRaffleCertificationHandler } from './submit-certification.handler';

export * from './certification-commands';

export const RAFFLE_CERTIFICATION_HANDLERS = [
  SubmitRaffleCertificationHandler,
  ApproveRaffleCertificationHandler,
  RejectRaffleCertificationHandler,
];
