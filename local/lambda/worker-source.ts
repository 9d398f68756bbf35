/**
 * The bootstrap each function's worker thread runs, as JavaScript source: a worker started from
 * source text needs no compiled file on disk, so it runs the same under tsx, vitest and a build.
 *
 * It plays the part of the Node.js runtime in a Lambda sandbox: it loads the handler named by
 * `Handler` from the code directory on the first invocation (init), then answers one invocation
 * at a time with the handler's result or the error in the shape the runtime reports
 * (`{errorType, errorMessage, trace}`), and prefixes console output with the request id.
 *
 * workerData: { codeDirectory, handler }
 * in:  { type: 'invoke', id, event, context: { functionName, functionVersion, invokedFunctionArn,
 *        memoryLimitInMB, awsRequestId, logGroupName, logStreamName, deadlineMs } }
 * out: { type: 'result', id, payload } | { type: 'error', id, error, fatal }
 */
export const WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const { pathToFileURL } = require('node:url');

let handlerFn;
let current;

function formatError(error) {
  if (error instanceof Error || (error !== null && typeof error === 'object' && typeof error.message === 'string')) {
    return {
      errorType: String(error.name || (error.constructor && error.constructor.name) || 'Error'),
      errorMessage: String(error.message),
      trace: typeof error.stack === 'string' ? error.stack.split('\n') : [],
    };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

function runtimeError(errorType, errorMessage, trace) {
  const error = new Error(errorMessage);
  error.name = errorType;
  if (trace) error.stack = errorType + ': ' + errorMessage + '\n' + trace;
  return error;
}

for (const [method, level] of [['log', 'INFO'], ['info', 'INFO'], ['warn', 'WARN'], ['error', 'ERROR'], ['debug', 'DEBUG'], ['trace', 'TRACE']]) {
  console[method] = (...args) => {
    const id = current ? current.awsRequestId : 'undefined';
    process.stdout.write(new Date().toISOString() + '\t' + id + '\t' + level + '\t' + util.format(...args) + '\n');
  };
}

async function load() {
  const spec = String(workerData.handler);
  const dot = spec.lastIndexOf('.');
  if (dot <= 0 || dot === spec.length - 1) {
    throw runtimeError('Runtime.MalformedHandlerName', "Bad handler " + spec + ": the handler must be <file>.<exported function>, e.g. index.handler");
  }
  const modulePath = spec.slice(0, dot);
  const name = spec.slice(dot + 1);
  const base = path.resolve(workerData.codeDirectory, modulePath);
  const file = ['.js', '.cjs', '.mjs'].map((ext) => base + ext).find((candidate) => fs.existsSync(candidate));
  if (!file) throw runtimeError('Runtime.ImportModuleError', "Error: Cannot find module '" + modulePath + "'");
  let loaded;
  try {
    loaded = file.endsWith('.mjs') ? await import(pathToFileURL(file).href) : require(file);
  } catch (error) {
    if (error instanceof SyntaxError) throw runtimeError('Runtime.UserCodeSyntaxError', error.name + ': ' + error.message, error.stack);
    if (error && error.code === 'MODULE_NOT_FOUND') throw runtimeError('Runtime.ImportModuleError', 'Error: ' + error.message, error.stack);
    throw error;
  }
  const fn = loaded ? loaded[name] : undefined;
  if (typeof fn !== 'function') throw runtimeError('Runtime.HandlerNotFound', spec + ' is undefined or not exported');
  return fn;
}

function call(fn, event, context) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error, result) => {
      if (settled) return;
      settled = true;
      if (error !== undefined && error !== null) reject(error);
      else resolve(result);
    };
    context.done = settle;
    context.succeed = (result) => settle(null, result);
    context.fail = (error) => settle(error === undefined || error === null ? new Error('handled') : error);
    let returned;
    try {
      returned = fn(event, context, settle);
    } catch (error) {
      settle(error);
      return;
    }
    if (returned && typeof returned.then === 'function') returned.then((result) => settle(null, result), (error) => settle(error === undefined || error === null ? new Error('Promise rejected without a reason') : error));
    else if (fn.length < 3) settle(null, returned);
  });
}

process.on('unhandledRejection', (reason) => {
  const error = formatError(reason);
  const id = current ? current.id : undefined;
  parentPort.postMessage({ type: 'error', id, fatal: true, error: { errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: error.errorType + ': ' + error.errorMessage, trace: error.trace } });
});

parentPort.on('message', async (message) => {
  if (!message || message.type !== 'invoke') return;
  const info = message.context;
  current = { id: message.id, awsRequestId: info.awsRequestId };
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: info.functionName,
    functionVersion: info.functionVersion,
    invokedFunctionArn: info.invokedFunctionArn,
    memoryLimitInMB: info.memoryLimitInMB,
    awsRequestId: info.awsRequestId,
    logGroupName: info.logGroupName,
    logStreamName: info.logStreamName,
    getRemainingTimeInMillis: () => Math.max(0, info.deadlineMs - Date.now()),
  };
  try {
    if (!handlerFn) handlerFn = await load();
  } catch (error) {
    parentPort.postMessage({ type: 'error', id: message.id, fatal: true, error: formatError(error) });
    return;
  }
  try {
    const result = await call(handlerFn, message.event, context);
    let payload;
    try {
      payload = result === undefined ? 'null' : JSON.stringify(result);
    } catch (error) {
      parentPort.postMessage({ type: 'error', id: message.id, fatal: false, error: { errorType: 'Runtime.MarshalError', errorMessage: 'Unable to stringify response body: ' + error.message, trace: [] } });
      return;
    }
    parentPort.postMessage({ type: 'result', id: message.id, payload: payload === undefined ? 'null' : payload });
  } catch (error) {
    parentPort.postMessage({ type: 'error', id: message.id, fatal: false, error: formatError(error) });
  } finally {
    current = undefined;
  }
});
`;
