// `npm run test:queue`: the package in n8n's queue mode. Starts Redis and a throwaway PostgreSQL
// cluster on free loopback ports, installs the packed package into the one user folder that the
// main process and both workers share, then runs test/e2e/queue (which starts n8n main and two
// `n8n worker` processes itself, so it can kill one). Everything started here is stopped and
// removed at the end, also when the suite fails or the run is interrupted.
// Dependency-free CommonJS like run.js.
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { CACHE, ROOT, jestCommand, log } = require('../../../scripts/run.js');
const { N8N } = require('../../../scripts/n8n.js');

const PG_BIN = process.env.QUEUE_PG_BIN ?? '/usr/lib/postgresql/15/bin';
/** n8n's ports for this suite: main, its task broker, then per worker its health port and broker. */
const N8N_PORT = Number(process.env.QUEUE_N8N_PORT ?? 5700);

/** Cleanups to run, newest first; synchronous so that an `exit` handler can run them too. */
const cleanups = [];
let cleanedUp = false;

function cleanUp() {
	if (cleanedUp) return;
	cleanedUp = true;
	while (cleanups.length > 0) {
		const step = cleanups.pop();
		try {
			step();
		} catch (error) {
			log(`clean-up: ${error.message}`);
		}
	}
}

/** Kills a process group (the process and everything it started), ignoring one already gone. */
function killGroup(pid, signal = 'SIGKILL') {
	try {
		process.kill(-pid, signal);
	} catch {
		// Already gone.
	}
}

async function freePort() {
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

function which(command) {
	return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim() || undefined;
}

function runOrThrow(command, args, options = {}) {
	const result = spawnSync(command, args, { encoding: 'utf8', ...options });
	if (result.error) throw result.error;
	if (result.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}:\n${result.stdout ?? ''}${result.stderr ?? ''}`);
	}
	return result.stdout;
}

/** Debian's redis-server, installed with apt-get when missing (CI machines run as root). */
function ensureRedis() {
	if (which('redis-server')) return;
	log('redis-server is missing: apt-get install redis-server');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	runOrThrow('apt-get', ['update'], { env, stdio: 'inherit' });
	runOrThrow('apt-get', ['install', '-y', 'redis-server'], { env, stdio: 'inherit' });
}

async function waitFor(what, check, timeoutMs = 30_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await check()) return;
		if (Date.now() > deadline) throw new Error(`${what} did not come up within ${timeoutMs / 1000} s`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/** redis-server on a free loopback port, nothing persisted, in its own process group. */
async function startRedis(folder) {
	ensureRedis();
	const port = await freePort();
	const child = spawn(
		'redis-server',
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', folder, '--logfile', path.join(folder, 'redis.log')],
		{ detached: true, stdio: 'ignore' },
	);
	cleanups.push(() => killGroup(child.pid));
	await waitFor('redis-server', () => {
		if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}: see ${folder}/redis.log`);
		return spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG';
	});
	log(`redis-server on 127.0.0.1:${port}`);
	return port;
}

/**
 * A PostgreSQL 15 cluster in `folder` on a free loopback port (trust authentication, loopback
 * only, durability off: it lives for one run). PostgreSQL refuses to run as root: as root, the
 * cluster belongs to the `postgres` user and its commands run through runuser.
 */
