// Component tests opt into jsdom with `// @vitest-environment jsdom`; core tests run in Node.
if (typeof window !== 'undefined') {
  await import('@testing-library/jest-dom/vitest');
}
export {};
