import { spec } from '../../../event-store/src/decider/testing';
import { type AllotPlaces, rafflePlacesDecider, type RafflePlacesAllotted } from './places';

const allot = (round: number, places: number): AllotPlaces => ({ type: 'AllotPlaces', campaignId: 'c', round, places, totalPlaces: 150 });
const allotted = (round: number, places: number): RafflePlacesAllotted => ({
  type: 'RafflePlacesAllotted',
  data: { campaignId: 'c', round, places, totalPlaces: 150 },
});

describe('raffle places', () => {
  it('allots each round its places once, never past budget / prize', () => {
    spec(rafflePlacesDecider)
      .given([])
      .when(allot(1, 50))
      .then([allotted(1, 50)]);
    spec(rafflePlacesDecider)
      .given([allotted(1, 50)])
      .when(allot(1, 50))
      .then([]);
    spec(rafflePlacesDecider)
      .given([allotted(1, 50), allotted(2, 70)])
      .when(allot(3, 30))
      .then([allotted(3, 30)]);
    spec(rafflePlacesDecider)
      .given([allotted(1, 50), allotted(2, 70)])
      .when(allot(3, 31))
      .then('raffle_budget_exceeded');
  });
});
