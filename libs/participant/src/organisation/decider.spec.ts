import { citizen, organisation, spec, staff, stateAfter } from '../../../event-store/src/decider/testing';
import type { RegisterOrganisation, SignParticipationAgreement } from './commands';
import { hasSignedAgreement, organisationDecider } from './decider';
import type { OrganisationEvent, OrganisationRegistered, ParticipationAgreementSigned } from './events';

const organisationId = 'sme-federation';
const now = '2025-01-10T02:00:00Z';

const register: RegisterOrganisation = {
  type: 'RegisterOrganisation',
  actor: staff,
  organisationId,
  now,
  kind: 'business_association',
  name: 'Jeonbuk SME federation',
  representativeId: 'user-42',
};
const registered: OrganisationRegistered = {
  type: 'OrganisationRegistered',
  data: { organisationId, kind: 'business_association', name: 'Jeonbuk SME federation', representativeId: 'user-42', registeredAt: now },
};
const sign: SignParticipationAgreement = {
  type: 'SignParticipationAgreement',
  actor: organisation(organisationId),
  organisationId,
  now,
  campaignId: 'jeonbuk-2025',
  purposes: [
    { purpose: 'events', plannedAmount: 3_000_000 },
    { purpose: 'supplies', plannedAmount: 1_200_000 },
  ],
  signedOn: '2025-01-09',
};
const signed: ParticipationAgreementSigned = {
  type: 'ParticipationAgreementSigned',
  data: { organisationId, campaignId: 'jeonbuk-2025', purposes: sign.purposes, signedOn: '2025-01-09', recordedAt: now },
};

const organisations = spec(organisationDecider);
const given = (...history: OrganisationEvent[]) => organisations.given(history);

describe('organisation decider', () => {
  describe('RegisterOrganisation', () => {
    it('is registered by staff', () => {
      given().when(register).then([registered]);
    });

    it('refuses non-staff, unknown kinds and a second registration', () => {
      given()
        .when({ ...register, actor: organisation(organisationId) })
        .then('staff_only');
      given()
        .when({ ...register, kind: 'club' as never })
        .then('invalid_input');
      given(registered).when(register).then('organisation_already_exists');
    });
  });

  describe('SignParticipationAgreement', () => {
    it('is signed by the organisation itself or recorded by staff', () => {
      given(registered).when(sign).then([signed]);
      given(registered)
        .when({ ...sign, actor: staff })
        .then([signed]);
    });

    it('is signed once per campaign, and separately for each campaign', () => {
      given(registered, signed).when(sign).then('agreement_already_signed');
      given(registered, signed)
        .when({ ...sign, campaignId: 'jeonju-2025' })
        .then([{ ...signed, data: { ...signed.data, campaignId: 'jeonju-2025' } }]);
    });

    it('refuses anyone else, and unknown organisations', () => {
      // Another organisation answers as an unknown one.
      given(registered)
        .when({ ...sign, actor: organisation('other') })
        .then('organisation_not_found');
      given(registered)
        .when({ ...sign, actor: citizen('user-42') })
        .then('organisation_not_found');
      given().when(sign).then('organisation_not_found');
    });

    it('plans at least one purpose, each once, each with a positive whole amount', () => {
      given(registered)
        .when({ ...sign, purposes: [] })
        .then('invalid_input');
      given(registered)
        .when({
          ...sign,
          purposes: [
            { purpose: 'rent', plannedAmount: 1 },
            { purpose: 'rent', plannedAmount: 2 },
          ],
        })
        .then('invalid_input');
      given(registered)
        .when({ ...sign, purposes: [{ purpose: 'rent', plannedAmount: 0 }] })
        .then('invalid_input');
      given(registered)
        .when({ ...sign, purposes: [{ purpose: 'travel' as never, plannedAmount: 10 }] })
        .then('invalid_input');
    });

    it('refuses a signing date that is not a date or lies in the future', () => {
      given(registered)
        .when({ ...sign, signedOn: '2025-01-11' })
        .then('invalid_input');
      given(registered)
        .when({ ...sign, signedOn: '9 Jan' })
        .then('invalid_date');
      given(registered)
        .when({ ...sign, signedOn: '2025-01-10' })
        .then([{ ...signed, data: { ...signed.data, signedOn: '2025-01-10' } }]);
    });
  });

  describe('hasSignedAgreement', () => {
    it('is true only for a campaign whose agreement is signed', () => {
      expect(hasSignedAgreement(stateAfter(organisationDecider, [registered, signed]), 'jeonbuk-2025')).toBe(true);
      expect(hasSignedAgreement(stateAfter(organisationDecider, [registered, signed]), 'jeonju-2025')).toBe(false);
      expect(hasSignedAgreement(stateAfter(organisationDecider, [registered]), 'jeonbuk-2025')).toBe(false);
      expect(hasSignedAgreement(stateAfter(organisationDecider, []), 'jeonbuk-2025')).toBe(false);
    });
  });
});
