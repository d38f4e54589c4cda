export * from './catalogue'
export * from './explain'
export * from './format'
export * from './defaults'
