/**
 * Numerical functions, one concept per file, each checked against ../shared/golden. A function checked by a
 * golden file is exported under that file's name in camelCase (anderson_ksamp.json → andersonKsamp); its
 * finishing step from sufficient statistics, which the engine feeds from SQL, sits beside it (…From…).
 */
export {
  ANDERSON_KSAMP_LEVELS,
  andersonKsamp,
  andersonKsampFromA2,
  type AndersonKsampResult
} from './andersonKsamp'
export { chi2Contingency, type Chi2ContingencyResult } from './chi2Contingency'
export { chisquareGof, type ChisquareGofResult } from './chisquareGof'
export {
  CVM_EXACT_MAX_N,
  cramervonmises2samp,
  type Cramervonmises2sampResult,
  cramervonmisesFromU,
  type CramervonmisesMethod,
  type CramervonmisesU
} from './cramervonmises2samp'
export { chi2Sf, normalSf } from './distributions'
export { energyDistance } from './energyDistance'
export {
  EPPS_SINGLETON_DEFAULT_T,
  eppsSingleton2samp,
  type EppsSingleton2sampResult,
  eppsSingletonFeatures,
  eppsSingletonFromMoments,
  type EppsSingletonMoments,
  type EppsSingletonSide
} from './eppsSingleton2samp'
export { type FisherAlternative, fisherExact, type FisherExactResult } from './fisherExact'
export { gTest, type GTestResult } from './gTest'
export { hellinger } from './hellinger'
export { hellingerBinned, hellingerEvidently } from './hellingerBinned'
export {
  binEdgesFromRange,
  type BinRule,
  histogramBinEdges,
  histogramCounts,
  sturgesBins
} from './histogram'
export {
  hypergeometricCdf,
  hypergeometricLogPmf,
  type HypergeometricParams,
  hypergeometricSample,
  hypergeometricSfInclusive
} from './hypergeometric'
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
export {
  type LeveneCenter,
  levene,
  leveneFromSums,
  type LeveneGroup,
  type LeveneResult
} from './levene'
export {
  fitLogisticRegression,
  type LogisticRegressionModel,
  type LogisticRegressionOptions,
  predictLogisticRegression
} from './logisticRegression'
export {
  mannwhitneyu,
  mannwhitneyuFromRanks,
  type MannwhitneyuMethod,
  type MannwhitneyuRanks,
  type MannwhitneyuResult
} from './mannwhitneyu'
export { type Midranks, midranks } from './midranks'
export {
  evidentlyMmdSigma,
  medianHeuristicSigma,
  mmd,
  mmdPermutationTest,
  type MmdPermutationOptions,
  type MmdPermutationResult,
  type MmdResult,
  type Points
} from './mmd'
export {
  multipleTesting,
  type MultipleTestingMethod,
  type MultipleTestingResult
} from './multipleTesting'
export { pairwiseSum } from './pairwiseSum'
export { fitPca, type PcaModel, type PcaOptions, pcaReconstructionErrors } from './pca'
export { fillZeroShares, psi } from './psi'
export { type Random, seededRandom, shuffleInPlace } from './random'
export { rocAuc } from './rocAuc'
export { smirnovSf } from './smirnov'
export { totalVariation } from './totalVariation'
export {
  ttestInd,
  ttestIndFromMoments,
  type TtestIndMoments,
  type TtestIndResult
} from './ttestInd'
export {
  type TvdPermutationOptions,
  type TvdPermutationResult,
  tvdPermutationTest
} from './tvdPermutation'
export { twoProportionZtest, type TwoProportionZtestResult } from './twoProportionZtest'
export { wassersteinDistance } from './wassersteinDistance'
