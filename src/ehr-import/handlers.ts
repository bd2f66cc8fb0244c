import type { ImportKind } from './kinds.js';
import { appointmentsHandler } from './kinds/appointments.js';
import { balancesHandler } from './kinds/balances.js';
import { chargesHandler } from './kinds/charges.js';
import type { KindHandler } from './kinds/handler.js';
import { insuranceHandler } from './kinds/insurance.js';
import { patientsHandler } from './kinds/patients.js';
import { plansHandler } from './kinds/plans.js';

/** A fresh handler for one file of a kind (appointments keep per-file date bounds). */
export function handlerFor(kind: ImportKind): KindHandler {
  switch (kind) {
    case 'patients':
      return patientsHandler;
    case 'appointments':
      return appointmentsHandler();
    case 'charges':
      return chargesHandler;
    case 'insurance':
      return insuranceHandler;
    case 'balances':
      return balancesHandler;
    case 'plans':
      return plansHandler;
  }
}
