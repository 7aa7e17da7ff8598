import { z } from 'zod';
import { SECURITY_POLICY } from '../../src/catalog/engineering.ts';
import { defineRule } from '../../src/engine/define-rule.ts';
import { isProductCode, repositoryAnchor } from '../../src/facts/repo-files.ts';

export default defineRule({
  meta: {
    id: 'no-security-policy',
    title: 'No security policy (SECURITY.md)',
    category: 'engineering',
    severity: 'info',
    confidence: 'high',
    rationale:
      'An AI product takes untrusted input into prompts, tools and retrieval, and prompt injection or data leakage reports will ' +
      'come. Without a stated channel and response process, they arrive as public issues or social media posts, and the first ' +
      'incident is handled ad hoc; customers\' security questionnaires ask for this policy before they sign.',
    remediation: {
      text: 'Add SECURITY.md (root or .github/) saying how to report a vulnerability (a security@ address or GitHub private reporting), what is in scope (including prompt injection and data exposure through the model), and the response time.',
      effortHours: 1,
      effortLaterHours: 2,
    },
    ddQuestion: 'How are security vulnerabilities reported and handled?',
    languages: ['any'],
    requires: ['files'],
    lifecycle: 'experimental',
  },
  // A prototype of a few files has nothing to disclose yet.
  options: z.strictObject({
    minProductFiles: z.number().int().min(0).default(10).describe('product source files from which a product has something to disclose'),
  }),
  check({ facts, options, report }) {
    if (facts.files.some((f) => SECURITY_POLICY.test(f.path))) return;
    const productFiles = facts.files.filter(isProductCode).length;
    if (productFiles < options.minProductFiles) return;
    const anchor = repositoryAnchor(facts);
    if (!anchor) return;
    report({
      message: `No SECURITY.md (root, .github/ or docs/): no stated way to report a vulnerability in a product of ${productFiles} source files`,
      locations: [{ file: anchor, line: 1 }],
      evidence: 'no SECURITY.md, .github/SECURITY.md, docs/SECURITY.md',
      key: 'no-security-policy',
      data: { productFiles },
    });
  },
});
