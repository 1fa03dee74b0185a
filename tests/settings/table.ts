// The settings table: every row, grouped by what the variables govern.
import type { Row } from './harness';
import { authRows } from './rows-auth';
import { budgetRows } from './rows-budgets';
import { dataRows } from './rows-data';
import { documentRows } from './rows-documents';
import { ledgerRows } from './rows-ledger';
import { limitRows } from './rows-limits';
import { networkRows } from './rows-network';
import { runtimeRows } from './rows-runtime';

export const SETTINGS: Row[] = [
  ...runtimeRows,
  ...dataRows,
  ...networkRows,
  ...authRows,
  ...limitRows,
  ...budgetRows,
  ...documentRows,
  ...ledgerRows,
];
