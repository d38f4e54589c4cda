export type * from './dataset'
export type * from './drift'
export type * from './report'
export { REPORT_VERSION } from './report'
