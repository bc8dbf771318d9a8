/**
 * The lab's controls (page buttons, terminal keys, scenarios, `POST /api/control`), validated. Pure.
 */
import type { ControlAction } from './lab-events';
import { PIPELINE_IDS, type PipelineId } from './layout';

export type ParsedControl = { ok: true; control: ControlAction } | { ok: false; problem: string };

/**
 * Reads a control request body against the running lab's pipelines and renditions.
 *
 * @example
 * parseControl({ action: 'crash-pipeline', pipeline: 'a' }, { pipelines: ['a', 'b'], renditions: ['180p'] });
 */
export function parseControl(
  input: unknown,
  lab: { pipelines: readonly PipelineId[]; renditions: readonly string[] },
): ParsedControl {
  const body = (typeof input === 'object' && input !== null ? input : {}) as Record<
    string,
    unknown
  >;
  const action = body['action'];
  const pipelineOf = (): PipelineId | string => {
    const value = body['pipeline'];
    const pipeline = PIPELINE_IDS.find((id) => id === value);
    if (!pipeline || !lab.pipelines.includes(pipeline)) {
      return `"pipeline" must be one of ${lab.pipelines.join(', ')} (got ${JSON.stringify(value)})`;
    }
    return pipeline;
  };
  switch (action) {
    case 'crash-pipeline': {
      const pipeline = pipelineOf();
      if (pipeline !== 'a' && pipeline !== 'b') return { ok: false, problem: pipeline };
      return { ok: true, control: { action, pipeline } };
    }
    case 'crash-rendition': {
      const pipeline = pipelineOf();
      if (pipeline !== 'a' && pipeline !== 'b') return { ok: false, problem: pipeline };
      const rendition = body['rendition'];
      if (typeof rendition !== 'string' || !lab.renditions.includes(rendition)) {
        return {
          ok: false,
          problem: `"rendition" must be one of ${lab.renditions.join(', ')} (got ${JSON.stringify(rendition)})`,
        };
      }
      return { ok: true, control: { action, pipeline, rendition } };
    }
    case 'restore':
    case 'end':
      return { ok: true, control: { action } };
    default:
      return {
        ok: false,
        problem: `"action" must be crash-pipeline, crash-rendition, restore or end (got ${JSON.stringify(action)})`,
      };
  }
}

/**
 * The terminal's keys: `a`/`b` crash a pipeline, `1`…`n` crash the n-th playlist of the table, `r` restores,
 * `e` ends the stream. `quit` for `q` and Ctrl-C.
 */
export function controlForKey(
  key: string,
  streams: ReadonlyArray<{ pipeline: PipelineId; rendition: string }>,
): ControlAction | 'quit' | undefined {
  if (key === 'q' || key === 'quit') return 'quit';
  if (key === 'a' || key === 'b') {
    return streams.some((s) => s.pipeline === key)
      ? { action: 'crash-pipeline', pipeline: key }
      : undefined;
  }
  if (key === 'r') return { action: 'restore' };
  if (key === 'e') return { action: 'end' };
  if (/^[1-9]$/.test(key)) {
    const stream = streams[Number(key) - 1];
    return stream
      ? { action: 'crash-rendition', pipeline: stream.pipeline, rendition: stream.rendition }
      : undefined;
  }
  return undefined;
}
