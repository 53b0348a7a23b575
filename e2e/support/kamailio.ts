import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway Kamailio (Debian's `kamailio` + `kamailio-websocket-modules`) for the SIP over
 * WebSocket tests (issue 17, H2 model 1): its own config in a temp dir, its own free ports, started
 * in the foreground as our child, so it never needs (or disturbs) a system Kamailio service.
 *
 * What the config does, and why (docs/calls.md explains it for operators):
 * - `ws://127.0.0.1:<wsPort>` (RFC 7118 over plain TCP; loopback only, so no TLS in tests) and SIP on
 *   UDP/TCP `127.0.0.1:<sipPort>` for non-browser phones.
 * - Registrar with `usrloc` in memory (`db_mode=0`): nothing is written to disk, nothing survives.
 * - Digest auth against a fixed user table written into the config (`pv_auth_check` with the
 *   password picked by the From user). No database: the test's users are a handful of constants,
 *   and with auth on the wrong-password case is a real 401/403 from the registrar, not a mock.
 * - NAT handling for WebSocket clients as Kamailio's own example (`examples/webrtc/websocket.cfg`)
 *   does: a browser's Contact (`xyz.invalid` with `;transport=ws`) is not reachable, so REGISTER
 *   gets `fix_nated_register()` (the registrar stores the real source as `received`), other requests
 *   and replies get `add_contact_alias()`, and in-dialog requests `handle_ruri_alias()`. Always
 *   applied for WebSocket connections (`nat_uac_test(64)`), not only behind NAT; WebSocket keeps its
 *   own keep-alives, so no NAT pings.
 * - Media does not pass through Kamailio: the browsers' ICE/DTLS-SRTP goes peer to peer.
 */

export const KAMAILIO_PATH = '/usr/sbin/kamailio';
export const SIP_DOMAIN = 'parley.test';

export type TSipUser = { user: string; password: string };

export type TKamailio = {
  /** `ws://127.0.0.1:<port>` for the browsers. */
  wsUrl: string;
  wsPort: number;
  sipPort: number;
  domain: string;
  /** Everything Kamailio printed (stderr, with `-E`), for a failing test. */
  output: () => string;
  stop: () => Promise<void>;
};

/**
 * Whether Kamailio can be started here. Missing locally: skipped with the reason printed; with
 * `CI=true` missing is an error (like the Chromium rule in browser.ts), so CI never goes green by
 * skipping.
 */
export function kamailioAvailability(options: { ephemeral?: boolean } = {}): {
  available: boolean;
  reason?: string;
} {
  const dir = '/usr/lib/x86_64-linux-gnu/kamailio/modules';
  const needed = [
    KAMAILIO_PATH,
    `${dir}/websocket.so`,
    ...(options.ephemeral ? [`${dir}/auth_ephemeral.so`] : []),
  ];
  const missing = needed.find((file) => !existsSync(file));
  if (!missing) return { available: true };
  const reason = `${missing} not found (install: apt-get install -y kamailio kamailio-websocket-modules kamailio-autheph-modules)`;
  if (process.env.CI === 'true') throw new Error(`e2e: ${reason}`);
  console.warn(`e2e: skipping SIP tests: ${reason}`);
  return { available: false, reason };
}

/** A port free on TCP and UDP both (Kamailio listens on both for plain SIP). */
async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
  throw new Error('no free TCP+UDP port');
}

const SAFE = /^[A-Za-z0-9._-]+$/;

