import type { Decider } from '@goodpay/event-store';
import { type Actor, ForbiddenError, NotFoundError, RuleViolationError, sumKrw } from '@goodpay/shared';
import type { PayoutFileCreated, PayoutFileEvent, PayoutFileRow } from './events';

export type PayoutFileState = { status: 'none' } | { status: 'created'; file: PayoutFileCreated['data']; imports: number };

export interface CreatePayoutFile {
  type: 'CreatePayoutFile';
  actor: Actor;
  fileId: string;
  senderBankCode: string;
  /** The rows whose payouts agreed to go in this file (their SendPayoutInFile decided events). */
  rows: PayoutFileRow[];
  now: string;
}

export interface RecordPayoutFileImport {
  type: 'RecordPayoutFileImport';
  actor: Actor;
  fileId: string;
  sha256: string;
  paid: number;
  failed: number;
  refused: number;
  now: string;
}

export type PayoutFileCommand = CreatePayoutFile | RecordPayoutFileImport;

function staffOnly(actor: Actor): void {
  if (actor.role !== 'staff') throw new ForbiddenError('only staff handle bulk-transfer files', 'wrong_role');
}

export function existingPayoutFile(state: PayoutFileState, fileId: string): PayoutFileCreated['data'] {
  if (state.status === 'none') throw new NotFoundError('payout_file', fileId);
  return state.file;
}

function decide(command: PayoutFileCommand, state: PayoutFileState): PayoutFileEvent[] {
  staffOnly(command.actor);
  switch (command.type) {
    case 'CreatePayoutFile': {
      if (state.status !== 'none') return [];
      if (command.rows.length === 0)
        throw new RuleViolationError(
          'no_payouts_to_send',
          'no payout is waiting for a bulk-transfer file (each needs a verified settlement account)',
        );
      const { fileId, senderBankCode, rows, actor, now } = command;
      const total = sumKrw(rows.map((row) => row.amount)).toString();
      return [
        {
          type: 'PayoutFileCreated',
          data: { fileId, senderBankCode, rows, count: rows.length, total, createdBy: actor.id, createdAt: now },
        },
      ];
    }
    case 'RecordPayoutFileImport': {
      existingPayoutFile(state, command.fileId);
      if (command.paid + command.failed === 0) return [];
      const { fileId, sha256, paid, failed, refused, actor, now } = command;
      return [{ type: 'PayoutFileResultImported', data: { fileId, sha256, paid, failed, refused, importedBy: actor.id, importedAt: now } }];
    }
  }
}

export const payoutFileDecider: Decider<PayoutFileState, PayoutFileCommand, PayoutFileEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve: (state, event) => {
    if (event.type === 'PayoutFileCreated') return { status: 'created', file: event.data, imports: 0 };
    if (state.status === 'none') return state;
    return { ...state, imports: state.imports + 1 };
  },
  decide,
};
