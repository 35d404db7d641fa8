// extension.ts starts `sshcfg lsp` for ssh_config files, keeps its settings in step with
// VS Code's, shows the server's state in the status bar and adds "sshcfg: Explain host…".

import { execFile } from "node:child_process";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
  TransportKind,
} from "vscode-languageclient/node";
import {
  checkHost,
  configurationAnswer,
  explainCommand,
  ExtensionSettings,
  readSettings,
  section,
  serverCommand,
  serverSettings,
} from "./settings";

/** The language id of OpenSSH client configs, the one Remote-SSH uses too. */
const languageId = "ssh_config";

/** How long `sshcfg explain` may run before it is stopped. */
const explainTimeoutMs = 15000;

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem;
let output: vscode.OutputChannel;
let explainOutput: vscode.OutputChannel;

function currentSettings(): ExtensionSettings {
  const config = vscode.workspace.getConfiguration(section);
  return readSettings((key) => config.get(key));
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("sshcfg language server");
  explainOutput = vscode.window.createOutputChannel("sshcfg explain");
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.command = "sshcfg.showOutput";
  context.subscriptions.push(output, explainOutput, status);

  context.subscriptions.push(
    vscode.commands.registerCommand("sshcfg.showOutput", () => output.show(true)),
    vscode.commands.registerCommand("sshcfg.explainHost", explainHost),
    vscode.window.onDidChangeActiveTextEditor(updateStatusVisibility),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration(section)) {
        return;
      }
      if (e.affectsConfiguration(`${section}.path`)) {
        await restart();
        return;
      }
      // no settings in the notification: the server asks for them (workspace/configuration)
      if (client?.isRunning()) {
        await client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}

async function start(): Promise<void> {
  const settings = currentSettings();
  const { command, args } = serverCommand(settings);
  const serverOptions: ServerOptions = { command, args, transport: TransportKind.stdio };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: languageId, scheme: "file" },
      { language: languageId, scheme: "untitled" },
    ],
    initializationOptions: serverSettings(settings),
    outputChannel: output,
    middleware: {
      workspace: {
        configuration: (params) => configurationAnswer(params.items, currentSettings()),
      },
    },
  };
  client = new LanguageClient("sshcfg", "sshcfg", serverOptions, clientOptions);
  client.onDidChangeState((e) => showState(e.newState, command));
  showState(State.Starting, command);
  try {
    await client.start();
  } catch (err) {
    showState(State.Stopped, command, String(err));
    void vscode.window.showErrorMessage(
      `sshcfg: could not start "${command} lsp" (set sshcfg.path): ${String(err)}`,
    );
  }
}

async function stop(): Promise<void> {
  const old = client;
  client = undefined;
  if (old !== undefined) {
    await old.stop().catch(() => undefined);
  }
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

function showState(state: State, command: string, error?: string): void {
  switch (state) {
    case State.Running:
      status.text = "$(check) sshcfg";
      status.tooltip = `sshcfg language server running (${command} lsp)`;
      break;
    case State.Starting:
      status.text = "$(sync~spin) sshcfg";
      status.tooltip = `Starting ${command} lsp`;
      break;
    default:
      status.text = "$(error) sshcfg";
      status.tooltip = `sshcfg language server stopped${error ? ": " + error : ""} — click for its log`;
  }
  updateStatusVisibility();
}

function updateStatusVisibility(): void {
  if (vscode.window.activeTextEditor?.document.languageId === languageId) {
    status.show();
  } else {
    status.hide();
  }
}

/** explainHost asks for a host and shows `sshcfg explain -F <file> HOST` for the current file. */
async function explainHost(): Promise<void> {
  const doc = vscode.window.activeTextEditor?.document;
  if (doc === undefined || doc.uri.scheme !== "file") {
    void vscode.window.showErrorMessage("sshcfg: open a saved ssh config file first.");
    return;
  }
  const host = await vscode.window.showInputBox({
    prompt: `Host to explain with ${vscode.workspace.asRelativePath(doc.uri)}`,
    placeHolder: "[user@]host",
    validateInput: checkHost,
  });
  if (host === undefined) {
    return;
  }
  const { command, args } = explainCommand(currentSettings(), doc.uri.fsPath, host);
  explainOutput.clear();
  if (doc.isDirty) {
    explainOutput.appendLine("(the file has unsaved changes: this explains it as saved)");
  }
  execFile(command, args, { timeout: explainTimeoutMs, maxBuffer: 4 << 20 }, (err, stdout, stderr) => {
    explainOutput.append(stdout);
    if (stderr !== "") {
      explainOutput.append(stderr);
    }
    if (err !== null) {
      explainOutput.appendLine(`[${command} ${args.join(" ")}: ${err.message}]`);
    }
    explainOutput.show(true);
  });
}
