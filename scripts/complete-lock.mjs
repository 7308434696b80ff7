// Adds package-lock entries for platform-specific rollup binaries that the registry here does not serve
// (npm/cli#4828): each gets its version and os/cpu/libc from its name, so npm ci skips it on other platforms.
// Usage: node scripts/complete-lock.mjs package-lock.json (idempotent; .ci/run calls it before npm ci).
import { readFileSync, writeFileSync } from 'node:fs';
const file = process.argv[2];
const lock = JSON.parse(readFileSync(file, 'utf8'));
const pk = lock.packages;
let added = [];
for (const [key, entry] of Object.entries(pk)) {
  for (const [dep, range] of Object.entries(entry.optionalDependencies ?? {})) {
    if (pk[`node_modules/${dep}`] || pk[`${key}/node_modules/${dep}`]) continue;
    const m = /^@rollup\/rollup-([a-z0-9]+)-([a-z0-9]+)(?:-(gnu|musl|gnueabihf|musleabihf|msvc|eabi))?$/.exec(dep);
    if (!m || !/^\d+\.\d+\.\d+$/.test(range)) continue;
    const [, os, cpu, abi] = m;
    const e = { version: range, cpu: [cpu], dev: entry.dev ?? undefined, license: 'MIT', optional: true, os: [os] };
    if (abi && /gnu/.test(abi)) e.libc = ['glibc'];
    if (abi && /musl/.test(abi)) e.libc = ['musl'];
    const ordered = { version: e.version, cpu: e.cpu, ...(e.dev ? { dev: true } : {}), ...(e.libc ? { libc: e.libc } : {}), license: e.license, optional: true, os: e.os };
    pk[`node_modules/${dep}`] = ordered;
    added.push(dep);
  }
}
// Insert the new keys where npm would sort them (localeCompare), leaving every existing entry in place.
const keys = Object.keys(pk).filter((k) => !added.includes(k.replace(/^node_modules\//, '')));
for (const dep of added) {
  const k = `node_modules/${dep}`;
  const at = keys.findIndex((x) => x !== '' && x.localeCompare(k, 'en') > 0);
  keys.splice(at < 0 ? keys.length : at, 0, k);
}
lock.packages = Object.fromEntries(keys.map((k) => [k, pk[k]]));
writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`added ${added.length}: ${added.join(' ')}`);
