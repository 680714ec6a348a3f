import type { Decider } from '@goodpay/event-store';
import { InvalidInputError, KRW_LIMITS, NotFoundError, NotVisibleError, positiveKrw, RuleViolationError } from '@goodpay/shared';
import { calendarDate, oneOf, requiredText, requireStaff, seoulDate } from '@goodpay/shared';
import type { OrganisationCommand, RegisterOrganisation, SignParticipationAgreement } from './commands';
import {
  AGREEMENT_PURPOSES,
  ORGANISATION_KINDS,
  type OrganisationEvent,
  type OrganisationKind,
  type ParticipationAgreementSigned,
  type PlannedPurpose,
} from './events';

export interface Organisation {
  status: 'registered';
  organisationId: string;
  kind: OrganisationKind;
  name: string;
  representativeId: string;
  /** Signed participation agreements, by campaign id. */
  agreements: Record<string, ParticipationAgreementSigned['data']>;
}

export type OrganisationState = { status: 'unregistered' } | Organisation;

function evolve(state: OrganisationState, event: OrganisationEvent): OrganisationState {
  switch (event.type) {
    case 'OrganisationRegistered': {
      const { registeredAt: _registeredAt, ...organisation } = event.data;
      return { status: 'registered', ...organisation, agreements: {} };
    }
    case 'ParticipationAgreementSigned':
      if (state.status === 'unregistered') return state;
      return { ...state, agreements: { ...state.agreements, [event.data.campaignId]: event.data } };
  }
}

/** An organisation prepays in a campaign only under an agreement signed for that campaign. */
export function hasSignedAgreement(state: OrganisationState, campaignId: string): boolean {
  return state.status === 'registered' && Object.hasOwn(state.agreements, campaignId);
}

function register(command: RegisterOrganisation, state: OrganisationState): OrganisationEvent[] {
  requireStaff(command.actor, 'register organisations');
  if (state.status !== 'unregistered') {
    throw new RuleViolationError('organisation_already_exists', `organisation ${command.organisationId} already exists`);
  }
  return [
    {
      type: 'OrganisationRegistered',
      data: {
        organisationId: command.organisationId,
        kind: oneOf(command.kind, ORGANISATION_KINDS, 'kind'),
        name: requiredText(command.name, 'name'),
        representativeId: requiredText(command.representativeId, 'representativeId', 100),
        registeredAt: command.now,
      },
    },
  ];
}

/** At least one purpose, each at most once, each with a positive planned amount. */
function validPurposes(purposes: unknown): PlannedPurpose[] {
  if (!Array.isArray(purposes) || purposes.length === 0) {
    throw new InvalidInputError('an agreement plans at least one purpose', { field: 'purposes' });
  }
  const valid = purposes.map((planned: Partial<PlannedPurpose>, index) => ({
    purpose: oneOf(planned?.purpose, AGREEMENT_PURPOSES, `purposes[${index}].purpose`),
    plannedAmount: positiveKrw(planned?.plannedAmount, KRW_LIMITS.organisationPlan, `purposes[${index}].plannedAmount`),
  }));
  if (new Set(valid.map((planned) => planned.purpose)).size !== valid.length) {
    throw new InvalidInputError('each purpose is planned once per agreement', { field: 'purposes' });
  }
  return valid;
}

function signAgreement(command: SignParticipationAgreement, state: OrganisationState): OrganisationEvent[] {
  if (state.status === 'unregistered') throw new NotFoundError('organisation', command.organisationId);
  const { actor } = command;
  const isTheOrganisation = actor.role === 'organisation' && actor.id === state.organisationId;
  // Another organisation answers as a missing one (the one visibility rule, NotVisibleError).
  if (!isTheOrganisation && actor.role !== 'staff') throw new NotVisibleError('organisation', command.organisationId);
  const campaignId = requiredText(command.campaignId, 'campaignId', 100);
  if (hasSignedAgreement(state, campaignId)) {
    throw new RuleViolationError('agreement_already_signed', `an agreement for campaign ${campaignId} is already signed`, {
      campaignId,
    });
  }
  const signedOn = calendarDate(command.signedOn, 'signedOn');
  if (signedOn > seoulDate(command.now)) {
    throw new InvalidInputError('an agreement cannot be signed in the future', { field: 'signedOn', value: signedOn });
  }
  return [
    {
      type: 'ParticipationAgreementSigned',
      data: {
        organisationId: state.organisationId,
        campaignId,
        purposes: validPurposes(command.purposes),
        signedOn,
        recordedAt: command.now,
      },
    },
  ];
}

function decide(command: OrganisationCommand, state: OrganisationState): OrganisationEvent[] {
  switch (command.type) {
    case 'RegisterOrganisation':
      return register(command, state);
    case 'SignParticipationAgreement':
      return signAgreement(command, state);
  }
}

export const organisationDecider: Decider<OrganisationState, OrganisationCommand, OrganisationEvent> = {
  initialState: () => ({ status: 'unregistered' }),
  evolve,
  decide,
};
