'use strict';

// The container's HEALTHCHECK: the distroless image has no shell or curl, so
// the service probes itself. Exits 0 when GET /healthz answers 200, 1 otherwise.
const http = require('node:http');
const { listenPort } = require('./server');

const request = http.get(
  { host: '127.0.0.1', port: listenPort(), path: '/healthz', timeout: 3000 },
  res => {
    res.resume();
    process.exit(res.statusCode === 200 ? 0 : 1);
  },
);
request.on('timeout', () => request.destroy(new Error('timed out')));
request.on('error', error => {
  console.error(`healthcheck failed: ${error.message}`);
  process.exit(1);
});
