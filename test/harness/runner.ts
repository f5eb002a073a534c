// The test runner is jest: its globals under the names the suites use (before / after are jest's
// beforeAll / afterAll). Only test files import this: @jest/globals refuses to load outside jest,
// and the sandboxes, the bench and \`npm run dev\` also use the harness.
export { afterAll as after, afterEach, beforeAll as before, beforeEach, describe, it } from '@jest/globals';
