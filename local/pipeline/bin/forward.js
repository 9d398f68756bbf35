#!/usr/bin/env node
// Forwards a git push (from a post-receive hook) or a local cdk tool call (from a build) to the
// running local cloud's pipeline control endpoint. Plain JavaScript: hooks and builds run it with
// node alone, outside the project's TypeScript tooling.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');

function post(url, route, headers, body) {
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(route, url), { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

async function push() {
  const stateDir = process.env.LOCAL_CLOUD_STATE_DIR;
  let url;
  try {
    url = JSON.parse(fs.readFileSync(path.join(stateDir, 'pipeline', 'control.json'), 'utf8')).url;
  } catch {
    console.error('local cloud: not running; the push is stored, no pipeline started');
    return 0;
  }
  const input = fs.readFileSync(0, 'utf8');
  const updates = input.split('\n').filter(Boolean).map((line) => {
    const [oldRev, newRev, ref] = line.split(' ');
    return { oldRev, newRev, ref };
  });
  const answer = await post(url, '/push', { 'x-local-cloud-secret': process.env.LOCAL_CLOUD_SECRET }, { repository: process.env.LOCAL_CLOUD_REPOSITORY, updates });
  if (answer.status !== 200) {
    console.error(`local cloud: the push was not accepted (${answer.status}): ${answer.body}`);
    return 0;
  }
  const started = JSON.parse(answer.body).started || [];
  console.error(started.length ? `local cloud: started pipeline execution(s) ${started.join(', ')}` : 'local cloud: no pipeline rule matched this push');
  return 0;
}

async function tool(name, args) {
  const url = process.env.LOCAL_CLOUD_CONTROL_URL;
  if (!url || !process.env.LOCAL_CLOUD_BUILD_TOKEN) {
    console.error(`${name} (local cloud): runs only inside a local CodeBuild build, which sets LOCAL_CLOUD_CONTROL_URL and LOCAL_CLOUD_BUILD_TOKEN`);
    return 2;
  }
  const answer = await post(url, '/tool', { 'x-local-cloud-build-token': process.env.LOCAL_CLOUD_BUILD_TOKEN }, { tool: name, args, cwd: process.cwd() });
  if (answer.status !== 200) {
    console.error(`${name} (local cloud): ${answer.body}`);
    return 1;
  }
  const result = JSON.parse(answer.body);
  process.stdout.write(result.output || '');
  return result.code;
}

const [command, ...rest] = process.argv.slice(2);
(command === 'push' ? push() : tool(command, rest)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`local cloud: ${error.message}`);
    process.exit(command === 'push' ? 0 : 1);
  },
);
