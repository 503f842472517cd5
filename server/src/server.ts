/**
 * The language server's entry bundle (`dist/server.js`): starts the server (node/languageServer.ts)
 * over IPC (VS Code) or stdio (`--stdio`, any LSP editor).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startLanguageServer } from './node/languageServer';

// VS Code starts this bundle over IPC; other editors with `--stdio` (vscode-languageserver reads the transport from argv).
startLanguageServer(createConnection(ProposedFeatures.all), { bundleDir: __dirname });
