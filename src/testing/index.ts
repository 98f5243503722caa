/**
 * `baytune/testing`: the conformance suites a plugin author runs against their own implementation,
 * the same ones the built-ins pass in this repository's CI. They are jest suites: call them at the
 * top level of a test file (jest, or any runner with jest-compatible globals); the sampler suite
 * also needs `fast-check` installed.
 *
 * - `storageContract(name, open)`: the Storage port's contract (port.ts); `open` gives a fresh,
 *   empty storage per test.
 * - `samplerContract(type, maxHistory, runs)`: the properties every registered sampler type keeps
 *   (params inside the space, exactly the active ones; reproducible per seed; distinct batches
 *   that avoid pending points; hostile histories survived).
 */
export { storageContract, newStudy, type OpenStorage } from './storage-contract';
export { samplerContract, samplerOf } from './sampler-contract';
export { arbitrarySpace, conditionalSpace, continuousSpace, expectInSpace, inputFor, observed, offCentreLoss, paramsKey, randomHistory, withOutcomes, type OutcomeShape } from './sampler-kit';
