// Unit tests of the mapping from VS Code settings to the server's settings and to the
// commands the extension runs.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import {
  checkHost,
  configurationAnswer,
  explainCommand,
  ExtensionSettings,
  readSettings,
  ruleLevels,
  serverCommand,
  serverSettings,
} from "../settings";

function reader(values: Record<string, unknown>) {
  return (key: string) => values[key];
}

const defaults: ExtensionSettings = { path: "sshcfg", targetOpenSSH: "", rules: {} };

test("readSettings: unset, empty or mistyped settings take the defaults", () => {
  assert.deepEqual(readSettings(reader({})), defaults);
  assert.deepEqual(readSettings(reader({ path: "  ", targetOpenSSH: 9.2, rules: ["SC1001"] })), defaults);
  assert.deepEqual(readSettings(reader({ rules: null })), defaults);
});

test("readSettings: values are trimmed, rules with a non-string level dropped", () => {
  const got = readSettings(
    reader({
      path: " /opt/bin/sshcfg ",
      targetOpenSSH: " debian-9.2 ",
      rules: { SC4001: " off", "weak-algorithm": "error", SC1001: 3, " ": "off" },
    }),
  );
  assert.deepEqual(got, {
    path: "/opt/bin/sshcfg",
    targetOpenSSH: "debian-9.2",
    rules: { SC4001: "off", "weak-algorithm": "error" },
  });
});

test("serverSettings: defaults are omitted, the rest passed as the server names it", () => {
  assert.deepEqual(serverSettings(defaults), {});
  const s = { path: "x", targetOpenSSH: "10.5", rules: { SC3005: "note" } };
  assert.deepEqual(serverSettings(s), { targetOpenSSH: "10.5", rules: { SC3005: "note" } });
  // a copy: the server settings do not alias the extension's
  assert.notEqual(serverSettings(s).rules, s.rules);
});

test("configurationAnswer: the sshcfg section, wrapped when no section is asked, null otherwise", () => {
  const s = { path: "x", targetOpenSSH: "9.2", rules: {} };
  assert.deepEqual(configurationAnswer([{ section: "sshcfg" }, {}, { section: "editor" }], s), [
    { targetOpenSSH: "9.2" },
    { sshcfg: { targetOpenSSH: "9.2" } },
    null,
  ]);
});

test("serverCommand: the configured binary with lsp", () => {
  assert.deepEqual(serverCommand({ ...defaults, path: "/opt/sshcfg" }), { command: "/opt/sshcfg", args: ["lsp"] });
});

test("explainCommand: -F the file, the host after --, --openssh when a target is set", () => {
  assert.deepEqual(explainCommand(defaults, "/home/u/.ssh/config", " web "), {
    command: "sshcfg",
    args: ["explain", "-F", "/home/u/.ssh/config", "--", "web"],
  });
  // arguments stay whole: no shell sees them
  assert.deepEqual(explainCommand({ ...defaults, targetOpenSSH: "9.2" }, "/tmp/a b; rm -rf ~", "-oProxyCommand=x"), {
    command: "sshcfg",
    args: ["explain", "--openssh", "9.2", "-F", "/tmp/a b; rm -rf ~", "--", "-oProxyCommand=x"],
  });
});

test("checkHost: one word, no control characters", () => {
  assert.equal(checkHost("web"), undefined);
  assert.equal(checkHost("admin@db.example:22"), undefined);
  for (const bad of ["", "   ", "web db", "web\tdb", "web\u001b[2J"]) {
    assert.notEqual(checkHost(bad), undefined, JSON.stringify(bad));
  }
});

test("package.json: the settings it declares are the ones read, with the server's levels", () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8"));
  const props = pkg.contributes.configuration.properties;
  assert.deepEqual(Object.keys(props).sort(), ["sshcfg.path", "sshcfg.rules", "sshcfg.targetOpenSSH"]);
  assert.deepEqual(props["sshcfg.rules"].additionalProperties.enum, [...ruleLevels]);
  const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === "ssh_config");
  assert.deepEqual(lang.filenamePatterns, [
    "**/.ssh/config",
    "**/.ssh/config.d/*",
    "/etc/ssh/ssh_config",
    "/etc/ssh/ssh_config.d/*",
  ]);
  assert.ok(pkg.contributes.commands.some((c: { command: string }) => c.command === "sshcfg.explainHost"));
});
