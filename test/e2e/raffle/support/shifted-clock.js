/**
 * Preloaded (NODE_OPTIONS=--require) into the api and worker processes of the raffle e2e, so a
 * campaign's rounds can open, close and be drawn in seconds: `Date` runs at real speed but
 * shifted by the number of milliseconds written in the file GOODPAY_E2E_CLOCK_FILE names
 * (0 when it is missing). Both processes read the same file, so they always agree on the time.
 * The test only ever moves time forward. Test support only: never loaded by the product.
 */
'use strict';
const { readFileSync } = require('node:fs');

const file = process.env.GOODPAY_E2E_CLOCK_FILE;
if (file) {
  const RealDate = Date;
  const realNow = RealDate.now.bind(RealDate);
  const offset = () => {
    try {
      return Number(readFileSync(file, 'utf8')) || 0;
    } catch {
      return 0;
    }
  };
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(realNow() + offset());
      else super(...args);
    }
    static now() {
      return realNow() + offset();
    }
  }
  globalThis.Date = ShiftedDate;
}
