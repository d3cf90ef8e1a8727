#!/usr/bin/env node
// Checks the layout of a published Functions app folder before it is zipped for Flex Consumption's one deploy
// (docs/operations.md): usage `node build/check-functions-package.mjs <publish folder>`.
//
// The host reads, from the root of the package: host.json, worker.config.json (how to start the isolated worker),
// functions.metadata (the functions, when worker indexing is off), extensions.json (the host-side binding extensions
// to load, each from .azurefunctions/), and the worker assembly the config names. Every trigger and binding type the
// metadata uses must have its host-side extension listed, or the host cannot start that function; the timer is built
// into the host. Exit code 0 when the folder is a deployable package, 1 with every problem listed otherwise.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Binding type -> name of the host extension that provides it (the name its startup class gives extensions.json).
const extensionOf = {
  eventHubTrigger: 'EventHubs',
  eventHub: 'EventHubs',
  queueTrigger: 'AzureStorageQueues',
  queue: 'AzureStorageQueues',
  blobTrigger: 'AzureStorageBlobs',
  blob: 'AzureStorageBlobs',
  timerTrigger: null,
};

const folder = process.argv[2];
if (!folder || !existsSync(folder) || !statSync(folder).isDirectory()) {
  console.error('usage: node build/check-functions-package.mjs <publish folder>');
  process.exit(2);
}

const problems = [];
const readJson = (name) => {
  const path = join(folder, name);
  if (!existsSync(path)) {
    problems.push(`${name} is missing from the package root`);
    return null;
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    problems.push(`${name} is not valid JSON: ${error.message}`);
    return null;
  }
};

const host = readJson('host.json');
if (host && host.version !== '2.0') {
  problems.push(`host.json version is ${JSON.stringify(host.version)}, not "2.0"`);
}

const worker = readJson('worker.config.json');
const workerPath = worker?.description?.defaultWorkerPath;
if (worker && (worker.description?.language !== 'dotnet-isolated' || !workerPath)) {
  problems.push('worker.config.json does not describe a dotnet-isolated worker');
}
if (workerPath && !existsSync(join(folder, workerPath))) {
  problems.push(`the worker ${workerPath} named by worker.config.json is missing`);
}

const functions = readJson('functions.metadata') ?? [];
if (!Array.isArray(functions) || functions.length === 0) {
  problems.push('functions.metadata lists no function');
}

const extensions = readJson('extensions.json');
const listed = new Map((extensions?.extensions ?? []).map((e) => [e.name, e]));
for (const [name, extension] of listed) {
  const hint = extension.hintPath?.replace(/^\.\//, '');
  if (!hint || !existsSync(join(folder, hint))) {
    problems.push(`extension ${name}: ${extension.hintPath} is missing`);
  }
}
if (!listed.has('Startup')) {
  problems.push('extensions.json lacks the function metadata loader (Startup)');
}

for (const fn of Array.isArray(functions) ? functions : []) {
  for (const binding of fn.bindings ?? []) {
    const needed = extensionOf[binding.type];
    if (needed === undefined) {
      problems.push(`function ${fn.name}: binding type ${binding.type} is unknown to this check`);
    } else if (needed !== null && !listed.has(needed)) {
      problems.push(`function ${fn.name}: its ${binding.type} binding needs the host extension ${needed}, which extensions.json does not list`);
    }
  }
}

if (existsSync(join(folder, 'local.settings.json'))) {
  problems.push('local.settings.json must not be deployed (it may hold connection strings)');
}

// Problems can repeat (two functions, one missing extension): list each once.
const unique = [...new Set(problems)];
if (unique.length > 0) {
  console.log(`${folder} is not a deployable Functions package:`);
  for (const problem of unique) {
    console.log(`- ${problem}`);
  }
  process.exit(1);
}

console.log(`${folder}: ${functions.length} functions, extensions ${[...listed.keys()].join(', ')}; ready to zip and deploy.`);
