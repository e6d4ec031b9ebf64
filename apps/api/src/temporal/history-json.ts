/**
 * (Same as apps/worker/src/replay/history-json.ts: apps do not import each other.)
 *
 * History ⇄ proto JSON (the format `temporal workflow show -o json` and the UI export).
 *
 * Written here instead of using @temporalio/common's historyToJSON/historyFromJSON: in
 * this install @temporalio/common and @temporalio/proto each carry their own copy of
 * protobufjs 8 (the root one is 7, for @grpc/proto-loader), and protobufjs' protojson
 * extension rejects a Type from the other copy ("type must be a Type"). Loading the
 * extension from the copy that @temporalio/proto itself resolves keeps them matched.
 */
import { temporal } from '@temporalio/proto';
import { dirname } from 'node:path';

type History = temporal.api.history.v1.IHistory;
interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
}

let cached: { json: ProtoJson; historyType: unknown } | undefined;

function protoJson() {
  if (cached) return cached;
  /* eslint-disable @typescript-eslint/no-require-imports -- the protobufjs copy must be chosen at run time */
  const protoDir = dirname(require.resolve('@temporalio/proto/package.json'));
  const json = require(require.resolve('protobufjs/ext/protojson', { paths: [protoDir] })) as ProtoJson;
  const { patchProtobufRoot } = require('@temporalio/proto/lib/patch-protobuf-root');
  const historyType = patchProtobufRoot(require('@temporalio/proto')).lookupType('temporal.api.history.v1.History');
  /* eslint-enable @typescript-eslint/no-require-imports */
  return (cached = { json, historyType });
}

export function historyToJSON(history: History): string {
  const { json, historyType } = protoJson();
  return JSON.stringify(json.toJson(historyType, temporal.api.history.v1.History.fromObject(history)), null, 2);
}

export function historyFromJSON(text: string | object): temporal.api.history.v1.History {
  const { json, historyType } = protoJson();
  const loaded = json.fromJson(historyType, typeof text === 'string' ? JSON.parse(text) : text, { ignoreUnknownFields: true });
  if (!loaded) throw new TypeError('invalid history JSON');
  return loaded as temporal.api.history.v1.History;
}
