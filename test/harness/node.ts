// The one place the tests import Node built-ins from: they run in Node itself, never inside n8n.
// The test runner's functions are in runner.ts (only test files may load it: jest refuses outside).
export { default as assert } from 'node:assert/strict';
export { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
export { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
export type { AddressInfo } from 'node:net';
export { setTimeout as delay } from 'node:timers/promises';
export { setImmediate } from 'node:timers';
export { spawn, spawnSync, type ChildProcess } from 'node:child_process';
export { appendFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
export { join } from 'node:path';
export { default as nodeProcess } from 'node:process';
export { fork } from 'node:child_process';
export { performance } from 'node:perf_hooks';
