'use strict';

const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');
const { createServer, SERVICE_NAME } = require('./server');

const { server } = createServer();
let base;

before(async () => {
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});

after(() => new Promise(resolve => server.close(resolve)));

test('GET /healthz and /readyz answer 200', async () => {
  assert.equal((await fetch(`${base}/healthz`)).status, 200);
  assert.equal((await fetch(`${base}/readyz`)).status, 200);
});

test('GET / names the service', async () => {
  const res = await fetch(`${base}/`);
  assert.equal(res.status, 200);
  assert.equal((await res.json()).service, SERVICE_NAME);
});

test('unknown paths answer 404', async () => {
  assert.equal((await fetch(`${base}/nope`)).status, 404);
});
