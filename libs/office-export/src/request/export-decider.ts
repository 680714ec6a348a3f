import { requireStaff } from '@goodpay/shared';
import type { Decider } from '@goodpay/event-store';
import { type Actor, RuleViolationError } from '@goodpay/shared';
import { type ExportRequestInput, type OfficeExportEvent, type OfficeExportRequested, validExportRequest } from './export-request';

export interface RequestOfficeExport {
  type: 'RequestOfficeExport';
  actor: Actor;
  exportId: string;
  input: ExportRequestInput;
  now: string;
}

export type OfficeExportState = { status: 'none' } | { status: 'requested'; request: OfficeExportRequested['data'] };

/** Staff ask for an export of a kind, a format and a period; it is requested once. */
export const officeExportDecider: Decider<OfficeExportState, RequestOfficeExport, OfficeExportEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve: (_state, event) => ({ status: 'requested', request: event.data }),
  decide(command, state) {
    requireStaff(command.actor, 'export the office figures');
    if (state.status !== 'none')
      throw new RuleViolationError('export_already_requested', `export ${command.exportId} is already requested`);
    const request = validExportRequest(command.input);
    return [
      {
        type: 'OfficeExportRequested',
        data: { exportId: command.exportId, ...request, requestedBy: command.actor.id, requestedAt: command.now },
      },
    ];
  },
};
