import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { registerPruner } from '../pruners/registry';
import { registerSampler } from '../samplers/registry';
import { registerStorage } from '../storage/open-storage';

/** What a plugin's register() receives: the registries of the process that loads it. */
export interface PluginRegistry {
  registerSampler: typeof registerSampler;
  registerPruner: typeof registerPruner;
  registerStorage: typeof registerStorage;
}

/**
 * A plugin module (`baytune --plugin ./my-plugin.js`, `loadPlugins([...])`): exports `register`,
 * as a named or default export, which registers samplers, pruners or storage backends,
 * synchronously. The registries come in as the argument, so a plugin never needs its own copy of
 * baytune's registries (a second installed copy would register into the wrong one).
 */
export interface BaytunePlugin {
  register(registry: PluginRegistry): void;
}

const REGISTRY: PluginRegistry = { registerSampler, registerPruner, registerStorage };
const loaded: string[] = [];

/** Absolute paths of the plugins loaded in this process, in load order (sampler worker threads load the same). */
export function loadedPlugins(): string[] {
  return [...loaded];
}

function pluginOf(module: unknown, file: string): BaytunePlugin {
  const candidates = [module, (module as { default?: unknown } | null)?.default];
  const plugin = candidates.find((c) => typeof (c as Partial<BaytunePlugin> | null)?.register === 'function');
  if (!plugin) throw new Error(`plugin ${file} exports no register(registry) function (as a named or default export)`);
  return plugin as BaytunePlugin;
}

/**
 * Loads plugin files (paths relative to `cwd`) and runs their register(); a file loaded before is
 * skipped. Throws an Error naming the file when it is missing, has no register, or register throws
 * (for example on a sampler type that is already taken).
 */
export function loadPlugins(files: readonly string[], cwd: string = process.cwd()): void {
  for (const file of files) {
    const path = resolve(cwd, file);
    if (loaded.includes(path)) continue;
    if (!existsSync(path)) throw new Error(`plugin file ${path} does not exist`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- plugins are found at run time
    const plugin = pluginOf(require(path), path);
    try {
      plugin.register(REGISTRY);
    } catch (error) {
      throw new Error(`plugin ${path} failed to register: ${(error as Error).message}`);
    }
    loaded.push(path);
  }
}
