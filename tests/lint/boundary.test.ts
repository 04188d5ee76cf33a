import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The rule that keeps src/core pure (DESIGN.md, layers), checked with planted imports. */
describe('core boundary lint rule', () => {
  const eslint = new ESLint({ cwd: process.cwd() });

  async function problems(code: string, filePath: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath });
    return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  }

  it.each([
    ["import { i18n } from '../ui/i18n/i18n.svelte.ts';", 'src/ui'],
    ["import { db } from '../../db/db.ts';", 'src/ui'],
    ["import type { Provider } from '../ai/provider.ts';", 'src/ui'],
    ["import { mount } from 'svelte';", 'Svelte'],
    ["import { writable } from 'svelte/store';", 'Svelte'],
    ["import Dexie from 'dexie';", 'Dexie'],
    ["import { ChatOllama } from '@langchain/ollama';", 'LangChain'],
  ])('fails a planted import in src/core: %s', async (line, word) => {
    const found = await problems(`${line}\nexport const x = 1;\n`, 'src/core/scenario/planted.ts');
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(word);
  });

  it('lets src/core import its own modules and pure libraries', async () => {
    const code = "import { z } from 'zod';\nimport { hashOf } from '../hash.ts';\nexport const x = [z, hashOf];\n";
    expect(await problems(code, 'src/core/scenario/planted.ts')).toEqual([]);
  });

  it('does not restrict the UI layer', async () => {
    expect(await problems("import { mount } from 'svelte';\nexport const x = mount;\n", 'src/ui/planted.ts')).toEqual([]);
  });
});
