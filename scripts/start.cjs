#!/usr/bin/env node
// `npm start`: installs what is missing (npm packages, Temporal binaries), builds, then runs the
// stack (src/devstack/main.ts) in this process's place.
const { spawnSync, spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const step = (what, command, args) => {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root });
  if (result.status !== 0) {
    console.error(`[start] ${what} failed`);
    process.exit(result.status ?? 1);
  }
};

if (!existsSync(path.join(root, 'node_modules', '.package-lock.json'))) step('npm ci', 'npm', ['ci', '--no-audit', '--no-fund']);
step('installing the Temporal binaries', 'bash', [path.join(root, 'scripts', 'install-tools.sh')]);
step('building', process.execPath, [require.resolve('typescript/bin/tsc', { paths: [root] }), '-p', 'tsconfig.build.json']);

// Tied to this process (Linux): if npm or a supervisor kills us outright, the stack still stops.
const stackMain = [process.execPath, path.join(root, 'dist', 'src', 'devstack', 'main.js')];
const command = existsSync('/usr/bin/setpriv') ? ['/usr/bin/setpriv', '--pdeathsig', 'SIGTERM', '--', ...stackMain] : stackMain;
const stack = spawn(command[0], command.slice(1), { stdio: 'inherit', cwd: root });
// The stack handles Ctrl-C itself; we only wait for it.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stack.kill(signal));
stack.on('exit', (code) => process.exit(code ?? 0));
