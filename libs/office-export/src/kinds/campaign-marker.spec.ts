import { campaignMarker } from './campaign-marker';

describe('the marker of an export', () => {
  it("is on a rehearsal campaign's export only", () => {
    expect(campaignMarker({ isRehearsal: true })).toMatch(/^\[리허설\]/);
    expect(campaignMarker({ isRehearsal: false })).toBeNull();
    expect(campaignMarker(null)).toBeNull();
  });
});
