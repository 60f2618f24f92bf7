// A bounded load run against `cp-screen serve` on 127.0.0.1 (BENCHMARKS.md): starts the
// server on a free port, sends REQUESTS requests from CONCURRENCY clients at once (keep-alive
// connections), and stops by itself. The requests are what a browser sends: the start page,
// a question answered (a form with the answers so far), and the result page (the printable
// report). Prints the count, errors (any status but 200, or a failed connection), and the
// p50 / p90 / p99 / max latency per kind and overall.
//
//   node benches/serve-load.mjs [REQUESTS] [CONCURRENCY]
//
// CP_SCREEN names the binary (default target/release/cp-screen).

import { spawn } from 'node:child_process';
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const binary = process.env.CP_SCREEN || join(root, 'target', 'release', 'cp-screen');
const total = Number(process.argv[2] || 5000);
const concurrency = Number(process.argv[3] || 50);

const child = spawn(binary, ['serve', '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'ignore', 'pipe'] });
const url = await new Promise((resolve, reject) => {
  let seen = '';
  child.stderr.on('data', (c) => {
    seen += c;
    const m = seen.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
    if (m) resolve(new URL(m[0]));
  });
  child.on('exit', (code) => reject(new Error(`serve ended (${code}): ${seen}`)));
});

// Answers so far as the pages carry them, half the questionnaire answered.
const answers = new URLSearchParams({
  set: 'cerebral-palsy',
  lang: 'en',
  'a.maternal_infection': 'yes',
  'a.harmful_exposure': 'no',
  'a.fetal_hypoxia': 'unknown',
  'a.maternal_nutrition_disorder': 'no',
  'a.threatened_miscarriage': 'unknown',
  'a.family_cerebral_palsy': 'no',
  'a.family_epilepsy': 'no',
  'a.family_intellectual_disability': 'no',
  'a.chromosomal_abnormality': 'unknown',
});
const step = new URLSearchParams(answers);
step.set('at', '9');
step.set('answer', '31+4');
step.set('go', 'next');
const result = new URLSearchParams(answers);
result.set('a.gestational_age_weeks', '31+4');
result.set('a.birth_weight_grams', '4 lb 1 oz');
result.set('go', 'confirm');

const kinds = [
  { name: 'GET / (start page)', method: 'GET', body: null },
  { name: 'POST / (a number answered)', method: 'POST', body: step.toString() },
  { name: 'POST / (the result page)', method: 'POST', body: result.toString() },
];

const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const times = kinds.map(() => []);
let errors = 0;
let sent = 0;
const firstError = [];

function once(kind) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: '/',
        method: kind.method,
        agent,
        headers: kind.body
          ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(kind.body) }
          : {},
        timeout: 10000,
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) {
            errors += 1;
            if (firstError.length < 3) firstError.push(`status ${res.statusCode}`);
          }
          resolve(Number(process.hrtime.bigint() - start) / 1e6);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => {
      errors += 1;
      if (firstError.length < 3) firstError.push(e.message);
      resolve(null);
    });
    if (kind.body) req.write(kind.body);
    req.end();
  });
}

async function worker() {
  while (sent < total) {
    const k = sent % kinds.length;
    sent += 1;
    const ms = await once(kinds[k]);
    if (ms !== null) times[k].push(ms);
  }
}

const began = Date.now();
await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = (Date.now() - began) / 1000;
agent.destroy();
child.kill();

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const line = (name, list) => {
  const s = [...list].sort((a, b) => a - b);
  const f = (v) => (v === undefined ? '-' : v.toFixed(2));
  return `| ${name} | ${s.length} | ${f(pct(s, 50))} | ${f(pct(s, 90))} | ${f(pct(s, 99))} | ${f(s[s.length - 1])} |`;
};
console.log(`${total} requests, ${concurrency} concurrent, ${seconds.toFixed(1)} s (${(total / seconds).toFixed(0)} requests/s), errors: ${errors}${firstError.length ? ` (${firstError.join('; ')})` : ''}`);
console.log('| request | count | p50 ms | p90 ms | p99 ms | max ms |');
console.log('|---|---|---|---|---|---|');
kinds.forEach((k, i) => console.log(line(k.name, times[i])));
console.log(line('all', times.flat()));
process.exit(errors === 0 ? 0 : 1);