export function kamailioConfig(options: {
  wsPort: number;
  sipPort: number;
  domain: string;
  users: TSipUser[];
  /** auth_ephemeral's shared secret: users not in `users` sign in with short-lived credentials. */
  ephemeralSecret?: string | undefined;
}): string {
  const { wsPort, sipPort, domain, users, ephemeralSecret } = options;
  for (const u of users)
    if (!SAFE.test(u.user) || !SAFE.test(u.password)) throw new Error(`unsafe SIP test user ${u.user}`);
  if (ephemeralSecret !== undefined && !SAFE.test(ephemeralSecret))
    throw new Error('unsafe ephemeral secret');
  const ephemeralModule = ephemeralSecret
    ? `loadmodule "auth_ephemeral.so"\nmodparam("auth_ephemeral", "secret", "${ephemeralSecret}")\n`
    : '';
  // Users of the fixed table by password; anyone else by an auth_ephemeral credential
  // (username "<expiry>:<user>", password base64(HMAC-SHA1(secret, username))) whose user must be
  // the From user, so a credential never signs requests as someone else.
  const otherwise = ephemeralSecret
    ? `	if ($var(pw) == "") {
		if (!autheph_check("$fd")) {
			auth_challenge("$fd", "1");
			exit;
		}
		if (!autheph_check_from()) {
			sl_send_reply("403", "Forbidden");
			exit;
		}
		if (!is_method("REGISTER")) consume_credentials();
		return;
	}
`
    : '';
  const passwords = users.map((u) => `\tif ($fU == "${u.user}") { $var(pw) = "${u.password}"; }`).join('\n');
  return `#!KAMAILIO
# Written by e2e/support/kamailio.ts for one test run; see the comment there.
#!define WS_PORT ${wsPort}

debug=2
log_stderror=yes
fork=yes
children=2
tcp_children=2
auto_aliases=no
alias="${domain}"
listen=udp:127.0.0.1:${sipPort}
listen=tcp:127.0.0.1:${sipPort}
listen=tcp:127.0.0.1:${wsPort}
tcp_connection_lifetime=3604
tcp_accept_no_cl=yes
tcp_rd_buf_size=16384

loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "sanity.so"
loadmodule "auth.so"
${ephemeralModule}loadmodule "kex.so"
loadmodule "corex.so"
loadmodule "xhttp.so"
loadmodule "websocket.so"
loadmodule "nathelper.so"

modparam("tm", "failure_reply_mode", 3)
modparam("tm", "fr_timer", 30000)
modparam("tm", "fr_inv_timer", 120000)
modparam("rr", "enable_full_lr", 1)
modparam("rr", "append_fromtag", 0)
modparam("registrar", "method_filtering", 1)
modparam("registrar", "max_expires", 3600)
modparam("registrar", "gruu_enabled", 0)
# In memory only: registrations vanish with the process.
modparam("usrloc", "db_mode", 0)
modparam("auth", "nonce_count", 1)
modparam("auth", "qop", "auth")
modparam("nathelper|registrar", "received_avp", "$avp(RECEIVED)")
# No NAT pings: nathelper only serves WebSocket clients, and WebSocket has its own keep-alives.

request_route {
	# Only WebSocket on the WebSocket port.
	if ($Rp == WS_PORT && !(proto == WS || proto == WSS)) {
		sl_send_reply("403", "Forbidden");
		exit;
	}
	if (!mf_process_maxfwd_header("10")) {
		sl_send_reply("483", "Too Many Hops");
		exit;
	}
	if (!sanity_check("1511", "7")) {
		xlog("L_WARN", "Malformed SIP message from $si:$sp\\n");
		exit;
	}
	if (nat_uac_test(64)) {
		# RFC 7118 clients (browsers) put an unreachable Contact (*.invalid); route back over the
		# WebSocket connection the request came on, NAT or not.
		force_rport();
		if (is_method("REGISTER")) {
			fix_nated_register();
		} else if (!add_contact_alias()) {
			sl_send_reply("400", "Bad Request");
			exit;
		}
	}
	route(WITHINDLG);

	if (is_method("CANCEL")) {
		if (t_check_trans()) t_relay();
		exit;
	}
	t_check_trans();
	route(AUTH);
	remove_hf("Route");
	if (is_method("INVITE")) record_route();
	if (is_method("REGISTER")) {
		if (!save("location")) sl_reply_error();
		exit;
	}
	if ($rU == $null) {
		sl_send_reply("484", "Address Incomplete");
		exit;
	}
	if (!lookup("location")) {
		t_newtran();
		send_reply("480", "Temporarily Unavailable");
		exit;
	}
	route(RELAY);
}

route[RELAY] {
	if (!t_relay()) sl_reply_error();
	exit;
}

route[WITHINDLG] {
	if (!has_totag()) return;
	if (loose_route()) {
		if ($du == "") {
			if (!handle_ruri_alias()) {
				sl_send_reply("400", "Bad Request");
				exit;
			}
		}
		route(RELAY);
	}
	if (is_method("ACK")) {
		if (t_check_trans()) t_relay();
		exit;
	}
	sl_send_reply("404", "Not Found");
	exit;
}

# The test's fixed users: digest auth for REGISTER and for requests from our domain.
route[AUTH] {
	if (!is_method("REGISTER") && !(from_uri == myself)) {
		# Not one of ours: only calls to our users, never an open relay.
		if (!(uri == myself)) {
			sl_send_reply("403", "Forbidden");
			exit;
		}
		return;
	}
	$var(pw) = "";
${passwords}
${otherwise}	if ($var(pw) == "" || !pv_auth_check("$fd", "$var(pw)", "0", "1")) {
		auth_challenge("$fd", "1");
		exit;
	}
	if (!is_method("REGISTER")) consume_credentials();
}

onreply_route {
	if (nat_uac_test(64)) add_contact_alias();
}

event_route[xhttp:request] {
	set_reply_close();
	set_reply_no_connect();
	if ($Rp != WS_PORT) {
		xhttp_reply("403", "Forbidden", "", "");
		exit;
	}
	if ($hdr(Upgrade) =~ "websocket" && $hdr(Connection) =~ "Upgrade" && $rm =~ "GET") {
		if (ws_handle_handshake()) exit;
	}
	xhttp_reply("404", "Not Found", "", "");
}
`;
}

function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`kamailio exited with ${child.exitCode}`));
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`kamailio did not listen on ${port} in ${timeoutMs} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** Starts Kamailio with the given users on free loopback ports; `stop()` ends it and removes its dir. */
export async function startKamailio(options: {
  users: TSipUser[];
  domain?: string;
  /** Turns on auth_ephemeral (Debian's kamailio-autheph-modules) with this shared secret. */
  ephemeralSecret?: string;
}): Promise<TKamailio> {
  const domain = options.domain ?? SIP_DOMAIN;
  const wsPort = await freePort();
  let sipPort = await freePort();
  while (sipPort === wsPort) sipPort = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'parley-kamailio-'));
  const cfg = join(dir, 'kamailio.cfg');
  writeFileSync(
    cfg,
    kamailioConfig({
      wsPort,
      sipPort,
      domain,
      users: options.users,
      ephemeralSecret: options.ephemeralSecret,
    }),
  );
  let output = '';
  // -DD: stay in the foreground (no daemon) but still fork the workers; -E: log to stderr;
  // -Y: runtime dir (pid, sockets) in our temp dir, never /run/kamailio; small memory pools.
  const child = spawn(
    KAMAILIO_PATH,
    ['-DD', '-E', '-f', cfg, '-Y', dir, '-P', join(dir, 'kamailio.pid'), '-m', '64', '-M', '8'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A test run that dies without stop() must not leave Kamailio (and its workers) behind.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(wsPort, child, 15_000);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output.slice(-4000)}`);
  }
  return { wsUrl: `ws://127.0.0.1:${wsPort}`, wsPort, sipPort, domain, output: () => output, stop };
}
