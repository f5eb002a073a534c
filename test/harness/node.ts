// The one place the tests import Node built-ins from: they run in Node itself, never inside n8n.
export { default as assert } from 'node:assert/strict';
export { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
export { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
export type { AddressInfo } from 'node:net';
export { after, afterEach, before, beforeEach, describe, it } from 'node:test';
export { setTimeout as delay } from 'node:timers/promises';
export { spawn, type ChildProcess } from 'node:child_process';
export { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
export { join } from 'node:path';
export { default as nodeProcess } from 'node:process';
export { fork } from 'node:child_process';
export { performance } from 'node:perf_hooks';
