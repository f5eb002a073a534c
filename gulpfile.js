// After `tsc`, copy what the compiler does not: node icons and codex files (`*.node.json`).
const { src, dest, task } = require('gulp');

task('build:assets', () =>
	src(['nodes/**/*.svg', 'nodes/**/*.png', 'nodes/**/*.node.json', 'credentials/**/*.svg'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist')),
);
