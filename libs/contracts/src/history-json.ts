/**
 * History ⇄ proto JSON (the format `temporal workflow show -o json` and the UI export): the API
 * exports a dossier's history with it, the worker records and replays the corpus with it.
 * Node-side only (it loads protobufjs with `require` at run time): imported by its path like
 * payload-codec.ts, never through the package index, never by workflow code.
 *
 * Written here instead of using @temporalio/common's historyToJSON/historyFromJSON: in
 * this install @temporalio/common and @temporalio/proto each carry their own copy of
 * protobufjs 8 (the root one is 7, for @grpc/proto-loader), and protobufjs' protojson
 * extension rejects a Type from the other copy ("type must be a Type"). Loading the
 * extension from the copy that @temporalio/proto itself resolves keeps them matched.
 */
import { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;
interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
}

let cached: { json: ProtoJson; historyType: unknown } | undefined;

function protoJson() {
  if (cached) return cached;
  /* eslint-disable @typescript-eslint/no-require-imports -- the protobufjs copy must be chosen at run time */
  // resolution starts from @temporalio/proto's own file, so it finds the protobufjs copy next to it
  const protoEntry = require.resolve('@temporalio/proto');
  const json = require(require.resolve('protobufjs/ext/protojson', { paths: [protoEntry] })) as ProtoJson;
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
