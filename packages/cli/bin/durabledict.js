#!/usr/bin/env node
// The `durabledict` command. It lives outside dist/ so that a package manager links the command at install
// time, before a workspace has built dist/ (pnpm links no bin whose file is missing).
import { runCli } from "../dist/run-cli.js";

process.exitCode = await runCli(process.argv.slice(2));
