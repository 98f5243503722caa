export * from './space';
export * from './trial';
export * from './study';
export * from './errors';
export * from './user-attrs';
export * from './objectives';
export * from './outcomes';
