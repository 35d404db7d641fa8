// An activation smoke test: out/extension.js is loaded with a generic stand-in for the vscode
// module (any member is a callable stub that records its calls), so that the real
// vscode-languageclient starts the real `sshcfg lsp` (SSHCFG_BIN) and registers the features
// the server announced. VS Code's own behaviour is not simulated.

import assert from "node:assert/strict";
import Module from "node:module";
import { test } from "node:test";

const bin = process.env.SSHCFG_BIN;
const skip = bin === undefined || bin === "";

/** How long activation or deactivation may take. */
const timeoutMs = 10000;

const calls: string[] = [];
const assigned = new Map<string, unknown>();

/** stub is a callable, constructible object whose every member is again a stub named by its path. */
function stub(name: string): any {
  const settings: Record<string, unknown> = { path: bin };
  return new Proxy(function () {}, {
    get(_, key) {
      if (key === "then") {
        return undefined; // not a promise
      }
      if (typeof key === "symbol") {
        return undefined;
      }
      const path = `${name}.${key}`;
      if (assigned.has(path)) {
        return assigned.get(path);
      }
      if (path === "vscode.version") {
        return "1.90.0";
      }
      if (path === "vscode.workspace.getConfiguration().get") {
        return (k: string) => settings[k];
      }
      return stub(path);
    },
    set(_, key, value) {
      assigned.set(`${name}.${String(key)}`, value);
      return true;
    },
    apply() {
      calls.push(name);
      return stub(`${name}()`);
    },
    construct() {
      calls.push(`new ${name}`);
      return stub(`new ${name}`);
    },
  });
}

function within<T>(what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done in ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

test("activate: the client starts sshcfg lsp and registers its features", { skip: skip && "SSHCFG_BIN is not set" }, async () => {
  const m = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = m._load;
  m._load = function (request: string, ...rest: unknown[]) {
    return request === "vscode" ? stub("vscode") : load.call(this, request, ...rest);
  };
  try {
    const ext = require("../extension");
    await within("activate", ext.activate({ subscriptions: [] }));
    for (const feature of [
      "registerHoverProvider",
      "registerCompletionItemProvider",
      "registerDefinitionProvider",
      "registerReferenceProvider",
      "registerDocumentSymbolProvider",
      "registerDocumentFormattingEditProvider",
      "registerCodeActionsProvider",
      "registerRenameProvider",
    ]) {
      assert.ok(calls.includes(`vscode.languages.${feature}`), `${feature} not called`);
    }
    assert.ok(calls.includes("vscode.commands.registerCommand"), "commands registered");
    assert.equal(assigned.get("vscode.window.createStatusBarItem().text"), "$(check) sshcfg", "status: running");
    await within("deactivate", ext.deactivate());
  } finally {
    m._load = load;
  }
});
