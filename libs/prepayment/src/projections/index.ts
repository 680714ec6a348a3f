export * from './prepayment-balances.projection';
export * from './merchant-ledger.projection';
export * from './campaign-dashboard.projection';
export * from './prepayment-projections';
export * from './prepayment-read.module';
