'use strict';

// A minimal HTTP service on Node's own http module: no dependencies to patch.
// GET / answers who it is, /healthz that the process is alive, /readyz that it
// takes traffic (false while shutting down, so the load balancer drains it).
const http = require('node:http');

const SERVICE_NAME = '${{ values.name }}';

function listenPort() {
  return Number(process.env.PORT || '${{ values.port }}' || 8080);
}

function createServer() {
  const state = { ready: false };
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    const send = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(405, { error: 'method not allowed' });
    } else if (pathname === '/healthz') {
      send(200, { status: 'ok' });
    } else if (pathname === '/readyz') {
      send(state.ready ? 200 : 503, { ready: state.ready });
    } else if (pathname === '/') {
      send(200, {
        service: SERVICE_NAME,
        message: `Hello from ${SERVICE_NAME}`,
      });
    } else {
      send(404, { error: 'not found' });
    }
  });
  server.on('listening', () => {
    state.ready = true;
  });
  server.on('close', () => {
    state.ready = false;
  });
  return { server, state };
}

function main() {
  const { server, state } = createServer();
  const stop = () => {
    state.ready = false;
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  server.listen(listenPort(), () => {
    console.log(`${SERVICE_NAME} listening on port ${server.address().port}`);
  });
}

if (require.main === module) {
  main();
}

module.exports = { createServer, listenPort, SERVICE_NAME };
