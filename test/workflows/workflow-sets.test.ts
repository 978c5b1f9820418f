// Each task queue's worker bundles only its own workflows (a run evaluates its whole bundle), and a
// prebuilt bundle is found per task queue or shared.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as all from '../../workflows';
import * as eligibility from '../../workflows/eligibility';
import * as onboarding from '../../workflows/onboarding';
import { lazy } from '../../workflows/lazy';
import { workflowSource } from '../../src/worker/workers';
import { ConfigError } from '../../src/config/config';

describe('workflow sets', () => {
  it('split every workflow between the two task queues, none in both', () => {
    expect(Object.keys(eligibility).sort()).toEqual(['auditRetention', 'eligibilityShard', 'guardianDependents']);
    expect(Object.keys(onboarding).sort()).toEqual(['consortiumOnboarding', 'joiningRoundAnnouncement', 'membershipMove']);
    expect(Object.keys(all).sort()).toEqual([...Object.keys(eligibility), ...Object.keys(onboarding)].sort());
  });
});

describe('workflowSource', () => {
  let directory: string;
  beforeAll(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'ekj-bundles-'));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('bundles a task queue\'s own set from source when no prebuilt bundle is given', () => {
    expect(workflowSource('eligibility', '')).toEqual({ workflowsPath: require.resolve('../../workflows/eligibility') });
    expect(workflowSource('onboarding', '')).toEqual({ workflowsPath: require.resolve('../../workflows/onboarding') });
  });

  it('takes a directory\'s bundle of the set', () => {
    writeFileSync(path.join(directory, 'eligibility.js'), '');
    writeFileSync(path.join(directory, 'onboarding.js'), '');
    expect(workflowSource('eligibility', directory)).toEqual({ workflowBundle: { codePath: path.join(directory, 'eligibility.js') } });
    expect(workflowSource('onboarding', directory)).toEqual({ workflowBundle: { codePath: path.join(directory, 'onboarding.js') } });
  });

  it('takes one file as the bundle of both', () => {
    const file = path.join(directory, 'every-workflow.js');
    writeFileSync(file, '');
    expect(workflowSource('eligibility', file)).toEqual({ workflowBundle: { codePath: file } });
    expect(workflowSource('onboarding', file)).toEqual({ workflowBundle: { codePath: file } });
  });

  it('refuses, naming the setting, a path that is not there or a directory without the set', () => {
    expect(() => workflowSource('eligibility', path.join(directory, 'missing'))).toThrow(ConfigError);
    expect(() => workflowSource('eligibility', path.join(directory, 'missing'))).toThrow(/WORKFLOW_BUNDLE_PATH: .*missing does not exist/);
    const empty = mkdtempSync(path.join(directory, 'empty-'));
    expect(() => workflowSource('onboarding', empty)).toThrow(/WORKFLOW_BUNDLE_PATH: .* is a directory without onboarding\.js/);
  });
});

describe('lazy', () => {
  it('makes the value on first use, once', () => {
    const make = jest.fn(() => ({ made: true }));
    const value = lazy(make);
    expect(make).not.toHaveBeenCalled();
    expect(value()).toBe(value());
    expect(make).toHaveBeenCalledTimes(1);
  });

  it('keeps a falsy value', () => {
    const make = jest.fn(() => 0);
    const value = lazy(make);
    expect([value(), value()]).toEqual([0, 0]);
    expect(make).toHaveBeenCalledTimes(1);
  });
});
