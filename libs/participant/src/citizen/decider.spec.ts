import { citizen, organisation, spec } from '../../../event-store/src/decider/testing';
import type { RegisterCitizen } from './commands';
import { citizenDecider } from './decider';
import type { CitizenRegistered } from './events';

const now = '2025-01-13T00:00:00Z';
const register: RegisterCitizen = { type: 'RegisterCitizen', actor: citizen('c-1'), sealedDisplayName: 'pd1.c2VhbGVk', now };
const registered: CitizenRegistered = {
  type: 'CitizenRegistered',
  data: { citizenId: 'c-1', sealedDisplayName: 'pd1.c2VhbGVk', registeredAt: now },
};
const citizens = spec(citizenDecider);

describe('citizen decider', () => {
  it('registers the acting citizen, with an optional display name as the vault sealed it', () => {
    citizens.given().when(register).then([registered]);
    citizens
      .given()
      .when({ ...register, sealedDisplayName: null })
      .then([{ ...registered, data: { ...registered.data, sealedDisplayName: null } }]);
  });

  it('registers once', () => {
    citizens.given([registered]).when(register).then('citizen_already_registered');
  });

  it('is for citizen accounts only', () => {
    citizens
      .given()
      .when({ ...register, actor: organisation() })
      .then('citizens_only');
  });
});
