import type { Clock } from '../../nodes/shared/pacing';
import { delay, setImmediate } from './node';

/**
 * A clock whose time moves only when someone sleeps: each sleeper wakes at its own virtual time,
 * earliest first, one per turn of the event loop. Pacing and retry waits then follow their
 * schedule exactly, however busy the machine is, and a test asserts that schedule (`sends`).
 */
export class VirtualClock implements Clock {
	private time = 0;

	private readonly sleepers: Array<{ wakeAt: number; order: number; wake: () => void }> = [];

	private order = 0;

	private ticking = false;

	/** Virtual time of every send the pacer let go, in order. */
	readonly sends: number[] = [];

	/** Every wait asked for, in ms, in order. */
	readonly sleeps: number[] = [];

	now(): number {
		return this.time;
	}

	sent(at: number): void {
		this.sends.push(at);
	}

	async sleep(ms: number): Promise<void> {
		this.sleeps.push(ms);
		await new Promise<void>((wake) => {
			this.sleepers.push({ wakeAt: this.time + Math.max(0, ms), order: this.order++, wake });
			this.tick();
		});
	}

	private tick(): void {
		if (this.ticking) return;
		this.ticking = true;
		// One macrotask later, so that every sleeper of this moment has lined up first.
		setImmediate(() => {
			this.ticking = false;
			this.sleepers.sort((a, b) => a.wakeAt - b.wakeAt || a.order - b.order);
			const next = this.sleepers.shift();
			if (!next) return;
			this.time = Math.max(this.time, next.wakeAt);
			next.wake();
			if (this.sleepers.length > 0) this.tick();
		});
	}
}

/** Real time, keeping the schedule of sends the pacer let go (by its own readings of the time). */
export class RecordingClock implements Clock {
	readonly sends: number[] = [];

	now(): number {
		return Date.now();
	}

	sent(at: number): void {
		this.sends.push(at);
	}

	async sleep(ms: number): Promise<void> {
		await delay(ms);
	}
}

/** The most of `sends` that fall in any window of `perMilliseconds` (a send at its end is outside). */
export function busiestWindow(sends: number[], perMilliseconds: number): number {
	let busiest = 0;
	let first = 0;
	for (let last = 0; last < sends.length; last++) {
		while (sends[last] - sends[first] >= perMilliseconds) first++;
		busiest = Math.max(busiest, last - first + 1);
	}
	return busiest;
}
