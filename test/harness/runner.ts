// The test runner is jest: its globals under the names the suites use (before / after are jest's
// beforeAll / afterAll). Only test files import this: @jest/globals refuses to load outside jest,
// and the sandboxes, the bench and \`npm run dev\` also use the harness.
import { beforeEach } from '@jest/globals';

import { releaseBudgets } from '../../nodes/shared/budget';

export { afterAll as after, afterEach, beforeAll as before, beforeEach, describe, it } from '@jest/globals';

// The executions of one process share rate budgets (nodes/shared/budget.ts): every test starts
// without one, so that no test paces to what an earlier one taught the budget.
beforeEach(() => releaseBudgets());
