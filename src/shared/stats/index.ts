/** Numerical functions, one concept per file, each checked against ../shared/golden. */
export { chisquareGof, type ChisquareGofResult } from './chisquareGof'
export { chi2Sf, normalSf } from './distributions'
export { energyDistance } from './energyDistance'
export { hellinger } from './hellinger'
export {
  binEdgesFromRange,
  type BinRule,
  histogramBinEdges,
  histogramCounts,
  sturgesBins
} from './histogram'
export { jensenShannon } from './jensenShannon'
export { klDivergence } from './klDivergence'
export {
  KS_EXACT_MAX_N,
  ks2samp,
  ks2sampPvalue,
  type Ks2sampPvalueResult,
  type Ks2sampResult,
  type KsMethod,
  roundHalfEven
} from './ks2samp'
export { kstwoSf } from './kstwo'
export { kstwobignSf } from './kstwobign'
export { pairwiseSum } from './pairwiseSum'
export { smirnovSf } from './smirnov'
export { totalVariation } from './totalVariation'
export { twoProportionZtest, type TwoProportionZtestResult } from './twoProportionZtest'
export { wassersteinDistance } from './wassersteinDistance'
