export * from './channel';
export * from './subscription';
