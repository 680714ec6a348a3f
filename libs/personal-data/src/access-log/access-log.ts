import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Sql, sqlOn } from '@goodpay/event-store';
import { type Actor, Clock, InvalidInputError } from '@goodpay/shared';

/** Who reads personal data, and why: required on every read, recorded for staff. */
export interface PersonalDataAccess {
  actor: Actor;
  purpose: string;
}

export interface AccessLogEntry {
  actorId: string;
  role: string;
  purpose: string;
  at: string;
}

/** Refuses a read that does not say who reads and why, before anything is decrypted. */
export function checkAccess(access: PersonalDataAccess): void {
  if (typeof access?.actor?.id !== 'string' || typeof access.actor.role !== 'string') {
    throw new InvalidInputError('a read of personal data must name its actor', undefined, 'access_actor_required');
  }
  if (typeof access.purpose !== 'string' || access.purpose.trim() === '') {
    throw new InvalidInputError('a read of personal data must state its purpose', undefined, 'access_purpose_required');
  }
}

/**
 * The audit trail of staff reads: who read whose data, for what purpose, when; never the
 * data itself. Kept when the subject is erased (it holds only the pseudonymous subject id).
 * Reads by the system (draws, notifications) and by the person themself are not staff
 * actions and are not recorded.
 */
@Injectable()
export class AccessLog {
  private readonly sql: Sql;

  constructor(
    dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    this.sql = sqlOn(dataSource);
  }

  /** Called after a successful decryption and before the data is handed out: no unaudited staff read. */
  async recordRead(subjectId: string, access: PersonalDataAccess): Promise<void> {
    if (access.actor.role !== 'staff') return;
    await this.sql.query(
      `INSERT INTO personal_data_access_log (subject_id, actor_id, actor_role, purpose, accessed_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [subjectId, access.actor.id, access.actor.role, access.purpose.trim(), this.clock.now()],
    );
  }

  /** Oldest first. */
  async forSubject(subjectId: string): Promise<AccessLogEntry[]> {
    const { rows } = await this.sql.query<{ actor_id: string; actor_role: string; purpose: string; accessed_at: Date }>(
      `SELECT actor_id, actor_role, purpose, accessed_at FROM personal_data_access_log WHERE subject_id = $1 ORDER BY id`,
      [subjectId],
    );
    return rows.map((r) => ({ actorId: r.actor_id, role: r.actor_role, purpose: r.purpose, at: r.accessed_at.toISOString() }));
  }
}
