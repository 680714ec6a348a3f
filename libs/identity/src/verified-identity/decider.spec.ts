import { type BindVerifiedIdentity, VERIFICATION_FRESH_FOR_MS, verifiedIdentityDecider } from './decider';
import type { IdentityVerified } from './events';

const NOW = '2026-12-04T10:00:00.000Z';
const bind = (overrides: Partial<BindVerifiedIdentity> = {}): BindVerifiedIdentity => ({
  type: 'BindVerifiedIdentity',
  actor: { id: 'citizen-1', role: 'citizen' },
  personId: 'subject-a',
  verificationId: 'iv-1',
  provider: 'portone',
  sealed: 'pd1.sealed',
  verifiedAt: '2026-12-04T09:55:00.000Z',
  now: NOW,
  ...overrides,
});
const given = (...commands: BindVerifiedIdentity[]) =>
  commands.reduce(
    (state, command) => verifiedIdentityDecider.decide(command, state).reduce(verifiedIdentityDecider.evolve, state),
    verifiedIdentityDecider.initialState(),
  );

describe('verifiedIdentityDecider', () => {
  it('binds a fresh verification of a citizen to their account', () => {
    const [event] = verifiedIdentityDecider.decide(bind(), verifiedIdentityDecider.initialState()) as [IdentityVerified];
    expect(event).toEqual({
      type: 'IdentityVerified',
      data: {
        userId: 'citizen-1',
        personId: 'subject-a',
        verificationId: 'iv-1',
        provider: 'portone',
        sealed: 'pd1.sealed',
        verifiedAt: '2026-12-04T09:55:00.000Z',
        boundAt: NOW,
      },
    });
  });

  it('decides nothing for the same verification again, and binds a new verification of the same person', () => {
    const state = given(bind());
    expect(verifiedIdentityDecider.decide(bind(), state)).toEqual([]);
    expect(verifiedIdentityDecider.decide(bind({ verificationId: 'iv-2' }), state)).toHaveLength(1);
  });

  it('refuses another person for an account already verified', () => {
    expect(() => verifiedIdentityDecider.decide(bind({ verificationId: 'iv-2', personId: 'subject-b' }), given(bind()))).toThrow(
      expect.objectContaining({ code: 'identity_already_bound', status: 409 }),
    );
  });

  it('refuses a verification older than the freshness window, or with no time at all', () => {
    const old = new Date(Date.parse(NOW) - VERIFICATION_FRESH_FOR_MS - 1).toISOString();
    expect(() => verifiedIdentityDecider.decide(bind({ verifiedAt: old }), verifiedIdentityDecider.initialState())).toThrow(
      expect.objectContaining({ code: 'identity_verification_stale' }),
    );
    expect(() => verifiedIdentityDecider.decide(bind({ verifiedAt: 'not a time' }), verifiedIdentityDecider.initialState())).toThrow(
      expect.objectContaining({ code: 'identity_verification_stale' }),
    );
  });

  it('lets only citizens bind', () => {
    expect(() =>
      verifiedIdentityDecider.decide(bind({ actor: { id: 'staff-1', role: 'staff' } }), verifiedIdentityDecider.initialState()),
    ).toThrow(expect.objectContaining({ code: 'citizens_only' }));
  });
});
