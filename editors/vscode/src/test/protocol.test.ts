// A protocol test: the real `sshcfg lsp` (SSHCFG_BIN) driven by vscode-languageserver-protocol's
// Node client over the child's stdio, with the settings the extension gives it.

import assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, test } from "node:test";
import {
  ConfigurationRequest,
  createProtocolConnection,
  Diagnostic,
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  MarkupContent,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver-protocol/node";
import { configurationAnswer, ExtensionSettings, readSettings, serverSettings } from "../settings";

/** How long any one step may take. */
const stepTimeoutMs = 10000;

// A misspelt keyword (line 3, 0-based) and StrictHostKeyChecking no (line 4) in Host web.
const config = `Include inc.conf
Host web
    HostName web.example
    Hostnmae web2.example
    StrictHostKeyChecking no
Host db
    User dbadmin
`;

const bin = process.env.SSHCFG_BIN;
const skip = bin === undefined || bin === "";
if (skip && process.env.CI === "true") {
  throw new Error("SSHCFG_BIN is not set, and CI=true requires the protocol test to run");
}

/** The settings as VS Code would hold them; the test changes them as a user would. */
let settings: ExtensionSettings = readSettings(
  (key) => ({ targetOpenSSH: "9.2", rules: { SC4001: "off", SC1001: "error" } })[key],
);

let dir: string;
let child: ChildProcess;
let conn: ProtocolConnection;
let configURI: string;
const stderr: string[] = [];
const logs: string[] = [];
let configurationAsked = 0;
let latest: Diagnostic[] | undefined;
let onDiagnostics: (() => void) | undefined;

/** within fails with what when the promise does not settle in the step timeout. */
function within<T>(what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: no answer in ${stepTimeoutMs} ms\nserver stderr:\n${stderr.join("")}`)),
      stepTimeoutMs,
    );
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** ids renders diagnostics as "SC1001:3" (rule id and 0-based line), sorted. */
function ids(ds: Diagnostic[] | undefined): string {
  return (ds ?? []).map((d) => `${d.code}:${d.range.start.line}`).sort().join(" ");
}

/**
 * diagnosticsBecome waits until the latest diagnostics of the config are want: the server may
 * first publish a quick stage, so earlier sets are passed over.
 */
function diagnosticsBecome(want: string): Promise<Diagnostic[]> {
  return within(
    `diagnostics ${want} (last seen: ${ids(latest)})`,
    new Promise((resolve) => {
      const check = () => {
        if (latest !== undefined && ids(latest) === want) {
          onDiagnostics = undefined;
          resolve(latest);
        }
      };
      onDiagnostics = check;
      check();
    }),
  );
}

before(async () => {
  if (skip) {
    return;
  }
  dir = mkdtempSync(join(tmpdir(), "sshcfg-vscode-"));
  const sshDir = join(dir, "home", ".ssh");
  mkdirSync(sshDir, { recursive: true, mode: 0o700 });
  const file = join(sshDir, "config");
  writeFileSync(file, config, { mode: 0o600 });
  writeFileSync(join(sshDir, "inc.conf"), "Compression yes\n", { mode: 0o600 });
  configURI = pathToFileURL(file).href;

  child = spawn(bin!, ["lsp"], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", HOME: join(dir, "home") },
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stderr!.on("data", (b: Buffer) => stderr.push(b.toString()));
  conn = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    if (p.uri === configURI) {
      latest = p.diagnostics;
      onDiagnostics?.();
    }
  });
  conn.onNotification(LogMessageNotification.type, (p) => logs.push(p.message));
  // the extension's middleware answers with configurationAnswer
  conn.onRequest(ConfigurationRequest.type, (p) => {
    configurationAsked++;
    return configurationAnswer(p.items, settings);
  });
  conn.onRequest(RegistrationRequest.type, () => null);
  conn.listen();
});

after(() => {
  conn?.dispose();
  if (child !== undefined && child.exitCode === null) {
    child.kill();
  }
  if (dir !== undefined) {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("sshcfg lsp: a session with the extension's settings", { skip: skip && "SSHCFG_BIN is not set" }, async (t) => {
  const init = await within(
    "initialize",
    conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
        textDocument: {
          hover: { contentFormat: ["markdown", "plaintext"] },
          publishDiagnostics: {},
        },
      },
      initializationOptions: serverSettings(settings),
      workspaceFolders: null,
    }),
  );
  assert.ok(init.capabilities.hoverProvider, "the server offers hover");
  await conn.sendNotification(InitializedNotification.type, {});
  await conn.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: configURI, languageId: "ssh_config", version: 1, text: config },
  });

  await t.test("initializationOptions: SC4001 off, SC1001 an error", async () => {
    const ds = await diagnosticsBecome("SC1001:3");
    assert.equal(ds[0].severity, 1, "SC1001 set to error");
    assert.equal(ds[0].message, "Bad configuration option: hostnmae");
    assert.equal(ds[0].source, "sshcfg");
  });

  await t.test("workspace/configuration: changed rules are pulled and applied", async () => {
    settings = readSettings((key) => ({ targetOpenSSH: "9.2", rules: { SC1001: "note" } })[key]);
    // what the extension sends when a setting changes: no settings, so the server asks
    await conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const ds = await diagnosticsBecome("SC1001:3 SC4001:4");
    const sc1001 = ds.find((d) => d.code === "SC1001")!;
    assert.equal(sc1001.severity, 3, "SC1001 set to note (information)");
    assert.ok(configurationAsked > 0, "the server asked for the sshcfg section");
  });

  await t.test("hover on a Host line: the effective settings with their origin", async () => {
    const hover = await within(
      "hover",
      conn.sendRequest(HoverRequest.type, { textDocument: { uri: configURI }, position: { line: 1, character: 6 } }),
    );
    assert.ok(hover !== null, "a hover on Host web");
    const text = MarkupContent.is(hover.contents) ? hover.contents.value : JSON.stringify(hover.contents);
    assert.match(text, /^hostname\s+web\.example\s+# config:3$/m);
    assert.match(text, /^compression\s+yes\s+# inc\.conf:1$/m);
  });

  await t.test("shutdown and exit: the server exits with status 0", async () => {
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    await within("shutdown", conn.sendRequest(ShutdownRequest.type));
    await conn.sendNotification(ExitNotification.type);
    // as the editor does: the pipe is closed, so the server need not wait for its reader
    child.stdin!.end();
    assert.equal(await within("exit", exited), 0);
  });

  const problems = logs.filter((m) => m.startsWith("settings:"));
  assert.deepEqual(problems, [], "the server took every setting");
});
