// The smallest VS Code client for `automlspec server` (docs/editors.md): it starts the server over stdio
// for YAML files and passes the two settings on as initializationOptions.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

exports.activate = async function activate(context) {
  const settings = vscode.workspace.getConfiguration("automlspec");
  const [command, ...args] = settings.get("command");
  client = new LanguageClient(
    "automlspec",
    "automlspec",
    { command, args },
    {
      documentSelector: [
        { scheme: "file", language: "yaml" },
        { scheme: "untitled", language: "yaml" },
      ],
      initializationOptions: {
        debounce: settings.get("debounce"),
        yamlSyntax: settings.get("yamlSyntax"),
      },
    },
  );
  await client.start();
  context.subscriptions.push(client);
};

exports.deactivate = function deactivate() {
  return client ? client.stop() : undefined;
};