async function startPostgres(folder) {
	for (const tool of ['initdb', 'pg_ctl', 'psql']) {
		if (!fs.existsSync(path.join(PG_BIN, tool))) throw new Error(`${PG_BIN}/${tool} is missing: apt-get install postgresql-15 (or set QUEUE_PG_BIN)`);
	}
	const asRoot = process.getuid?.() === 0;
	const command = (tool, args) => (asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(PG_BIN, tool), ...args]] : [path.join(PG_BIN, tool), args]);
	const pg = (tool, args) => runOrThrow(...command(tool, args));
	const cluster = path.join(folder, 'pg');
	fs.mkdirSync(cluster, { mode: 0o700 });
	if (asRoot) {
		const uid = Number(runOrThrow('id', ['-u', 'postgres']).trim());
		const gid = Number(runOrThrow('id', ['-g', 'postgres']).trim());
		fs.chownSync(folder, uid, gid);
		fs.chownSync(cluster, uid, gid);
	}
	pg('initdb', ['-D', cluster, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
	const port = await freePort();
	const settings = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
	cleanups.push(() => {
		const stopped = spawnSync(...command('pg_ctl', ['-D', cluster, '-m', 'immediate', '-w', 'stop']), { stdio: 'ignore' });
		// pg_ctl could not stop it (or is gone): kill the postmaster named in its pid file.
		const pidFile = path.join(cluster, 'postmaster.pid');
		if (stopped.status !== 0 && fs.existsSync(pidFile)) {
			const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
			if (pid > 0) killGroup(pid);
		}
	});
	pg('pg_ctl', ['-D', cluster, '-o', settings, '-l', path.join(folder, 'postgres.log'), '-w', '-t', '60', 'start']);
	runOrThrow(path.join(PG_BIN, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', 'CREATE DATABASE n8n']);
	log(`PostgreSQL 15 on 127.0.0.1:${port} (${cluster})`);
	return port;
}

/** The environment every n8n process of the cluster shares (database, queue, key, user folder). */
function clusterEnv({ redisPort, pgPort, folder }) {
	return {
		EXECUTIONS_MODE: 'queue',
		N8N_ENCRYPTION_KEY: crypto.randomBytes(24).toString('base64'),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(pgPort),
		DB_POSTGRESDB_DATABASE: 'n8n',
		DB_POSTGRESDB_USER: 'postgres',
		DB_POSTGRESDB_PASSWORD: 'postgres',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		QUEUE_TEST_FOLDER: folder,
		QUEUE_PSQL: path.join(PG_BIN, 'psql'),
		QUEUE_N8N_PORT: String(N8N_PORT),
	};
}

/** Where the suite writes what it measured (wall times, 429s, execution statuses, tokens). */
const FIGURES = path.join(CACHE, 'queue-figures.json');

function printFigures() {
	if (!fs.existsSync(FIGURES)) return;
	const figures = JSON.parse(fs.readFileSync(FIGURES, 'utf8'));
	const lines = [];
	const walk = (prefix, value) => {
		if (value && typeof value === 'object' && !Array.isArray(value) && Object.values(value).some((inner) => inner && typeof inner === 'object')) {
			for (const [name, inner] of Object.entries(value)) walk(prefix ? `${prefix}.${name}` : name, inner);
		} else lines.push(`  ${prefix.padEnd(48)} ${typeof value === 'object' ? JSON.stringify(value) : value}`);
	};
	for (const [name, value] of Object.entries(figures)) walk(name, value);
	log(`queue-mode figures (${path.relative(process.cwd(), FIGURES)}):\n${lines.join('\n')}`);
}

/**
 * Runs test/e2e/queue with jest, asynchronously (unlike run.js's runSuite) so that a SIGINT or
 * SIGTERM reaches the clean-up above while the suite runs.
 */
async function runQueueSuite(env) {
	const [command, args] = jestCommand('e2e/queue', [], { concurrency: 1, timeoutMs: 1_200_000 });
	// Its own process group: the runner and the test process it starts go together.
	const child = spawn(command, args, {
		cwd: ROOT,
		env,
		stdio: 'inherit',
		detached: true,
	});
	cleanups.push(() => killGroup(child.pid));
	const [code, signal] = await new Promise((resolve) => child.once('exit', (...ended) => resolve(ended)));
	if (code !== 0) {
		const error = new Error(`test/e2e/queue failed (${code ?? signal})`);
		error.exitCode = code ?? 1;
		throw error;
	}
}

/** `npm run test:queue`. */
async function testQueue() {
	const { preparePackage, suiteEnv } = require('../driver.js');
	const target = N8N.current;
	// One user folder for the main process and both workers: n8n's documented way to give every
	// process of a queue-mode cluster the same community packages.
	const userFolder = path.join(CACHE, 'queue-user');
	preparePackage(target, userFolder);

	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'invoice-ops-queue-'));
	cleanups.push(() => fs.rmSync(folder, { recursive: true, force: true }));
	const onSignal = (signal) => {
		log(`${signal}: stopping the queue-mode cluster`);
		cleanUp();
		process.exit(1);
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	process.once('exit', cleanUp);
	const pids = path.join(folder, 'n8n-pids');
	try {
		const redisPort = await startRedis(folder);
		const pgPort = await startPostgres(folder);
		const env = { ...suiteEnv(target, userFolder, N8N_PORT), ...clusterEnv({ redisPort, pgPort, folder }), QUEUE_PIDS_FILE: pids };
		fs.rmSync(FIGURES, { force: true });
		// The suite records the process groups of the n8n processes it starts: killed here as well
		// (before the database and Redis go), in case the suite was killed before its own clean-up.
		cleanups.push(() => {
			if (!fs.existsSync(pids)) return;
			for (const line of fs.readFileSync(pids, 'utf8').split('\n')) if (Number(line) > 0) killGroup(Number(line));
		});
		await runQueueSuite(env);
	} finally {
		cleanUp();
		printFigures();
	}
}

module.exports = { testQueue };
