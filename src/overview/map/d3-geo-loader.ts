// d3-geo is published only as an ES module. Node (>= 20.19) require()s ES modules, which is what
// this CommonJS build does; Jest's CommonJS module registry, which stands in for require() under test,
// cannot load them at all. There (and on older Node 20) Node's own loader imports it instead.
import { pathToFileURL } from 'node:url';
import * as vm from 'node:vm';

export type D3Geo = typeof import('d3-geo');

function importWithNodeLoader(file: string): Promise<D3Geo> {
  // A dynamic import() compiled by TypeScript for CommonJS becomes require(); this one stays import().
  return vm.runInThisContext(`import(${JSON.stringify(pathToFileURL(file).href)})`, {
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
}

export async function loadD3Geo(): Promise<D3Geo> {
  try {
    return require('d3-geo') as D3Geo;
  } catch {
    return importWithNodeLoader(require.resolve('d3-geo'));
  }
}
