// settings.ts maps the extension's settings to what the language server and the sshcfg
// command take. It does not import vscode, so that the tests can run under plain Node.

/** The section of the VS Code settings the extension reads ("sshcfg.path", …). */
export const section = "sshcfg";

/** The levels a rule can be set to, as the server's "rules" setting accepts them. */
export const ruleLevels = ["off", "note", "warning", "error"] as const;

/** The extension's settings, as read from VS Code. */
export interface ExtensionSettings {
  /** The sshcfg binary: a name looked up on PATH or a path. */
  path: string;
  /** The OpenSSH the configs are checked for ("9.2", "debian-9.2"); "" for the installed ssh. */
  targetOpenSSH: string;
  /** Rule levels by rule id or slug. */
  rules: Record<string, string>;
}

/**
 * The settings the server reads, from initializationOptions and from the "sshcfg" section of
 * workspace/configuration (lsp/settings.go): members left at their defaults are omitted.
 */
export interface ServerSettings {
  targetOpenSSH?: string;
  rules?: Record<string, string>;
}

/** A reader of one setting, as vscode.WorkspaceConfiguration.get is. */
export type SettingReader = (key: string) => unknown;

/**
 * readSettings reads the extension's settings through get, replacing values of the wrong type
 * by the defaults, trimming strings and keeping only rules whose level is a string.
 */
export function readSettings(get: SettingReader): ExtensionSettings {
  const path = get("path");
  const target = get("targetOpenSSH");
  const rules = get("rules");
  const kept: Record<string, string> = {};
  if (rules !== null && typeof rules === "object" && !Array.isArray(rules)) {
    for (const [id, level] of Object.entries(rules as Record<string, unknown>)) {
      if (typeof level === "string" && id.trim() !== "") {
        kept[id.trim()] = level.trim();
      }
    }
  }
  return {
    path: typeof path === "string" && path.trim() !== "" ? path.trim() : "sshcfg",
    targetOpenSSH: typeof target === "string" ? target.trim() : "",
    rules: kept,
  };
}

/** serverSettings is what the server is given: initializationOptions and configuration answers. */
export function serverSettings(s: ExtensionSettings): ServerSettings {
  const out: ServerSettings = {};
  if (s.targetOpenSSH !== "") {
    out.targetOpenSSH = s.targetOpenSSH;
  }
  if (Object.keys(s.rules).length > 0) {
    out.rules = { ...s.rules };
  }
  return out;
}

/**
 * configurationAnswer answers a workspace/configuration request: the server settings for the
 * "sshcfg" section (or for no section, wrapped as {"sshcfg": …}), null for any other section.
 */
export function configurationAnswer(items: { section?: string }[], s: ExtensionSettings): unknown[] {
  return items.map((item) => {
    if (item.section === section) {
      return serverSettings(s);
    }
    if (item.section === undefined || item.section === "") {
      return { [section]: serverSettings(s) };
    }
    return null;
  });
}

/** A program and its arguments, run without a shell. */
export interface Command {
  command: string;
  args: string[];
}

/** serverCommand is how the language server is started. */
export function serverCommand(s: ExtensionSettings): Command {
  return { command: s.path, args: ["lsp"] };
}

/**
 * checkHost returns why host cannot be explained, or undefined when it can: it must be one
 * word ([user@]host, as ssh takes it) with no control characters.
 */
export function checkHost(host: string): string | undefined {
  if (host.trim() === "") {
    return "Give a host name or alias.";
  }
  if (/[\s\x00-\x1f\x7f]/.test(host.trim())) {
    return "A host is one word, with no spaces or control characters.";
  }
  return undefined;
}

/**
 * explainCommand runs `sshcfg explain -F FILE HOST`, with --openssh when a target is set.
 * The host follows "--", so that one starting with "-" is not taken for a flag.
 */
export function explainCommand(s: ExtensionSettings, file: string, host: string): Command {
  const args = ["explain"];
  if (s.targetOpenSSH !== "") {
    args.push("--openssh", s.targetOpenSSH);
  }
  args.push("-F", file, "--", host.trim());
  return { command: s.path, args };
}
