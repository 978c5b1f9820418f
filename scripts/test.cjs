#!/usr/bin/env node
// `npm test`: makes sure the Temporal binaries are there, then runs the whole Jest suite.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const tools = spawnSync('bash', [path.join(root, 'scripts', 'install-tools.sh')], { stdio: 'inherit', cwd: root });
if (tools.status !== 0) process.exit(tools.status ?? 1);
const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(jest.status ?? 1);
