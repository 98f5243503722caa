export * from './order';
export * from './transform';
export * from './validate-space';
export * from './validate-params';
export * from './sample';
