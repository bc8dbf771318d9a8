export * from './metric-names';
export * from './metrics-sink';
