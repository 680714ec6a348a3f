import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { calendarDate, seoulDate } from '@goodpay/shared';
import type { CommandContext, CommandResult } from '@goodpay/event-store';
import { Clock, ForbiddenError, RuleViolationError } from '@goodpay/shared';
import { SettlementJobs } from '../run/settlement-jobs';

export class RunSettlementDayCommand extends Command<CommandResult<{ day: string; jobId: string }>> {
  constructor(
    readonly context: CommandContext,
    readonly day: string,
  ) {
    super();
  }
}

/**
 * Staff queue a day's run by hand (a missed schedule, a catch-up after an outage). Safe to
 * repeat: a settled day changes nothing. It writes no event itself, so its position is '0'.
 */
@CommandHandler(RunSettlementDayCommand)
export class RunSettlementDayHandler implements ICommandHandler<RunSettlementDayCommand> {
  constructor(
    private readonly jobs: SettlementJobs,
    private readonly clock: Clock,
  ) {}

  async execute({ context, day }: RunSettlementDayCommand) {
    if (context.actor.role !== 'staff') throw new ForbiddenError('only staff run a settlement day', 'wrong_role');
    const settled = calendarDate(day, 'day');
    if (settled >= seoulDate(this.clock.now().toISOString())) {
      throw new RuleViolationError('settlement_day_not_over', `the Seoul day ${settled} is not over yet`, { day: settled });
    }
    const jobId = await this.jobs.settleDay(settled);
    return { response: { day: settled, jobId }, position: '0', replayed: false };
  }
}
